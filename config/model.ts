import type { ImpersonationRule } from "../core/impersonation-rule";
import type { BackendSettings } from "./backend";
import type { ClaimCondition, TrustMode } from "../core/trust-modes";

/**
 * Which typed rules a trust accepts, and which defaults it gets: the ID of an issuer family of the catalogue
 * (core/issuers/: `github`, `gitlab`, `buildkite`, …), or `generic`.
 */
export type TrustProvider = string;

/** A `[Trust <label>]` (or the seed's `[TrustConfiguration]`), validated. */
export interface TrustSettings {
  /** The section label; `default` for the seed section. Service users refer to it with `trust =`. */
  readonly label: string;
  /** Where it was defined, for messages. */
  readonly section: string;
  readonly line: number;
  readonly name: string;
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly publicCertificate?: string;
  readonly provider: TrustProvider;
  readonly audiences: readonly string[];
  readonly audienceClaim: string;
  readonly allowWildcardRules: boolean;
  /**
   * `allow_unpinned`: why a trust of a shared issuer may accept every customer's tokens (config/tenant-pin.ts);
   * undefined when not given.
   */
  readonly allowUnpinned?: string;
  readonly clockSkewSeconds?: number;
  readonly description?: string;
  /** How tokens are mapped; undefined means `impersonation`. */
  readonly mode?: TrustMode;
  /** Mode `user`: the claim and the domain-user attribute it must equal. */
  readonly userMapping?: { readonly claim: string; readonly attribute: string };
  /** Mode `resource`: the `res_type` label. */
  readonly resourceLabel?: string;
  /** Mode `resource`: propagated claims, without `ext_`. */
  readonly propagatedClaims?: readonly string[];
  /** `claim_validations`, in the order written. */
  readonly claimValidations?: readonly ClaimCondition[];
}

/** A `[Workload <label>]`: what holders of an RPST whose claims match may do. */
export interface WorkloadSettings {
  readonly label: string;
  readonly section: string;
  readonly line: number;
  /** Label of the `mode = resource` trust. */
  readonly trust: string;
  /** Propagated claims (without `ext_`) and the values they must have. */
  readonly claims: readonly ClaimCondition[];
  /** Statement bodies, after `Allow any-user to`. */
  readonly statements: readonly string[];
  readonly policyName: string;
}

/** One rule of a service user, with the text it was written as. */
export interface RuleSettings {
  readonly source: string;
  readonly rule: ImpersonationRule;
  readonly line?: number;
}

/** A `[ServiceUser <name>]` (or the seed's `[ServiceUserConfig]`), validated. */
export interface ServiceUserSettings {
  readonly userName: string;
  readonly section: string;
  readonly line: number;
  /** Label of the trust whose tokens may become this user. */
  readonly trust: string;
  readonly rules: readonly RuleSettings[];
  readonly groupName: string;
  readonly policyName: string;
  /** Policy statements without the `Allow <subject> to ` prefix. */
  readonly statements: readonly string[];
  readonly description?: string;
}

/** A `[ResourceServer <label>]`, validated. */
export interface ResourceServerSettings {
  readonly label: string;
  readonly section: string;
  readonly line: number;
  readonly displayName: string;
  readonly audience: string;
  readonly scopes: readonly { readonly value: string; readonly description?: string }[];
  readonly accessTokenExpiry?: number;
  readonly refreshTokenExpiry?: number;
}

/** One scope an `[OAuthClient]` may request: a managed resource server's, or any by its full name. */
export type ScopeGrantSettings = { readonly server: string; readonly scope: string } | { readonly fqs: string };

/** An `[OAuthClient <label>]`, validated. */
export interface OAuthClientSettings {
  readonly label: string;
  readonly section: string;
  readonly line: number;
  readonly displayName: string;
  readonly scopes: readonly ScopeGrantSettings[];
}

