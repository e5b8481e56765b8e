/**
 * The shape of one issuer family of the catalogue (core/issuers/index.ts): everything the project knows about one
 * CI system or cloud that issues OIDC tokens, in one file per family, as the review's rules are one per file
 * (cdk-nag's shape). The config reader, the constructs' warnings, the review, `wif-init`, `wif-explain`,
 * `wif-exchange` and the generated docs read these descriptors; none of them names an issuer itself.
 *
 * Descriptors are data plus small pure functions: cdktf-free and I/O-free, so the client, the review and the synth
 * side share them. Facts and their sources: docs/issuers.md (generated from these files) and docs/oci-facts.md.
 */
import type { ClaimCondition } from "../trust-modes";
import type { WarningId } from "../warnings";

/** One way an issuer of the family is spelt: a fixed URL, or a per-tenant pattern. */
export interface IssuerForm {
  /** `github.com`, `self-managed`, `EKS`…: how docs and messages name this form. */
  readonly name: string;
  /** An issuer of this form, as docs and wif-init show it (`<…>` marks the tenant's part). */
  readonly example: string;
  /**
   * Matches the issuer without its final `/` (OCI compares the rest exactly). Undefined for a form any URL can have
   * (a self-managed GitLab, a cluster's issuer): it is never recognised, only chosen with `provider = <id>`.
   */
  readonly pattern?: RegExp;
  /**
   * True when every customer of the platform gets tokens from this one issuer, so a trust of it accepts every
   * customer's tokens unless something pins it to one tenant (see {@link TenantPin}).
   */
  readonly shared: boolean;
  /**
   * The JWKS URL the platform documents for this issuer, or undefined when it documents none we could confirm:
   * then `jwk_uri` is required (read `jwks_uri` from `<issuer>/.well-known/openid-configuration`).
   */
  jwks?(issuer: string): string;
}

/** What a typed rule produces: the OCI expressions and a summary for reviews and warnings. */
export interface RuleParts {
  readonly expressions: readonly string[];
  readonly summary: string;
  /** GitHub only: which form(s) of its `sub` the rule matches. */
  readonly subjectFormat?: "name" | "id" | "both";
}

/** `rule[] = <family id> key=value …`: options that build OCI rule expressions for this family's tokens. */
export interface TypedRule {
  /** A rule as a config writes it, for docs and fixes. */
  readonly example: string;
  /** Every option name, in the order docs list them. */
  readonly options: readonly string[];
  /** Options written alone (`pull_request`), meaning `=true`. */
  readonly flags?: readonly string[];
  /**
   * Builds the rule, or throws {@link RuleError} (core/rule-grammar.ts) with every problem. `options` holds only
   * known names; a flag given alone is `"true"`.
   */
  build(options: Readonly<Record<string, string>>): RuleParts;
}

/** A claim shorthand of `validate[] = <family id> key=value` and `[Workload] match`: the claim a key stands for. */
export type ClaimShorthand = (value: string) => ClaimCondition;

/** A rule as the pin and review checks read it (review/rule-analysis.ts RuleShape without its text). */
export interface RuleView {
  readonly claim: string;
  readonly operator: "eq" | "co";
  /** Without quotes, and without the trailing `*` of a prefix rule. */
  readonly value: string;
  /** `eq` with a trailing `*`. */
  readonly prefix: boolean;
}

/**
 * What ties a token of a shared issuer to one customer. OCI rules compare string claims only, so where a platform
 * puts its tenant in a non-string or nested claim the pin goes through `sub`.
 */
export interface TenantPin {
  /** Claims whose value names one customer; `validate[]` of any of them pins the trust. */
  readonly claims: readonly string[];
  /** True when a token matching this rule can only come from one customer. */
  pinsRule(rule: RuleView): boolean;
  /** What to add to pin a trust, for messages: `validate[] = github owner_id=<id>`. */
  readonly fix: string;
  /** The construct's warning for a trust of a shared issuer in mode user or resource without a pinning validation. */
  readonly warning?: { readonly id: WarningId; readonly message: string };
}

/** A prefix rule on `claim` of this family's `form` whose wildcard ends before the owner is complete (WIF-R1). */
export interface OwnerPrefix {
  readonly claim: string;
  /** The value is of this family's form (`repo:` for GitHub's sub). */
  readonly form: RegExp;
  /** The value names a whole owner (`repo:<owner>/`); a prefix that does not is cut inside the owner. */
  readonly complete: RegExp;
  /** The finding, for a value (without its `*`) that is of the form and not complete. */
  message(value: string): string;
}

/** `sub = organization:<org>:…` (Buildkite, HCP Terraform): a prefix cut inside the organization's name. */
export const ORGANIZATION_SUB: OwnerPrefix = {
  claim: "sub",
  form: /^organization:/,
  complete: /^organization:[^:]+:/,
  message: (v) => `matches other organizations too: its wildcard ends inside the organization name ("${v}*")`,
};

