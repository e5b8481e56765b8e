/**
 * The three ways an identity propagation trust maps a token, and the claim vocabulary they share. cdktf-free, so
 * the config reader, the constructs, the client and the review all use one set of literals.
 *
 * Facts and their marks ([src]/[doc]/[field]/[inferred]) are in docs/oci-facts.md#trust-modes and the sections after it:
 * - `subject_type` ∈ User, App, Resource [src: GoSDK identity_propagation_trust.go];
 * - RPST trusts propagate at most three claims, named with an `ext_` prefix [doc: A-Team sample];
 * - `rpst_exp` is at most 43200 s [doc: A-Team sample README]; its minimum is not documented;
 * - policies test propagated claims as `request.principal.ext_<claim>` [doc]; one runbook says `var_ext_*` [field].
 */

/** impersonation: a service user per rule (UPST); user: the domain user the claim names (UPST); resource: an RPST. */
export type TrustMode = "impersonation" | "user" | "resource";

export const TRUST_MODES: readonly TrustMode[] = ["impersonation", "user", "resource"];

/** The `requested_token_type` of a UPST exchange. [src: oci-go-sdk workload_identity_federation.go] */
export const UPST_TOKEN_TYPE = "urn:oci:token-type:oci-upst";
/** The `requested_token_type` of an RPST exchange. [src: oci-go-sdk workload_identity_federation.go] */
export const RPST_TOKEN_TYPE = "urn:oci:token-type:oci-rpst";
/** Longest RPST lifetime a client may ask for, seconds (12 h). [doc: A-Team sample README] */
export const RPST_MAX_SECONDS = 43200;
/** Most claims one RPST trust may propagate. [doc: A-Team sample, `length(claim_propagations) <= 3`] */
export const MAX_CLAIM_PROPAGATIONS = 3;
/** `request.principal.type` of a principal holding a WIF RPST. [doc: Oracle crossplane doc; A-Team sample] */
export const RPST_PRINCIPAL_TYPE = "identityfederateddomainapp";

/** Default claim a user-context trust reads. [doc: Oracle JWT→UPST doc] */
export const DEFAULT_SUBJECT_CLAIM = "sub";
/** Default domain-user attribute the claim is compared with. [doc: Oracle Kerberos doc example] */
export const DEFAULT_USER_ATTRIBUTE = "userName";

/** A claim name as it appears in a JWT: letters, digits and `_`, not starting with a digit, at most 64. */
export const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** `repository` → `ext_repository`; a name that already has the prefix is kept. */
export function propagatedName(claim: string): string {
  return claim.startsWith("ext_") ? claim : `ext_${claim}`;
}

/** `ext_repository` → `repository`. */
export function claimOfPropagated(name: string): string {
  return name.startsWith("ext_") ? name.slice(4) : name;
}

/**
 * Why a claim value cannot be written into a policy condition or a claim validation, or undefined when it can.
 * Policy conditions quote values with `'`, which has no escape; `${`/`%{` would be evaluated by Terraform.
 */
export function claimValueProblem(value: string): string | undefined {
  if (value.trim() === "") return "must not be empty";
  if (value.length > 256) return "must be at most 256 characters";
  if (/['\\\r\n\t]/.test(value)) return "must not contain quotes, backslashes or line breaks";
  if (/[$%]\{/.test(value)) return "must not contain ${ or %{ (Terraform would evaluate it)";
  return undefined;
}

/** A condition every token of a trust must meet: the claim equals the value (`claim_validations`). */
export interface ClaimCondition {
  readonly name: string;
  readonly value: string;
}

export { GitHubClaims } from "./issuers/github";
export { GitLabClaims } from "./issuers/gitlab";

/**
 * Claims an end user can set to any value at some common issuers, so a user-context trust must not map on them:
 * `email` (and friends) are self-asserted at many IdPs unless `email_verified` is checked, which a trust cannot do.
 */
export const ATTACKER_CONTROLLED_CLAIMS: readonly string[] = [
  "email",
  "preferred_username",
  "name",
  "nickname",
  "upn",
  "unique_name",
];
