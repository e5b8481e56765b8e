import { diffPlan, diffSyntheses, type BaselineDiff } from "./diff";
import { loadStacks, readPlanFile } from "./load";
import { renderMarkdown } from "./markdown";
import { plannedChanges } from "./plan";
import { review, type ReviewReport } from "./report";
import { UsageError } from "../core/errors";
import { runCommand, type CommandSpec } from "../cli/command";
import { stringFlag } from "../cli/flags";
import type { CliIo } from "../cli/io";
import { hasCode } from "../core/errors";
import type { FileRefusedError } from "../core/bounded-file";
import { writeFilesAtomically } from "../core/secret-file";

const COMMAND: CommandSpec = {
  name: "wif-review",
  synopsis: "[--outdir <dir> | --stack <dir>] [--markdown <path>] [--json <path>] [--baseline <dir> | --plan <path>]",
  about: [
    "Reviews synthesized stacks: who can become whom, apps and secrets, lint findings, and changes against a baseline.",
  ],
  flags: {
    outdir: {
      type: "string",
      value: "<dir>",
      help: "cdktf output directory; every <dir>/stacks/*/cdk.tf.json is reviewed (default: cdktf.out)",
    },
    stack: { type: "string", value: "<dir>", help: "one stack directory (or its cdk.tf.json) instead" },
    markdown: { type: "string", value: "<path>", help: "write the Markdown report to this file (default: stdout)" },
    json: { type: "string", value: "<path>", help: "also write the report as JSON" },
    baseline: {
      type: "string",
      value: "<dir>",
      help: "compare with another synthesis (the base branch's cdktf.out, or a stack directory)",
    },
    plan: {
      type: "string",
      value: "<path>",
      help: "compare with a Terraform plan: terraform show -json <planfile> > FILE",
    },
  },
  exitCodes: "0 no unsuppressed errors, 1 unsuppressed error findings, 2 bad input",
};

/**
 * The `wif-review` command. Returns the exit code: 0 when no unsuppressed error finding, 1 when there is one,
 * 2 for bad input (printed in one or two lines, without a stack trace).
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => {
    const value = (name: string) => stringFlag(flags, name);
    if (value("outdir") !== undefined && value("stack") !== undefined) {
      throw new UsageError(
        "--outdir and --stack are alternatives: give the cdktf output directory or one stack directory.",
      );
    }
    if (value("baseline") !== undefined && value("plan") !== undefined) {
      throw new UsageError(
        "--baseline and --plan are alternatives: compare with a previous synthesis or with a plan, not both.",
      );
    }
    const stacks =
      value("stack") !== undefined
        ? loadStacks(value("stack")!, "--stack")
        : loadStacks(value("outdir") ?? "cdktf.out", "--outdir");
    let baseline: BaselineDiff | undefined;
    let plan: unknown;
    const baselineDir = value("baseline");
    if (baselineDir !== undefined) baseline = diffSyntheses(stacks, loadStacks(baselineDir, "--baseline"), baselineDir);
    const planFile = value("plan");
    if (planFile !== undefined) {
      if (stacks.length > 1) {
        throw new UsageError(
          `--plan ${planFile}: a plan belongs to one stack, and ${stacks.length} were found (${stacks.map((s) => s.name).join(", ")}); pass --stack <dir> for the one planned.`,
        );
      }
      plan = readPlanFile(planFile);
      baseline = diffPlan(plan, stacks, planFile);
    }

    const report = review(stacks, baseline, plan === undefined ? undefined : plannedChanges(plan));
    const markdown = renderMarkdown(report);
    if (value("markdown") !== undefined) write(value("markdown")!, markdown, "--markdown");
    else for (const line of markdown.replace(/\n$/, "").split("\n")) io.out(line);
    if (value("json") !== undefined) write(value("json")!, `${JSON.stringify(report, null, 2)}\n`, "--json");
    io.err(summaryLine(report, baseline));
    return report.summary.exitCode;
  });
}

/** `wif-review: 1 stack, 0 errors, …; exit 0`: what the review found, in one line. */
export function summaryLine(report: ReviewReport, baseline?: BaselineDiff): string {
  const s = report.summary;
  const replacements = baseline
    ? `, ${baseline.warnings.length} replacement warning${baseline.warnings.length === 1 ? "" : "s"}`
    : "";
  return (
    `wif-review: ${s.stacks} stack${s.stacks === 1 ? "" : "s"}, ${s.errors} error${s.errors === 1 ? "" : "s"}, ` +
    `${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.suppressed} suppressed${replacements}; exit ${s.exitCode}`
  );
}

function write(file: string, text: string, flag: string): void {
  try {
    // Never through a link found at the path (one committed by a pull request would send the report anywhere).
    writeFilesAtomically([{ path: file, content: text, mode: 0o644 }]);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new UsageError(`${flag} ${file}: ${err.reason}.`);
    throw new UsageError(
      `${flag} ${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}). Check that its directory exists.`,
    );
  }
}
