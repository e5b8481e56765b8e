import { crashLines } from "./crash";

/**
 * Runs one command as a process: the wiring shared by the full package's bins (bin/run.cjs) and the slim client's
 * bundle (packages/wif-client). The exit code is main()'s; process.exit() is never called, so output is flushed
 * first. A module that fails to load and a main() that throws are both crashes (cli/crash.ts: exit 70, one redacted
 * line). A reader that went away (`wif-review | head -1`) is not an error: further output is dropped and the command
 * ends with its own code instead of dying on EPIPE with a stack trace.
 */
export async function runProcess(
  load: () => (argv: readonly string[]) => Promise<number>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  ignoreClosedPipes();
  try {
    const main = load();
    process.exitCode = await main(argv);
  } catch (err) {
    for (const line of crashLines(err, process.env)) process.stderr.write(`${line}\n`);
    process.exitCode = 70;
  }
}

let guarded = false;

/** Output to a closed pipe is dropped from then on, for standard output and error alike. */
export function ignoreClosedPipes(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err?.code !== "EPIPE") throw err;
      stream.write = () => true;
    });
  }
}
