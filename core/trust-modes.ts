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

/**
 * GitHub Actions token claims that identify an owner, repository or run context. The numeric IDs are immutable;
 * the names can be re-registered by someone else after a rename or deletion.
 * @see https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
 */
export const GitHubClaims = {
  ownerId: (id: string): ClaimCondition => ({ name: "repository_owner_id", value: id }),
  owner: (name: string): ClaimCondition => ({ name: "repository_owner", value: name }),
  repositoryId: (id: string): ClaimCondition => ({ name: "repository_id", value: id }),
  repository: (ownerAndRepo: string): ClaimCondition => ({ name: "repository", value: ownerAndRepo }),
  branch: (branch: string): ClaimCondition => ({ name: "ref", value: `refs/heads/${branch}` }),
  tag: (tag: string): ClaimCondition => ({ name: "ref", value: `refs/tags/${tag}` }),
  environment: (name: string): ClaimCondition => ({ name: "environment", value: name }),
} as const;

/**
 * GitLab CI token claims.
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
export const GitLabClaims = {
  namespaceId: (id: string): ClaimCondition => ({ name: "namespace_id", value: id }),
  namespacePath: (path: string): ClaimCondition => ({ name: "namespace_path", value: path }),
  projectId: (id: string): ClaimCondition => ({ name: "project_id", value: id }),
  projectPath: (path: string): ClaimCondition => ({ name: "project_path", value: path }),
  ref: (ref: string): ClaimCondition => ({ name: "ref", value: ref }),
  environment: (name: string): ClaimCondition => ({ name: "environment", value: name }),
} as const;

/** Claims that pin a GitHub trust to one owner: without one, any GitHub user's workflow can present a token. */
export const GITHUB_OWNER_CLAIMS: readonly string[] = ["repository_owner_id", "repository_owner"];
/** Claims that pin a GitLab trust to one group. */
export const GITLAB_NAMESPACE_CLAIMS: readonly string[] = ["namespace_id", "namespace_path"];

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
