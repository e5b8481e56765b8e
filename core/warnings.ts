/**
 * Stable IDs of the warnings synth prints, in the `WIF-…` style of wif-review's rule IDs (`WIF-T1`, …), so a team
 * can grep a CI log for one, and tests can match it. A warning never stops synthesis.
 *
 * IDs are a contract like construct IDs: never reuse or rename one; retire it instead.
 */
export const WARNING = {
  /** A trust accepts tokens minted for any audience. */
  trustWithoutAudience: "WIF-W-TRUST-NO-AUDIENCE",
  /** A GitHub rule matches only the name form of `sub`, not the immutable-ID form. */
  githubNameSubject: "WIF-W-RULE-NAME-SUBJECT",
  /** A resource server's access-token lifetime is above what user flows get. */
  accessTokenCapped: "WIF-W-TOKEN-CAPPED",
  /** A scope is glued to an audience that does not end with "/". */
  scopeJoinsAudience: "WIF-W-SCOPE-JOINS-AUDIENCE",
  /** An OAuth client mixes OCI IAM's own scopes with custom ones, which caps its tokens at 3600 s. */
  iamScopeCap: "WIF-W-IAM-SCOPE-CAP",
  /** An ini value is cut at an inline comment character. */
  valueCutAtComment: "WIF-W-INI-COMMENT",
  /** runtimeConfig.ini has a section this version does not know. */
  unknownSection: "WIF-W-UNKNOWN-SECTION",
  /** runtimeConfig.ini has a key this version does not know. */
  unknownKey: "WIF-W-UNKNOWN-KEY",
  /** A GitHub trust in mode user or resource has no claim validation pinning the repository owner. */
  githubOwnerNotPinned: "WIF-W-GITHUB-OWNER",
  /**
   * A trust of an issuer that every customer of a platform shares (core/issuers/) has nothing that ties it to one
   * customer: neither a claim validation nor, in mode impersonation, a rule that names the tenant.
   */
  tenantNotPinned: "WIF-W-TENANT-PIN",
  /** A user-context trust maps on a claim the token's holder may be able to set (email, …). */
  userClaimSettable: "WIF-W-USER-CLAIM",
  /** The domain URL is a local test OCI (http to 127.0.0.1 or localhost); the review fails such a stack. */
  loopbackDomain: "WIF-W-LOOPBACK-DOMAIN",
} as const;

/** One of the IDs in {@link WARNING}. */
export type WarningId = (typeof WARNING)[keyof typeof WARNING];
