import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-P2: grants to everyone. */
export const anyUserUnconditional: ReviewRule = {
  id: "WIF-P2",
  level: "error",
  cause: "A policy grants to any-user (or any-group) without a where condition.",
  explanation:
    "`any-user` is every principal of the tenancy, including every federated service user, instance and function " +
    "principal; `any-group` is every member of any group. Oracle's own uses of any-user carry a condition such as " +
    "`where ALL {request.principal.type = 'ApiGateway', …}` (docs/oci-facts.md#policies); without one the grant is public " +
    "inside the tenancy.",
  fix: "Grant to a group or dynamic group instead, or add where request.principal.type = '…' (and the compartment).",
  check(model) {
    const out: RuleFinding[] = [];
    for (const g of model.grants) {
      const s = g.statement;
      if (!s.parsed || s.where !== undefined) continue;
      const broad = s.subjects.find((x) => x.kind === "any-user" || x.kind === "any-group");
      if (broad) {
        out.push({
          address: g.policy.address,
          path: g.policy.path,
          message: `policy "${g.policyName}": ${JSON.stringify(s.text)} grants to ${broad.kind} without a where condition`,
        });
      }
    }
    return out;
  },
};
