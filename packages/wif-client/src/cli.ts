// The slim client's one bundle (scripts/build.ts bundles this file with esbuild into dist/cli.js): the three commands'
// main() functions, run by the same process runner and crash handler as the full package's bins (cli/process.ts).
// No dependencies at run time.
import { main as broker } from "../../../client/broker-cli";
import { main as exchange } from "../../../client/exchange-cli";
import { main as explain } from "../../../client/explain-cli";
import { runProcess } from "../../../cli/process";
import { startEarlySessionKey } from "../../../client/early-key";

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  "wif-exchange": (argv) => exchange(argv),
  "wif-explain": (argv) => explain(argv),
  "wif-broker": (argv) => broker(argv),
};

/** Runs one command as a process: its exit code from main(), 70 and one redacted line for a crash. */
export function run(name: string): Promise<void> {
  // The exchange's session key is made while its flags, runtimeConfig.ini and the subject token are read.
  if (name === "wif-exchange") startEarlySessionKey(process.argv.slice(2));
  return runProcess(() => COMMANDS[name]);
}
