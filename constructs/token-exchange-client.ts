import type { Construct } from "constructs";
import type { IIdentityDomain } from "./identity-domain";
import { OAuthClient } from "./oauth-client";

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
  /**
   * Whether the app is active. `false` is the first step of removing it: the service refuses to delete an active
   * app (and clients holding its ID should fail loudly first), even with `force_delete` (terraform-provider-oci#2507), so deactivate in one apply and delete in the next.
   * @default true
   */
  readonly active?: boolean;
}

/**
 * The confidential OAuth client whose ID a trust lists in `oauth_clients`: workloads authenticate to
 * `<domain>/oauth2/v1/token` with its ID and secret when they exchange a JWT for a UPST.
 *
 * An {@link OAuthClient} with no scopes and no admin role: Oracle recommends a separate, unprivileged app for the
 * exchange, next to whatever administers the domain (here: your own credentials, through Terraform).
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_app
 */
export class TokenExchangeClient extends OAuthClient {
  constructor(scope: Construct, id: string, props: TokenExchangeClientProps) {
    super(
      scope,
      id,
      {
        domain: props.domain,
        displayName: props.displayName ?? "TokenExchangeClient",
        description:
          props.description ??
          "Token exchange client for Workload Identity Federation (JWT to UPST). Managed by Terraform.",
        active: props.active,
      },
      { className: "TokenExchangeClient", displayNameFix: "Set [WIFConfig] token_exchange_app_name." },
    );
  }
}
