import type { IConstruct } from "constructs";
import { Construct } from "constructs";
import { IdentityDomainsApp } from "../.gen/providers/oci/identity-domains-app";
import type { IIdentityDomain } from "./identity-domain";
import { APP_SCHEMA } from "./private/scim-schemas";
import { PropChecker } from "./private/prop-checker";
import {
  ACCESS_TOKEN_EXPIRY_MAX,
  ACCESS_TOKEN_EXPIRY_MIN,
  REFRESH_TOKEN_EXPIRY_MAX,
  USER_SESSION_SECONDS,
} from "../core/limits";
import { WARNING } from "../core/warnings";
import { literalStack } from "./private/literal";

/** A scope a resource server defines. */
export interface ScopeDefinition {
  /** The scope's value, e.g. `upst.generate`; its fully qualified form is the audience followed by it. */
  readonly value: string;
  /**
   * Shown to users and admins.
   * @default - the value
   */
  readonly description?: string;
  /**
   * Whether users must consent (only matters for user flows).
   * @default false
   */
  readonly requiresConsent?: boolean;
}

/** What clients and gateways need of a resource server. */
export interface IResourceServer extends IConstruct {
  readonly app: IdentityDomainsApp;
  readonly audience: string;
  readonly scopeValues: readonly string[];
  /** The fully qualified scope of one of its scopes: audience + value. */
  fqs(scope: string): string;
}

/** Props of {@link ResourceServer}. */
export interface ResourceServerProps {
  readonly domain: IIdentityDomain;
  readonly displayName: string;
  /** The primary audience, a base URI unique in the domain, e.g. `https://upst-broker.example.com/`. */
  readonly audience: string;
  /** The scopes it defines; at least one. */
  readonly scopes: readonly ScopeDefinition[];
  /**
   * Lifetime of access tokens for its scopes, in seconds.
   * @default - the service's default, 3600
   */
  readonly accessTokenExpiry?: number;
  /**
   * Lifetime of refresh tokens, in seconds.
   * @default - the service's default, 604800 (one week)
   */
  readonly refreshTokenExpiry?: number;
  /**
   * Whether the app is active. `false` is the first step of removing it: the service refuses to delete an active
   * app, even with `force_delete` (terraform-provider-oci#2507), so deactivate in one apply and delete in the next.
   * @default true
   */
  readonly active?: boolean;
}

const SCOPE_VALUE = /^[A-Za-z0-9._~:/-]{1,100}$/;

/**
 * An OAuth resource server: an app with `is_oauth_resource`, an audience and custom scopes, whose access and
 * refresh token lifetimes it sets. It is how tokens outlive IAM's own one-hour cap (docs/oci-facts.md#token-lifetimes): clients request its
 * custom scopes instead of IAM's.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_app
 */
export class ResourceServer extends Construct implements IResourceServer {
  public readonly app: IdentityDomainsApp;
  public readonly audience: string;
  public readonly scopeValues: readonly string[];

  constructor(scope: Construct, id: string, props: ResourceServerProps) {
    super(scope, id);
    literalStack(this);
    const checks = new PropChecker(this, "ResourceServer");
    checks.check("displayName", props.displayName, (v) => v.trim() !== "", "must not be empty");
    checks.check(
      "audience",
      props.audience,
      (v) => /^\S+$/.test(v),
      "must be a URI without spaces, e.g. https://api.example.com/",
    );
    if (props.scopes.length === 0) checks.fail("scopes", "must define at least one scope", []);
    const seen = new Set<string>();
    props.scopes.forEach((s, i) => {
      checks.check(
        `scopes[${i}].value`,
        s.value,
        (v) => SCOPE_VALUE.test(v),
        "must be letters, digits and . _ ~ : / - (at most 100), without spaces",
      );
      if (seen.has(s.value)) checks.fail(`scopes[${i}].value`, "is defined twice", s.value, "Remove the duplicate.");
      seen.add(s.value);
    });
    const expiry = (prop: string, value: number | undefined, min: number, max: number, source: string) => {
      if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
        checks.fail(prop, `must be a whole number of seconds from ${min} to ${max} (${source})`, value);
      }
    };
    expiry(
      "accessTokenExpiry",
      props.accessTokenExpiry,
      ACCESS_TOKEN_EXPIRY_MIN,
      ACCESS_TOKEN_EXPIRY_MAX,
      "Oracle's token expiry table: 60 s to one year",
    );
    expiry(
      "refreshTokenExpiry",
      props.refreshTokenExpiry,
      Math.max(ACCESS_TOKEN_EXPIRY_MIN, props.accessTokenExpiry ?? ACCESS_TOKEN_EXPIRY_MIN),
      REFRESH_TOKEN_EXPIRY_MAX,
      "no bound is documented; ours: no shorter than the access token, at most a year",
    );
    checks.throwIfAny();

    if (props.accessTokenExpiry !== undefined && props.accessTokenExpiry > USER_SESSION_SECONDS) {
      checks.warn(
        WARNING.accessTokenCapped,
        `access tokens of ${props.accessTokenExpiry} s: in user flows (authorization code, user assertion) the service caps them at ` +
          `the session's remaining time, ${USER_SESSION_SECONDS} s by default; client-credentials tokens are not capped that way.`,
      );
    }
    const joint = props.scopes.find((s) => !props.audience.endsWith("/") && !s.value.startsWith("/"));
    if (joint) {
      checks.warn(
        WARNING.scopeJoinsAudience,
        `fully qualified scopes are the audience followed by the scope, so ${JSON.stringify(props.audience + joint.value)}; end the audience with "/" unless that is meant.`,
      );
    }

    this.audience = props.audience;
    this.scopeValues = props.scopes.map((s) => s.value);
    this.app = new IdentityDomainsApp(this, "App", {
      idcsEndpoint: props.domain.url,
      schemas: [APP_SCHEMA],
      displayName: props.displayName,
      description: "OAuth resource server. Managed by Terraform.",
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      isOauthResource: true,
      audience: props.audience,
      scopes: [...props.scopes]
        .sort((a, b) => (a.value < b.value ? -1 : 1))
        .map((s) => ({
          value: s.value,
          description: s.description ?? s.value,
          requiresConsent: s.requiresConsent ?? false,
        })),
      accessTokenExpiry: props.accessTokenExpiry,
      refreshTokenExpiry: props.refreshTokenExpiry,
      active: props.active ?? true,
      forceDelete: true,
    });
  }

  public fqs(scope: string): string {
    return `${this.audience}${scope}`;
  }
}
