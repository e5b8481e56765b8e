import { EXIT } from "../core/errors";
import { terminal } from "../core/text-out";

/**
 * The one crash handler. Anything a command did not expect is a bug, not the user's mistake: it ends the command
 * with exit 70 ({@link EXIT.internal}, so CI can tell a crash from a finding or bad input) and one line on standard
 * error, redacted through core/redact.ts's registry like every other line (a crash's message may quote a value that
 * holds a secret). `WIF_DEBUG=1` adds the stack trace, redacted line by line. The command frame (cli/command.ts),
 * the process runner (cli/process.ts, which bin/run.cjs and the slim client use) and the GitHub Action all report
 * crashes through here.
 */

/** The lines a crash prints: one, or with `WIF_DEBUG` set, the trace after it; each already redacted and escaped. */
export function crashLines(err: unknown, env: Readonly<Record<string, string | undefined>>): string[] {
  const message = err instanceof Error ? err.message : String(err);
  const debug = Boolean(env.WIF_DEBUG);
  const first = terminal(
    `error: unexpected failure (a bug; exit ${EXIT.internal}): ${message}${debug ? "" : " (WIF_DEBUG=1 shows where)"}`,
  );
  if (!debug || !(err instanceof Error) || !err.stack) return [first];
  // A V8 stack starts with `<name>: <message>` (as many lines as the message has), which is already printed.
  const head = `${err.name}: ${err.message}`;
  const trace = err.stack.startsWith(head) ? err.stack.slice(head.length) : err.stack.replace(/^[^\n]*/, "");
  return [
    first,
    ...trace
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => terminal(line)),
  ];
}

/** Prints {@link crashLines} to `io.err` and returns exit code 70. */
export function reportCrash(
  err: unknown,
  io: { readonly err: (line: string) => void; readonly env: Readonly<Record<string, string | undefined>> },
): number {
  for (const line of crashLines(err, io.env)) io.err(line);
  return EXIT.internal;
}
