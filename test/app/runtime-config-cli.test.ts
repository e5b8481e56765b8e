import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyRuntimeConfigOutput, writeRuntimeConfigFromState } from "../../deploy/runtime-config-cli";
import { FIXTURES } from "../support/stacks";

describe("npm run runtime-config", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "wif-rc-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("fails with exit code 2 and says to synthesize first when there is no stack", () => {
    const lines: string[] = [];
    const code = writeRuntimeConfigFromState({
      configPath: join(FIXTURES, "github.ini"),
      outdir: join(dir, "out"),
      log: (l) => lines.push(l),
    });
    expect(code).toBe(2);
    expect(lines).toEqual([
      `error: ${join(dir, "out")}/stacks/wif/cdk.tf.json does not exist. Run wif-synth (npm run synth) first.`,
    ]);
  });

  test("fails with exit code 2 on a bad config, listing its problems", () => {
    const config = join(dir, "setupConfig.ini");
    writeFileSync(config, "[Nope]\n");
    const lines: string[] = [];
    expect(writeRuntimeConfigFromState({ configPath: config, outdir: dir, log: (l) => lines.push(l) })).toBe(2);
    expect(lines[0]).toBe(`error: 2 problem(s) in ${config}:`);
  });

  test("fails with exit code 1 when terraform cannot be run", () => {
    mkdirSync(join(dir, "stack"));
    const lines: string[] = [];
    expect(
      copyRuntimeConfigOutput(
        join(dir, "stack"),
        join(dir, "rc.ini"),
        (l) => lines.push(l),
        "no-such-terraform-binary",
      ),
    ).toBe(1);
    expect(lines).toEqual([
      "error: cannot run no-such-terraform-binary (ENOENT). Install Terraform >= 1.4 and try again.",
    ]);
  });
});
