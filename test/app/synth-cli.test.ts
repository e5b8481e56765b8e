// The synth command's flags and output (app/synth-cli.ts), in-process, and the bins' process conventions.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../app/synth-cli";
import type { CliIo } from "../../cli/io";

const ROOT = join(__dirname, "..", "..");
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A directory holding a copy of the repository's example as x.ini (it has one warning). */
function callerDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wif-synth-"));
  made.push(dir);
  copyFileSync(join(ROOT, "setupConfig.ini"), join(dir, "x.ini"));
  return dir;
}

async function synth(argv: string[], env: Record<string, string>, cwd = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Partial<CliIo> = { env, cwd, out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out, err };
}

const SUCCESS = (file: string) => [
  `Wrote ${file}: 6 resources, 1 warning.`,
  "    1  oci_identity_domains_app",
  "    1  oci_identity_domains_group",
  "    1  oci_identity_domains_identity_propagation_trust",
  "    1  oci_identity_domains_user",
  "    1  oci_identity_policy",
  "    1  terraform_data",
];

describe("the synth command", () => {
  test("resolves --config and the output directory from the caller's directory under npm (INIT_CWD)", async () => {
    const dir = callerDir();
    const r = await synth(["--config", "x.ini"], { INIT_CWD: dir });
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      ...SUCCESS("cdktf.out/stacks/wif/cdk.tf.json"),
      "Next: wif-review --stack cdktf.out/stacks/wif, then wif-plan and wif-deploy (never a raw cdktf diff or deploy: their plan can print the client secret).",
    ]);
    expect(r.err).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/x\\.ini:16 \\[WIFConfig\\] admin_app_name: `,
        ),
      ),
    ]);
    expect(existsSync(join(dir, "cdktf.out", "stacks", "wif", "cdk.tf.json"))).toBe(true);
  }, 30_000);

  test("resolves WIF_CONFIG from the caller's directory too", async () => {
    const dir = callerDir();
    const r = await synth(["--outdir", "out"], { INIT_CWD: dir, WIF_CONFIG: "x.ini" });
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe("Wrote out/stacks/wif/cdk.tf.json: 6 resources, 1 warning.");
  }, 30_000);

  test("under cdktf synth, prints warnings on standard output (cdktf shows the app's standard error as errors)", async () => {
    const dir = callerDir();
    const outdir = join(dir, "cdktf.out");
    const ok = await synth(["--config", "x.ini"], {
      INIT_CWD: dir,
      CDKTF_OUTDIR: outdir,
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    });
    expect([ok.code, ok.err]).toEqual([0, []]);
    expect(ok.out[0]).toBe(
      `warning: ${join(dir, "x.ini")}:16 [WIFConfig] admin_app_name: is not needed and is ignored: Terraform acts with your own OCI credentials, so no standing admin client is created. You may delete the line.`,
    );
    // No "Next:" line: cdktf itself goes on to plan or deploy.
    expect(ok.out.slice(1)).toEqual(SUCCESS("cdktf.out/stacks/wif/cdk.tf.json"));
  }, 30_000);

  test("prints its help with -h and sends nothing else", async () => {
    const r = await synth(["-h"], {});
    expect([r.code, r.out[0], r.err]).toEqual([0, "Usage: wif-synth [--config <path>] [--outdir <dir>]", []]);
  });

  test.each([
    [["--confg", "x.ini"], "error: unknown flag --confg. Did you mean --config? See --help."],
    [["stray"], 'error: unexpected argument "stray": every input is given with a flag. See --help.'],
  ])("fails when given %j, with exit code 2 and one line", async (argv, message) => {
    const r = await synth(argv, {});
    expect([r.code, r.out, r.err]).toEqual([2, [], [message]]);
  });
});

describe("the bins", () => {
  const shell = (script: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile("bash", ["-o", "pipefail", "-c", script], { cwd: ROOT }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      ),
    );

  test.each(["wif-exchange", "wif-explain", "wif-review", "wif-synth", "wif-init", "wif-broker"])(
    "%s prints its version and survives a closed pipe",
    async (name) => {
      const version = await shell(`node bin/${name}.cjs --version`);
      expect(version).toEqual({ code: 0, stdout: `${name} ${require("../../package.json").version}\n`, stderr: "" });
      const piped = await shell(`node bin/${name}.cjs --help | head -1`);
      expect([piped.code, piped.stderr]).toEqual([0, ""]);
      expect(piped.stdout).toMatch(new RegExp(`^Usage: ${name} .*\\n$`));
    },
    30_000,
  );
});
