import type { ReviewRule, RuleFinding } from "../rule";

/** The capabilities a non-service user must switch off explicitly. */
const CONSOLE_CAPABILITIES = ["can_use_console", "can_use_console_password"] as const;

/** WIF-U1: an account made for machines that a person could sign in with. */
export const userCanUseConsole: ReviewRule = {
  id: "WIF-U1",
  level: "error",
  cause:
    "A user this stack creates is not a service user and does not set can_use_console and can_use_console_password to false.",
  explanation:
    "A service user (service_user = true) cannot sign in, hold passwords or API keys (docs/oci-facts.md#service-users), so it " +
    "passes. Any other user the stack creates — the broker's API-key account — keeps the domain's default " +
    "capabilities unless urnietfparamsscimschemasoracleidcsextensioncapabilities_user says otherwise; with console " +
    "access, whoever resets its password gets an interactive session with the broker's grants.",
  fix: "Set urnietfparamsscimschemasoracleidcsextensioncapabilities_user { can_use_console = false, can_use_console_password = false } (and can_use_api_keys = true for the broker).",
  check(model) {
    const out: RuleFinding[] = [];
    for (const u of model.users) {
      if (u.serviceUser) continue;
      const open = CONSOLE_CAPABILITIES.filter((c) => u.capabilities?.[c] !== false);
      if (open.length) {
        out.push({
          address: u.resource.address,
          path: u.resource.path,
          message: `user "${u.userName}" is not a service user and ${open.map((c) => `${c} is not false`).join(" and ")}, so it could sign in to the console`,
        });
      }
    }
    return out;
  },
};
