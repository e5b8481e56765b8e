/**
 * Cold-run wall time of `wif-exchange` against the local token endpoint: each run is a new Node process, as in
 * CI. Prints min / median / max over N runs for
 *   - the bin entry as shipped (tsx compiles the TypeScript on load; its disk cache is warm after the first run),
 *   - the same with tsx's cache disabled (every run compiles everything),
 *   - the client bundled ahead of time with esbuild (what a build step would save),
 *   - `--help` through both, which loads the code but generates no key and sends nothing,
 * and, for scale, a bare `node` start and an RSA-2048 key generation. Figures only; not a test.
 *
 *   node --import tsx scripts/bench-exchange.ts [--runs 10]
 */
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildSync } from "esbuild";
import { githubToken, startTokenEndpoint } from "../testing/token-endpoint";

const ROOT = join(__dirname, "..");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;

function time(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd, env }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`run failed (${err.code}): ${stderr.split("\n")[0]}`));
      else resolve(performance.now() - start);
    }),
  );
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const f = (n: number) => `${Math.round(n)} ms`.padStart(7);
  return `min ${f(s[0])}  median ${f(median)}  max ${f(s[s.length - 1])}  (N=${s.length})`;
}

async function main(): Promise<void> {
  const endpoint = await startTokenEndpoint();
  const work = mkdtempSync(join(tmpdir(), "wif-bench-"));
  try {
    writeFileSync(
      join(work, "runtimeConfig.ini"),
      [
        "[IdentityDomain]",
        `iam_guid = ${endpoint.url}`,
        "[WIFConfig]",
        `oauthclientid = ${endpoint.clientId}`,
        `oauthclientsecret = ${endpoint.clientSecret}`,
        "[OCI]",
        "region = us-ashburn-1",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    // Valid for the whole benchmark.
    writeFileSync(join(work, "ci.jwt"), githubToken({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    const bundle = join(work, "wif-exchange.bundle.cjs");
    buildSync({
      entryPoints: [join(ROOT, "client", "exchange-cli.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      outfile: bundle,
      logLevel: "silent",
    });
    writeFileSync(join(work, "bundled.cjs"), `require(${JSON.stringify(bundle)}).main(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n`);

    const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH, HOME: work, ...extra });
    const args = ["--token-file", "ci.jwt"];
    const variants: Array<[string, string[], Record<string, string | undefined>]> = [
      ["bin/wif-exchange.cjs (tsx, warm cache)", [join(ROOT, "bin", "wif-exchange.cjs"), ...args], env()],
      ["bin/wif-exchange.cjs (tsx, no cache)", [join(ROOT, "bin", "wif-exchange.cjs"), ...args], env({ TSX_DISABLE_CACHE: "1" })],
      ["esbuild bundle, no tsx", [join(work, "bundled.cjs"), ...args], env()],
      ["wif-exchange --help (tsx: load only)", [join(ROOT, "bin", "wif-exchange.cjs"), "--help"], env()],
      ["bundle --help (load only)", [join(work, "bundled.cjs"), "--help"], env()],
      ["node -e '' (bare start)", ["-e", ""], env()],
    ];
    // One unmeasured run fills tsx's cache, as the first run on a CI machine does.
    await time(variants[0][1], work, variants[0][2]);
    console.log(`wif-exchange cold runs against ${endpoint.url}, ${RUNS} each, Node ${process.version}:`);
    for (const [name, argv, e] of variants) {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await time(argv, work, e));
      console.log(`  ${name.padEnd(40)} ${stats(ms)}`);
    }
    const keygen: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      generateKeyPairSync("rsa", { modulusLength: 2048 });
      keygen.push(performance.now() - start);
    }
    console.log(`  ${"RSA-2048 key generation (in-process)".padEnd(40)} ${stats(keygen)}`);
    console.log(`  exchanges answered: ${endpoint.issued.length}, refused: ${endpoint.rejections.length}`);
  } finally {
    await endpoint.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
