import type { ImpersonationRule } from "../constructs/impersonation-rule";

/** Which typed rules a trust accepts, and which defaults it gets. */
export type TrustProvider = "github" | "gitlab" | "generic";

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
  readonly clockSkewSeconds?: number;
  readonly description?: string;
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
  /** Sorted by rule ID. */
  readonly suppressions: readonly SuppressionSettings[];
}
