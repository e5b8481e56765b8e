import { Fn } from "cdktf";
import { Construct } from "constructs";
import { IdentityDomainsApp } from "../.gen/providers/oci/identity-domains-app";
import type { IIdentityDomain } from "./identity-domain";
import { PropChecker } from "./validation";

/** SCIM schema of identity-domain apps. */
export const APP_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:App";

/** Props of {@link TokenExchangeClient}. */
export interface TokenExchangeClientProps {
  /** The identity domain that holds the app. */
  readonly domain: IIdentityDomain;
  /**
   * The app's display name. Changing it updates the app in place; the client ID and secret stay.
   * @default "TokenExchangeClient"
   */
  readonly displayName?: string;
  /**
   * Shown in the console.
   * @default - a generated description
   */
  readonly description?: string;
}

/**
 * The confidential OAuth client whose ID a trust lists in `oauth_clients`: workloads authenticate to
 * `<domain>/oauth2/v1/token` with its ID and secret when they exchange a JWT for a UPST.
 *
 * It is a custom web app with the client-credentials grant and no admin role (Oracle recommends a separate,
 * unprivileged app for the exchange), created active, and with `force_delete` so that `cdktf destroy` can
 * remove an active app. The secret is computed by the service and lands in Terraform state; it is exposed here
 * only wrapped in `sensitive()`.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_app
 */
export class TokenExchangeClient extends Construct {
  /** The app resource. */
  public readonly app: IdentityDomainsApp;
  /** The OAuth client ID: the app's `name`, which the trust's `oauth_clients` lists. */
  public readonly clientId: string;
  /** The client secret, marked sensitive so it never shows in plans or plain outputs. */
  public readonly clientSecret: string;
  /** The app's SCIM id. */
  public readonly appId: string;

  constructor(scope: Construct, id: string, props: TokenExchangeClientProps) {
    super(scope, id);
    const displayName = props.displayName ?? "TokenExchangeClient";

    const checks = new PropChecker(this, "TokenExchangeClient");
    checks.check("displayName", displayName, (v) => v.trim() !== "", "must not be empty", "Set [WIFConfig] token_exchange_app_name.");
    checks.throwIfAny();

    this.app = new IdentityDomainsApp(this, "App", {
      idcsEndpoint: props.domain.url,
      schemas: [APP_SCHEMA],
      displayName,
      description: props.description ?? "Token exchange client for Workload Identity Federation (JWT to UPST). Managed by Terraform.",
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      isOauthClient: true,
      clientType: "confidential",
      allowedGrants: ["client_credentials"],
      active: true,
      forceDelete: true,
    });
    this.clientId = this.app.name;
    this.clientSecret = Fn.sensitive(this.app.clientSecret);
    this.appId = this.app.id;
  }
}
