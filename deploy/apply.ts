import { rmSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../core/errors";
import { redactedOutput } from "../core/text-out";
import { learnSecrets, reportFailure } from "./failure";
import { checkGate, PLAN_FILE, REVIEW_RECORD } from "./gate";
import type { PlanOptions } from "./plan";
import { Progress } from "./progress";
import { protectState } from "./state";
import { terraformStream } from "./terraform";

/** Options of {@link deploy}: a plan's, and the reason when unsuppressed findings are accepted. */
export interface DeployOptions extends PlanOptions {
  /** `--accept-findings "<reason>"`: apply a plan whose review had unsuppressed errors, saying why. */
  readonly acceptFindings?: string;
}

/** How many resources a plan document changes (not counting no-ops and reads). */
function changeCount(doc: unknown): number | undefined {
  const changes = (doc as { resource_changes?: Array<{ change?: { actions?: string[] } }> } | undefined)
    ?.resource_changes;
  if (!Array.isArray(changes)) return undefined;
  return changes.filter((c) => {
    const key = (c.change?.actions ?? []).join(",");
    return key !== "no-op" && key !== "read" && key !== "";
  }).length;
}

/**
 * Applies the plan saved by wif-plan, if it passed review (deploy/gate.ts), streaming redacted progress (which
 * resource, how many of how many, the time) and ending with Terraform's summary; then makes a local state file and
 * its backup private. Returns 0 applied, 1 refused for failed review or Terraform failed, 2 no plan or a stale one.
 * @throws DeployRefusedError when the gate refuses the plan
 */
export async function deploy(rawOptions: DeployOptions): Promise<number> {
  const options = redactedOutput(rawOptions);
  const gate = checkGate(options.stackDir, options.acceptFindings);
  if (gate.accepted) options.out(gate.accepted);
  // The saved plan's secrets (the state's and the planned values) are known before any line of apply is printed.
  const total = changeCount(learnSecrets(options, PLAN_FILE));
  options.err(`terraform apply (${total ?? "?"} change${total === 1 ? "" : "s"}) …`);
  const progress = new Progress(total, options.err, options.now);
  const step = await terraformStream(options, ["apply", "-json", "-input=false", "-lock-timeout=60s", PLAN_FILE], (m) =>
    progress.take(m),
  );
  // Whatever happened, a state Terraform wrote is the secret it is.
  for (const note of protectState(options.stackDir)) options.err(note);
  if (!step.ok)
    return reportFailure(
      options,
      options.err,
      "terraform apply failed; what it applied before the failure is in the state, and the saved plan cannot be applied again: plan again",
      step,
      progress.diagnostics,
    );
  for (const d of progress.diagnostics.filter((x) => x.severity === "warning"))
    options.err(`warning: ${d.summary}${d.address ? ` (${d.address})` : ""}`);
  options.out(`${progress.summary ?? "Apply complete."} (${progress.elapsedText})`);
  // Applied: it cannot be applied twice anyway.
  rmSync(join(options.stackDir, PLAN_FILE), { force: true });
  rmSync(join(options.stackDir, REVIEW_RECORD), { force: true });
  return EXIT.ok;
}
