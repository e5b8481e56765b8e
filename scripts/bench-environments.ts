// npm run bench:envs [-- --runs N] [-- --envs E] [-- --rules R]: how long one `npm run synth` takes for E environments
// (default 10) of R rules each (default 100), all from one base config with overlays, next to one environment
// alone. Figures only: nothing here fails on a slow machine. Each case runs as a child process, N times (default 3);
// the median is shown.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

function option(argv: readonly string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    console.error(`error: ${flag} must be a whole number from 1 to 1000; got ${JSON.stringify(argv[i + 1])}.`);
    process.exit(2);
  }
  return n;
}

/** The base: one GitHub trust, rules/10 service users with 10 rules and a statement each, an oci backend. */
function baseConfig(rules: number, withEnvironments: boolean): string {
  const lines = [
    ...(withEnvironments ? ["[Environments]", "dir = envs"] : []),
    "[IdentityDomain]",
    "iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
    "[OCIConfig]",
    "tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000",
    "region = us-ashburn-1",
    "[Backend]",
    "type = oci",
    "bucket = bench-state",
    "namespace = benchns",
    "[Trust github]",
    "issuer = https://token.actions.githubusercontent.com",
    "audience = oci-wif-bench",
  ];
  for (let u = 0; u < Math.ceil(rules / 10); u++) {
    const id = String(u).padStart(4, "0");
    lines.push(`[ServiceUser bench-${id}]`);
    for (let r = 0; r < 10 && u * 10 + r < rules; r++)
      lines.push(
        `rule[] = github repo=bench-org/repo-${id} owner_id=1000001 repo_id=${2000000 + u} branch=release-${r}`,
      );
    lines.push(`allow[] = read objects in compartment bench-${id}`);
  }
  return lines.join("\n") + "\n";
}

function overlay(i: number): string {
  const hex = i.toString(16).padStart(32, "0");
  return `[IdentityDomain]\niam_guid = https://idcs-${hex}.identity.oraclecloud.com\n[OCIConfig]\ncli_profile = env-${i}\nregion = eu-frankfurt-1\n`;
}

function measure(config: string, runs: number, work: string, expectStacks: number, expectRules: number): number[] {
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const outdir = join(work, `out-${i}-${expectStacks}`);
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, WIF_CONFIG: config, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (r.status !== 0) throw new Error(`synth failed (exit ${r.status}):\n${r.stderr}`);
    // Check the run did the work: every stack, and every rule in each.
    const stacks = readdirSync(join(outdir, "stacks"));
    for (const s of stacks) {
      const doc = JSON.parse(readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8"));
      const n = Object.values<any>(doc.resource.oci_identity_domains_identity_propagation_trust).reduce(
        (sum, t) => sum + t.impersonation_service_users.length,
        0,
      );
      if (n < expectRules) throw new Error(`stack ${s} has ${n} rule entries; expected at least ${expectRules}`);
    }
    if (stacks.length !== expectStacks) throw new Error(`expected ${expectStacks} stacks, found ${stacks.length}`);
    rmSync(outdir, { recursive: true, force: true });
  }
  return wall;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(argv: readonly string[]): void {
  const runs = option(argv, "--runs", 3);
  const envs = option(argv, "--envs", 10);
  const rules = option(argv, "--rules", 100);
  const work = mkdtempSync(join(tmpdir(), "wif-bench-envs-"));
  try {
    const single = join(work, "single.ini");
    writeFileSync(single, baseConfig(rules, false));
    mkdirSync(join(work, "multi", "envs"), { recursive: true });
    const multi = join(work, "multi", "setupConfig.ini");
    writeFileSync(multi, baseConfig(rules, true));
    for (let i = 0; i < envs; i++)
      writeFileSync(join(work, "multi", "envs", `env${String(i).padStart(2, "0")}.ini`), overlay(i + 1));

    const one = measure(single, runs, work, 1, rules);
    const all = measure(multi, runs, work, envs, rules);
    console.log(`npm run synth, median of ${runs} runs (each a fresh node process; includes node and tsx start-up):`);
    console.log(`| case | stacks | rules per stack | wall (s) | runs (s) |`);
    console.log(`|---|---|---|---|---|`);
    console.log(
      `| one environment | 1 | ${rules} | ${median(one).toFixed(2)} | ${one.map((x) => x.toFixed(2)).join(", ")} |`,
    );
    console.log(
      `| ${envs} environments | ${envs} | ${rules} | ${median(all).toFixed(2)} | ${all.map((x) => x.toFixed(2)).join(", ")} |`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
