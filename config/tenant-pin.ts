import { recogniseIssuer, rulePins, validationsPin } from "../core/issuers";
import type { ReadContext } from "./sections/context";

/**
 * Every trust of a shared issuer (core/issuers/ marks them: github.com, gitlab.com, Buildkite, HCP Terraform …) is
 * pinned to one customer, or says why not. A trust of such an issuer accepts every customer's tokens: pinned, it
 * needs a claim validation naming the tenant (`validate[] = github owner_id=…`), or, in mode impersonation, rules
 * that each name it (`github repo=octo-org/app …` names the owner in `sub`). `allow_unpinned = <reason>` accepts
 * the risk on purpose. One error per trust, at the first rule (or the trust) that pins nothing.
 */
export function checkTenantPins(c: ReadContext): void {
  const { file, problems, draft } = c;
  for (const trust of draft.trusts) {
    const known = recogniseIssuer(trust.issuer);
    if (!known?.form.shared || trust.allowUnpinned !== undefined) continue;
    const { family } = known;
    if (validationsPin(family, trust.claimValidations ?? [])) continue;
    const shared = `${trust.issuer} is shared by every ${family.title} customer`;
    const allow = `or set allow_unpinned = <why every ${family.title} customer's token may be exchanged> in [${trust.section}]`;
    const mode = trust.mode ?? "impersonation";
    if (mode !== "impersonation") {
      problems.error({
        file,
        line: trust.line,
        section: trust.section,
        key: "validate",
        message: `is needed: ${shared}, and in mode ${mode} nothing else ties this trust to your tenant`,
        fix: `Add ${family.pin.fix}, ${allow}.`,
      });
      continue;
    }
    const loose = draft.users
      .filter((u) => u.trust === trust.label)
      .flatMap((u) => u.rules.map((r) => ({ user: u, rule: r })))
      .find(({ rule }) => rule.rule.expressions.some((e) => !rulePins(family, e)));
    if (!loose) continue;
    const seed =
      loose.rule.line !== undefined &&
      draft.seedTrust?.entries.get("impersonationrule")?.lines.includes(loose.rule.line);
    problems.error({
      file,
      line: loose.rule.line ?? loose.user.line,
      section: seed ? "TrustConfiguration" : loose.user.section,
      key: seed ? "impersonationrule" : "rule",
      value: loose.rule.source,
      message: `names no ${family.title} tenant: ${shared}, so any of them whose token matches could become this user`,
      fix: `Name your tenant in the rule${family.rule ? ` (${family.rule.example})` : ""}, or add ${family.pin.fix} to [${trust.section}], ${allow}.`,
    });
  }
}
