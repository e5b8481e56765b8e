import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { EXIT, hasCode } from "../core/errors";
import { parseJson, type DataError } from "../core/bounded-json";
import { staleReason } from "../core/stack-source";
import { checkPlan, type CheckedPlan } from "../review/plan";
import { writeSecretFile } from "../core/secret-file";
import { registerEnvironmentSecrets } from "../core/redact";
import { processOutput, redactedOutput, terminal } from "../core/text-out";
import { registerPlanSecrets, renderPlan } from "./plan-render";
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
  // What terraform is given (the provider's client secret, a backend's password) may come back in its errors.
  registerEnvironmentSecrets(process.env);
  const r = spawnSync(options.terraform ?? "terraform", [...args], {
    cwd: options.stackDir,
    encoding: "utf8",
    maxBuffer,
    timeout: (options.timeoutSeconds ?? 1800) * 1000,
    env: { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
  });
  return {
    ok: r.status === 0,
    stdout: r.stdout ?? "",
    stderr: r.error ? `${r.error.message}\n${r.stderr ?? ""}` : (r.stderr ?? ""),
  };
}

/**
 * Registers the secrets of the state, or of a saved plan (which holds the state's and the planned values), with
 * core/redact.ts, so Terraform's lines that quote one are redacted; a state that cannot be shown adds nothing.
 */
function learnSecrets(options: PlanOptions, planFile?: string): void {
  const shown = terraform(options, ["show", "-json", ...(planFile ? [planFile] : [])], 512 * 1024 * 1024);
  if (!shown.ok) return;
  try {
    registerPlanSecrets(
      parseJson(shown.stdout, { source: "terraform show -json" }) as Parameters<typeof registerPlanSecrets>[0],
    );
  } catch {
    // Not JSON (or not within core/bounded-json.ts's bounds): nothing learnt.
  }
}

/**
 * Prints the last lines of a failed step's error output, redacted: Terraform quotes values in its errors and
 * warnings, so the state's secrets are learnt first.
 */
function fail(options: PlanOptions, what: string, step: Step, planFile?: string): number {
  learnSecrets(options, planFile);
  options.err(`error: ${what} failed; nothing was applied. Terraform said (redacted):`);
  for (const line of step.stderr.trim().split("\n").slice(-20)) options.err(`  ${line}`);
  return EXIT.failed;
}

/**
 * Plans the synthesized stack in `stackDir`, prints the redacted diff and the review of the plan. Returns the
 * review's exit code (0, or 1 for unsuppressed error findings), or 1 when Terraform failed.
 */
export async function plan(rawOptions: PlanOptions): Promise<number> {
  const options = redactedOutput(rawOptions);
  if (!existsSync(join(options.stackDir, "cdk.tf.json"))) {
    options.err(`error: ${options.stackDir}: no cdk.tf.json. Run \`npm run synth\` first.`);
    return EXIT.badInput;
  }
  // Fail closed: a stack without a record of its config, or whose config changed, is not planned.
  const refused = staleReason(join(options.stackDir, "cdk.tf.json"));
  if (refused) {
    options.err(`error: ${join(options.stackDir, "cdk.tf.json")}: ${refused}. Run \`npm run synth\` again, then plan.`);
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
  let doc: CheckedPlan;
  try {
    // Terraform's output is data too: bounded, and checked before the renderer and the review read it.
    doc = checkPlan(parseJson(shown.stdout, { source: "terraform show -json" }), "terraform show -json", "failed");
  } catch (err) {
    if (!hasCode<DataError>(err, "WIF-E-DATA")) throw err;
    // What cannot be read cannot be reviewed, so the saved plan goes too: deploy applies only a reviewed plan.
    rmSync(join(options.stackDir, PLAN_FILE), { force: true });
    options.err(`error: ${err.clause}; nothing was applied, and the saved plan was removed.`);
    return EXIT.failed;
  }
  for (const line of renderPlan(doc)) options.out(line);

  // The review reads the plan from a file; it holds secrets, so it is private and removed at once.
  const planJson = join(options.stackDir, `${PLAN_FILE}.json`);
  writeSecretFile(planJson, shown.stdout);
  try {
    return await reviewMain(["--stack", options.stackDir, "--plan", planJson], {
      stdout: (t) =>
        t
          .replace(/\n$/, "")
          .split("\n")
          .forEach((l) => options.out(l)),
      stderr: (t) =>
        t
          .replace(/\n$/, "")
          .split("\n")
          .forEach((l) => options.err(l)),
    });
  } finally {
    rmSync(planJson, { force: true });
  }
}

/** Applies the plan saved by {@link plan}, printing Terraform's progress lines redacted. */
export function deploy(rawOptions: PlanOptions): number {
  const options = redactedOutput(rawOptions);
  if (!existsSync(join(options.stackDir, PLAN_FILE))) {
    options.err(`error: ${join(options.stackDir, PLAN_FILE)}: no saved plan. Run \`npm run plan\` first and read it.`);
    return EXIT.badInput;
  }
  // The saved plan's secrets (the state's and the planned values) are known before any line of apply is printed.
  learnSecrets(options, PLAN_FILE);
  const applied = terraform(options, ["apply", "-input=false", "-no-color", "-lock-timeout=60s", PLAN_FILE]);
  for (const line of applied.stdout.trim().split("\n")) if (line) options.out(line);
  if (!applied.ok) return fail(options, "terraform apply", applied);
  rmSync(join(options.stackDir, PLAN_FILE), { force: true }); // applied: it cannot be applied twice anyway
  return EXIT.ok;
}

/** `npm run plan` / `npm run deploy`: synthesize WIF_CONFIG (plan only), then plan or apply. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, only, ...extra] = argv;
  const { out, err } = processOutput();
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
      process.stderr.write(`error: unexpected failure: ${terminal(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
