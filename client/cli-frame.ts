import { packageVersion } from "../core/version";
import { type FlagSpec, type Flags, parseFlags } from "./cli-args";
import { EXIT, report } from "./errors";
import type { CliIo } from "./io";
import { redactedOutput } from "../core/text-out";

/** The part of a command that differs: given its parsed flags and the redacting output, returns the exit code. */
export type CommandBody = (flags: Flags, io: CliIo) => Promise<number>;

/**
 * The frame every client command shares: all output goes through core/text-out.ts's terminal writer (every secret
 * registered so far or later removed, control characters escaped), whatever `rawIo` is; flags are parsed strictly,
 * `-h`/`--help` and `--version` are answered, and any error becomes its exit code in one or two lines, never a
 * stack trace ({@link report}).
 */
export async function runCommand(
  name: string,
  argv: readonly string[],
  rawIo: CliIo,
  specs: Readonly<Record<string, FlagSpec>>,
  usage: () => readonly string[],
  body: CommandBody,
): Promise<number> {
  const io = redactedOutput(rawIo);
  try {
    const flags = parseFlags(argv, specs);
    if (flags.help) {
      for (const line of usage()) io.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      io.out(`${name} ${packageVersion()}`);
      return EXIT.ok;
    }
    return await body(flags, io);
  } catch (err) {
    return report(err, io);
  }
}
