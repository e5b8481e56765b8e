// Getting the subject token the way each CI platform or cloud documents it (core/issuers/: an environment variable,
// a file, an HTTP request to the job's token service or a metadata server, a program it installs). wif-exchange,
// its --renew and the Action call acquireIssuerToken; the descriptor says what to do, this file does it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { checkServiceUrl } from "../core/endpoint-url";
import { hasCode } from "../core/errors";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { NetworkError, type HttpRequest } from "../core/bounded-http";
import type { HttpTokenRequest, IssuerFamily, TokenStep } from "../core/issuers";
import { recogniseIssuer } from "../core/issuers";
import { readNamedText } from "../core/place";
import { registerSecret } from "../core/redact";
import { obj, readAnswer, str } from "../core/schema";
import { ExchangeError, UsageError } from "../core/errors";
import type { CliIo } from "../cli/io";
import { MAX_JWT_CHARS } from "./jwt";
import { sendWithRetries, type RetryPolicy } from "./retry";
import { runTokenCommand } from "./token-command";
import { checkToken, type SubjectToken } from "./token-source";

/** An issuer's token, asked for by a flag (`--github`, `--token-from buildkite`) or found in the job. */
export interface IssuerSource {
  readonly family: IssuerFamily;
  /** How it was chosen, for messages: the flag, or `--token-from <id> (detected)`. */
  readonly flag: string;
}

/**
 * Gets a token from the issuer's platform: each of its documented ways in turn (core/issuers/), the first that
 * applies in this job. Throws UsageError (exit 2) when none applies, naming what is missing and how to provide it,
 * and ExchangeError (exit 1) when the platform refuses or fails.
 *
 * @param audience the audience to ask for, for the ways that take one (`{audience}`)
 */
export async function acquireIssuerToken(
  source: IssuerSource,
  audience: string | undefined,
  io: CliIo,
  policy: RetryPolicy,
  onRetry: (line: string) => void,
): Promise<SubjectToken> {
  const { family } = source;
  const missing: string[] = [];
  for (const step of family.token.steps) {
    const needs = unmet(step, io);
    if (needs.length) {
      for (const n of needs) if (!missing.includes(n)) missing.push(n);
      continue;
    }
    return takeStep(step, source, audience, io, policy, onRetry);
  }
  if (!family.token.steps.length) throw new UsageError(`${source.flag}: ${family.token.how}`);
  // The first thing missing: what the job lacks first is what to fix first.
  throw new UsageError(`${source.flag}: ${missing[0]}, ${family.token.unavailable}.`);
}

/** What a step needs that this job does not have, each as `X is not set` / `<path> does not exist`. */
function unmet(step: TokenStep, io: CliIo): string[] {
  const unset = (name: string) => (io.env[name] ?? "").trim() === "";
  const notSet = (names: string[]) => names.filter(unset).map((n) => `${n} is not set`);
  switch (step.via) {
    case "env":
      return notSet([step.name]);
    case "file-from-env":
      return notSet([step.env]);
    case "file":
      return existsSync(resolve(io.cwd, step.path)) ? [] : [`${step.path} does not exist`];
    case "http":
      return notSet([
        ...("env" in step.request.url ? [step.request.url.env] : []),
        ...Object.values(step.request.headers).flatMap((h) => (typeof h === "string" ? [] : [h.env])),
      ]);
    default:
      return [];
  }
}

async function takeStep(
  step: TokenStep,
  source: IssuerSource,
  audience: string | undefined,
  io: CliIo,
  policy: RetryPolicy,
  onRetry: (line: string) => void,
): Promise<SubjectToken> {
  const { family } = source;
  switch (step.via) {
    case "env": {
      const text = io.env[step.name]!;
      registerSecret(text);
      return checkToken(text.trim(), `${family.title} ($${step.name})`, (m) => new UsageError(m));
    }
    case "file":
      return tokenFile(step.path, `${family.title} (file ${step.path})`, source, io);
    case "file-from-env": {
      const path = io.env[step.env]!.trim();
      return tokenFile(path, `${family.title} ($${step.env} = ${path})`, source, io);
    }
    case "http":
      return requestToken(step.request, source, audience, io, policy, onRetry);
    case "command":
      return commandToken(step.argv, source, audience, io, policy);
  }
}

function tokenFile(path: string, label: string, source: IssuerSource, io: CliIo): SubjectToken {
  let text: string;
  try {
    text = readNamedText(resolve(io.cwd, path), FILE_LIMITS.token);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new UsageError(`${source.flag}: ${label}: ${err.reason}.`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${source.flag}: ${label}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`}. ${source.family.token.how}`,
    );
  }
  registerSecret(text);
  return checkToken(text.trim(), label, (m) => new UsageError(m));
}

function withAudience(text: string, audience: string | undefined): string {
  return text.replace(/\{audience\}/g, audience ?? "");
}

