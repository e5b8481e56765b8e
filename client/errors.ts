import { EXIT, WifError } from "../core/errors";
import type { CliIo } from "./io";

/**
 * Errors the two commands turn into exit codes. Each carries lines that are ready to print: where the problem is
 * (a file, section and key, or a flag), what was wrong, the value when it is not a secret, and the fix. A user's
 * mistake never prints a stack trace.
 */

export { EXIT, ExchangeError, UsageError } from "../core/errors";

/** Prints an error in one or two lines (no stack trace for anything a user can fix) and returns the exit code. */
export function report(err: unknown, io: Pick<CliIo, "err" | "env">): number {
  if (WifError.is(err)) {
    const [first, ...rest] = err.lines;
    io.err(`error: ${first}`);
    for (const line of rest) io.err(line);
    return err.exitCode;
  }
  // A bug, not a user's mistake: say so, and show where only when asked.
  io.err(`error: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
  if (io.env.WIF_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
  return EXIT.internal;
}
