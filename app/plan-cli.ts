import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { EXIT } from "../core/errors";
import { redact } from "../core/redact";
import { renderPlan } from "./plan-render";
import { main as reviewMain } from "../review/cli";

/**
 * `npm run plan` and `npm run deploy`: the path from a config to applied resources that never prints a secret.
 *
 * `plan` synthesizes, runs `terraform plan -out` without showing Terraform's own output (it prints the live client
 * secret when an app is replaced: the provider does not mark it sensitive), reads `terraform show -json`, prints
 * {@link renderPlan}'s redacted diff and runs the review on the same plan. `deploy` applies that saved plan, so
 * what is applied is what was reviewed, and Terraform does not print the plan again.
 */

/** The saved plan's file name in the stack directory. */
export const PLAN_FILE = "wif.tfplan";

/** Options of {@link plan} and {@link deploy}; tests pass a stack directory and their own output. */
export interface PlanOptions {
  /** The stack directory (cdktf.out/stacks/<name>). */
  readonly stackDir: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** The terraform binary. @default "terraform" */
  readonly terraform?: string;
  /** Seconds each terraform step may take. @default 1800 */
  readonly timeoutSeconds?: number;
}

interface Step {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function terraform(options: PlanOptions, args: readonly string[], maxBuffer = 64 * 1024 * 1024): Step {
  const r = spawnSync(options.terraform ?? "terraform", [...args], {
    cwd: options.stackDir,
    encoding: "utf8",
    maxBuffer,
    timeout: (options.timeoutSeconds ?? 1800) * 1000,
    env: {
      // The provider sets no timeout on its HTTP requests (HTTP_REQUEST_TIMEOUT defaults to 0 in oracle/oci 8.28.0,
      // internal/provider/provider.go), so one request that never gets an answer stalls the apply until this
      // command's own timeout. 60 s is the Go SDK's own default; a request that times out is retried by the provider.
      HTTP_REQUEST_TIMEOUT: "60s",
      ...process.env,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
    },
  });
  return {
    ok: r.status === 0,
    stdout: r.stdout ?? "",
    stderr: r.error ? `${r.error.message}\n${r.stderr ?? ""}` : (r.stderr ?? ""),
  };
}

/**
 * What Terraform's diagnostics say went wrong, one line per error (at most three): the `Error:` summary, and for an
 * OCI service error the service, operation and request ID the provider adds, which support asks for. Warnings and
 * the configuration excerpt are left out. Falls back to the last lines when there is no `Error:` block.
 */
export function terraformErrors(stderr: string): string[] {
  const lines = stderr.split("\n").map((l) => l.replace(/^[│╷╵\s]+/, "").trimEnd());
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < 3; i++) {
    const m = /^Error: (.*)$/.exec(lines[i]);
    if (!m) continue;
    const facts: string[] = [];
    let detail = "";
    for (let j = i + 1; j < lines.length && !/^(Error|Warning): /.test(lines[j]); j++) {
      const fact = /^(Service|Operation Name|OPC request ID|Request Target): (.+)$/.exec(lines[j]);
      if (fact) facts.push(`${fact[1]} ${fact[2].trim()}`);
      else if (
        !detail &&
        lines[j] &&
        !/^(with |on |\d+:|Suggestion|Documentation|API Reference|Provider version)/.test(lines[j])
      )
        detail = lines[j];
    }
    const summary = m[1].replace(/,\s*$/, "");
    out.push([summary, detail, facts.length ? `(${facts.join("; ")})` : ""].filter(Boolean).join(" "));
  }
  return out.length ? out : lines.filter(Boolean).slice(-5);
}

/** Prints what a failed step did and what Terraform said went wrong, redacted: Terraform quotes values in errors. */
function fail(options: PlanOptions, what: string, step: Step, applied = "nothing was applied"): number {
  options.err(`error: ${what} failed; ${applied}. Terraform said (redacted):`);
  for (const line of terraformErrors(step.stderr)) options.err(`  ${redact(line)}`);
  return EXIT.failed;
}

/**
 * Plans the synthesized stack in `stackDir`, prints the redacted diff and the review of the plan. Returns the
 * review's exit code (0, or 1 for unsuppressed error findings), or 1 when Terraform failed.
 */
