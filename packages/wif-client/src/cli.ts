// The slim client's one bundle (scripts/build.ts bundles this file with esbuild into dist/cli.js): the three commands'
// main() functions and the process wiring that bin/run.cjs does in the full package. No dependencies at run time.
import { main as broker } from "../../../client/broker-cli";
import { main as exchange } from "../../../client/exchange-cli";
import { main as explain } from "../../../client/explain-cli";
import { terminal } from "../../../core/text-out";

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  "wif-exchange": (argv) => exchange(argv),
  "wif-explain": (argv) => explain(argv),
  "wif-broker": (argv) => broker(argv),
};

/**
 * Runs one command as a process: its exit code from main(), 70 for anything main() did not expect, and a reader
 * that went away (`| head -1`) ends output quietly instead of an EPIPE crash.
 */
export function run(name: string): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      stream.write = () => true;
    });
  }
  COMMANDS[name](process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `error: unexpected failure: ${terminal(err instanceof Error ? err.message : String(err))}\n`,
      );
      process.exitCode = 70;
    },
  );
}
