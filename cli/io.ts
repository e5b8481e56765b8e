import { homedir } from "node:os";
import { isAbsolute, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processOutput } from "../core/text-out";

/**
 * The one I/O type of every command: everything a command takes from the process, so tests run commands
 * in-process with their own environment, directories, clock and output, and retry tests do not sleep. Output is
 * line by line; whatever a command writes goes through core/text-out.ts's terminal writer (the command frame wraps
 * `out` and `err`), so no command can print a secret or a raw control character.
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

/** A test's or a caller's partial I/O, completed with the process's for what it leaves out. */
export function withProcessDefaults(io: Partial<CliIo> | undefined): CliIo {
  return io ? { ...processIo(), ...io } : processIo();
}

/**
 * The directory the user ran the command from. Under `npm run` (and `npm --prefix <dir> run`) the process runs in
 * the package's directory, and npm passes the caller's directory as INIT_CWD: relative paths the user typed, or
 * put in WIF_CONFIG, are meant from there.
 */
export function callerDirectory(io: Pick<CliIo, "env" | "cwd">): string {
  const init = io.env.INIT_CWD;
  return init && isAbsolute(init) ? init : io.cwd;
}

/**
 * The config and output folder a command was given: its flag, else `WIF_CONFIG` / `CDKTF_OUTDIR`, else
 * ./setupConfig.ini and ./cdktf.out, relative to {@link callerDirectory}. The config path is as short as it can be
 * while naming the same file from the working directory, since every problem quotes it.
 */
export function configAndOutdir(
  flags: { readonly config?: string; readonly outdir?: string },
  io: Pick<CliIo, "env" | "cwd">,
): { configPath: string; outdir: string; base: string } {
  const base = callerDirectory(io);
  const absolute = resolve(base, flags.config ?? io.env.WIF_CONFIG ?? "setupConfig.ini");
  // Relative only when it means the same file to the process that opens it (a test may run us elsewhere).
  const configPath = io.cwd === process.cwd() ? shortPath(absolute, io.cwd) : absolute;
  const outdir = resolve(base, flags.outdir ?? io.env.CDKTF_OUTDIR ?? "cdktf.out");
  return { configPath, outdir, base };
}

/** `path` relative to `cwd` when it is under it, else as it is. */
export function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
