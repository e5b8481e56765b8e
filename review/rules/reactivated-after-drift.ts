import type { ReviewRule } from "../rule";
import { reactivatedAfterDrift } from "../plan";

/** WIF-D4: a plan that turns back on a trust or app someone deactivated outside Terraform. */
export const reactivatedAfterDriftRule: ReviewRule = {
  id: "WIF-D4",
  level: "error",
  cause: "The plan turns back on a trust or OAuth app that was deactivated outside Terraform since the last apply.",
  explanation:
    "Terraform found the trust or app inactive although the last apply left it active (the plan's resource drift), " +
    "and the apply sets it active again. Switching a trust or app off in the console is how an incident is " +
    "stopped — a leaked client secret, a rule that lets in too much — so applying would undo that response " +
    "without anyone deciding to. Needs --plan.",
  fix: "If it must stay off, set retire = true on its section (the trust or app stays, inactive) and plan again; if turning it back on is intended, suppress WIF-D4 with the reason for this apply.",
  check(model) {
    return reactivatedAfterDrift(model.plan ?? []).map((c) => {
      const name = String(c.before?.name ?? c.before?.display_name ?? c.address);
      return {
        address: c.address,
        path: c.address,
        message: `${c.type === "oci_identity_domains_app" ? "app" : "trust"} "${name}" was deactivated outside Terraform since the last apply, and this plan turns it back on`,
      };
    });
  },
};
