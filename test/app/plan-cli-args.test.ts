// The plan command's arguments, without Terraform: what it refuses before anything runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, PLAN_FILE } from "../../app/plan-cli";

describe("plan-cli arguments", () => {
  let dir: string;
  let stderr: string;
  let write: jest.SpyInstance;
  const saved = process.env.CDKTF_OUTDIR;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-plan-args-"));
    process.env.CDKTF_OUTDIR = join(dir, "cdktf.out");
    stderr = "";
    write = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    if (saved === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const savePlan = (stack: string) => {
    mkdirSync(join(dir, "cdktf.out", "stacks", stack), { recursive: true });
    writeFileSync(join(dir, "cdktf.out", "stacks", stack, PLAN_FILE), "not a real plan");
  };

  test.each([
    ["an unknown command", ["apply"]],
    ["a flag where the stack name goes", ["plan", "--auto-approve"]],
    ["more than one stack name", ["deploy", "wif-dev", "wif-prod"]],
  ])("fails when given %s, with the usage and exit 2", async (_name, argv) => {
    expect(await main(argv)).toBe(2);
    expect(stderr).toBe(
      "usage: plan-cli.ts plan|deploy [<stack name>]   (npm run plan [-- <stack>], npm run deploy [-- <stack>])\n",
    );
  });

  test("fails when deploy finds no saved plan", async () => {
    expect(await main(["deploy"])).toBe(2);
    expect(stderr).toBe(
      `error: no saved plan under ${join(dir, "cdktf.out", "stacks")}. Run \`npm run plan\` first.\n`,
    );
  });

  test("fails when deploy finds the plans of several stacks and none is named", async () => {
    savePlan("wif-dev");
    savePlan("wif-prod");
    expect(await main(["deploy"])).toBe(2);
    expect(stderr).toBe(
      `error: saved plans of several stacks (wif-dev, wif-prod) under ${join(dir, "cdktf.out", "stacks")}. Run \`npm run plan\` first, then \`npm run deploy -- <stack>\`.\n`,
    );
  });

  test("fails when deploy is named a stack that has no saved plan", async () => {
    savePlan("wif-dev");
    expect(await main(["deploy", "wif-qa"])).toBe(2);
    expect(stderr).toBe(
      `error: no saved plan for stack "wif-qa" under ${join(dir, "cdktf.out", "stacks")}. Run \`npm run plan\` first.\n`,
    );
  });
});
