import type { ReviewRule } from "../rule";
import { destroyedActiveApps } from "../plan";

/** WIF-D1: a plan that deletes (or replaces) an app that is still active. */
export const appDeletedWhileActive: ReviewRule = {
  id: "WIF-D1",
  level: "error",
  cause: "The plan destroys an OAuth app that is still active, which the service refuses.",
  explanation:
    "An active app cannot be deleted, even with force_delete = true (terraform-provider-oci#2507; docs/oci-facts.md#delete-order): " +
    "the apply fails half-way, after other resources have already changed. Deactivating it first, in its own apply, " +
    "makes the delete go through, and shows which clients still use it before it is gone. Needs --plan.",
  fix: "Two applies: first set retire = true on the app's section ([WIFConfig], [OAuthClient …] or [ResourceServer …]) and apply (active = false); then remove it and apply again.",
  check(model) {
    return destroyedActiveApps(model.plan ?? []).map((c) => ({
      address: c.address,
      path: c.address,
      message:
        `app "${String(c.before?.display_name ?? c.address)}" is ${c.actions.includes("create") ? "replaced" : "deleted"} while active, which fails (terraform-provider-oci#2507). ` +
        "Step 1: set retire = true on its section and apply (deactivates it). Step 2: make the change and apply again.",
    }));
  },
};
