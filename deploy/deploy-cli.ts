import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCommand, type CommandSpec } from "../cli/command";
import { OUTDIR_FLAG, stackFlag, stringFlag } from "../cli/flags";
import { callerDirectory, configAndOutdir, type CliIo } from "../cli/io";
import { UsageError } from "../core/errors";
import { readStackSource } from "../core/stack-source";
import { deploy } from "./apply";
import { ACCEPT_REASON_MIN, PLAN_FILE } from "./gate";

const COMMAND: CommandSpec = {
  name: "wif-deploy",
  synopsis: '[--outdir <dir>] [--stack <name>] [--config <path>] [--accept-findings "<reason>"]',
  about: [
    "Applies the plan wif-plan saved, if its review passed and nothing changed since, showing progress while",
    "Terraform works. The local state file is made private (0600) after the apply.",
  ],
  flags: {
    outdir: OUTDIR_FLAG.read,
    stack: { type: "string", value: "<name>", help: "the stack to deploy, when several have a saved plan" },
    config: {
      type: "string",
      value: "<path>",
      help: "only deploy a plan made from this setupConfig.ini (default: $WIF_CONFIG, when set)",
    },
    "accept-findings": {
      type: "string",
      value: '"<reason>"',
      help: "apply even though the review found unsuppressed errors; the reason is printed with the deploy",
    },
  },
  notes: ["A bare argument is the stack: npm run deploy -- wif-dev is wif-deploy --stack wif-dev."],
  exitCodes:
    "0 applied, 1 the review found errors (nothing applied) or Terraform failed, 2 bad input or no current reviewed plan",
  positional: "stack",
};

/**
 * Runs wif-deploy. Returns the exit code.
 *
 * @param argv the arguments after the command name
 * @param rawIo the process, or a test's stand-in
 * @param deps the terraform binary (tests use a stand-in)
 */
export async function main(
  argv: readonly string[],
  rawIo?: Partial<CliIo>,
  deps: { readonly terraform?: string } = {},
): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, async (flags, io) => {
    const accept = stringFlag(flags, "accept-findings");
    if (accept !== undefined && accept.trim().length < ACCEPT_REASON_MIN)
      throw new UsageError(
        `--accept-findings needs a reason of at least ${ACCEPT_REASON_MIN} characters (a ticket, a sentence); got ${JSON.stringify(accept)}.`,
      );
    const configGiven = stringFlag(flags, "config") ?? io.env.WIF_CONFIG;
    const { outdir } = configAndOutdir({ outdir: stringFlag(flags, "outdir") }, io);
    const only = stackFlag(flags);
    const stacksDir = join(outdir, "stacks");
    const planned = existsSync(stacksDir)
      ? readdirSync(stacksDir)
          .sort()
          .filter((n) => existsSync(join(stacksDir, n, PLAN_FILE)))
      : [];
    const stacks = only === undefined ? planned : planned.filter((n) => n === only);
    if (stacks.length !== 1) {
      const what =
        stacks.length === 0
          ? `no saved plan${only ? ` for stack ${JSON.stringify(only)}` : ""}`
          : `saved plans of several stacks (${stacks.join(", ")})`;
      throw new UsageError(
        `${what} under ${stacksDir}. ${stacks.length > 1 ? "Name one: wif-deploy --stack <name>." : "Run wif-plan (npm run plan) first and read it."}`,
      );
    }
    const stackDir = join(stacksDir, stacks[0]);
    if (configGiven !== undefined) {
      const wanted = resolve(callerDirectory(io), configGiven);
      const made = readStackSource(stackDir)?.config;
      if (made !== wanted)
        throw new UsageError(
          `the saved plan of stack ${stacks[0]} was made from ${made ?? "an unknown config"}, not from ${wanted}; nothing was applied. Plan that config first: wif-plan --config ${configGiven}.`,
        );
    }
    return deploy({
      stackDir,
      out: io.out,
      err: io.err,
      env: io.env,
      now: io.now,
      terraform: deps.terraform,
      acceptFindings: accept?.trim(),
    });
  });
}
