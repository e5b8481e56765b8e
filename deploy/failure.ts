import { EXIT } from "../core/errors";
import { parseJson } from "../core/bounded-json";
import { registerPlanSecrets } from "./plan-render";
import { diagnosticLines, type Diagnostic } from "./progress";
import { terraformSync, type Step, type TerraformOptions } from "./terraform";

/**
 * Registers the secrets of the state, or of a saved plan (which holds the state's and the planned values), with
 * core/redact.ts, so Terraform's lines that quote one are redacted; a state that cannot be shown adds nothing.
 */
export function learnSecrets(options: TerraformOptions, planFile?: string): unknown {
  const shown = terraformSync(options, ["show", "-json", ...(planFile ? [planFile] : [])], 512 * 1024 * 1024);
  if (!shown.ok) return undefined;
  try {
    const doc = parseJson(shown.stdout, { source: "terraform show -json" });
    registerPlanSecrets(doc as Parameters<typeof registerPlanSecrets>[0]);
    return doc;
  } catch {
    // Not JSON (or not within core/bounded-json.ts's bounds): nothing learnt.
    return undefined;
  }
}

/**
 * Prints why a Terraform step failed: its diagnostics and the last lines of its error output, after the state's
 * secrets were learnt (Terraform quotes values in its errors and warnings), every line through the terminal writer
 * of `err`. Returns exit code 1.
 */
export function reportFailure(
  options: TerraformOptions,
  err: (line: string) => void,
  what: string,
  step: Step,
  diagnostics: readonly Diagnostic[] = [],
  planFile?: string,
): number {
  learnSecrets(options, planFile);
  err(`error: ${what}. Terraform said (redacted):`);
  for (const d of diagnostics) for (const line of diagnosticLines(d)) err(line);
  const tail = step.stderr
    .replace(/\x1b\[[0-9;]*m/g, "")
    // Terraform's warning about a missing CLI configuration file says nothing about this failure.
    .replace(/There are some problems with the CLI configuration:[\s\S]*?╵\n?/g, "")
    .trim()
    .split("\n")
    .filter((l) => l.trim())
    .slice(-20);
  for (const line of tail) err(`  ${line}`);
  return EXIT.failed;
}
