// wif-plan's and wif-deploy's arguments, without Terraform: what they refuse before anything runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as planMain, PLAN_FILE } from "../../app/plan-cli";
import { main as deployMain } from "../../deploy/deploy-cli";
import type { CliIo } from "../../cli/io";

describe("wif-plan and wif-deploy arguments", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-plan-args-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(main: typeof planMain, argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: Partial<CliIo> = { cwd: dir, env: {}, out: (l) => out.push(l), err: (l) => err.push(l) };
    // A terraform that cannot be found: nothing here may get as far as running it.
    return { code: await main(argv, io, { terraform: join(dir, "no-terraform") }), out, err };
  }
  const savePlan = (stack: string) => {
    mkdirSync(join(dir, "cdktf.out", "stacks", stack), { recursive: true });
    writeFileSync(join(dir, "cdktf.out", "stacks", stack, PLAN_FILE), "not a real plan");
  };

  test.each([
    ["an unknown flag", ["--auto-approve"], "error: unknown flag --auto-approve. See --help."],
    [
      "a misspelt flag",
      ["--migrate-stat"],
      "error: unknown flag --migrate-stat. Did you mean --migrate-state? See --help.",
    ],
    [
      "two stack names",
      ["wif-dev", "wif-prod"],
      'error: unexpected argument "wif-prod": one stack at most, as an argument or with --stack. See --help.',
    ],
    [
      "both state choices",
      ["--migrate-state", "--reconfigure"],
      "error: --migrate-state and --reconfigure are alternatives: copy the state, or leave it.",
    ],
    [
      "a flag given twice",
      ["--config", "a.ini", "--config", "b.ini"],
      'error: --config is given twice ("a.ini" and "b.ini"); give it once.',
    ],
  ])("wif-plan fails when given %s, with one line and exit 2", async (_name, argv, line) => {
    const r = await run(planMain, argv);
    expect([r.code, r.err, r.out]).toEqual([2, [line], []]);
  });

  test("wif-plan --help says what it does, its flags and exit codes", async () => {
    const r = await run(planMain, ["--help"]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(
      "Usage: wif-plan [--config <path>] [--outdir <dir>] [--stack <name>] [--migrate-state | --reconfigure]",
    );
    expect(r.out.at(-1)).toMatch(
      /^Exit codes: 0 planned and the review passed, .*, 70 a bug \(WIF_DEBUG=1 shows where\)\.$/,
    );
  });

  test("fails when deploy finds no saved plan", async () => {
    const r = await run(deployMain, []);
    expect([r.code, r.err]).toEqual([
      2,
      [
        `error: no saved plan under ${join(dir, "cdktf.out", "stacks")}. Run wif-plan (npm run plan) first and read it.`,
      ],
    ]);
  });

  test("fails when deploy finds the plans of several stacks and none is named", async () => {
    savePlan("wif-dev");
    savePlan("wif-prod");
    const r = await run(deployMain, []);
    expect([r.code, r.err]).toEqual([
      2,
      [
        `error: saved plans of several stacks (wif-dev, wif-prod) under ${join(dir, "cdktf.out", "stacks")}. Name one: wif-deploy --stack <name>.`,
      ],
    ]);
  });

  test("fails when deploy is named a stack that has no saved plan, as an argument or with --stack", async () => {
    savePlan("wif-dev");
    for (const argv of [["wif-qa"], ["--stack", "wif-qa"]]) {
      const r = await run(deployMain, argv);
      expect([r.code, r.err]).toEqual([
        2,
        [
          `error: no saved plan for stack "wif-qa" under ${join(dir, "cdktf.out", "stacks")}. Run wif-plan (npm run plan) first and read it.`,
        ],
      ]);
    }
  });

  test("deploy refuses a named stack's plan that has no review record, before running terraform", async () => {
    savePlan("wif-dev");
    savePlan("wif-prod");
    const r = await run(deployMain, ["wif-dev"]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error: .*wif-dev\/wif\.tfplan: the saved plan has no readable review record/);
  });
});
