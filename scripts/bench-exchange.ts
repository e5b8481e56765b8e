/**
 * Cold-run wall time of `wif-exchange` against the local token endpoint: each run is a new Node process, as in
 * CI. Prints min / median / max over N runs for
 *   - the slim client package (packages/wif-client: one esbuild bundle, what a CI job installs),
 *   - the full package's bin running the compiled dist/,
 *   - the TypeScript sources through tsx (how it ran before the build step),
 *   - the RPST exchange (`--rpst`) through the slim client and dist/,
 *   - the slim client's `--help`, which loads the code but generates no key and sends nothing,
 * and, for scale, a bare `node` start and an RSA-2048 key generation; then the slim client's install size.
 * Figures only; not a test.
 *
 * The seed's wifRuntime.py (github.com/kiranthakkar/WorkloadIdFederation; not part of this repository: give the
 * path of a local copy in WIF_SEED_RUNTIME) is run the same way, cold, with python3 against the same endpoint: it
 * reads runtimeConfig.ini (the subject token inside), makes an RSA-2048 key, sends the same exchange and writes the
 * token. It needs the Python packages requests and cryptography (Debian: python3-requests, python3-cryptography).
 * The target is the slim client's median at most half the seed's.
 *
 *   WIF_SEED_RUNTIME=/path/to/wifRuntime.py npm run bench:exchange [-- --runs 10]
 */
import { execFile, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { githubToken, startTokenEndpoint } from "../testing/token-endpoint";

const ROOT = join(__dirname, "..");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;

function time(
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  command: string = process.execPath,
): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd, env }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`run failed (${err.code}): ${stderr.split("\n")[0]}`));
      else resolve(performance.now() - start);
    }),
  );
}

