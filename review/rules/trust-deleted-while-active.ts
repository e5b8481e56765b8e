import type { ReviewRule } from "../rule";
import { deletedActiveTrusts } from "../plan";

/** WIF-D3: a plan that deletes a trust that is still active. */
export const trustDeletedWhileActive: ReviewRule = {
  id: "WIF-D3",
  level: "error",
  cause: "The plan deletes an identity propagation trust that is still active, stranding every client of its issuer.",
  explanation:
    "From the apply on, every exchange of a token from the trust's issuer fails, and the error does not say why " +
    "(docs/oci-facts.md#token-exchange). Deactivating the trust first (active = false, a reversible update) shows who still " +
    "depends on it while turning it back on is one apply away; deleting it afterwards loses nothing more. A trust " +
    "that is replaced is reported by the replacement warnings instead. Needs --plan.",
  fix: "Two applies: first set retire = true on the trust's section and apply (active = false); once no client complains, remove the section and apply again.",
  check(model) {
    return deletedActiveTrusts(model.plan ?? []).map((c) => ({
      address: c.address,
      path: c.address,
      message:
        `trust "${String(c.before?.name ?? c.address)}" for ${String(c.before?.issuer ?? "its issuer")} is deleted while active: every client exchanging its tokens fails from this apply on. ` +
        "Step 1: set retire = true on its section and apply (deactivates it). Step 2: remove the section and apply again.",
    }));
  },
};
