/**
 * Helpers to run the two commands in-process, against a temporary home directory and the local token endpoint,
 * capturing what they print and the waits they ask for (which return at once, so retry tests do not sleep).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../cli/io";
import { makeSessionKeyPair, type SessionKeyPair } from "../../client/keys";
import type { TokenEndpoint } from "../support/token-endpoint";

/** What a run printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  /** Every wait the retry loop asked for, in ms. */
  readonly delays: number[];
}

/** Options of a run: the environment and standard input it sees, and where it runs. */
export interface RunOptions {
  readonly cwd: string;
  readonly home: string;
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: string;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Called with every wait, e.g. to move a fake clock on. */
  readonly onDelay?: (ms: number) => void;
}

/** Runs a command's `main` with a captured io. */
export async function run(
  main: (argv: readonly string[], io: CliIo) => Promise<number>,
  argv: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const delays: number[] = [];
  const io: CliIo = {
    env: options.env ?? {},
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readStdin: async () => options.stdin ?? "",
    stdinIsTty: options.stdin === undefined,
    home: options.home,
    cwd: options.cwd,
    now: options.now ?? Date.now,
    delay: async (ms) => {
      delays.push(ms);
      options.onDelay?.(ms);
    },
    random: options.random ?? (() => 0.5),
  };
  const code = await main(argv, io);
  return { code, out, err, delays };
}

const made: string[] = [];

/** A fresh temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = "wif-client-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A runtimeConfig.ini for the endpoint, in the format `renderRuntimeConfig` writes (the secret `%`-escaped as
 * configparser wants), with a GitHub and a GitLab trust.
 */
export function runtimeConfigText(
  endpoint: TokenEndpoint,
  extra: { region?: string | null; profile?: string; tenancy?: string } = {},
): string {
  return [
    "[IdentityDomain]",
    `iam_guid = ${endpoint.url}`,
    "",
    "[WIFConfig]",
    `oauthclientid = ${endpoint.clientId}`,
    `oauthclientsecret = ${endpoint.clientSecret.replace(/%/g, "%%")}`,
    "subjecttoken = <your-subject-token-here>",
    "",
    "[OCI]",
    ...(extra.tenancy ? [`tenancy = ${extra.tenancy}`] : []),
    ...(extra.region === null ? [] : [`region = ${extra.region ?? "us-ashburn-1"}`]),
    `profile = ${extra.profile ?? "wif"}`,
    "",
    "[Trust github]",
    "issuer = https://token.actions.githubusercontent.com",
    "audience = oci-wif",
    "",
    "[Trust gitlab-com]",
    "issuer = https://gitlab.com",
    "audience = https://oci.example.com,oci-wif",
    "",
  ].join("\n");
}

/** Writes runtimeConfig.ini (mode 0600) into `dir` and returns its path. */
export function writeRuntimeConfig(dir: string, text: string): string {
  const path = join(dir, "runtimeConfig.ini");
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** Every secret of a run, to assert that none of them was printed. */
export function secretsOf(endpoint: TokenEndpoint, extra: readonly string[] = []): string[] {
  return [endpoint.clientSecret, endpoint.githubRequestToken, ...endpoint.issued, ...extra];
}

/** The secrets found in the lines, by index into `secrets` (empty when clean). */
export function leaked(lines: readonly string[], secrets: readonly string[]): number[] {
  const text = lines.join("\n");
  return secrets.map((s, i) => (s && text.includes(s) ? i : -1)).filter((i) => i >= 0);
}

const pool: Promise<SessionKeyPair>[] = [];
let next = 0;

/**
 * Session keys for tests that are not about the key: two real RSA-2048 pairs, each made on first use and then
 * handed out in turn (so two runs in a row get different keys), because each new pair costs about 0.25 s.
 */
export function pooledKeyPair(): Promise<SessionKeyPair> {
  const i = next++ % 2;
  pool[i] ??= makeSessionKeyPair();
  return pool[i];
}
