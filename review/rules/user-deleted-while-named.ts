import type { ReviewRule } from "../rule";
import { destroyedUsersStillNamed } from "../plan";

/** WIF-D2: a plan that deletes a user whom a group or a trust's rule still names. */
export const userDeletedWhileNamed: ReviewRule = {
  id: "WIF-D2",
  level: "error",
  cause: "The plan deletes a user that is still a member of a group or still named by a trust's rule.",
  explanation:
    "A user who belongs to a group cannot be deleted (terraform-provider-oci#2050), and one that a trust's " +
    "impersonation rule still maps to is refused with a bare 400 (docs/oci-facts.md#delete-order). Terraform does not order " +
    "the update of the group or trust before the delete, so the apply fails part-way. Removing the rules and the " +
    "membership in one apply and the user in the next always works. Needs --plan.",
  fix: "Two applies: first set retire = true on the [ServiceUser …] section and apply (drops its rules, group membership and policy); then remove the section and apply again.",
  check(model) {
    return destroyedUsersStillNamed(model.plan ?? []).map((r) => {
      const where = [
        ...r.groups.map((g) => `group "${g.name}"`),
        ...r.trusts.map(
          (t) =>
            `trust "${t.name}" (rule${t.rules.length === 1 ? "" : "s"} ${t.rules.map((x) => JSON.stringify(x)).join(", ")})`,
        ),
      ];
      return {
        address: r.user.address,
        path: r.user.address,
        message:
          `user "${r.userName}" is deleted while ${where.join(" and ")} still name${where.length === 1 ? "s" : ""} it, which fails. ` +
          `Step 1: set [ServiceUser ${r.userName}] retire = true and apply. Step 2: remove the section and apply again.`,
      };
    });
  },
};