/** An `[UpstBroker <label>]`, validated. */
export interface UpstBrokerSettings {
  readonly label: string;
  readonly section: string;
  readonly line: number;
  readonly compartmentOcid: string;
  readonly accountUserName: string;
  readonly accountEmail?: string;
  /** The admin's public key, read from `api_key`; undefined when Terraform generates the pair. */
  readonly publicKeyPem?: string;
  readonly groupName: string;
  readonly statements: readonly string[];
  /** An existing vault, or undefined to create one. */
  readonly vault?: { readonly vaultId: string; readonly keyId: string };
  readonly keyProtection: "HSM" | "SOFTWARE";
  readonly function?: {
    readonly subnetIds: readonly string[];
    readonly image: string;
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly sessionMinutes: number;
  };
  readonly gateway?: {
    readonly subnetId: string;
    readonly endpointType: "PUBLIC" | "PRIVATE";
    /** Label of the resource server. */
    readonly resourceServer: string;
    readonly scope: string;
    readonly pathPrefix: string;
    readonly routePath: string;
  };
}

/** A `[Suppress <rule id>]`: a review finding accepted on purpose. */
export interface SuppressionSettings {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct paths or parts of them; empty for the whole stack. */
  readonly appliesTo: readonly string[];
  readonly line: number;
}

/** Everything setupConfig.ini says, validated and with defaults applied. */
export interface WifConfig {
  /** The config file as given on the command line, for messages. */
  readonly file: string;
  /** Directory of the config file; relative paths in it are relative to this. */
  readonly baseDir: string;
  readonly domain: { readonly url: string; readonly name?: string };
  readonly oci: {
    readonly profile: string;
    readonly tenancyOcid?: string;
    readonly compartmentOcid?: string;
    readonly region?: string;
    readonly auth?: string;
  };
  readonly stackName: string;
  readonly exchangeApp: { readonly displayName: string; readonly description?: string };
  /** Absolute path where runtimeConfig.ini is written on deploy. */
  readonly runtimeConfigPath: string;
  /** OCI config profile that exchange clients create. */
  readonly profileName: string;
  /** Sorted by label, so the order of sections in the file does not matter. */
  readonly trusts: readonly TrustSettings[];
  /** Sorted by user name. */
  readonly serviceUsers: readonly ServiceUserSettings[];
  /** Sorted by label. */
  readonly resourceServers: readonly ResourceServerSettings[];
  /** Sorted by label. */
  readonly oauthClients: readonly OAuthClientSettings[];
  /** Sorted by label. */
  readonly upstBrokers: readonly UpstBrokerSettings[];
  /** Sorted by rule ID. */
  readonly suppressions: readonly SuppressionSettings[];
  /** `[Backend]`; undefined for a local state file next to the config (the default). */
  readonly backend?: BackendSettings;
  /** `[Adopt] imports`: construct path (relative to the stack) → import ID; undefined without `[Adopt]`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** The file `imports` was read from (set with `imports`), for messages about its entries. */
  readonly importsFile?: string;
  /** `policy_description` of service users, by user name; undefined when none is set. */
  readonly policyDescriptions?: Readonly<Record<string, string>>;
  /** What `[… ] retire = true` switches off before a removal; undefined when nothing is retired. */
  readonly retired?: RetiredSettings;
  /** `[IdentityDomain] domain_ocid`; undefined to look it up when a workload needs it. */
  readonly domainOcid?: string;
  /** Sorted by label; undefined or empty without `[Workload]` sections. */
  readonly workloads?: readonly WorkloadSettings[];
  /** Set with `[OCIConfig] auth = WorkloadIdentityFederation`: how the provider exchanges the pipeline's token. */
  readonly deployAuth?: DeployAuthSettings;
}

/**
 * The first of the two applies that removing things takes (docs/oci-facts.md#delete-order): what is kept but switched off, so
 * that the next apply, without the sections, can delete it.
 */
export interface RetiredSettings {
  /** `[WIFConfig] retire = true`: the token-exchange app is deactivated. */
  readonly exchangeApp: boolean;
  /** Trust labels whose trust is deactivated. */
  readonly trusts: readonly string[];
  /** User names whose rules and group membership are dropped (and policy removed). */
  readonly serviceUsers: readonly string[];
  /** OAuth client labels whose app is deactivated. */
  readonly oauthClients: readonly string[];
  /** Resource server labels whose app is deactivated. */
  readonly resourceServers: readonly string[];
}

/**
 * The provider's own WIF arguments. No secret: the provider reads it from OCI_TOKEN_EXCHANGE_CLIENT_SECRET; it reads
 * any argument left out here from the environment too.
 */
export interface DeployAuthSettings {
  readonly tokenPath?: string;
  readonly domainUrl?: string;
  readonly clientId?: string;
  readonly tokenType: "upst" | "rpst";
  readonly resourceType?: string;
}
