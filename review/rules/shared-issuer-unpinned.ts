import { recogniseIssuer, rulePins, validationsPin } from "../../core/issuers";
import type { ReviewRule, RuleFinding } from "../rule";
import { who } from "./rule-matches-other-owners";

/** WIF-T6: a trust of an issuer every customer of a platform shares, with nothing that pins it to one customer. */
export const sharedIssuerUnpinned: ReviewRule = {
  id: "WIF-T6",
  level: "error",
  cause:
    "A trust of an issuer every customer of a platform shares (docs/issuers.md) neither validates a tenant claim nor has rules that each name the tenant.",
  explanation:
    "Some platforms sign every customer's tokens with one issuer (docs/issuers.md). A trust of such an issuer accepts " +
    "the tokens of every customer who asks for its audience, unless a claim validation names your tenant " +
    "(repository_owner_id, namespace_id, organization_id …) or, in mode impersonation, every rule does (a sub that " +
    "starts with your owner or organization). A rule on environment, ref or branch alone is met by anyone's job. " +
    "OCI rules compare string claims only, so where a platform keeps its tenant in a nested or numeric claim the pin " +
    "goes through sub.",
  fix: "Add validate[] = <family> <tenant key>=<id> to the trust (github owner_id=…, gitlab namespace_id=…; see docs/issuers.md), or name the tenant in every rule; suppress with the reason when every customer's token is meant.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const t of model.trusts) {
      const known = recogniseIssuer(t.issuer);
      if (!known?.form.shared || validationsPin(known.family, t.trustMode.claimValidations)) continue;
      const { family } = known;
      if (t.trustMode.mode !== "impersonation") {
        out.push({
          address: t.resource.address,
          path: t.resource.path,
          message: `trust "${t.name}" (mode ${t.trustMode.mode}) accepts every ${family.title} customer's tokens for its audience: issuer ${t.issuer} is shared and no claim validation names a tenant (${family.pin.claims.join(", ")})`,
        });
        continue;
      }
      for (const m of t.mappings) {
        // A rule OCI cannot read as `<claim> eq|co <value>` names no tenant either.
        if (rulePins(family, m.rule)) continue;
        out.push({
          address: t.resource.address,
          path: m.user?.resource.path ?? t.resource.path,
          message: `rule ${JSON.stringify(m.rule)} of trust "${t.name}" (→ ${who(m)}) names no ${family.title} tenant, and issuer ${t.issuer} is shared, so any customer's matching token becomes the user`,
        });
      }
    }
    return out;
  },
};
