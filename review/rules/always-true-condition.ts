import { alwaysTrueCondition } from "../../core/policy-statement";
import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-P4: a `where` clause that cannot be false. */
export const alwaysTrueConditionRule: ReviewRule = {
  id: "WIF-P4",
  level: "error",
  cause: "A policy statement's where clause is always true, so it narrows nothing.",
  explanation:
    "A condition such as `where request.user.id = request.user.id`, `where target.bucket.name = /*/`, " +
    "`where request.user.id != 'nobody'` (an OCID is never `nobody`) or `where any {…, 'a' = 'a'}` holds for every " +
    "request. The statement looks conditioned (and passes WIF-P1) but grants as if the clause were not there. The " +
    "check parses the condition and decides what it constrains (core/policy-condition.ts), not which spellings it has.",
  fix: "Write the condition the grant needs (a bucket, a permission, a target compartment), or remove it and narrow the statement.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const g of model.grants) {
      const cond = alwaysTrueCondition(g.statement.text);
      if (cond) {
        out.push({
          address: g.policy.address,
          path: g.policy.path,
          message: `policy "${g.policyName}": ${JSON.stringify(g.statement.text)} has an always-true condition (${cond})`,
        });
      }
    }
    return out;
  },
};
