import { diffPlan, diffSyntheses } from "../../review/diff";
import { loadStacks } from "../../review/load";
import { renderMarkdown } from "../../review/markdown";
import { review } from "../../review/report";
import { InputError, type Stack } from "../../core/stack";
import { cleanUp, fixtureText, githubWith, synthToDir } from "./support";

const TRUST =
  "oci_identity_domains_identity_propagation_trust.Wif_Trust-token-actions-githubusercontent-com_Trust_9EB241E5";
const APP = "oci_identity_domains_app.Wif_TokenExchangeClient_App_992C8B6E";

let base: Stack[];
beforeAll(() => {
  base = loadStacks(synthToDir(fixtureText("github")), "--baseline");
});
afterAll(cleanUp);

const current = (edit: (text: string) => string) => loadStacks(synthToDir(githubWith(edit)), "--outdir");

describe("a baseline synthesis", () => {
  test("reports nothing when the synthesis is the same", () => {
    expect(
      diffSyntheses(
        current((t) => t),
        base,
        "base",
      ),
    ).toEqual({ source: "synth", from: "base", changes: [], warnings: [], notes: [] });
  });

  test("reports a trust whose name changes as a replacement, loudly", () => {
    const diff = diffSyntheses(
      current((t) => t.replace("name = github-actions", "name = github-actions-prod")),
      base,
      "base",
    );
    expect(diff.changes.filter((c) => c.address === TRUST)).toEqual([
      {
        stack: "wif",
        action: "replace",
        address: TRUST,
        type: "oci_identity_domains_identity_propagation_trust",
        path: "wif/Wif/Trust-token-actions-githubusercontent-com/Trust",
        details: ['`name`: "github-actions" → "github-actions-prod"'],
      },
    ]);
    expect(diff.warnings).toEqual([
      {
        stack: "wif",
        addresses: [TRUST],
        message:
          `\`${TRUST}\` (wif/Wif/Trust-token-actions-githubusercontent-com/Trust) is replaced because \`name\` changed, which the provider cannot update in place: ` +
          "the trust is destroyed and created again: token exchanges fail in between, and OCI allows one trust per issuer, so creating the new one can fail while the old one exists.",
      },
    ]);
  });

  test("reports a new rule as an in-place update naming the rule and its user", () => {
    const diff = diffSyntheses(
      current((t) =>
        t.replace(
          "rule[] = github repo=octo-org/web-app pull_request",
          "rule[] = github repo=octo-org/web-app pull_request\nrule[] = github repo=octo-org/site owner_id=1234567 repo_id=424242 branch=main",
        ),
      ),
      base,
      "base",
    );
    expect(diff.changes.map((c) => [c.action, c.address, c.details])).toEqual([
      [
        "update",
        TRUST,
        ["`impersonation_service_users` + sub eq repo:octo-org@1234567/site@424242:ref:refs/heads/main → ci-reader"],
      ],
    ]);
    expect(diff.warnings).toEqual([]);
    // In Markdown the argument name stays a code span, unescaped; the text around it is escaped.
    expect(renderMarkdown(review(base, diff))).toContain(
      "| `impersonation_service_users` + sub eq repo:octo-org@1234567/site@424242:ref:refs/heads/main → ci-reader |",
    );
  });

  test("reports a policy whose name changes as a replacement", () => {
    const diff = diffSyntheses(
      current((t) => t.replace("group = ci-releasers", "group = ci-releasers\npolicy_name = releasers")),
      base,
      "base",
    );
    expect(diff.changes.map((c) => [c.action, c.details])).toEqual([
      ["replace", ['`name`: "ci-releasers-policy" → "releasers"']],
    ]);
    expect(diff.warnings.map((w) => w.message)).toEqual([
      "`oci_identity_policy.Wif_Policy-ci-releaser_Policy_EF6BC4F9` (wif/Wif/Policy-ci-releaser/Policy) is replaced because `name` changed, which the provider cannot update in place: the policy is deleted and created again: its grants are missing in between.",
    ]);
  });

  test("reports a service user whose construct ID changes as a destroy and a create of another address", () => {
    const diff = diffSyntheses(
      current((t) => t.replace("[ServiceUser ci-releaser]", "[ServiceUser ci-publisher]")),
      base,
      "base",
    );
    const users = diff.changes.filter((c) => c.type === "oci_identity_domains_user").map((c) => [c.action, c.address]);
    const created = String(users[0][1]);
    expect(created).toMatch(/^oci_identity_domains_user\.Wif_ServiceUser-ci-publisher_User_[0-9A-F]{8}$/);
    expect(users).toEqual([
      ["create", created],
      ["delete", "oci_identity_domains_user.Wif_ServiceUser-ci-releaser_User_5A9CADED"],
    ]);
    expect(
      diff.warnings.find((w) =>
        w.addresses.includes("oci_identity_domains_user.Wif_ServiceUser-ci-releaser_User_5A9CADED"),
      )?.message,
    ).toBe(
      `\`oci_identity_domains_user.Wif_ServiceUser-ci-releaser_User_5A9CADED\` disappears while \`${created}\` appears: ` +
        "a changed construct ID or logical ID destroys and creates oci_identity_domains_user instead of updating it: the service user gets a new SCIM id and OCID: sessions issued for the old user stop working, and the trust's rules and group membership are re-pointed. " +
        "If nothing else changed, restore the old construct ID (or move the state with terraform state mv).",
    );
  });

  test("notes a stack that exists on one side only", () => {
    const gitlab = loadStacks(synthToDir(fixtureText("gitlab")), "--outdir");
    expect(diffSyntheses(gitlab, base, "base").notes).toEqual([
      "stack `wif` is in the baseline only: all of its 12 resources would be destroyed",
      "stack `wif-gitlab` is new: all of its 10 resources are created",
    ]);
  });
});

