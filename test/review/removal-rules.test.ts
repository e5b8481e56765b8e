import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../review/cli";
import { plannedChanges } from "../../review/plan";
import type { ReviewRule } from "../../review/rule";
import { appDeletedWhileActive } from "../../review/rules/app-deleted-while-active";
import { reactivatedAfterDriftRule } from "../../review/rules/reactivated-after-drift";
import { trustDeletedWhileActive } from "../../review/rules/trust-deleted-while-active";
import { userDeletedWhileNamed } from "../../review/rules/user-deleted-while-named";
import { cleanUp, docOf, fixtureText, modelOf, synthToDir, tempDir } from "./support";

const APP = "oci_identity_domains_app";
const USER = "oci_identity_domains_user";
const GROUP = "oci_identity_domains_group";
const TRUST = "oci_identity_domains_identity_propagation_trust";

/** One `resource_changes` entry of `terraform show -json` output. */
const change = (type: string, name: string, actions: string[], before: Record<string, unknown> | null) => ({
  address: `${type}.${name}`,
  mode: "managed",
  type,
  name,
  change: {
    actions,
    before,
    after: actions.length === 1 && actions[0] === "delete" ? null : before,
    after_unknown: {},
  },
});
const plan = (...changes: unknown[]) => ({ format_version: "1.2", resource_changes: changes });

const app = (actions: string[], active: boolean) =>
  change(APP, "Wif_TokenExchangeClient_App_1", actions, {
    display_name: "TokenExchangeClient",
    active,
    client_secret: "idcscs-never-printed",
  });
const user = (actions: string[]) =>
  change(USER, "Wif_ServiceUser-ci_User_1", actions, { id: "u-123", user_name: "ci" });
const group = (actions: string[], members: string[]) =>
  change(GROUP, "Wif_ServiceUser-ci_Group_1", actions, {
    display_name: "ci-group",
    members: members.map((value) => ({ type: "User", value })),
  });
const trust = (actions: string[], active: boolean, rules: Array<[string, string]> = []) =>
  change(TRUST, "Wif_Trust-x_Trust_1", actions, {
    name: "wif-trust",
    issuer: "https://token.actions.githubusercontent.com",
    active,
    impersonation_service_users: rules.map(([rule, value]) => ({ rule, value })),
  });

let seedOut: string;
beforeAll(() => {
  seedOut = synthToDir(fixtureText("seed-sample"));
});
afterAll(cleanUp);

const run = (rule: ReviewRule, planDoc: unknown) =>
  rule.check({ ...modelOf(docOf(seedOut), "wif"), plan: plannedChanges(planDoc) }).map((f) => f.message);

describe("WIF-D1: an app destroyed while active", () => {
  test("is reported for a delete or a replacement of an active app, with the two steps", () => {
    expect(run(appDeletedWhileActive, plan(app(["delete"], true)))).toEqual([
      'app "TokenExchangeClient" is deleted while active, which fails (terraform-provider-oci#2507). Step 1: set retire = true on its section and apply (deactivates it). Step 2: make the change and apply again.',
    ]);
    expect(run(appDeletedWhileActive, plan(app(["create", "delete"], true)))[0]).toMatch(
      /^app "TokenExchangeClient" is replaced while active/,
    );
  });

  test("is quiet for an app deactivated by an earlier apply, one that stays, and without a plan", () => {
    expect(
      run(appDeletedWhileActive, plan(app(["delete"], false), app(["update"], true), app(["no-op"], true))),
    ).toEqual([]);
    expect(appDeletedWhileActive.check(modelOf(docOf(seedOut), "wif"))).toEqual([]);
  });

  test("never quotes the app's secret", () => {
    expect(run(appDeletedWhileActive, plan(app(["delete"], true))).join()).not.toContain("idcscs");
  });
});

