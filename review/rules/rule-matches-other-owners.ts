import type { Mapping, TrustView } from "../model";
import type { ReviewRule, RuleFinding } from "../rule";
import { crossOwnerReason } from "../rule-analysis";

/** WIF-R1: an impersonation rule that anyone outside the intended owner can satisfy. */
export const ruleMatchesOtherOwners: ReviewRule = {
  id: "WIF-R1",
  level: "error",
  cause: "An impersonation rule matches every token of the issuer, or tokens of other owners (wildcard or co).",
  explanation:
    "OCI rules are `<claim> eq|co <value>`; `*` is a wildcard at the end of an eq value and `co` matches anywhere " +
    "(docs/oci-facts.md#rules). A rule such as `sub eq *`, `sub eq repo:octo*` or `sub co octo-org/app` is satisfied by " +
    "tokens from repositories or projects anyone can create on the same public issuer, and each such token becomes " +
    "the service user with all its grants.",
  fix: "Pin the owner and repository (github repo=owner/repo owner_id=… repo_id=… branch=…), or suppress with the reason if every token of a private issuer is meant.",
  check(model) {
    return forEachMapping(model.trusts, (t, m) => {
      const reason = crossOwnerReason(m.shape, t.issuer);
      return reason && `rule ${JSON.stringify(m.rule)} of trust "${t.name}" (→ ${who(m)}) ${reason}`;
    });
  },
};

/** Runs `judge` on every mapping of every trust; a returned message becomes a finding. */
export function forEachMapping(
  trusts: readonly TrustView[],
  judge: (t: TrustView, m: Mapping) => string | undefined | false,
): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const t of trusts) {
    for (const m of t.mappings) {
      const message = judge(t, m);
      // The rule is written in the service user's section, so its construct path is what [Suppress] applies_to names.
      if (message) out.push({ address: t.resource.address, path: m.user?.resource.path ?? t.resource.path, message });
    }
  }
  return out;
}

/** The user a mapping leads to, for messages. */
export function who(m: Mapping): string {
  return m.user ? m.user.userName : `unresolved user ${m.unresolved}`;
}
