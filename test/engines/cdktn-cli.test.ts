// CDK Terrain's own CLI on this project's cdktf.json: cdktn-cli 0.24 reads its configuration from a file named
// cdktf.json (as cdktf-cli does; it has no cdktn.json), runs the app the file names — bin/wif-synth.cjs — with
// cdktf's variables (CDKTF_OUTDIR), and reads back the manifest the app wrote. With WIF_ENGINE=cdktn the app
// synthesizes with CDK Terrain. Offline: a project folder holding the committed cdktf.json, as it is, and a link to
// bin/; no telemetry.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { cdktn } from "../support/cdktn-cli";
import { ROOT, removeTemp, sh, shAsync, temp } from "../support/packages";
import { FIXTURES } from "../support/stacks";

let work: string;
const CONFIG = join(FIXTURES, "github.ini");

/** A project folder with `file` holding the committed cdktf.json and bin/ linked; returns it. */
function projectWith(file: string): string {
  const dir = join(work, file.replace(/\W/g, "-"));
  mkdirSync(dir);
  copyFileSync(join(ROOT, "cdktf.json"), join(dir, file));
  symlinkSync(join(ROOT, "bin"), join(dir, "bin"));
  return dir;
}

const stackOf = (outdir: string) => readFileSync(join(outdir, "stacks", "wif", "cdk.tf.json"), "utf8");

beforeAll(() => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  work = temp("wif-cdktn-cli-");
}, 120_000);
afterAll(removeTemp);

describe("cdktn-cli synth with the project's cdktf.json", () => {
  test("reads cdktf.json, runs wif-synth, and the stack is CDK Terrain's, the one wif-synth writes itself", async () => {
    const dir = projectWith("cdktf.json");
    const outdir = join(dir, "out");
    const r = await cdktn(["synth", "--output", "out"], dir, work, { WIF_ENGINE: "cdktn", WIF_CONFIG: CONFIG });
    // On Node 20 cdktn-cli also prints its own check's complaint that it wants Node 22 (a usage error it goes on
    // from); what counts is the exit code and what was written.
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*cdk\.tf\.json: 12 resources, 3 warnings\./);
    expect(r.stdout).toMatch(/Generated Terraform code for the stacks: wif/);
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
    expect(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).version).toBe("0.24.0");
    expect(JSON.parse(stackOf(outdir))["//"].metadata.version).toBe("0.24.0");

    // At the same depth as the other: the stack names the runtime config file relative to its own folder.
    const direct = join(work, "direct", "out");
    const w = await shAsync(
      process.execPath,
      [join(ROOT, "bin", "wif-synth.cjs"), "--config", CONFIG, "--outdir", direct],
      work,
      { PATH: process.env.PATH ?? "", HOME: work, WIF_ENGINE: "cdktn" },
    );
    expect(w.code).toBe(0);
    expect(stackOf(outdir)).toBe(stackOf(direct));
  }, 120_000);

  test("finds no app in a file named cdktn.json: cdktf.json is the name it reads", async () => {
    const dir = projectWith("cdktn.json");
    const r = await cdktn(["synth", "--output", "out"], dir, work, { WIF_ENGINE: "cdktn", WIF_CONFIG: CONFIG });
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/app/i);
    expect(readdirSync(dir).sort()).toEqual(["bin", "cdktn.json"]);
  }, 120_000);
});
