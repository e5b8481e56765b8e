// The synth command (`wif-synth`, `npm run synth`, and the app that `cdktf synth|diff|deploy` runs): flags, where
// paths are resolved from, and what is printed. The synthesis itself is synthesize() in app/synth.ts.
import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { flagHelp, parseFlags, stringFlag, type FlagSpec, STANDARD_FLAGS } from "../client/cli-args";
import { EXIT, WifError } from "../core/errors";
import { packageVersion } from "../core/version";
import { FILE_LIMITS } from "../core/bounded-file";
import { readJsonFile } from "../core/bounded-json";
import { processOutput, redactedOutput } from "../core/text-out";

const FLAGS: Record<string, FlagSpec> = {
  config: {
    type: "string",
    value: "<path>",
    help: "the setupConfig.ini to read (default: $WIF_CONFIG, else ./setupConfig.ini)",
  },
  outdir: {
    type: "string",
    value: "<dir>",
    help: "where to write the stacks (default: $CDKTF_OUTDIR, else ./cdktf.out)",
  },
  ...STANDARD_FLAGS,
};

/** What the synth command takes from the process; tests pass their own. */
export interface SynthIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

function processSynthIo(): SynthIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    ...processOutput(),
  };
}

/**
 * The directory the user ran the command from. Under `npm run` (and `npm --prefix <dir> run`) the process runs in
 * the package's directory, and npm passes the caller's directory as INIT_CWD: relative paths the user typed, or
 * put in WIF_CONFIG, are meant from there.
 */
export function callerDirectory(io: Pick<SynthIo, "env" | "cwd">): string {
  const init = io.env.INIT_CWD;
  return init && isAbsolute(init) ? init : io.cwd;
}

/**
 * Whether cdktf-cli runs us (`cdktf synth|diff|deploy`). It sets this variable for the app only; it shows the
 * app's standard error as errors, so warnings then go to standard output.
 */
export function underCdktf(env: SynthIo["env"]): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined && env.CDKTF_OUTDIR !== undefined;
}

/**
 * Runs the synth command. Returns the exit code: 0 written, 2 bad input (nothing written).
 *
 * @param argv the arguments after the command name
 * @param io the process, or a test's stand-in
 */
export async function main(argv: readonly string[], rawIo: SynthIo = processSynthIo()): Promise<number> {
  const io = redactedOutput(rawIo);
  try {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      for (const line of usage()) io.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      io.out(`wif-synth ${packageVersion()}`);
      return EXIT.ok;
    }
    const base = callerDirectory(io);
    const configArg = stringFlag(flags, "config") ?? io.env.WIF_CONFIG ?? "setupConfig.ini";
    // Shown in every problem: as short as it can be while still naming the same file from here.
    const configPath = shortPath(resolve(base, configArg), io.cwd);
    const outdir = resolve(base, stringFlag(flags, "outdir") ?? io.env.CDKTF_OUTDIR ?? "cdktf.out");
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
  } catch (err) {
    if (WifError.is(err)) {
      for (const line of err.lines) io.err(`error: ${line}`);
      return err.exitCode;
    }
    throw err;
  }
}

/**
 * Runs `work` with stack traces captured but not formatted. cdktf captures a full stack trace for every token it
 * creates (cdktf/lib/tokens/private/stack-trace.js) and reads its text at once, which is a tenth of a 1000-rule
 * synth; it only ever shows one for a token that fails to resolve, and our errors are printed without traces.
 * WIF_DEBUG=1 keeps them.
 */
function withoutStackTraceText<T>(env: SynthIo["env"], work: () => T): T {
  if (env.WIF_DEBUG) return work();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function usage(): string[] {
  return [
    "Usage: wif-synth [--config <path>] [--outdir <dir>]",
    "Synthesizes the Terraform JSON stack for setupConfig.ini. Relative paths are taken from the directory you ran",
    "the command in (under npm, $INIT_CWD).",
    "",
    ...flagHelp(FLAGS),
    "",
    "Exit codes: 0 written, 2 bad input (nothing written), 70 a bug.",
  ];
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
      `Next: wif-review --stack ${shortPath(stackDir, base)}, then npm run plan and npm run deploy (never a raw cdktf diff or deploy: their plan can print the client secret).`,
    );
  return lines;
}
