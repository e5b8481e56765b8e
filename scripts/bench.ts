// npm run bench [-- --runs N]: how long the project's synth takes, and how much memory, for the example config and
// for configs with 10, 100, 1000 and 10,000 rules, and what refusing 10,000 service users or 20,000 rules costs,
// next to `cdktf synth` of the example; the example and 1000 rules on CDK Terrain (WIF_ENGINE=cdktn), next to
// `cdktn synth`; and the review (wif-review) of the documented maximum, 2,000 service users with 10,000 rules, on
// one claim and on two (every rule on one then pairs with every rule on the other). Figures only: nothing here fails
// on a slow machine. Each case runs as a child process (what a user or CI runs), N times; the median is shown.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const GNU_TIME = "/usr/bin/time";
const TARGETS = {
  exampleSeconds: 0.6,
  bigSeconds: 1.5,
  bigMegabytes: 400,
  cdktfRatio: 8,
  tenKSeconds: 10,
  tenKMegabytes: 1024,
  /** The review of 2,000 users / 10,000 rules (issue 16): within 10 s and 1 GB. */
  reviewSeconds: 10,
  reviewMegabytes: 1024,
};

interface Case {
  readonly label: string;
  readonly rules: number | string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The exit code the run must end with. @default 0 */
  readonly expectExit?: number;
  /** Checks the run did the work (a synth that exits 0 but writes nothing would look fast). */
  readonly verify?: (outdir: string) => void;
  /** A review case: measured against the review targets. */
  readonly review?: boolean;
}

interface Measured {
  readonly wall: number[];
  readonly peakKb: number[];
}

