import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../review/cli";
import { sha256Of, writeStackSource } from "../../core/stack-source";
import { ROOT } from "../support/stacks";
import { cleanUp, fixtureText, synthToDir, tempDir } from "./support";

let github: string;
let seed: string;
beforeAll(() => {
  github = synthToDir(fixtureText("github"));
  seed = synthToDir(fixtureText("seed-sample"));
});
afterAll(cleanUp);

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { out: (l: string) => (stdout += `${l}\n`), err: (l: string) => (stderr += `${l}\n`) });
  return { code, stdout, stderr };
}

describe("wif-review", () => {
  test("exits 0 when there are only warnings, with the Markdown on stdout and a summary on stderr", async () => {
    const r = await run("--outdir", github);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("## Workload Identity Federation review\n")).toBe(true);
    expect(r.stderr).toBe("wif-review: 1 stack, 0 errors, 5 warnings, 0 suppressed; exit 0\n");
  });

  test("exits 1 when an error finding is not suppressed", async () => {
    const r = await run(`--stack=${join(seed, "stacks", "wif")}`);
    expect([r.code, r.stderr]).toEqual([1, "wif-review: 1 stack, 1 error, 1 warning, 0 suppressed; exit 1\n"]);
  });

  test("writes the Markdown and the JSON to files, and counts replacement warnings against a baseline", async () => {
    const dir = tempDir();
    const changed = synthToDir(fixtureText("github").replace("name = github-actions", "name = github-actions-prod"));
    const r = await run(
      "--outdir",
      changed,
      "--baseline",
      github,
      "--markdown",
      join(dir, "review.md"),
      "--json",
      join(dir, "review.json"),
    );
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      "",
      "wif-review: 1 stack, 0 errors, 5 warnings, 0 suppressed, 1 replacement warning; exit 0\n",
    ]);
    const json = JSON.parse(readFileSync(join(dir, "review.json"), "utf8"));
    expect([json.tool, json.summary, json.baseline.warnings.length]).toEqual([
      "wif-review",
      { stacks: 1, errors: 0, warnings: 5, suppressed: 0, exitCode: 0 },
      1,
    ]);
    expect(readFileSync(join(dir, "review.md"), "utf8")).toContain(
      "> [!CAUTION]\n> **1 change against the baseline destroys or replaces something clients depend on:**",
    );
  });

  test("prints its usage for --help and exits 0", async () => {
    const r = await run("--help");
    expect([r.code, r.stdout.split("\n")[0]]).toEqual([
      0,
      "Usage: wif-review [--outdir <dir> | --stack <dir>] [--markdown <path>] [--json <path>] [--baseline <dir> | --plan <path>]",
    ]);
  });

  describe("exits 2 on bad input, naming the flag, the value and the fix", () => {
    const bad = join(tempDir(), "bad");
    mkdirSync(join(bad, "stacks", "wif"), { recursive: true });
    writeFileSync(join(bad, "stacks", "wif", "cdk.tf.json"), "{ not json");
    // A current record, so what is refused is the stack's text.
    writeFileSync(join(bad, "setupConfig.ini"), "[WIFConfig]\n");
    writeStackSource(join(bad, "stacks", "wif"), {
      config: join(bad, "setupConfig.ini"),
      sha256: sha256Of("[WIFConfig]\n"),
    });
    const unrecorded = join(tempDir(), "unrecorded");
    mkdirSync(join(unrecorded, "stacks", "wif"), { recursive: true });
    writeFileSync(join(unrecorded, "stacks", "wif", "cdk.tf.json"), "{}");
    const notPlan = join(tempDir(), "plan.json");
    writeFileSync(notPlan, JSON.stringify({ hello: "world" }));

    test.each<[string, () => string[], string | RegExp]>([
      ["an unknown flag", () => ["--out", "x"], "error: unknown flag --out. See --help.\n"],
      ["a flag without its value", () => ["--json"], "error: --json needs a value: --json <path>.\n"],
      [
        "a flag given twice",
        () => ["--json", "a.json", "--json", "b.json"],
        'error: --json is given twice ("a.json" and "b.json"); give it once.\n',
      ],
      [
        "both --outdir and --stack",
        () => ["--outdir", "a", "--stack", "b"],
        "error: --outdir and --stack are alternatives: give the cdktf output directory or one stack directory.\n",
      ],
      [
        "both --baseline and --plan",
        () => ["--baseline", "a", "--plan", "b"],
        "error: --baseline and --plan are alternatives: compare with a previous synthesis or with a plan, not both.\n",
      ],
      [
        "a missing output directory",
        () => ["--outdir", "/nonexistent/cdktf.out"],
        "error: --outdir /nonexistent/cdktf.out: not found. Run `npm run synth` first, or give the cdktf output directory (cdktf.out) or a stack directory.\n",
      ],
      [
        "a directory without stacks",
        () => ["--outdir", ROOT + "/docs"],
        `error: --outdir ${ROOT}/docs: no synthesized stacks in it (looked for ${ROOT}/docs/stacks/<name>/cdk.tf.json and ${ROOT}/docs/cdk.tf.json). Run \`npm run synth\` first.\n`,
      ],
      [
        "a stack that is not JSON",
        () => ["--outdir", bad],
        `error: --outdir ${bad}/stacks/wif/cdk.tf.json: is not valid JSON (line 1, column 3). Synthesize again with \`npm run synth\`.\n`,
      ],
      [
        "a stack without the record of its config",
        () => ["--outdir", unrecorded],
        `error: --outdir ${unrecorded}/stacks/wif/cdk.tf.json: has no wif-source.json beside it, so which config it came from is unknown (it was not written by npm run synth, or by an older version). Run \`npm run synth\` again, then review.\n`,
      ],
      [
        "a plan that is not terraform show -json output",
        () => ["--outdir", github, "--plan", notPlan],
        `error: --plan ${notPlan}: plan.format_version: expected a string, got nothing (the field is missing). Is this terraform show -json output? Write one with: terraform show -json <planfile> > plan.json\n`,
      ],
      [
        "a Markdown file in a directory that does not exist",
        () => ["--outdir", github, "--markdown", "/nonexistent/review.md"],
        "error: --markdown /nonexistent/review.md: cannot be written (ENOENT). Check that its directory exists.\n",
      ],
    ])("%s", async (_, argv, message) => {
      const r = await run(...argv());
      expect([r.code, r.stdout]).toEqual([2, ""]);
      if (typeof message === "string") expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(message);
    });
  });

  test("runs as bin/wif-review.cjs with the same exit codes", () => {
    const bin = join(ROOT, "bin", "wif-review.cjs");
    const ok = spawnSync(process.execPath, [bin, "--outdir", github], { encoding: "utf8" });
    const bad = spawnSync(process.execPath, [bin, "--nope"], { encoding: "utf8" });
    expect([ok.status, ok.stdout.startsWith("## Workload Identity Federation review"), ok.stderr]).toEqual([
      0,
      true,
      "wif-review: 1 stack, 0 errors, 5 warnings, 0 suppressed; exit 0\n",
    ]);
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, "", "error: unknown flag --nope. See --help.\n"]);
  }, 20_000);
});
