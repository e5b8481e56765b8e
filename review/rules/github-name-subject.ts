import type { ReviewRule } from "../rule";
import { immutableTwinPattern } from "../rule-analysis";
import { forEachMapping, who } from "./rule-matches-other-owners";

/** WIF-R3: a GitHub rule on the name form of `sub` only. */
export const githubNameSubject: ReviewRule = {
  id: "WIF-R3",
  level: "warning",
  cause: "A GitHub rule matches only the name form of sub (repo:owner/repo:…), without the immutable-ID form.",
  explanation:
    "Repositories created or renamed on or after 2026-07-15 send `repo:owner@<ownerId>/repo@<repoId>:…` by default, " +
    "which a name-form rule never matches, so the exchange fails (docs/oci-facts.md#github-subject). Name-form subjects also " +
    "follow a name: a deleted or renamed repository's name can be taken by someone else. A rule is compliant when the " +
    "same user has the immutable-ID twin in the same trust (subject=both while migrating).",
  fix: "Write github repo=owner/repo owner_id=<id> repo_id=<id> … (gh api repos/owner/repo --jq '.owner.id, .id'); subject=both keeps the old form while you migrate.",
  check(model) {
    return forEachMapping(model.trusts, (t, m) => {
      const twin = immutableTwinPattern(m.rule);
      if (!twin) return undefined;
      const hasTwin = t.mappings.some(
        (o) =>
          o !== m &&
          o.user === m.user &&
          o.shape.claim === "sub" &&
          twin.test(o.shape.value + (o.shape.prefix ? "*" : "")),
      );
      return (
        !hasTwin &&
        `rule ${JSON.stringify(m.rule)} of trust "${t.name}" (→ ${who(m)}) matches only the name form of GitHub's sub; ` +
          "repositories created or renamed since 2026-07-15 send repo:owner@<id>/repo@<id>:…"
      );
    });
  },
};
