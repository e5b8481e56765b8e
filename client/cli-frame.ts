import { packageVersion } from "../core/version";
import { type FlagSpec, type Flags, parseFlags } from "./cli-args";
import { EXIT, report } from "./errors";
import { type CliIo, Redactor } from "./io";

/** The part of a command that differs: given its parsed flags and the redacting output, returns the exit code. */
export type CommandBody = (flags: Flags, io: CliIo, redactor: Redactor) => Promise<number>;

/**
 * The frame every client command shares: all output goes through one {@link Redactor}, flags are parsed strictly,
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
  const redactor = new Redactor();
  const io = redactor.wrap(rawIo);
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
    return await body(flags, io, redactor);
  } catch (err) {
    return report(err, io);
  }
}
