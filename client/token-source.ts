import { resolve } from "node:path";
import { checkServiceUrl } from "../core/endpoint-url";
import { ExchangeError, UsageError } from "../core/errors";
import { hasCode } from "../core/errors";
import { NetworkError } from "../core/bounded-http";
import { obj, readAnswer, str } from "../core/schema";
import type { CliIo } from "../cli/io";
import { decodeJwt, MAX_JWT_CHARS, type DecodedJwt } from "./jwt";
import { sendWithRetries, type RetryPolicy } from "./retry";
import { readNamedText } from "../core/place";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { registerSecret } from "../core/redact";

/** Where the subject token (the CI's OIDC JWT) comes from. */
export type TokenSourceKind = "file" | "stdin" | "env" | "github" | "runtime-config";

/** The token-source flags of a command. */
export interface TokenSourceFlags {
  /** `--token-file <path>`; `-` reads standard input. */
  readonly tokenFile?: string;
  /** `--token-env <NAME>`, e.g. a GitLab `id_tokens` variable. */
  readonly tokenEnv?: string;
  /** `--token-stdin`. */
  readonly tokenStdin?: boolean;
  /** `--github`: fetch from GitHub Actions even if another source could be used. */
  readonly github?: boolean;
}

/** A subject token and a description of where it came from that is safe to print. */
export interface SubjectToken {
  /** The JWT. Secret. */
  readonly token: string;
  readonly decoded: DecodedJwt;
  /** `file ci.jwt`, `environment variable OCI_ID_TOKEN`, `GitHub Actions (audience oci-wif)`… */
  readonly source: string;
}

/** The URL GitHub sets in a job with `permissions: id-token: write`. */
export const GITHUB_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
/** The bearer token for {@link GITHUB_REQUEST_URL}, set alongside it. A secret. */
export const GITHUB_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

/**
 * Picks the token source: the one flag given (more than one is an error); else GitHub Actions when its request
 * variables are set; else the runtime config's `subjecttoken` when it holds a token; else an error that lists
 * the choices.
 *
 * @param github whether GitHub Actions is a possible source (not for the offline `wif-explain`)
 */
export function chooseTokenSource(
  flags: TokenSourceFlags,
  env: CliIo["env"],
  options: { github: boolean; runtimeToken?: boolean },
): TokenSourceKind {
  const given = [
    ["--token-file", flags.tokenFile !== undefined],
    ["--token-env", flags.tokenEnv !== undefined],
    ["--token-stdin", Boolean(flags.tokenStdin)],
    ["--github", Boolean(flags.github)],
  ]
    .filter(([, on]) => on)
    .map(([name]) => name as string);
  if (given.length > 1) throw new UsageError(`give one token source; got ${given.join(" and ")}.`);
  if (flags.tokenFile !== undefined) return flags.tokenFile === "-" ? "stdin" : "file";
  if (flags.tokenEnv !== undefined) return "env";
  if (flags.tokenStdin) return "stdin";
  if (flags.github) return "github";
  if (options.github && env[GITHUB_REQUEST_URL]) return "github";
  if (options.runtimeToken) return "runtime-config";
  throw new UsageError([
    "no subject token. Give one of:",
    options.github
      ? "  --token-file <path> | --token-env <NAME> (GitLab id_tokens) | --token-stdin | --github (GitHub Actions, needs permissions: id-token: write)"
      : "  --token-file <path> | --token-env <NAME> | --token-stdin",
  ]);
}

