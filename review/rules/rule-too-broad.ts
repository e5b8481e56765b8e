import type { ReviewRule } from "../rule";
import { broadReason } from "../rule-analysis";
import { forEachMapping, who } from "./rule-matches-other-owners";

/** WIF-R2: an impersonation rule that covers a whole owner or every ref of a repository. */
export const ruleTooBroad: ReviewRule = {
  id: "WIF-R2",
  level: "warning",
  cause:
    "An impersonation rule covers every repository of an owner, or every branch, tag, environment or pull request of one.",
  explanation:
    "A prefix wildcard that ends at a boundary (`repo:octo-org/*`, `repo:octo-org/app:*`, `ref:*`) stays within one " +
    "owner but still lets any branch, pull request or repository there become the service user: anyone who can push " +
    "a branch gets the user's grants. Narrow rules (one branch, tag pattern or environment) keep deploy rights with " +
    "the workflows that should have them.",
  fix: "Use branch=, tag=, environment= or workflow= instead of any_ref or repository '*'; suppress with the reason when read-only access is meant.",
  check(model) {
    return forEachMapping(model.trusts, (t, m) => {
      const reason = broadReason(m.shape, t.issuer);
      return reason && `rule ${JSON.stringify(m.rule)} of trust "${t.name}" (→ ${who(m)}) ${reason}`;
    });
  },
};
