import { diffPlan, diffSyntheses, type BaselineDiff } from "./diff";
import { loadStacks, readPlanFile } from "./load";
import { renderMarkdown } from "./markdown";
import { plannedChanges } from "./plan";
import { review } from "./report";
import { InputError } from "../core/stack";
import { hasCode } from "../core/errors";
import type { FileRefusedError } from "../core/bounded-file";
import { writeFilesAtomically } from "../core/secret-file";
import { terminalBlock } from "../core/text-out";

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `Usage: wif-review [--outdir DIR | --stack DIR] [--markdown FILE] [--json FILE] [--baseline DIR | --plan FILE]

Reviews synthesized stacks: who can become whom, apps and secrets, lint findings, and changes against a baseline.
  --outdir DIR     cdktf output directory; every DIR/stacks/*/cdk.tf.json is reviewed (default: cdktf.out)
  --stack DIR      one stack directory (or its cdk.tf.json) instead
  --markdown FILE  write the Markdown report to FILE (default: stdout)
  --json FILE      also write the report as JSON
  --baseline DIR   compare with another synthesis (the base branch's cdktf.out, or a stack directory)
  --plan FILE      compare with a Terraform plan: terraform show -json <planfile> > FILE
  -h, --help       show this help; --version prints the version
Exit codes: 0 no unsuppressed errors, 1 unsuppressed error findings, 2 bad input, 70 a bug.`;

const VALUE_FLAGS = ["--outdir", "--stack", "--markdown", "--json", "--baseline", "--plan"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/** Parses the arguments; throws InputError for anything unknown or incomplete. */
export function parseArgs(argv: readonly string[]): { help: boolean; values: Partial<Record<ValueFlag, string>> } {
  const values: Partial<Record<ValueFlag, string>> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (!VALUE_FLAGS.includes(flag)) {
      throw new InputError(`unknown argument ${JSON.stringify(arg)}. Flags are ${VALUE_FLAGS.join(", ")}; see --help.`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new InputError(
        `${flag} needs a value, e.g. ${flag} ${flag === "--plan" ? "plan.json" : flag === "--json" ? "review.json" : flag === "--markdown" ? "review.md" : "cdktf.out"}.`,
      );
    }
    if (values[flag] !== undefined)
      throw new InputError(
        `${flag} is given twice (${JSON.stringify(values[flag])} and ${JSON.stringify(value)}); give it once.`,
      );
    values[flag] = value;
  }
  if (values["--outdir"] !== undefined && values["--stack"] !== undefined) {
    throw new InputError(
      "--outdir and --stack are alternatives: give the cdktf output directory or one stack directory.",
    );
  }
  if (values["--baseline"] !== undefined && values["--plan"] !== undefined) {
    throw new InputError(
      "--baseline and --plan are alternatives: compare with a previous synthesis or with a plan, not both.",
    );
  }
  return { help, values };
}

/**
 * The `wif-review` command. Returns the exit code: 0 when no unsuppressed error finding, 1 when there is one,
 * 2 for bad input (printed in one or two lines, without a stack trace).
 */
export async function main(argv: readonly string[], rawIo: CliIo = defaultIo()): Promise<number> {
  // Whatever the caller's streams are, what reaches them has no secret and no raw control character.
  const io: CliIo = { stdout: (t) => rawIo.stdout(terminalBlock(t)), stderr: (t) => rawIo.stderr(terminalBlock(t)) };
  try {
    const { help, values } = parseArgs(argv);
    if (help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const stacks =
      values["--stack"] !== undefined
        ? loadStacks(values["--stack"], "--stack")
        : loadStacks(values["--outdir"] ?? "cdktf.out", "--outdir");
    let baseline: BaselineDiff | undefined;
    let plan: unknown;
    if (values["--baseline"] !== undefined)
      baseline = diffSyntheses(stacks, loadStacks(values["--baseline"], "--baseline"), values["--baseline"]);
    if (values["--plan"] !== undefined) {
      if (stacks.length > 1) {
        throw new InputError(
          `--plan ${values["--plan"]}: a plan belongs to one stack, and ${stacks.length} were found (${stacks.map((s) => s.name).join(", ")}); pass --stack <dir> for the one planned.`,
        );
      }
      plan = readPlanFile(values["--plan"]);
      baseline = diffPlan(plan, stacks, values["--plan"]);
    }

    const report = review(stacks, baseline, plan === undefined ? undefined : plannedChanges(plan));
    const markdown = renderMarkdown(report);
    if (values["--markdown"] !== undefined) write(values["--markdown"], markdown, "--markdown");
    else io.stdout(markdown);
    if (values["--json"] !== undefined) write(values["--json"], `${JSON.stringify(report, null, 2)}\n`, "--json");

    const s = report.summary;
    const replacements = baseline
      ? `, ${baseline.warnings.length} replacement warning${baseline.warnings.length === 1 ? "" : "s"}`
      : "";
    io.stderr(
      `wif-review: ${s.stacks} stack${s.stacks === 1 ? "" : "s"}, ${s.errors} error${s.errors === 1 ? "" : "s"}, ` +
        `${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.suppressed} suppressed${replacements}; exit ${s.exitCode}\n`,
    );
    return s.exitCode;
  } catch (err) {
    if (hasCode<InputError>(err, "WIF-E-INPUT")) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function write(file: string, text: string, flag: string): void {
  try {
    // Never through a link found at the path (one committed by a pull request would send the report anywhere).
    writeFilesAtomically([{ path: file, content: text, mode: 0o644 }]);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new InputError(`${flag} ${file}: ${err.reason}.`);
    throw new InputError(
      `${flag} ${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}). Check that its directory exists.`,
    );
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(terminalBlock(t)),
    stderr: (t) => process.stderr.write(terminalBlock(t)),
  };
}
