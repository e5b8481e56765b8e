import { Fn } from "cdktf";
import { Construct } from "constructs";
import { IdentityDomainsApp } from "../.gen/providers/oci/identity-domains-app";
import type { IIdentityDomain } from "./identity-domain";
import type { IResourceServer } from "./resource-server";
import { PropChecker } from "./validation";
import { WARNING } from "../core/warnings";
import { literalStack } from "./literal";

/** SCIM schema of identity-domain apps. */
export const APP_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:App";

/** A scope a client may request: one of a resource server's, or any fully qualified scope by name. */
export type ScopeGrant =
  | { readonly resourceServer: IResourceServer; readonly scope: string }
  | { readonly fqs: string };

/** Props of {@link OAuthClient}. */
export interface OAuthClientProps {
  /** The identity domain that holds the app. */
  readonly domain: IIdentityDomain;
  /** The app's display name. Changing it updates the app in place; the client ID and secret stay. */
  readonly displayName: string;
  /**
   * Shown in the console.
   * @default - a generated description
   */
  readonly description?: string;
  /**
   * Whether the app is active. `false` is the first step of removing it: the service refuses to delete an active
   * app, even with `force_delete` (terraform-provider-oci#2507), so deactivate in one apply and delete in the next.
   * @default true
   */
  readonly active?: boolean;
  /**
   * Scopes the client may request with the client-credentials grant (`allowed_scopes`).
   * @default - none
   */
  readonly scopes?: readonly ScopeGrant[];
}

/** Scopes of OCI IAM itself; tokens that carry one are capped at one hour whatever the resource server says. */
const IDCS_SCOPE = /^urn:opc:idm:/;

/**
 * A confidential OAuth client that gets access tokens with the client-credentials grant, for scopes of resource
 * servers. No admin role is granted. Created active, with `force_delete` so that `cdktf destroy` can remove it.
 * The secret is computed by the service, lands in Terraform state, and is exposed only wrapped in `sensitive()`.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_app
 */
export class OAuthClient extends Construct {
  public readonly app: IdentityDomainsApp;
  /** The OAuth client ID: the app's `name`. */
  public readonly clientId: string;
  /** The client secret, marked sensitive so it never shows in plans or plain outputs. */
  public readonly clientSecret: string;
  /** The app's SCIM id. */
  public readonly appId: string;
  /** The fully qualified scopes the client may request. */
  public readonly allowedScopes: readonly string[];

  /**
   * @param naming for subclasses: the class name and the fix for an empty display name, for error messages
   */
  constructor(
    scope: Construct,
    id: string,
    props: OAuthClientProps,
    naming: { className: string; displayNameFix: string } = {
      className: "OAuthClient",
      displayNameFix: "Set [OAuthClient] display_name.",
    },
  ) {
    super(scope, id);
    literalStack(this);
    const grants = props.scopes ?? [];

    const checks = new PropChecker(this, naming.className);
    checks.check("displayName", props.displayName, (v) => v.trim() !== "", "must not be empty", naming.displayNameFix);
    const fqs = grants.map((g, i) => {
      if ("fqs" in g) {
        checks.check(`scopes[${i}]`, g.fqs, (v) => /^\S+$/.test(v), "must be a fully qualified scope without spaces");
        return g.fqs;
      }
      if (!g.resourceServer.scopeValues.includes(g.scope)) {
        checks.fail(
          `scopes[${i}]`,
          `is not a scope of resource server '${g.resourceServer.node.path}'`,
          g.scope,
          `Its scopes: ${g.resourceServer.scopeValues.join(", ")}.`,
        );
      }
      return g.resourceServer.fqs(g.scope);
    });
    checks.throwIfAny();
    if (fqs.some((f) => IDCS_SCOPE.test(f)) && fqs.some((f) => !IDCS_SCOPE.test(f))) {
      // Any IDCS scope caps the token at an hour (docs/oci-facts.md#token-lifetimes).
      checks.warn(
        WARNING.iamScopeCap,
        "requests OCI IAM's own scopes (urn:opc:idm:…) together with custom ones; access tokens that carry an IAM scope are capped at 3600 s whatever the resource server's access_token_expiry.",
      );
    }
    this.allowedScopes = fqs;
    const servers = [...new Set(grants.flatMap((g) => ("resourceServer" in g ? [g.resourceServer] : [])))];

    this.app = new IdentityDomainsApp(this, "App", {
      idcsEndpoint: props.domain.url,
      schemas: [APP_SCHEMA],
      displayName: props.displayName,
      description: props.description ?? "Confidential OAuth client (client credentials). Managed by Terraform.",
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      isOauthClient: true,
      clientType: "confidential",
      allowedGrants: ["client_credentials"],
      allowedScopes: fqs.length ? [...fqs].sort().map((f) => ({ fqs: f })) : undefined,
      active: props.active ?? true,
      forceDelete: true,
      // A scope can only be granted once the resource server that defines it exists.
      dependsOn: servers.length ? servers.map((r) => r.app) : undefined,
    });
    this.clientId = this.app.name;
    this.clientSecret = Fn.sensitive(this.app.clientSecret);
    this.appId = this.app.id;
  }
}