/** How the review reads this family's subjects (review/rule-analysis.ts). */
export interface SubjectDecoding {
  /** Prefix rules that reach other owners when cut short (WIF-R1). */
  readonly ownerPrefixes: readonly OwnerPrefix[];
  /** Claims naming an owner or repository, so that `co` on them can match other owners (WIF-R1). */
  readonly ownerScopedClaims: readonly string[];
  /** Claims that name a whole owner or repository: an exact match still takes in everything below (WIF-R2). */
  readonly wholeClaims: Readonly<Record<string, string>>;
  /** Prefix rules that stay within one owner but take in a lot (WIF-R2), and how to say so. */
  readonly broadPrefixes: ReadonlyArray<{
    /** The claim the pattern applies to; undefined for any claim (the review has always read them so). */
    readonly claim?: string;
    readonly pattern: RegExp;
    message(m: RegExpExecArray): string;
  }>;
}

/** An HTTP request a job makes to get its token (GitHub's ID token URL, Azure DevOps' OIDC call, a metadata server). */
export interface HttpTokenRequest {
  readonly method: "GET" | "POST";
  /** Where the URL comes from: an environment variable the platform sets, or a fixed URL. */
  readonly url: { readonly env: string } | { readonly fixed: string };
  /**
   * A variable that replaces the fixed URL's origin, as the platform's own client libraries honour it (a test's local
   * server; a proxy). Only with a fixed URL.
   */
  readonly originEnv?: string;
  /** Query parameters appended to the URL; `{audience}` is replaced by the audience. */
  readonly query?: Readonly<Record<string, string>>;
  /** Headers; a value `{ env }` is read from that variable (a secret, registered), with an optional prefix. */
  readonly headers: Readonly<Record<string, string | { readonly env: string; readonly prefix?: string }>>;
  /** Where the JWT is in the answer: a field of a JSON object, or the whole body. */
  readonly answer: { readonly json: string } | "text";
  /** Plain http is allowed to these hosts (link-local metadata servers), besides loopback. */
  readonly plainHttpHosts?: readonly string[];
  /** The service, for messages: `GitHub's OIDC token service`. */
  readonly service: string;
  /** What to check when it refuses (not 2xx); `{audience}` is replaced by the quoted audience. */
  readonly refused: string;
}

/** One way a job of the platform gets its token, tried in order. */
export type TokenStep =
  | { readonly via: "env"; readonly name: string }
  | { readonly via: "file"; readonly path: string }
  | { readonly via: "file-from-env"; readonly env: string }
  | { readonly via: "http"; readonly request: HttpTokenRequest }
  /** A program the platform installs; `{audience}` in an argument is replaced by the audience. */
  | { readonly via: "command"; readonly argv: readonly string[] };

/** Where a job of this platform gets its OIDC token (wif-exchange `--token-from <id>`). */
export interface TokenDelivery {
  /**
   * Variables the platform sets in every job, all of which must be set for wif-exchange to pick this family without
   * `--token-from` (and only when its first step finds a token). Empty: never picked without the flag.
   */
  readonly detect: readonly string[];
  readonly steps: readonly TokenStep[];
  /** Whether the steps ask for a token with an audience (`{audience}`): it comes from `--audience` or the trust. */
  readonly needsAudience: boolean;
  /** One or two sentences: how a job gets its token, what to enable first. */
  readonly how: string;
  /** What the job must do when the platform gives it no token: the end of "…is not set, so <platform> will not …". */
  readonly unavailable: string;
  /** The CI snippet under docs/ci/ that shows it, parsed by a test. */
  readonly snippet: string;
}

/** One issuer family: a CI system or cloud that issues OIDC tokens. */
export interface IssuerFamily {
  /** `provider = <id>`, `rule[] = <id> …`, `validate[] = <id> …`, `--token-from <id>`. Lower case. */
  readonly id: string;
  /** `GitHub Actions`. */
  readonly title: string;
  /** The platform in a sentence: `GitHub`. */
  readonly platform: string;
  /** The issuer forms, most specific first: the first whose pattern matches an issuer decides. */
  readonly issuers: readonly IssuerForm[];
  /** Typed rules, when the family has them. */
  readonly rule?: TypedRule;
  /** `validate[]` / `match` shorthands, key → claim. */
  readonly claims?: Readonly<Record<string, ClaimShorthand>>;
  readonly pin: TenantPin;
  /** Claim validations worth setting on every trust of this family, for docs and wif-init. */
  readonly recommended: readonly string[];
  readonly subjects?: SubjectDecoding;
  readonly token: TokenDelivery;
  /** The platform's own pages the facts come from (docs/oci-facts.md says what is unconfirmed). */
  readonly sources: readonly string[];
}