export async function plan(options: PlanOptions): Promise<number> {
  if (!existsSync(join(options.stackDir, "cdk.tf.json"))) {
    options.err(`error: ${options.stackDir}: no cdk.tf.json. Run \`npm run synth\` first.`);
    return EXIT.badInput;
  }
  if (!existsSync(join(options.stackDir, ".terraform"))) {
    const init = terraform(options, ["init", "-input=false", "-no-color"]);
    if (!init.ok) return fail(options, "terraform init", init);
  }
  rmSync(join(options.stackDir, PLAN_FILE), { force: true });
  // Terraform's own plan output is never shown: it would print a replaced app's client secret.
  const planned = terraform(options, ["plan", `-out=${PLAN_FILE}`, "-input=false", "-no-color", "-lock-timeout=60s"]);
  if (!planned.ok) return fail(options, "terraform plan", planned);
  chmodSync(join(options.stackDir, PLAN_FILE), 0o600); // the saved plan holds the state's secrets
  const shown = terraform(options, ["show", "-json", PLAN_FILE], 512 * 1024 * 1024);
  if (!shown.ok) return fail(options, "terraform show -json", shown);
  const doc = JSON.parse(shown.stdout);
  for (const line of renderPlan(doc)) options.out(line);

  // The review reads the plan from a file; it holds secrets, so it is private and removed at once.
  const planJson = join(options.stackDir, `${PLAN_FILE}.json`);
  writeFileSync(planJson, shown.stdout, { mode: 0o600 });
  try {
    return await reviewMain(["--stack", options.stackDir, "--plan", planJson], {
      stdout: (t) =>
        t
          .replace(/\n$/, "")
          .split("\n")
          .forEach((l) => options.out(redact(l))),
      stderr: (t) =>
        t
          .replace(/\n$/, "")
          .split("\n")
          .forEach((l) => options.err(redact(l))),
    });
  } finally {
    rmSync(planJson, { force: true });
  }
}

/** Applies the plan saved by {@link plan}, printing Terraform's progress lines redacted. */
export function deploy(options: PlanOptions): number {
  if (!existsSync(join(options.stackDir, PLAN_FILE))) {
    options.err(`error: ${join(options.stackDir, PLAN_FILE)}: no saved plan. Run \`npm run plan\` first and read it.`);
    return EXIT.badInput;
  }
  const applied = terraform(options, ["apply", "-input=false", "-no-color", "-lock-timeout=60s", PLAN_FILE]);
  for (const line of applied.stdout.trim().split("\n")) if (line) options.out(redact(line));
  if (!applied.ok)
    return fail(
      options,
      "terraform apply",
      applied,
      "what it finished before the error is in the state, and `npm run plan` shows what is left (a second run picks up from there)",
    );
  rmSync(join(options.stackDir, PLAN_FILE), { force: true }); // applied: it cannot be applied twice anyway
  return EXIT.ok;
}

/** `npm run plan` / `npm run deploy`: synthesize WIF_CONFIG (plan only), then plan or apply. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, only, ...extra] = argv;
  const out = (l: string) => process.stdout.write(`${l}\n`);
  const err = (l: string) => process.stderr.write(`${l}\n`);
  if ((command !== "plan" && command !== "deploy") || extra.length > 0 || only?.startsWith("-")) {
    err("usage: plan-cli.ts plan|deploy [<stack name>]   (npm run plan [-- <stack>], npm run deploy [-- <stack>])");
    return EXIT.badInput;
  }
  process.setSourceMapsEnabled(false);
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  if (command === "deploy") {
    const planned = existsSync(join(outdir, "stacks"))
      ? readdirSync(join(outdir, "stacks")).filter((n) => existsSync(join(outdir, "stacks", n, PLAN_FILE)))
      : [];
    const stacks = only === undefined ? planned : planned.filter((n) => n === only);
    if (stacks.length !== 1) {
      const what =
        stacks.length === 0
          ? `no saved plan${only ? ` for stack ${JSON.stringify(only)}` : ""}`
          : `saved plans of several stacks (${stacks.join(", ")})`;
      err(
        `error: ${what} under ${join(outdir, "stacks")}. Run \`npm run plan\` first${stacks.length > 1 ? ", then `npm run deploy -- <stack>`" : ""}.`,
      );
      return EXIT.badInput;
    }
    return deploy({ stackDir: join(outdir, "stacks", stacks[0]), out, err });
  }
  // Loaded only now: it imports the generated bindings, which `deploy` does not need.
  const { synthesize } = require("./synth") as typeof import("./synth");
  const result = synthesize({ configPath: process.env.WIF_CONFIG ?? "setupConfig.ini", outdir, log: err });
  if (result.exitCode !== 0) return result.exitCode;
  // One stack, or one per [Environments] overlay: each is planned (or only the one named), each plan saved beside it.
  const all = result.stackDirs ? Object.values(result.stackDirs) : result.stackDir ? [result.stackDir] : [];
  const dirs: Record<string, string> = Object.fromEntries(all.map((d) => [basename(d), d]));
  const names = Object.keys(dirs).filter((n) => only === undefined || n === only);
  if (names.length === 0) {
    err(`error: no stack ${JSON.stringify(only)} in this config; its stacks: ${Object.keys(dirs).join(", ")}.`);
    return EXIT.badInput;
  }
  let code: number = EXIT.ok;
  for (const name of names) {
    if (names.length > 1) out(`## Stack ${name}`);
    code = Math.max(code, await plan({ stackDir: dirs[name], out, err }));
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`error: unexpected failure: ${redact(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
