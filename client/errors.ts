import type { CliIo } from "./io";

/**
 * Errors the two commands turn into exit codes. Each carries lines that are ready to print: where the problem is
 * (a file, section and key, or a flag), what was wrong, the value when it is not a secret, and the fix. A user's
 * mistake never prints a stack trace.
 */

/** Exit codes shared by `wif-exchange` and `wif-explain`. */
export const EXIT = {
  /** Done. For `wif-explain`: the token would become exactly one service user. */
  ok: 0,
  /** The exchange failed (network, HTTP 4xx/5xx after retries). For `wif-explain`: the token would be refused. */
  failed: 1,
  /** Bad input: flags, files, config. Nothing was sent and nothing was written. */
  badInput: 2,
} as const;

/** Bad flags, files or config (exit code 2). */
export class UsageError extends Error {
  /** The lines to print, without the `error: ` prefix. */
  public readonly lines: readonly string[];

  constructor(lines: string | readonly string[]) {
    const all = typeof lines === "string" ? [lines] : lines;
    super(all.join("\n"));
    this.name = "UsageError";
    this.lines = all;
  }
}

/** The exchange (or fetching the subject token) failed (exit code 1). */
export class ExchangeError extends Error {
  /** The lines to print, without the `error: ` prefix. */
  public readonly lines: readonly string[];
  /** The HTTP status of the last response, when there was one. */
  public readonly status?: number;

  constructor(lines: string | readonly string[], status?: number) {
    const all = typeof lines === "string" ? [lines] : lines;
    super(all.join("\n"));
    this.name = "ExchangeError";
    this.lines = all;
    this.status = status;
  }
}

/** Prints an error in one or two lines (no stack trace for anything a user can fix) and returns the exit code. */
export function report(err: unknown, io: Pick<CliIo, "err" | "env">): number {
  if (err instanceof UsageError || err instanceof ExchangeError) {
    const [first, ...rest] = err.lines;
    io.err(`error: ${first}`);
    for (const line of rest) io.err(line);
    return err instanceof UsageError ? EXIT.badInput : EXIT.failed;
  }
  // A bug, not a user's mistake: say so, and show where only when asked.
  io.err(`error: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
  if (io.env.WIF_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
  return EXIT.failed;
}