describe("a Terraform plan", () => {
  const plan = (changes: unknown[]) => ({
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: changes,
  });
  const secret = "idcscs-plan-secret-0000-0000-0000-000000000000";

  test("takes replacements from Terraform's actions, and never prints a value", () => {
    const diff = diffPlan(
      plan([
        {
          address: APP,
          mode: "managed",
          type: "oci_identity_domains_app",
          name: "Wif_TokenExchangeClient_App_992C8B6E",
          action_reason: "replace_because_cannot_update",
          replace_paths: [["name"]],
          change: {
            actions: ["delete", "create"],
            before: { name: "abc", client_secret: secret },
            after: { name: "def" },
            after_unknown: { client_secret: true },
          },
        },
        {
          address: TRUST,
          mode: "managed",
          type: "oci_identity_domains_identity_propagation_trust",
          change: { actions: ["update"], before: { description: "a" }, after: { description: "b" } },
        },
        {
          address: "terraform_data.x",
          mode: "managed",
          type: "terraform_data",
          change: { actions: ["no-op"], before: {}, after: {} },
        },
        {
          // runtimeConfig.ini's writer, replaced when the file's content changes: listed, but not a warning.
          address: "terraform_data.Wif_RuntimeConfig_File_9065D72B",
          mode: "managed",
          type: "terraform_data",
          change: { actions: ["delete", "create"], before: { id: "a" }, after: {}, after_unknown: { id: true } },
        },
        {
          address: "data.oci_identity_domain.d",
          mode: "data",
          type: "oci_identity_domain",
          change: { actions: ["read"] },
        },
      ]),
      base,
      "plan.json",
    );
    expect(diff.changes).toEqual([
      {
        stack: "wif",
        action: "replace",
        address: APP,
        type: "oci_identity_domains_app",
        path: "wif/Wif/TokenExchangeClient/App",
        details: ["arguments changing: `client_secret`, `name`", "Terraform replaces it because of: `name`"],
      },
      {
        stack: "wif",
        action: "update",
        address: TRUST,
        type: "oci_identity_domains_identity_propagation_trust",
        path: "wif/Wif/Trust-token-actions-githubusercontent-com/Trust",
        details: ["arguments changing: `description`"],
      },
      {
        stack: "wif",
        action: "replace",
        address: "terraform_data.Wif_RuntimeConfig_File_9065D72B",
        type: "terraform_data",
        path: "wif/Wif/RuntimeConfig/File",
        details: ["arguments changing: `id`"],
      },
    ]);
    expect(diff.warnings.map((w) => w.message)).toEqual([
      `\`${APP}\` (wif/Wif/TokenExchangeClient/App) is replaced: the plan says ["delete","create"] (replace_because_cannot_update): ` +
        "a new app has a new client ID and client secret: every runtimeConfig.ini and CI secret holding the old ones stops working until redistributed.",
    ]);
    const md = renderMarkdown(review(base, diff));
    expect([md.includes("> [!CAUTION]"), md.includes(secret), md.includes('"abc"')]).toEqual([true, false, false]);
  });

  test("counts create-before-destroy as a replacement too", () => {
    const diff = diffPlan(
      plan([
        {
          address: TRUST,
          type: "oci_identity_domains_identity_propagation_trust",
          change: { actions: ["create", "delete"] },
        },
      ]),
      base,
      "plan.json",
    );
    expect(diff.changes.map((c) => c.action)).toEqual(["replace"]);
  });

  test.each([
    [
      "a plan file that is not JSON output",
      { planned_values: {} },
      "--plan plan.json: plan.format_version: expected a string, got nothing (the field is missing). Is this terraform show -json output? Write one with: terraform show -json <planfile> > plan.json",
    ],
    [
      "a change without actions",
      plan([{ address: TRUST, change: {} }]),
      "--plan plan.json: plan.resource_changes[0].change.actions: expected an array, got nothing (the field is missing). Is this terraform show -json output? Write one with: terraform show -json <planfile> > plan.json",
    ],
  ])("throws when given %s", (_, doc, message) => {
    expect(() => diffPlan(doc, base, "plan.json")).toThrow(new InputError(message));
  });
});