/** The URL of a token request: the platform's variable, or the fixed URL (its origin replaced when asked). */
function requestUrl(req: HttpTokenRequest, audience: string | undefined, io: CliIo): { text: string; from: string } {
  let base: string;
  let from: string;
  if ("env" in req.url) {
    base = io.env[req.url.env]!.trim();
    from = req.url.env;
  } else {
    base = req.url.fixed;
    from = req.service;
    const origin = req.originEnv ? (io.env[req.originEnv] ?? "").trim() : "";
    if (origin !== "") {
      // Google's GCE_METADATA_HOST is host[:port]; Azure's authority host is a URL. Either replaces the origin.
      const fixed = new URL(base);
      const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? origin : `${fixed.protocol}//${origin}`;
      base = new URL(`${fixed.pathname}${fixed.search}`, withScheme).toString();
      from = req.originEnv!;
    }
  }
  const params = Object.entries(req.query ?? {}).map(
    ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(withAudience(v, audience))}`,
  );
  return { text: params.length ? base + (base.includes("?") ? "&" : "?") + params.join("&") : base, from };
}

/** Asks the platform's token service (or metadata server) for a token, as its documentation describes. */
async function requestToken(
  req: HttpTokenRequest,
  source: IssuerSource,
  audience: string | undefined,
  io: CliIo,
  policy: RetryPolicy,
  onRetry: (line: string) => void,
): Promise<SubjectToken> {
  const { family } = source;
  const headers: Record<string, string> = {};
  for (const [name, h] of Object.entries(req.headers)) {
    if (typeof h === "string") headers[name] = h;
    else {
      const secret = io.env[h.env]!.trim();
      registerSecret(secret);
      headers[name] = `${h.prefix ?? ""}${secret}`;
    }
  }
  const { text, from } = requestUrl(req, audience, io);
  const url = checkTokenUrl(text, req);
  if ("problem" in url) throw new UsageError(`${from} ${url.problem}.`);
  const request: HttpRequest = { method: req.method, url, headers };
  let response;
  try {
    ({ response } = await sendWithRetries(request, policy, io, (n) =>
      onRetry(
        `${req.service} answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
      ),
    ));
  } catch (err) {
    if (err instanceof NetworkError)
      throw new ExchangeError(`could not get an OIDC token from ${family.platform} (${url.host}): ${err.message}.`);
    throw err;
  }
  if (response.status !== 200) {
    throw new ExchangeError(
      `${req.service} answered HTTP ${response.status}. ${req.refused.replace("{audience}", JSON.stringify(audience ?? ""))}`,
      response.status,
    );
  }
  let token: string;
  if (req.answer === "text") {
    token = response.body;
  } else {
    const field = req.answer.json;
    token = readAnswer(obj({ [field]: str(MAX_JWT_CHARS) }), response, { source: req.service })[field] as string;
  }
  registerSecret(token);
  return checkToken(
    token.trim(),
    `${family.title}${audience !== undefined ? ` (audience ${audience})` : ""}`,
    (m) => new ExchangeError(m),
  );
}

/** https, or plain http to loopback (core/endpoint-url.ts) or to the metadata hosts the request names. */
function checkTokenUrl(text: string, req: HttpTokenRequest): URL | { readonly problem: string } {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined; // checkServiceUrl says why
  }
  if (url?.protocol === "http:" && req.plainHttpHosts?.includes(url.hostname.toLowerCase())) {
    return url.username || url.password || url.hash
      ? { problem: "must not carry a user name, password or #fragment" }
      : url;
  }
  return checkServiceUrl(text);
}

/** Registers the secrets a job's token requests carry (GitHub's request token), so no printer shows them. */
export function registerTokenSecrets(family: IssuerFamily, env: Readonly<Record<string, string | undefined>>): void {
  for (const step of family.token.steps) {
    if (step.via !== "http") continue;
    for (const h of Object.values(step.request.headers)) if (typeof h !== "string") registerSecret(env[h.env]);
  }
}

async function commandToken(
  argv: readonly string[],
  source: IssuerSource,
  audience: string | undefined,
  io: CliIo,
  policy: RetryPolicy,
): Promise<SubjectToken> {
  const { family } = source;
  const args = argv.map((a) => withAudience(a, audience));
  const shown = `${argv[0]} ${argv.slice(1, 3).join(" ")}`;
  const result = await runTokenCommand(
    args,
    { env: io.env, cwd: io.cwd },
    { timeoutMs: policy.timeoutMs, maxBytes: MAX_JWT_CHARS * 2 },
  );
  if (!result.ok) {
    const message = `could not get an OIDC token from ${family.platform}: ${result.detail}.`;
    if (result.reason === "not-found") throw new UsageError(`${source.flag}: ${message} ${family.token.how}`);
    throw new ExchangeError(message);
  }
  return checkToken(
    result.stdout.trim(),
    `${family.title} (${shown}${audience !== undefined ? `, audience ${audience}` : ""})`,
    (m) => new ExchangeError(m),
  );
}

/**
 * The audience to ask the platform for: the first audience of the runtime config's trust whose issuer is of this
 * family (core/issuers/). Undefined when none has one.
 */
export function audienceFor(
  family: IssuerFamily,
  trusts: ReadonlyArray<{ readonly issuer: string; readonly audiences: readonly string[] }>,
): string | undefined {
  const trust = trusts.find((t) => recogniseIssuer(t.issuer)?.family === family && t.audiences.length > 0);
  return trust?.audiences[0];
}
