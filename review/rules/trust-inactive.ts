import type { ReviewRule } from "../rule";

/** WIF-T2: a trust that cannot exchange anything, or whose rules are ignored. */
export const trustInactive: ReviewRule = {
  id: "WIF-T2",
  level: "warning",
  cause: "The trust is inactive, or lists service users without allowing impersonation.",
  explanation:
    "`active` and `allow_impersonation` both default to false (docs/oci-facts.md#trust). An inactive trust fails every " +
    "exchange; a trust that lists impersonation_service_users without allow_impersonation = true ignores its rules, so " +
    "tokens are not mapped to the service users the review shows. Either is usually a mistake; when it is a " +
    "deliberate switch-off, suppress it with the reason.",
  fix: "Set active = true and allow_impersonation = true on the trust (the PropagationTrust construct does both).",
  check(model) {
    const out = [];
    for (const t of model.trusts) {
      if (!t.active) {
        out.push({
          address: t.resource.address,
          path: t.resource.path,
          message: `trust "${t.name}" is inactive (active is not true; OCI defaults it to false), so every exchange through it fails`,
        });
      }
      if (!t.allowImpersonation && t.mappings.length) {
        const n = t.mappings.length;
        out.push({
          address: t.resource.address,
          path: t.resource.path,
          message: `trust "${t.name}" lists ${n} impersonation rule${n === 1 ? "" : "s"} but allow_impersonation is not true, so ${n === 1 ? "it is" : "they are"} ignored`,
        });
      }
    }
    return out;
  },
};
