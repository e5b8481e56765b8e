import { isTenancyWide } from "../policy";
import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-P1: administrator-like grants. */
export const manageAllOrTenancyWide: ReviewRule = {
  id: "WIF-P1",
  level: "error",
  cause: "A policy grants manage all-resources, or grants anything in the whole tenancy, without a where condition.",
  explanation:
    "`manage all-resources` is administrator rights over its compartment subtree, including policies, so it can " +
    "grant itself anything else; a statement `in tenancy` reaches every compartment, now and later. A federated " +
    "CI identity with either turns one stolen CI token into control of the tenancy. A `where` condition (a bucket, " +
    "a permission, a target compartment) narrows the grant and passes this rule.",
  fix: "Name the resource family and compartment the job needs (manage object-family in compartment apps), or add a where condition.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const g of model.grants) {
      const s = g.statement;
      if (!s.parsed || s.where !== undefined) continue;
      const what =
        s.verb === "manage" && s.resource?.toLowerCase() === "all-resources"
          ? "manage all-resources"
          : isTenancyWide(s)
            ? "access in the whole tenancy"
            : undefined;
      if (what) {
        out.push({
          address: g.policy.address,
          path: g.policy.path,
          message: `policy "${g.policyName}": ${JSON.stringify(s.text)} grants ${what} without a where condition`,
        });
      }
    }
    return out;
  },
};
