import { chmodSync, existsSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { EXIT, hasCode } from "../core/errors";
import { parseJson, type DataError } from "../core/bounded-json";
import { staleReason } from "../core/stack-source";
import { redactedOutput } from "../core/text-out";
import { checkPlan, plannedChanges, type CheckedPlan } from "../review/plan";
import { loadStacks } from "../review/load";
import { diffPlan } from "../review/diff";
import { review, type ReviewReport } from "../review/report";
import { renderMarkdown } from "../review/markdown";
import { reportFailure } from "./failure";
import { fileSha256, PLAN_FILE, REVIEW_RECORD, writeReviewRecord } from "./gate";
import { ensureInit, needsInit, type BackendChoice } from "./init";
import { renderPlan } from "./plan-render";
import { Progress } from "./progress";
import { unignoredStateWarning } from "./state";
import { terraformStream, terraformSync, type TerraformOptions } from "./terraform";

/**
 * The plan step of the deploy path (`wif-plan`, `npm run plan`), for one synthesized stack: init when needed
 * (deploy/init.ts), `terraform plan -json -out` with progress and without Terraform's own text (it prints the live
 * client secret when an app is replaced: the provider does not mark it sensitive), the verdict, the redacted diff
 * (deploy/plan-render.ts), the review of the same plan, and the record wif-deploy checks (deploy/gate.ts).
 */

export { PLAN_FILE } from "./gate";

/** Options of {@link plan} and of deploy/apply.ts's deploy; tests pass a stack directory and their own output. */
export interface PlanOptions extends TerraformOptions, BackendChoice {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Milliseconds since the epoch, for the progress lines' clock. @default Date.now */
  readonly now?: () => number;
}

/** The first lines of a plan: what the review said, and so what wif-deploy will do with the plan. */
export function verdictLines(report: ReviewReport, planLine: string): string[] {
  const s = report.summary;
  const counts = `${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.suppressed} suppressed`;
  if (s.errors === 0) return [`Verdict: the review passed (${counts}). wif-deploy will apply this plan. ${planLine}`];
  const rules = [...new Set(report.findings.filter((f) => !f.suppressed && f.level === "error").map((f) => f.rule))];
  return [
    `Verdict: the review FAILED (${counts}: ${rules.join(", ")}). wif-deploy will refuse this plan. ${planLine}`,
    "Fix the config (or accept a finding with a [Suppress <rule>] section) and plan again; the findings are below the plan.",
  ];
}

/**
 * Plans the synthesized stack in `stackDir`, prints the verdict, the redacted diff and the review of the plan, and
 * records what was reviewed. Returns the review's exit code (0, or 1 for unsuppressed error findings), 1 when
 * Terraform failed, 2 when the stack is missing or stale.
 */
export async function plan(rawOptions: PlanOptions): Promise<number> {
  const options = redactedOutput(rawOptions);
  const stackFile = join(options.stackDir, "cdk.tf.json");
  if (!existsSync(stackFile)) {
    options.err(`error: ${options.stackDir}: no cdk.tf.json. Run wif-synth (npm run synth) first.`);
    return EXIT.badInput;
  }
  // Fail closed: a stack without a record of its config, or whose config changed, is not planned.
  const refused = staleReason(stackFile);
  if (refused) {
    options.err(`error: ${stackFile}: ${refused}. Run wif-synth (npm run synth) again, then plan.`);
    return EXIT.badInput;
  }
  const unignored = unignoredStateWarning(options.stackDir);
  if (unignored) options.err(unignored);
  const stack = basename(options.stackDir);
  const init = ensureInit({ ...options, stack }, options, options.err);
  if (init.step && !init.step.ok)
    return reportFailure(options, options.err, "terraform init failed; nothing was planned", init.step);

  const planFile = join(options.stackDir, PLAN_FILE);
  const record = join(options.stackDir, REVIEW_RECORD);
  let progress: Progress;
  for (let attempt = 0; ; attempt++) {
    rmSync(planFile, { force: true });
    rmSync(record, { force: true });
    options.err(`terraform plan (${stack}) …`);
    progress = new Progress(undefined, options.err, options.now);
    const step = await terraformStream(
      options,
      ["plan", "-json", `-out=${PLAN_FILE}`, "-input=false", "-lock-timeout=60s"],
      (m) => progress.take(m),
    );
    if (step.ok) break;
    // Terraform refused for want of an init it did not say it needed before (a lock or a backend changed by
    // hand): init once more and plan again.
    const why = needsInit([step.stderr, ...progress.diagnostics.map((d) => `${d.summary}\n${d.detail}`)].join("\n"));
    if (why && attempt === 0) {
      const again = ensureInit({ ...options, stack }, options, options.err, why);
      if (again.step && !again.step.ok)
        return reportFailure(options, options.err, "terraform init failed; nothing was planned", again.step);
      continue;
    }
    return reportFailure(
      options,
      options.err,
      "terraform plan failed; nothing was applied",
      step,
      progress.diagnostics,
    );
  }
  chmodSync(planFile, 0o600); // the saved plan holds the state's secrets
  options.err(`terraform plan (${stack}): done in ${progress.elapsedText}.`);
  const shown = terraformSync(options, ["show", "-json", PLAN_FILE], 512 * 1024 * 1024);
  if (!shown.ok) return reportFailure(options, options.err, "terraform show -json failed; nothing was applied", shown);
  let doc: CheckedPlan;
  try {
    // Terraform's output is data too: bounded, and checked before the renderer and the review read it.
    doc = checkPlan(parseJson(shown.stdout, { source: "terraform show -json" }), "terraform show -json", "failed");
  } catch (err) {
    if (!hasCode<DataError>(err, "WIF-E-DATA")) throw err;
    // What cannot be read cannot be reviewed, so the saved plan goes too: deploy applies only a reviewed plan.
    rmSync(planFile, { force: true });
    options.err(`error: ${err.clause}; nothing was applied, and the saved plan was removed.`);
    return EXIT.failed;
  }
  const diff = renderPlan(doc);
  const stacks = loadStacks(options.stackDir, "--stack");
  const report = review(stacks, diffPlan(doc, stacks, PLAN_FILE), plannedChanges(doc));
  for (const line of verdictLines(report, diff[0])) options.out(line);
  options.out("");
  for (const line of diff.slice(1)) options.out(line);
  options.out("");
  for (const line of renderMarkdown(report).replace(/\n+$/, "").split("\n")) options.out(line);
  writeReviewRecord(options.stackDir, {
    plan: fileSha256(planFile),
    stack: fileSha256(stackFile),
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    suppressed: report.summary.suppressed,
    blocking: report.findings
      .filter((f) => !f.suppressed && f.level === "error")
      .slice(0, 20)
      .map((f) => `${f.rule} at ${f.address}`.slice(0, 1000)),
  });
  return report.summary.exitCode;
}
