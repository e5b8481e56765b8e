// Every bin of package.json, run as a process: the bad-flag path (exit 2, one line naming the flag, nothing on
// standard output) and the crash path (exit 70, one redacted line; WIF_DEBUG=1 adds the trace, redacted too) go
// through the one command layer (cli/command.ts, cli/crash.ts, cli/process.ts) for each of them.
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const BINS = Object.entries(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).bin as Record<string, string>);
const HOOK = join(ROOT, "test", "support", "crash-hook.cjs");
const SECRET = "Registered-S3cret-value-7d1f0a";
const SHAPED = "idcscs-00000000-aaaa-bbbb-cccc-1234567890ab";

beforeAll(() => {
  // The crash handler is loaded from dist/ when it is current (bin/run.cjs); build it if a source is newer.
  spawnSync("npm", ["run", "-s", "build:if-stale"], { cwd: ROOT, stdio: "ignore" });
}, 300_000);

function run(bin: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, bin), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: ROOT, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

test("package.json has a bin for every command, the deploy path's included", () => {
  expect(BINS.map(([name]) => name).sort()).toEqual([
    "wif-broker",
    "wif-deploy",
    "wif-exchange",
    "wif-explain",
    "wif-import",
    "wif-init",
    "wif-plan",
    "wif-review",
    "wif-runtime-config",
    "wif-synth",
  ]);
});

describe.each(BINS)("%s", (name, bin) => {
  test("fails on an unknown flag with exit 2, one line that names it, and nothing on standard output", async () => {
    const r = await run(bin, ["--no-such-flag"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, "", "error: unknown flag --no-such-flag. See --help.\n"]);
  }, 60_000);

  test("answers --version from the one version source", async () => {
    const r = await run(bin, ["--version"]);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${name} ${version}\n`, ""]);
  }, 60_000);

  test("reports a crash with exit 70 and one redacted line, and the trace only with WIF_DEBUG=1", async () => {
    const env = { NODE_OPTIONS: `--require ${HOOK}`, CRASH_SECRET: SECRET, CRASH_SHAPED: SHAPED };
    const r = await run(bin, [], env);
    expect([r.code, r.stdout]).toEqual([70, ""]);
    expect(r.stderr).toMatch(
      /^error: unexpected failure \(a bug; exit 70\): planted bug quoting \[secret\] and client_secret = \[[a-z ]+\]\\u\{000A\}second line \(WIF_DEBUG=1 shows where\)\n$/,
    );
    const debug = await run(bin, [], { ...env, WIF_DEBUG: "1" });
    expect(debug.code).toBe(70);
    const lines = debug.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => /^\s+at /.test(l))).toBe(true);
    for (const text of [r.stderr, debug.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SHAPED);
    }
  }, 60_000);
});