/** Reads a token from a file, an environment variable or standard input, and checks that it is a JWT. */
export async function readLocalToken(
  kind: Exclude<TokenSourceKind, "github" | "runtime-config">,
  flags: TokenSourceFlags,
  io: CliIo,
): Promise<SubjectToken> {
  let text: string;
  let source: string;
  if (kind === "file") {
    const path = flags.tokenFile!;
    source = `--token-file ${path}`;
    try {
      text = readNamedText(resolve(io.cwd, path), FILE_LIMITS.token);
    } catch (err) {
      if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new UsageError(`${source}: ${err.reason}.`);
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        `${source}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`}.`,
      );
    }
  } else if (kind === "env") {
    const name = flags.tokenEnv!;
    source = `--token-env ${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(
        `--token-env must name an environment variable (letters, digits, '_'); got ${JSON.stringify(name)}.`,
      );
    }
    text = io.env[name] ?? "";
    if (text.trim() === "") {
      throw new UsageError(
        `${source}: the variable is not set or is empty. In GitLab CI, declare it under id_tokens: { ${name}: { aud: <audience> } }.`,
      );
    }
  } else {
    source = "standard input";
    if (io.stdinIsTty)
      throw new UsageError("--token-stdin: standard input is a terminal; pipe the token in, or use --token-file.");
    text = await io.readStdin();
  }
  // A secret from the moment it is read: even a value that is not a JWT may be one cut short.
  registerSecret(text);
  return checkToken(text.trim(), source, (message) => new UsageError(message));
}

/** Checks that a runtime config's `subjecttoken` is a JWT. */
export function runtimeConfigToken(token: string, file: string): SubjectToken {
  return checkToken(token, `${file} [WIFConfig] subjecttoken`, (message) => new UsageError(message));
}

/**
 * Asks GitHub Actions for an OIDC token with the given audience:
 * `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`;
 * the token is the JSON field `value`. 429 and 5xx are retried like the exchange.
 */
export async function fetchGitHubToken(
  audience: string,
  io: CliIo,
  policy: RetryPolicy,
  onRetry: (line: string) => void,
): Promise<SubjectToken> {
  const urlText = io.env[GITHUB_REQUEST_URL];
  const bearer = io.env[GITHUB_REQUEST_TOKEN];
  registerSecret(bearer);
  if (!urlText || !bearer) {
    const missing = !urlText ? GITHUB_REQUEST_URL : GITHUB_REQUEST_TOKEN;
    throw new UsageError(
      `--github: ${missing} is not set, so GitHub will not issue an OIDC token. Give the job permissions: id-token: write (see docs/exchange.md).`,
    );
  }
  // GitHub's URL already carries a query (api-version); the audience is appended to it, as GitHub documents.
  const requestUrl = urlText + (urlText.includes("?") ? "&" : "?") + "audience=" + encodeURIComponent(audience);
  const url = checkServiceUrl(requestUrl);
  if ("problem" in url) throw new UsageError(`${GITHUB_REQUEST_URL} ${url.problem}.`);
  const source = `GitHub Actions (audience ${audience})`;
  let response;
  try {
    ({ response } = await sendWithRetries(
      { method: "GET", url, headers: { Authorization: `bearer ${bearer}`, Accept: "application/json" } },
      policy,
      io,
      (n) =>
        onRetry(
          `GitHub's OIDC token service answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
        ),
    ));
  } catch (err) {
    if (err instanceof NetworkError)
      throw new ExchangeError(`could not get an OIDC token from GitHub (${url.host}): ${err.message}.`);
    throw err;
  }
  if (response.status !== 200) {
    throw new ExchangeError(
      `GitHub's OIDC token service answered HTTP ${response.status}. Check that the job has permissions: id-token: write and that the audience ${JSON.stringify(audience)} is what you meant.`,
      response.status,
    );
  }
  const { value } = readAnswer(GITHUB_TOKEN_ANSWER, response, { source: "GitHub's OIDC token service" });
  registerSecret(value);
  return checkToken(value.trim(), source, (message) => new ExchangeError(message));
}

/** GitHub's answer to an ID token request: the JWT in `value`. */
const GITHUB_TOKEN_ANSWER = obj({ value: str(MAX_JWT_CHARS) });

function checkToken(token: string, source: string, fail: (message: string) => Error): SubjectToken {
  const decoded = decodeJwt(token);
  if ("error" in decoded) throw fail(`the subject token from ${source} ${decoded.error}.`);
  return { token, decoded, source };
}
