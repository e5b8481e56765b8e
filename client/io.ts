import { homedir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { redact } from "../core/redact";

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

/** The real process. */
export function processIo(): CliIo {
  return {
    env: process.env,
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
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

/**
 * Replaces every secret it has been told about with `[secret]` (and runs core/redact.ts) in a line before it is printed. Nothing we print
 * should hold a secret in the first place; this is the backstop for text we do not control, such as an error
 * description sent back by the token endpoint that might quote the request.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a secret (and each of its lines, for a PEM key). Values shorter than 8 characters are ignored. */
  public add(secret: string | undefined): void {
    if (!secret) return;
    for (const s of [secret, ...secret.split(/\r?\n/)]) {
      const t = s.trim();
      if (t.length >= 8) this.secrets.add(t);
    }
  }

  /** The line with every known secret, and anything shaped like a JWT, replaced. */
  public clean(line: string): string {
    let out = line;
    // Longest first, so a secret that contains another is replaced whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("[secret]");
    return redact(out);
  }

  /** An io whose `out` and `err` go through {@link clean}. */
  public wrap(io: CliIo): CliIo {
    return { ...io, out: (line) => io.out(this.clean(line)), err: (line) => io.err(this.clean(line)) };
  }
}
