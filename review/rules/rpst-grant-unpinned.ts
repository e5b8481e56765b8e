import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-P5: a grant to RPST holders that does not pin the principal type and the identity domain. */
export const rpstGrantUnpinned: ReviewRule = {
  id: "WIF-P5",
  level: "error",
  cause:
    "An any-user statement aimed at RPST holders lacks request.principal.type = 'identityfederateddomainapp' or request.principal.domain.id under `all`.",
  explanation:
    "Workloads holding a WIF RPST have no group: policies grant to any-user and narrow it by conditions (Oracle's " +
    "crossplane doc and the A-Team RPST sample, docs/oci-facts.md#rpst-policies). Without the type condition any principal of the " +
    "tenancy whose request carries the tested values matches; without the domain condition an RPST of another domain's " +
    "trust does. Conditions under `any { … }` pin nothing.",
  fix: "Write the grant as a [Workload] section (it always adds both conditions), or add them inside where all { … }.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const w of model.workloadGrants) {
      const missing = [w.typePinned ? "" : "principal type", w.domainPinned ? "" : "identity domain"].filter(Boolean);
      if (!missing.length) continue;
      out.push({
        address: w.grant.policy.address,
        path: w.grant.policy.path,
        message: `policy "${w.grant.policyName}": ${JSON.stringify(w.grant.statement.text)} does not pin the ${missing.join(" or the ")}`,
      });
    }
    return out;
  },
};
