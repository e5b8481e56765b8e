// wif-plan (and `npm run plan`): synthesizes the config, then plans each stack through the deploy path
// (deploy/plan.ts). The one step of the deploy path that needs cdktf, so it lives in app/; wif-deploy does not.
import { basename } from "node:path";
import { runCommand, type CommandSpec } from "../cli/command";
import { CONFIG_FLAG, OUTDIR_FLAG, stackFlag, stringFlag } from "../cli/flags";
import { configAndOutdir, type CliIo } from "../cli/io";
import { EXIT, UsageError } from "../core/errors";
import { plan } from "../deploy/plan";

export { PLAN_FILE } from "../deploy/gate";

const COMMAND: CommandSpec = {
  name: "wif-plan",
  synopsis: "[--config <path>] [--outdir <dir>] [--stack <name>] [--migrate-state | --reconfigure]",
  about: [
    "Synthesizes setupConfig.ini, runs terraform plan on each stack (terraform init first when it is needed), and",
    "prints the verdict, a redacted diff and the review of that plan. wif-deploy applies the saved plan only if its",
    "review passed.",
  ],
  flags: {
    config: CONFIG_FLAG,
    outdir: OUTDIR_FLAG.write,
    stack: { type: "string", value: "<name>", help: "plan only this stack (with [Environments]: one environment's)" },
    "migrate-state": {
      type: "boolean",
      help: "the backend changed: copy the state to the new backend (terraform init -migrate-state)",
    },
    reconfigure: {
      type: "boolean",
      help: "the backend changed: use the new backend as it is, leaving the old state where it is",
    },
  },
  notes: ["A bare argument is the stack: npm run plan -- wif-dev is wif-plan --stack wif-dev."],
  exitCodes:
    "0 planned and the review passed, 1 the review found unsuppressed errors or Terraform failed, 2 bad input or a backend change without --migrate-state/--reconfigure",
  positional: "stack",
};

/**
 * Runs wif-plan. Returns the exit code: the highest of the stacks' (0 passed, 1 review errors or Terraform failed).
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
    if (flags["migrate-state"] && flags.reconfigure)
      throw new UsageError("--migrate-state and --reconfigure are alternatives: copy the state, or leave it.");
    const { configPath, outdir } = configAndOutdir(
      { config: stringFlag(flags, "config"), outdir: stringFlag(flags, "outdir") },
      io,
    );
    const only = stackFlag(flags);
    process.setSourceMapsEnabled(false);
    // Loaded only now: it imports cdktf and the generated bindings, which --help does not need.
    const { synthesize } = require("./synth") as typeof import("./synth");
    const result = synthesize({ configPath, outdir, log: io.err });
    if (result.exitCode !== EXIT.ok) return result.exitCode;
    // One stack, or one per [Environments] overlay: each is planned (or only the one named), each plan saved beside it.
    const all = result.stackDirs ? Object.values(result.stackDirs) : result.stackDir ? [result.stackDir] : [];
    const dirs: Record<string, string> = Object.fromEntries(all.map((d) => [basename(d), d]));
    const names = Object.keys(dirs).filter((n) => only === undefined || n === only);
    if (names.length === 0)
      throw new UsageError(
        `no stack ${JSON.stringify(only)} in ${configPath}; its stacks: ${Object.keys(dirs).join(", ")}.`,
      );
    let code: number = EXIT.ok;
    for (const name of names) {
      if (names.length > 1) io.out(`## Stack ${name}`);
      code = Math.max(
        code,
        await plan({
          stackDir: dirs[name],
          out: io.out,
          err: io.err,
          env: io.env,
          now: io.now,
          terraform: deps.terraform,
          migrateState: flags["migrate-state"] === true,
          reconfigure: flags.reconfigure === true,
        }),
      );
    }
    return code;
  });
}