describe("WIF-D2: a user deleted while still named", () => {
  test("is reported when a group that stays still has it as a member and a trust that stays still maps a rule to it", () => {
    expect(
      run(
        userDeletedWhileNamed,
        plan(
          user(["delete"]),
          group(["update"], ["u-123"]),
          trust(["no-op"], true, [["sub eq repo:o/r:ref:refs/heads/main", "u-123"]]),
        ),
      ),
    ).toEqual([
      'user "ci" is deleted while group "ci-group" and trust "wif-trust" (rule "sub eq repo:o/r:ref:refs/heads/main") still name it, which fails. Step 1: set [ServiceUser ci] retire = true and apply. Step 2: remove the section and apply again.',
    ]);
  });

  test("is quiet when the group and trust go in the same apply, or no longer name the user", () => {
    expect(
      run(
        userDeletedWhileNamed,
        plan(user(["delete"]), group(["delete"], ["u-123"]), trust(["delete"], false, [["sub eq x", "u-123"]])),
      ),
    ).toEqual([]);
    expect(
      run(
        userDeletedWhileNamed,
        plan(user(["delete"]), group(["no-op"], []), trust(["no-op"], true, [["sub eq x", "u-other"]])),
      ),
    ).toEqual([]);
  });
});

describe("WIF-D3: a trust deleted while active", () => {
  test("is reported with the issuer whose clients it strands, and the two steps", () => {
    expect(run(trustDeletedWhileActive, plan(trust(["delete"], true)))).toEqual([
      'trust "wif-trust" for https://token.actions.githubusercontent.com is deleted while active: every client exchanging its tokens fails from this apply on. Step 1: set retire = true on its section and apply (deactivates it). Step 2: remove the section and apply again.',
    ]);
  });

  test("is quiet for a retired trust, and for a replacement (the replacement warnings cover that)", () => {
    expect(run(trustDeletedWhileActive, plan(trust(["delete"], false), trust(["delete", "create"], true)))).toEqual([]);
  });
});

describe("WIF-D4: a trust or app deactivated outside Terraform, which the plan turns back on", () => {
  /** A plan whose refresh found `active` false although the last apply set it true, and which sets it true again. */
  const drifted = (entry: ReturnType<typeof change>, applied: boolean, refreshed: boolean) => ({
    format_version: "1.2",
    resource_drift: [
      {
        address: entry.address,
        mode: "managed",
        type: entry.type,
        change: {
          actions: ["update"],
          before: { ...entry.change.before, active: applied },
          after: { ...entry.change.before, active: refreshed },
        },
      },
    ],
    resource_changes: [
      {
        ...entry,
        change: {
          ...entry.change,
          before: { ...entry.change.before, active: refreshed },
          after: { ...entry.change.after, active: true },
        },
      },
    ],
  });

  test.each([
    [
      "trust",
      trust(["update"], true),
      'trust "wif-trust" was deactivated outside Terraform since the last apply, and this plan turns it back on',
    ],
    [
      "app",
      app(["update"], true),
      'app "TokenExchangeClient" was deactivated outside Terraform since the last apply, and this plan turns it back on',
    ],
  ])("is reported for a %s", (_what, entry, message) => {
    expect(run(reactivatedAfterDriftRule, drifted(entry, true, false))).toEqual([message]);
  });

  test("is quiet when the config turns on what the last apply left off (un-retiring), and without drift", () => {
    expect(run(reactivatedAfterDriftRule, drifted(trust(["update"], true), false, false))).toEqual([]);
    expect(run(reactivatedAfterDriftRule, plan(trust(["update"], true)))).toEqual([]);
  });
});

describe("wif-review --plan", () => {
  test("fails with the removal findings and their order when the plan deletes an active app and a still-named user", async () => {
    const file = join(tempDir(), "plan.json");
    writeFileSync(file, JSON.stringify(plan(app(["delete"], true), user(["delete"]), group(["no-op"], ["u-123"]))));
    let stdout = "";
    let stderr = "";
    const code = await main(["--stack", join(seedOut, "stacks", "wif"), "--plan", file], {
      out: (l: string) => (stdout += `${l}\n`),
      err: (l: string) => (stderr += `${l}\n`),
    });
    expect(code).toBe(1);
    expect(stdout).toContain("WIF-D1");
    expect(stdout).toContain(
      "Step 1: set [ServiceUser ci] retire = true and apply. Step 2: remove the section and apply again.",
    );
    expect(stdout).not.toContain("idcscs-never-printed");
  });
});
