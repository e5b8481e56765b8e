import type { ReviewRule } from "../rule";

/** WIF-T5: a user-context or RPST trust without claim validations. */
export const trustWithoutClaimValidations: ReviewRule = {
  id: "WIF-T5",
  level: "warning",
  cause: "A user-context or resource (RPST) trust has no claim_validations.",
  explanation:
    "Impersonation trusts narrow tokens per rule; user-context and RPST trusts have no rules, so every token of the " +
    "issuer with the audience is exchanged. For GitHub that is every workflow of every account that asks for the " +
    "audience. claim_validations (provider ≥ 8.18, docs/oci-facts.md#claim-validations) make the domain refuse tokens whose claims " +
    "(repository_owner_id, namespace_id, a tenant ID) differ.",
  fix: "Add validate[] = github owner_id=<id> (GitLab: gitlab namespace_id=<id>; others: <claim>=<value>) to the trust.",
  check(model) {
    return model.trusts
      .filter((t) => t.trustMode.mode !== "impersonation" && t.trustMode.claimValidations.length === 0)
      .map((t) => ({
        address: t.resource.address,
        path: t.resource.path,
        message: `trust "${t.name}" (mode ${t.trustMode.mode}, issuer ${t.issuer}) has no claim validations, so any token of the issuer with the audience is exchanged`,
      }));
  },
};
