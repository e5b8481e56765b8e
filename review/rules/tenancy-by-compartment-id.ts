import { reachesTenancyById } from "../../core/policy-statement";
import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-P3: a grant that names the tenancy as a compartment OCID. */
export const tenancyByCompartmentId: ReviewRule = {
  id: "WIF-P3",
  level: "error",
  cause: "A policy statement grants `in compartment id <tenancy OCID>`, which is the whole tenancy.",
  explanation:
    "The tenancy is the root compartment, so `in compartment id ocid1.tenancy…` reaches every compartment, now " +
    "and later, exactly like `in tenancy`, while reading like a narrow grant. A reviewer who skims OCIDs would not " +
    "see it; this rule does, with or without a where condition.",
  fix: "Name the compartment the job needs (in compartment apps, or compartment id <that compartment's OCID>).",
  check(model) {
    const out: RuleFinding[] = [];
    for (const g of model.grants) {
      const text = g.statement.text;
      if (reachesTenancyById(text)) {
        out.push({
          address: g.policy.address,
          path: g.policy.path,
          message: `policy "${g.policyName}": ${JSON.stringify(text)} grants in the whole tenancy through its OCID`,
        });
      }
    }
    return out;
  },
};
