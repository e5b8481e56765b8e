import { WifError, EXIT } from "../core/errors";
import { packageVersion } from "../core/version";
import { redactedOutput } from "../core/text-out";
import { reportCrash } from "./crash";
import { flagHelp, parseFlags, STANDARD_FLAGS, type FlagSpec, type Flags } from "./flags";
import { withProcessDefaults, type CliIo } from "./io";

/**
 * The frame every command runs in: its help, its version, its flags and its errors are handled here, the same way
 * for all of them. What a command says about itself is a {@link CommandSpec}; its work is a {@link CommandBody}.
 */

/** What a command says about itself: the help is rendered from this ({@link renderUsage}). */
export interface CommandSpec {
  /** The command's name as typed: `wif-exchange`. */
  readonly name: string;
  /** What follows the name in the usage line: `[flags]`, `--domain-url <url> --region <region> …`. */
  readonly synopsis: string;
  /** One or two lines on what the command does. */
  readonly about: readonly string[];
  /** Its flags; `--help`/`-h` and `--version` are added. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Lines after the flags (defaults, where paths are taken from). */
  readonly notes?: readonly string[];
  /** Its exit codes but 70: `0 done, 1 the exchange failed, 2 bad input`. */
  readonly exitCodes: string;
  /** A string flag that one bare argument stands for (see cli/flags.ts). */
  readonly positional?: string;
}

/** The part of a command that differs: given its parsed flags and the redacting I/O, returns the exit code. */
export type CommandBody = (flags: Flags, io: CliIo) => Promise<number> | number;

/** The flags a command parses: its own, then `--help` and `--version`. */
export function allFlags(spec: CommandSpec): Readonly<Record<string, FlagSpec>> {
  return { ...spec.flags, ...STANDARD_FLAGS };
}

/** The help of a command, one renderer for all: usage line, about, flags, notes, exit codes. */
export function renderUsage(spec: CommandSpec): string[] {
  return [
    `Usage: ${spec.name} ${spec.synopsis}`,
    ...spec.about,
    "",
    ...flagHelp(allFlags(spec)),
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
    "",
    `Exit codes: ${spec.exitCodes}, 70 a bug (WIF_DEBUG=1 shows where).`,
  ];
}

/**
 * Runs a command: all output goes through core/text-out.ts's terminal writer (every secret registered so far or
 * later removed, control characters escaped), whatever `io` is; flags are parsed strictly; `-h`/`--help` and
 * `--version` are answered (the version from core/version.ts, the one version source); a {@link WifError} becomes
 * its exit code in one or two lines, never a stack trace; anything else is a crash (cli/crash.ts, exit 70).
 *
 * @param io the process, or a test's stand-in; what it leaves out is the process's
 */
export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  io: Partial<CliIo> | undefined,
  body: CommandBody,
): Promise<number> {
  const full = withProcessDefaults(io);
  const redacted: CliIo = redactedOutput(full);
  try {
    const flags = parseFlags(argv, allFlags(spec), { positional: spec.positional });
    if (flags.help) {
      for (const line of renderUsage(spec)) redacted.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      redacted.out(`${spec.name} ${packageVersion()}`);
      return EXIT.ok;
    }
    return await body(flags, redacted);
  } catch (err) {
    return reportError(err, redacted);
  }
}

/** Prints an error: a {@link WifError}'s lines (`error: ` before the first) and its exit code, else a crash. */
export function reportError(err: unknown, io: Pick<CliIo, "err" | "env">): number {
  if (WifError.is(err)) {
    const [first, ...rest] = err.lines;
    io.err(`error: ${first}`);
    for (const line of rest) io.err(line);
    return err.exitCode;
  }
  return reportCrash(err, io);
}