function main(argv: readonly string[]): number {
  const runsArg = argv.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`error: --runs must be a whole number of at least 1; got ${JSON.stringify(argv[runsArg + 1])}.`);
    return 2;
  }
  // The figures are for what ships: the compiled dist/ (bin/wif-synth.cjs runs it when it is current).
  if (spawnSync("npm", ["run", "-s", "build:if-stale"], { cwd: ROOT, stdio: "inherit" }).status !== 0) {
    console.error("error: the build failed; see above.");
    return 2;
  }
  const hasTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;
  const work = mkdtempSync(join(tmpdir(), "wif-bench-"));
  try {
    const node = process.execPath;
    const synthCase = (label: string, rules: number | string, config: string): Case => ({
      label,
      rules,
      argv: [node, "bin/wif-synth.cjs"],
      env: { WIF_CONFIG: config },
      verify: (outdir) => {
        const doc = JSON.parse(readFileSync(join(outdir, "stacks", stackOf(config), "cdk.tf.json"), "utf8"));
        const trusts = Object.values<any>(doc.resource.oci_identity_domains_identity_propagation_trust ?? {});
        const n = trusts.reduce((sum, t) => sum + (t.impersonation_service_users?.length ?? 0), 0);
        if (typeof rules === "number" && n !== rules)
          throw new Error(`${label}: expected ${rules} rules in the stack, found ${n}`);
      },
    });
    const cases: Case[] = [synthCase("our synth: setupConfig.ini (example)", 1, join(ROOT, "setupConfig.ini"))];
    for (const n of [10, 100, 1000, 10_000]) {
      const file = join(work, `bench-${n}.ini`);
      writeFileSync(file, benchConfig(n));
      cases.push(synthCase(`our synth: ${n} rules (${n / 10} users × 10)`, n, file));
    }
    // The same app built for CDK Terrain (bin/run.cjs runs dist/cdktn/bundle/wif-synth.js for WIF_ENGINE=cdktn).
    for (const [n, config] of [
      [1, join(ROOT, "setupConfig.ini")],
      [1000, join(work, "bench-1000.ini")],
    ] as const) {
      const onCdktf = synthCase("", n, config);
      cases.push({
        ...onCdktf,
        label: `our synth on CDK Terrain: ${n === 1 ? "setupConfig.ini (example)" : `${n} rules`}`,
        env: { ...onCdktf.env, WIF_ENGINE: "cdktn" },
      });
    }
    cases.push({
      ...synthCase("sources through tsx: setupConfig.ini (example)", 1, join(ROOT, "setupConfig.ini")),
      argv: [node, "--import", "tsx", "main.ts"],
    });
    // Above the limits (core/limits.ts): refused up front, so the figure is the cost of the refusal.
    for (const [label, users, rulesEach] of [
      ["10000 service users × 1 rule", 10_000, 1],
      ["20000 rules (2000 users × 10)", 2_000, 10],
    ] as const) {
      const file = join(work, `bench-${users}x${rulesEach}.ini`);
      writeFileSync(file, benchConfig(users * rulesEach, rulesEach));
      cases.push({
        ...synthCase(`our synth: ${label}, refused`, users * rulesEach, file),
        expectExit: 2,
        verify: undefined,
      });
    }
    // The documented maximum (core/limits.ts): 2,000 service users, 10,000 rules. Synthesized once here (and timed
    // as a case of its own), then reviewed.
    const maxConfig = join(work, "bench-max.ini");
    writeFileSync(maxConfig, benchConfig(10_000, 5, "bench-max"));
    cases.push(synthCase("our synth: 10000 rules (2000 users × 5, the documented maximum)", 10_000, maxConfig));
    const twoClaims = join(work, "bench-max-two-claims.ini");
    writeFileSync(twoClaims, benchConfig(10_000, 5, "bench-max-two-claims", true));
    for (const [label, config] of [
      ["wif-review: 2000 users × 5 rules (10000 rules, one claim)", maxConfig],
      ["wif-review: 2000 users × 5 rules, half on job_workflow_ref (12.5 M rule pairs on two claims)", twoClaims],
    ] as const) {
      const outdir = join(work, `review-${stackOf(config)}`);
      const synth = spawnSync(node, ["bin/wif-synth.cjs"], {
        cwd: ROOT,
        env: { ...process.env, WIF_CONFIG: config, CDKTF_OUTDIR: outdir },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (synth.status !== 0)
        throw new Error(`synthesizing ${config} for the review failed:\n${synth.stderr.slice(-2000)}`);
      const markdown = join(work, `review-${stackOf(config)}.md`);
      cases.push({
        label,
        rules: 10_000,
        argv: [node, "bin/wif-review.cjs", "--stack", join(outdir, "stacks", stackOf(config)), "--markdown", markdown],
        env: {},
        review: true,
        verify: () => {
          const md = readFileSync(markdown, "utf8");
          const rows = md.split("\n").filter((l) => l.startsWith("| `") && l.includes("`bench-")).length;
          if (rows < 2_000) throw new Error(`${label}: expected a row per service user in the report, found ${rows}`);
          rmSync(markdown);
        },
      });
    }
    cases.push({
      label: "module loading only (dist/app/synth.js, no synth)",
      rules: "-",
      argv: [node, "dist/app/synth.js"], // loads the module and everything it imports, and does nothing
      env: {},
    });
    // For scale: Node's own start, and the `terraform version` that cdktf's TerraformData validation spawns on every
    // synth of a stack with a terraform_data (ours has one: RuntimeConfigFile).
    cases.push({ label: "node -e '' (bare start)", rules: "-", argv: [node, "-e", ""], env: {} });
    if (spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0) {
      cases.push({
        label: "terraform version (spawned by cdktf's validation)",
        rules: "-",
        argv: ["terraform", "version"],
        env: {},
      });
    }
    cases.push({
      label: "npx cdktf synth: setupConfig.ini (example)",
      rules: 1,
      argv: ["npx", "--no-install", "cdktf", "synth"],
      // cdktf-cli passes its --output to the app as CDKTF_OUTDIR; telemetry and version checks are off so no network is tried.
      env: {
        WIF_CONFIG: join(ROOT, "setupConfig.ini"),
        CHECKPOINT_DISABLE: "1",
        DISABLE_VERSION_CHECK: "true",
        CI: "1",
      },
      verify: (outdir) => {
        if (!existsSync(join(outdir, "stacks", "wif", "cdk.tf.json"))) throw new Error("cdktf synth wrote no stack");
      },
    });
    cases.push({
      label: "cdktn synth (cdktn-cli 0.24): setupConfig.ini (example), WIF_ENGINE=cdktn",
      rules: 1,
      argv: [node, join("engines", "cdktn", "node_modules", "cdktn-cli", "bin", "cdktn"), "synth"],
      // cdktn-cli reads cdktf.json too. It declares Node 22.19; on Node 20 it needs the stand-in the tests use.
      env: {
        WIF_CONFIG: join(ROOT, "setupConfig.ini"),
        WIF_ENGINE: "cdktn",
        CHECKPOINT_DISABLE: "1",
        CI: "1",
        NODE_OPTIONS: `--max-old-space-size=4096 --require ${join(ROOT, "test", "support", "cdktn-cli-node20.cjs")}`,
      },
      verify: (outdir) => {
        const stack = JSON.parse(readFileSync(join(outdir, "stacks", "wif", "cdk.tf.json"), "utf8"));
        if (stack["//"].metadata.version !== "0.24.0") throw new Error("cdktn synth did not synthesize with cdktn");
      },
    });

    const results: Array<[Case, Measured]> = [];
    for (const c of cases) {
      process.stderr.write(`bench: ${c.label} ×${runs}\n`);
      results.push([c, measure(c, runs, work, hasTime)]);
    }
    console.log(renderTable(results, runs, hasTime));
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The stack name a config synthesizes to (our bench configs set stack_name; the example uses the default). */
function stackOf(config: string): string {
  const m = /^\s*stack_name\s*=\s*(\S+)/m.exec(readFileSync(config, "utf8"));
  return m ? m[1] : "wif";
}

/**
 * A config with `n` GitHub rules: n/each service users with `each` immutable-ID rules, one policy statement each.
 * With `twoClaims`, every other user's rules are on `job_workflow_ref` instead of `sub`.
 */
function benchConfig(n: number, each = 10, stackName = `bench-${n}`, twoClaims = false): string {
  const lines = [
    "[IdentityDomain]",
    "iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
    "name = Default",
    "[OCIConfig]",
    "tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000",
    "compartment_ocid = ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000",
    "region = us-ashburn-1",
    "[WIFConfig]",
    "token_exchange_app_name = bench-exchange",
    `stack_name = ${stackName}`,
    "[Trust github]",
    "issuer = https://token.actions.githubusercontent.com",
    "audience = oci-wif-bench",
  ];
  for (let u = 0; u < n / each; u++) {
    const id = String(u).padStart(5, "0");
    lines.push(`[ServiceUser bench-${id}]`);
    for (let r = 0; r < each; r++)
      lines.push(
        twoClaims && u % 2
          ? `rule[] = job_workflow_ref eq bench-org/repo-${id}/.github/workflows/w${r}.yml@refs/heads/main`
          : `rule[] = github repo=bench-org/repo-${id} owner_id=1000001 repo_id=${2000000 + u} branch=release-${r}`,
      );
    lines.push(`allow[] = read objects in compartment bench-${id}`);
  }
  return lines.join("\n") + "\n";
}

function measure(c: Case, runs: number, work: string, hasTime: boolean): Measured {
  const wall: number[] = [];
  const peakKb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const outdir = join(work, `out-${Date.now()}-${i}`);
    const timeFile = join(work, "time.txt");
    const [cmd, ...args] = hasTime ? [GNU_TIME, "-f", "%M", "-o", timeFile, ...c.argv] : c.argv;
    const extra = c.argv[0] === "npx" || c.argv[1]?.endsWith(join("bin", "cdktn")) ? ["--output", outdir] : [];
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, [...args, ...extra], {
      cwd: ROOT,
      env: { ...process.env, ...c.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (r.status !== (c.expectExit ?? 0))
      throw new Error(
        `${c.label} failed (exit ${r.status}):\n${(r.stderr || r.stdout || String(r.error)).slice(-2000)}`,
      );
    c.verify?.(outdir);
    if (hasTime) peakKb.push(Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()));
    rmSync(outdir, { recursive: true, force: true });
  }
  return { wall, peakKb };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function renderTable(results: Array<[Case, Measured]>, runs: number, hasTime: boolean): string {
  const secs = (x: number) => `${x.toFixed(2)} s`;
  const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
  const get = (prefix: string) => results.find(([c]) => c.label.startsWith(prefix))![1];
  const example = get("our synth: setupConfig.ini");
  const big = get("our synth: 1000 rules (");
  const loading = get("module loading only");
  const cdktf = get("npx cdktf synth");

  const target = (c: Case, m: Measured): string => {
    const wall = median(m.wall);
    if (c.rules === 1 && c.label.startsWith("our synth"))
      return verdict(
        wall <= TARGETS.exampleSeconds,
        `≤ ${TARGETS.exampleSeconds} s`,
        wall - TARGETS.exampleSeconds,
        "s",
      );
    if (c.expectExit) return "refused up front (core/limits.ts)";
    if (c.review) {
      const time = verdict(
        wall <= TARGETS.reviewSeconds,
        `≤ ${TARGETS.reviewSeconds} s`,
        wall - TARGETS.reviewSeconds,
        "s",
      );
      if (!hasTime) return `${time}; memory not measured`;
      const peak = median(m.peakKb) / 1024;
      return `${time}; ${verdict(peak <= TARGETS.reviewMegabytes, `≤ ${TARGETS.reviewMegabytes} MB`, peak - TARGETS.reviewMegabytes, "MB")}`;
    }
    if (c.rules === 10_000) {
      const time = verdict(wall <= TARGETS.tenKSeconds, `≤ ${TARGETS.tenKSeconds} s`, wall - TARGETS.tenKSeconds, "s");
      if (!hasTime) return `${time}; memory not measured`;
      const peak = median(m.peakKb) / 1024;
      return `${time}; ${verdict(peak <= TARGETS.tenKMegabytes, `≤ ${TARGETS.tenKMegabytes} MB`, peak - TARGETS.tenKMegabytes, "MB")}`;
    }
    if (c.label.startsWith("npx cdktf synth")) {
      const ratio = wall / median(example.wall);
      return verdict(ratio >= TARGETS.cdktfRatio, `≥ ${TARGETS.cdktfRatio}× ours`, TARGETS.cdktfRatio - ratio, "×");
    }
    if (c.rules === 1000) {
      const time = verdict(wall <= TARGETS.bigSeconds, `≤ ${TARGETS.bigSeconds} s`, wall - TARGETS.bigSeconds, "s");
      if (!hasTime) return `${time}; memory not measured`;
      const peak = median(m.peakKb) / 1024;
      return `${time}; ${verdict(peak <= TARGETS.bigMegabytes, `≤ ${TARGETS.bigMegabytes} MB`, peak - TARGETS.bigMegabytes, "MB")}`;
    }
    return "";
  };

  const lines = [
    `| case | rules | wall time (median of ${runs}) | min–max | peak RSS¹ | target |`,
    "|---|---|---|---|---|---|",
    ...results.map(
      ([c, m]) =>
        `| ${c.label} | ${c.rules} | ${secs(median(m.wall))} | ${secs(Math.min(...m.wall))}–${secs(Math.max(...m.wall))} | ${hasTime ? mb(median(m.peakKb)) : "n/a"} | ${target(c, m)} |`,
    ),
    "",
    `cdktf synth / our synth (example): **${(median(cdktf.wall) / median(example.wall)).toFixed(1)}×** wall time` +
      (hasTime ? `, ${(median(cdktf.peakKb) / median(example.peakKb)).toFixed(1)}× peak RSS.` : "."),
    "",
    `Where the time goes: loading the compiled modules alone (cdktf, the generated bindings, the config and construct code; ` +
      `no synth) takes ${secs(median(loading.wall))}, against ${secs(median(example.wall))} for the whole example synth, so the ` +
      `example is almost all start-up; 1000 rules add ${secs(Math.max(0, median(big.wall) - median(loading.wall)))} of construct ` +
      `work and writing on top of loading.`,
    "",
    hasTime
      ? "¹ GNU time's %M: the largest resident set of any single process in the tree (rusage of waited-for children), " +
        "not a sum over processes. cdktf synth runs our synth as a child, so its figure is the larger of the CLI and the app."
      : `¹ ${GNU_TIME} (GNU time) is not installed here, so peak memory was not measured (apt-get install time).`,
    `Machine: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${process.platform}/${process.arch}; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} when the table was printed (1, 5, 15 min).`,
  ];
  return lines.join("\n");
}

function verdict(ok: boolean, target: string, over: number, unit: string): string {
  return ok ? `${target}: met` : `${target}: **missed by ${over.toFixed(unit === "MB" ? 0 : 2)} ${unit}**`;
}

process.exitCode = main(process.argv.slice(2));
