// The synth command (`wif-synth`, `npm run synth`, and the app that `cdktf synth|diff|deploy` runs): flags, where
// paths are resolved from, and what is printed. The synthesis itself is synthesize() in app/synth.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_FLAG, OUTDIR_FLAG, stringFlag, type FlagSpec } from "../cli/flags";
import { runCommand, type CommandSpec } from "../cli/command";
import { configAndOutdir, shortPath, type CliIo } from "../cli/io";
import { EXIT } from "../core/errors";
import { FILE_LIMITS } from "../core/bounded-file";
import { readJsonFile } from "../core/bounded-json";

const FLAGS: Record<string, FlagSpec> = { config: CONFIG_FLAG, outdir: OUTDIR_FLAG.write };

const COMMAND: CommandSpec = {
  name: "wif-synth",
  synopsis: "[--config <path>] [--outdir <dir>]",
  about: [
    "Synthesizes the Terraform JSON stack for setupConfig.ini. Relative paths are taken from the directory you ran",
    "the command in (under npm, $INIT_CWD).",
  ],
  flags: FLAGS,
  exitCodes: "0 written, 2 bad input (nothing written)",
};

export { callerDirectory, configAndOutdir } from "../cli/io";

/**
 * Whether cdktf-cli runs us (`cdktf synth|diff|deploy`). It sets this variable for the app only; it shows the
 * app's standard error as errors, so warnings then go to standard output.
 */
export function underCdktf(env: CliIo["env"]): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined && env.CDKTF_OUTDIR !== undefined;
}

/**
 * Runs the synth command. Returns the exit code: 0 written, 2 bad input (nothing written).
 *
 * @param argv the arguments after the command name
 * @param rawIo the process, or a test's stand-in
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => {
    const { configPath, outdir, base } = configAndOutdir(
      { config: stringFlag(flags, "config"), outdir: stringFlag(flags, "outdir") },
      io,
    );
    if (!existsSync(join(__dirname, "..", ".gen", "providers", "oci"))) {
      io.err(
        "error: the OCI provider bindings (.gen/providers/oci) are missing. Run `npm run gen` (it needs the dev dependencies).",
      );
      return EXIT.badInput;
    }
    // Loaded only now: it imports cdktf and the bindings, which --help does not need.
    const { synthesize } = require("./synth") as typeof import("./synth");
    const warn = underCdktf(io.env) ? io.out : io.err;
    let warnings = 0;
    const result = withoutStackTraceText(io.env, () =>
      synthesize({
        configPath,
        outdir,
        log: (line) => {
          if (line.startsWith("warning:")) {
            warnings++;
            warn(line);
          } else io.err(line);
        },
      }),
    );
    if (result.exitCode === EXIT.ok && result.stackDir) {
      for (const line of successLines(result.stackDir, warnings, base, underCdktf(io.env))) io.out(line);
    }
    return result.exitCode;
  });
}

/**
 * Runs `work` with stack traces captured but not formatted. cdktf captures a full stack trace for every token it
 * creates (cdktf/lib/tokens/private/stack-trace.js) and reads its text at once, which is a tenth of a 1000-rule
 * synth; it only ever shows one for a token that fails to resolve, and our errors are printed without traces.
 * WIF_DEBUG=1 keeps them.
 */
function withoutStackTraceText<T>(env: CliIo["env"], work: () => T): T {
  if (env.WIF_DEBUG) return work();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** What was written, how many resources of each type, the warnings, and what to run next. */
export function successLines(stackDir: string, warnings: number, base: string, cdktf: boolean): string[] {
  const file = join(stackDir, "cdk.tf.json");
  const doc = readJsonFile(file, FILE_LIMITS.stack, { source: file, kind: "failed" }) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  const counts = Object.entries(doc.resource ?? {})
    .map(([type, byName]) => [type, Object.keys(byName).length] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  const total = counts.reduce((n, [, c]) => n + c, 0);
  const lines = [
    `Wrote ${shortPath(file, base)}: ${total} resource${total === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`,
    ...counts.map(([type, n]) => `  ${String(n).padStart(3)}  ${type}`),
  ];
  if (!cdktf)
    lines.push(
      `Next: wif-review --stack ${shortPath(stackDir, base)}, then wif-plan and wif-deploy (never a raw cdktf diff or deploy: their plan can print the client secret).`,
    );
  return lines;
}