function median(ms: readonly number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const median_ = median(s);
  const f = (n: number) => `${Math.round(n)} ms`.padStart(7);
  return `min ${f(s[0])}  median ${f(median_)}  max ${f(s[s.length - 1])}  (N=${s.length})`;
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
    // What ships: the slim client's bundle, and the full package's compiled dist/ (both built first).
    spawnSync("npm", ["run", "-s", "build:client"], { cwd: ROOT, stdio: "inherit" });
    spawnSync("npm", ["run", "-s", "build:if-stale"], { cwd: ROOT, stdio: "inherit" });
    const slim = join(ROOT, "packages", "wif-client", "bin", "wif-exchange.js");
    const tsxEntry = join(work, "tsx-entry.cjs");
    writeFileSync(
      tsxEntry,
      `require("tsx/cjs/api").register();\nrequire(${JSON.stringify(join(ROOT, "client", "exchange-cli.ts"))}).main(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n`,
    );

    const env = (extra: Record<string, string> = {}) => ({
      PATH: process.env.PATH,
      HOME: work,
      NODE_PATH: join(ROOT, "node_modules"),
      ...extra,
    });
    const args = ["--token-file", "ci.jwt"];
    const rpstArgs = ["--rpst", "--res-type", "github-actions", "--rpst-exp", "3600"];
    const variants: Array<[string, string[], Record<string, string | undefined>]> = [
      ["slim client (oci-wif-client, one bundle)", [slim, ...args], env()],
      ["bin/wif-exchange.cjs (dist/, compiled)", [join(ROOT, "bin", "wif-exchange.cjs"), ...args], env()],
      ["sources through tsx (warm cache)", [tsxEntry, ...args], env()],
      // The RPST exchange (trust mode resource): same client, one more parameter, two files instead of three.
      ["slim client --rpst", [slim, ...args, ...rpstArgs], env()],
      ["bin/wif-exchange.cjs --rpst (dist/)", [join(ROOT, "bin", "wif-exchange.cjs"), ...args, ...rpstArgs], env()],
      ["slim client --help (load only)", [slim, "--help"], env()],
      ["node -e '' (bare start)", ["-e", ""], env()],
    ];
    // One unmeasured run fills tsx's cache, as the first run on a CI machine does.
    await time(variants[0][1], work, variants[0][2]);
    console.log(`wif-exchange cold runs against ${endpoint.url}, ${RUNS} each, Node ${process.version}:`);
    const medians = new Map<string, number>();
    for (const [name, argv, e] of variants) {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await time(argv, work, e));
      medians.set(name, median(ms));
      console.log(`  ${name.padEnd(40)} ${stats(ms)}`);
    }
    const seed = process.env.WIF_SEED_RUNTIME;
    if (seed) {
      // The seed reads ./runtimeConfig.ini with the subject token in it, and writes private_key.pem and upstToken.
      const seedDir = join(work, "seed");
      mkdirSync(seedDir);
      writeFileSync(
        join(seedDir, "runtimeConfig.ini"),
        [
          "[IdentityDomain]",
          `iam_guid = ${endpoint.url}`,
          "[WIFConfig]",
          `oauthclientid = ${endpoint.clientId}`,
          `oauthclientsecret = ${endpoint.clientSecret}`,
          `subjecttoken = ${githubToken({ exp: Math.floor(Date.now() / 1000) + 3600 })}`,
          "",
        ].join("\n"),
        { mode: 0o600 },
      );
      const python = process.env.PYTHON ?? "python3";
      const before = endpoint.issued.length;
      await time([seed], seedDir, env(), python); // unmeasured: fills the OS file cache, as for the others
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await time([seed], seedDir, env(), python));
      const issued = endpoint.issued.length - before;
      console.log(`  ${"seed wifRuntime.py (python3)".padEnd(40)} ${stats(ms)}  tokens issued: ${issued}`);
      const slim = medians.get(variants[0][0])!;
      const ratio = slim / median(ms);
      console.log(
        `  slim client / seed (medians): ${ratio.toFixed(2)} (target <= 0.50: ${ratio <= 0.5 ? "met" : "NOT met"})`,
      );
      // For scale: the seed's key generation alone (python3 cryptography, whichever OpenSSL it is built with).
      const py = spawnSync(
        python,
        [
          "-c",
          "import time,statistics\nfrom cryptography.hazmat.primitives.asymmetric import rsa\nfrom cryptography.hazmat.backends.openssl.backend import backend\nms=[]\nfor i in range(" +
            RUNS +
            "):\n t=time.perf_counter(); rsa.generate_private_key(public_exponent=65537,key_size=2048); ms.append((time.perf_counter()-t)*1000)\nprint(round(min(ms)), round(statistics.median(ms)), round(max(ms)), backend.openssl_version_text())",
        ],
        { encoding: "utf8" },
      );
      const [min, med, max, ...openssl] = py.stdout.trim().split(" ");
      if (py.status === 0)
        console.log(
          `  ${"RSA-2048 in python3 cryptography".padEnd(40)} min ${min.padStart(4)} ms  median ${med.padStart(4)} ms  max ${max.padStart(4)} ms  (${openssl.join(" ")}; Node's is OpenSSL ${process.versions.openssl})`,
        );
    } else console.log("  seed wifRuntime.py: not measured (set WIF_SEED_RUNTIME to a local copy's path)");
    const keygen: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      generateKeyPairSync("rsa", { modulusLength: 2048 });
      keygen.push(performance.now() - start);
    }
    console.log(`  ${"RSA-2048 key generation (in-process)".padEnd(40)} ${stats(keygen)}`);
    console.log(`  exchanges answered: ${endpoint.issued.length}, refused: ${endpoint.rejections.length}`);
    console.log(clientInstallSize(work));
  } finally {
    await endpoint.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Packs the slim client and installs it alone, offline, into an empty project: what a CI job downloads. */
function clientInstallSize(work: string): string {
  const project = join(work, "install");
  mkdirSync(project);
  const packed = spawnSync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", work, "./packages/wif-client"],
    { cwd: ROOT, encoding: "utf8" },
  );
  const [{ filename, size }] = JSON.parse(packed.stdout) as { filename: string; size: number }[];
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "job", private: true, dependencies: { "oci-wif-client": `file:${join(work, filename)}` } }),
  );
  const installed = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund"], {
    cwd: project,
    encoding: "utf8",
  });
  if (installed.status !== 0) return `  client install: npm install failed: ${installed.stderr.split("\n")[0]}`;
  const du = spawnSync("du", ["-sk", join(project, "node_modules")], { encoding: "utf8" }).stdout.split("\t")[0];
  return `  client install (npm install of the packed oci-wif-client alone): ${(Number(du) / 1024).toFixed(2)} MB on disk (du), tarball ${(size / 1024).toFixed(0)} kB; target < 5 MB`;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
