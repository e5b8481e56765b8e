import type { ReviewRule } from "../rule";
import { who } from "./rule-matches-other-owners";

/** WIF-R4: two users' rules that one token can match. */
export const rulesOverlap: ReviewRule = {
  id: "WIF-R4",
  level: "warning",
  cause:
    "Rules of two different service users can match the same token, so which user it becomes depends on rule order.",
  explanation:
    "OCI evaluates a trust's rules in order and the first match wins (docs/oci-facts.md#rules), but the provider stores " +
    "impersonation_service_users as a set, so Terraform cannot fix that order. When one rule's value covers another's " +
    "(a prefix wildcard, or co), a token can become either user. Rules on different claims (sub and " +
    "job_workflow_ref) are listed in the report, not here: whether one token carries both depends on how the " +
    "workflows call each other.",
  fix: "Make the rules disjoint (narrow the broader one), or map both to the same user.",
  check(model) {
    const out = [];
    for (const t of model.trusts) {
      for (const o of t.overlaps) {
        if (o.kind !== "same-claim") continue;
        out.push({
          address: t.resource.address,
          path: t.resource.path,
          message:
            `rules ${JSON.stringify(o.a.rule)} (→ ${who(o.a)}) and ${JSON.stringify(o.b.rule)} (→ ${who(o.b)}) of trust ` +
            `"${t.name}" can match the same token; Terraform stores rules as a set, so which one OCI tries first is not ` +
            "under our control",
        });
      }
      const listed = t.overlaps.filter((o) => o.kind === "same-claim").length;
      const more = t.overlapTotals["same-claim"] - listed;
      if (more > 0)
        out.push({
          address: t.resource.address,
          path: t.resource.path,
          message: `and ${more} more pair${more === 1 ? "" : "s"} of rules of trust "${t.name}" can match the same token (only the first ${listed} are listed); make the rules disjoint`,
        });
    }
    return out;
  },
};
