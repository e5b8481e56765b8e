// The deploy path end to end through wif-plan and wif-deploy's main(), with a stand-in terraform
// (testing/terraform-stand-in.cjs: Terraform's documented JSON UI, saved plan, state) so it runs where there is no
// Terraform or no provider: deploy applies only a plan whose review passed and that nothing changed since, the
// state is private after apply, progress is streamed, and the example's first plan is short and verdict-first.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as planMain } from "../../app/plan-cli";
import { main as deployMain } from "../../deploy/deploy-cli";
import { REVIEW_RECORD, PLAN_FILE } from "../../deploy/gate";
import type { CliIo } from "../../cli/io";

const ROOT = join(__dirname, "..", "..");
const STAND_IN = join(ROOT, "testing", "terraform-stand-in.cjs");
const SCHEMA = join(ROOT, "schema", "oracle-oci-8.28.0.subset.json");
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workDir(config = readFileSync(join(ROOT, "setupConfig.ini"), "utf8")): string {
  const d = mkdtempSync(join(tmpdir(), "wif-deploy-path-"));
  made.push(d);
  writeFileSync(join(d, "setupConfig.ini"), config);
  return d;
}

async function run(which: "plan" | "deploy", cwd: string, argv: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Partial<CliIo> = {
    cwd,
    env: { PATH: process.env.PATH, STANDIN_SCHEMA: SCHEMA, STANDIN_LOG: join(cwd, "terraform.log") },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  const code =
    which === "plan"
      ? await planMain(argv, io, { terraform: STAND_IN })
      : await deployMain(argv, io, { terraform: STAND_IN });
  return { code, out, err };
}

const stackDir = (d: string) => join(d, "cdktf.out", "stacks", "wif");

/**
 * The reproduction: a rule on a substring of sub, and a policy over the whole tenancy. The trust's tenant
 * is pinned with validate[] (docs/issuers.md): unpinned, a shared issuer's config is refused before any plan.
 */
function failingConfig(): string {
  return readFileSync(join(ROOT, "setupConfig.ini"), "utf8")
    .replace(/^allow\[\]=read buckets.*$/m, "allow[]=manage all-resources in tenancy")
    .replace(/^impersonationrule=.*$/m, "impersonationrule=sub co acme\nvalidate[]=github owner_id=1234567");
}

describe("wif-plan and wif-deploy with a stand-in terraform", () => {
  test("the example's first plan: verdict first, unknowns collapsed, the review after the diff, under 150 lines", async () => {
    const d = workDir();
    const r = await run("plan", d);
    expect([r.code, r.err.filter((l) => l.startsWith("error"))]).toEqual([0, []]);
    expect(r.out[0]).toMatch(
      /^Verdict: the review passed \(0 errors, \d+ warnings?, 0 suppressed\)\. wif-deploy will apply this plan\. Plan: 6 to add, 0 to change, 0 to replace, 0 to destroy\.$/,
    );
    expect(r.out.length).toBeLessThan(150);
    // One line per resource for what only the apply will know, not one per attribute.
    const collapsed = r.out.filter((l) => l.startsWith("    (known after apply: "));
    expect(collapsed).toHaveLength(6);
    expect(r.out.filter((l) => l.endsWith(": (known after apply)"))).toEqual([]);
    // The diff, then the review's report.
    const firstChange = r.out.findIndex((l) => l.startsWith("+ "));
    const review = r.out.indexOf("## Workload Identity Federation review");
    expect(firstChange).toBeGreaterThan(0);
    expect(review).toBeGreaterThan(firstChange);
    // Progress on standard error, while Terraform works.
    expect(r.err).toContain("terraform plan (wif) …");
    expect(r.err.some((l) => /^terraform plan \(wif\): done in \d+s\.$/.test(l))).toBe(true);
    expect(existsSync(join(stackDir(d), REVIEW_RECORD))).toBe(true);
  }, 60_000);

  test("deploy applies a plan that passed, streams progress and makes the state 0600", async () => {
    const d = workDir();
    expect((await run("plan", d)).code).toBe(0);
    const r = await run("deploy", d);
    expect([r.code, r.err.filter((l) => l.startsWith("error"))]).toEqual([0, []]);
    expect(r.err.filter((l) => /^ {2}\[\d\/6\] created /.test(l))).toHaveLength(6);
    expect(r.err).toContain("terraform apply (6 changes) …");
    expect(r.out.at(-1)).toMatch(/^Apply complete! Resources: 6 added, 0 changed, 0 destroyed\. \(\d+s\)$/);
    const state = join(d, "terraform.wif.tfstate");
    for (const file of [state, `${state}.backup`]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(r.err).toContain(
        `warning: ${file} was mode 0644; it is now 0600, because the state holds the client secret.`,
      );
    }
    expect(existsSync(join(stackDir(d), PLAN_FILE))).toBe(false);
    expect(existsSync(join(stackDir(d), REVIEW_RECORD))).toBe(false);
  }, 60_000);

  test("fails when the review failed: the plan exits 1 with the verdict first, and deploy refuses it", async () => {
    const d = workDir(failingConfig());
    const p = await run("plan", d);
    expect(p.code).toBe(1);
    expect(p.out[0]).toMatch(/^Verdict: the review FAILED \(\d+ errors?, .*\)\. wif-deploy will refuse this plan\./);
    const r = await run("deploy", d);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(
      new RegExp(
        `^error: ${join(stackDir(d), PLAN_FILE).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the review of this plan found \\d+ unsuppressed errors? \\(.+\\); nothing was applied\\.$`,
      ),
    );
    expect(r.err[1]).toContain('wif-deploy --accept-findings "<why>"');
    expect(readFileSync(join(d, "terraform.log"), "utf8")).not.toMatch(/^apply/m);
    expect(existsSync(join(d, "terraform.wif.tfstate"))).toBe(false);
  }, 60_000);

  test("--accept-findings applies a failed review's plan and records the reason in the output", async () => {
    const d = workDir(failingConfig());
    expect((await run("plan", d)).code).toBe(1);
    const short = await run("deploy", d, ["--accept-findings", "ok"]);
    expect([short.code, short.err[0]]).toEqual([
      2,
      'error: --accept-findings needs a reason of at least 10 characters (a ticket, a sentence); got "ok".',
    ]);
    const r = await run("deploy", d, ["--accept-findings", "CHG-1234 approved by the security team"]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(
      /^accepted with --accept-findings: the review of this plan found \d+ unsuppressed errors? \(.+\)\. Reason given: CHG-1234 approved by the security team$/,
    );
  }, 60_000);

  test.each([
    [
      "no saved plan",
      (_d: string) => undefined,
      2,
      (d: string) =>
        `error: no saved plan under ${join(d, "cdktf.out", "stacks")}. Run wif-plan (npm run plan) first and read it.`,
      false,
    ],
    [
      "a saved plan without its review record",
      (d: string) => rmSync(join(stackDir(d), REVIEW_RECORD)),
      2,
      (d: string) =>
        `error: ${join(stackDir(d), PLAN_FILE)}: the saved plan has no readable review record (${REVIEW_RECORD}): it was not made by wif-plan, or its review did not finish; nothing was applied. Run wif-plan (npm run plan) again and read it, then wif-deploy.`,
      true,
    ],
    [
      "a saved plan changed since its review",
      (d: string) => writeFileSync(join(stackDir(d), PLAN_FILE), "{}", { mode: 0o600 }),
      2,
      (d: string) =>
        `error: ${join(stackDir(d), PLAN_FILE)}: the saved plan changed since it was reviewed; nothing was applied. Run wif-plan (npm run plan) again and read it, then wif-deploy.`,
      true,
    ],
    [
      "a stack synthesized again since the plan",
      (d: string) => {
        const f = join(stackDir(d), "cdk.tf.json");
        writeFileSync(f, `${readFileSync(f, "utf8")}\n`);
      },
      2,
      (d: string) =>
        `error: ${join(stackDir(d), "cdk.tf.json")}: the stack was synthesized again (or removed) since the plan was made; nothing was applied. Run wif-plan (npm run plan) again and read it, then wif-deploy.`,
      true,
    ],
    [
      "a config changed since the plan (stale)",
      (d: string) =>
        writeFileSync(join(d, "setupConfig.ini"), `${readFileSync(join(d, "setupConfig.ini"), "utf8")}\n; edited\n`),
      2,
      (d: string) =>
        `error: ${join(stackDir(d), "cdk.tf.json")}: stale: ${join(d, "setupConfig.ini")} has changed since this stack was synthesized; nothing was applied. Run wif-plan (npm run plan) again and read it, then wif-deploy.`,
      true,
    ],
  ])(
    "fails when given %s, applying nothing",
    async (_name, spoil, code, message, planFirst) => {
      const d = workDir();
      if (planFirst) expect((await run("plan", d)).code).toBe(0);
      spoil(d);
      const r = await run("deploy", d);
      expect([r.code, r.err]).toEqual([code, [message(d)]]);
      expect(existsSync(join(d, "terraform.wif.tfstate"))).toBe(false);
    },
    60_000,
  );

  test("deploy --config refuses a plan made from another config", async () => {
    const d = workDir();
    expect((await run("plan", d)).code).toBe(0);
    writeFileSync(join(d, "other.ini"), readFileSync(join(d, "setupConfig.ini")));
    const r = await run("deploy", d, ["--config", "other.ini"]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      `error: the saved plan of stack wif was made from ${join(d, "setupConfig.ini")}, not from ${join(d, "other.ini")}; nothing was applied. Plan that config first: wif-plan --config other.ini.`,
    );
  }, 60_000);

  test("plan warns when the local state would sit in a git work tree without being ignored", async () => {
    const d = workDir();
    const git = require("node:child_process").spawnSync("git", ["init", "-q", d]);
    if (git.status !== 0) return console.warn("git is not installed: the warning is not tested here");
    const r = await run("plan", d);
    expect(r.err).toContain(
      `warning: the Terraform state ${join(d, "terraform.wif.tfstate")} (it holds the client secret) is in the git work tree ${d} and not ignored. Add these lines to ${join(d, ".gitignore")}: terraform.*.tfstate*, *.tfplan*, .terraform* (wif-init writes them).`,
    );
    writeFileSync(join(d, ".gitignore"), "terraform.*.tfstate*\n");
    const again = await run("plan", d);
    expect(again.err.filter((l) => l.includes("not ignored"))).toEqual([]);
  }, 60_000);

  test("a failed apply says so, with Terraform's diagnostic, and still makes the state private", async () => {
    const d = workDir();
    expect((await run("plan", d)).code).toBe(0);
    const err: string[] = [];
    const code = await deployMain(
      [],
      {
        cwd: d,
        env: { PATH: process.env.PATH, STANDIN_APPLY_FAIL: "first" },
        out: () => undefined,
        err: (l) => err.push(l),
      },
      { terraform: STAND_IN },
    );
    expect(code).toBe(1);
    const at = err.findIndex((l) =>
      l.startsWith("error: terraform apply failed; what it applied before the failure is in the state"),
    );
    expect(at).toBeGreaterThan(0);
    expect(err[at + 1]).toBe("  error: creating failed");
    expect(err[at + 2]).toMatch(/^ {4}.+: the service said no$/);
    expect(statSync(join(d, "terraform.wif.tfstate")).mode & 0o777).toBe(0o600);
  }, 60_000);
});
