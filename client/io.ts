import { homedir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { processOutput } from "../core/text-out";

/**
 * Everything the commands take from the process, so tests run them in-process with their own environment,
 * clock, home directory and output, and retry tests do not sleep.
 */
export interface CliIo {
  /** Environment variables (`process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes one line to standard output. */
  readonly out: (line: string) => void;
  /** Writes one line to standard error. */
  readonly err: (line: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Whether standard input is a terminal (then `--token-stdin` would wait for typing, so we refuse it). */
  readonly stdinIsTty: boolean;
  /** The home directory, for `~/.oci`. */
  readonly home: string;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Waits between retries. */
  readonly delay: (ms: number) => Promise<void>;
  /** A number in [0, 1), for backoff jitter. */
  readonly random: () => number;
}

/** The real process; its output goes through core/text-out.ts (secrets removed, control characters escaped). */
export function processIo(): CliIo {
  return {
    env: process.env,
    ...processOutput(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    stdinIsTty: Boolean(process.stdin.isTTY),
    home: homedir(),
    cwd: process.cwd(),
    now: () => Date.now(),
    delay: async (ms) => {
      await sleep(ms);
    },
    random: Math.random,
  };
}
