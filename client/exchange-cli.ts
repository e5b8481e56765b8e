import { packageVersion } from "../core/version";
import { GITHUB_ISSUER } from "../core/constants";
import { WifError } from "../core/errors";
import { createPublicKey } from "node:crypto";
import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import { EXIT, ExchangeError, report, UsageError } from "./errors";
import { exchangeToken, type ExchangeResult } from "./exchange";
import { flagHelp, numberFlag, parseFlags, stringFlag, type FlagSpec, type Flags } from "./cli-args";
import { processIo, Redactor, type CliIo } from "./io";
import { formatDuration, formatTime, numericDate } from "./jwt";
import { makeSessionKeyPair, ociFingerprint, type SessionKeyPair } from "./keys";
import { upsertProfile } from "./oci-config-file";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { PROFILE_NAME, readRuntimeConfig, REGION, type RuntimeConfig } from "../core/runtime-config";
import {
  expandPath,
  makeSessionDirs,
  prepareSession,
  readConfigFile,
  withFileLock,
  writeFilesAtomically,
  type SessionPaths,
} from "./session-files";
import {
  chooseTokenSource,
  fetchGitHubToken,
  readLocalToken,
  runtimeConfigToken,
  type SubjectToken,
  type TokenSourceFlags,
} from "./token-source";

/** GitHub Actions' OIDC issuer: its trust names the audience `--github` requests. */
export { GITHUB_ISSUER } from "../core/constants";

const FLAGS: Record<string, FlagSpec> = {
  "runtime-config": { type: "string", value: "<path>", help: "runtimeConfig.ini to read (default: $WIF_RUNTIME_CONFIG, else ./runtimeConfig.ini)" },
  profile: { type: "string", value: "<name>", help: "OCI config profile to write (default: [OCI] profile, else wif)" },
  region: { type: "string", value: "<region>", help: "region of the profile (default: [OCI] region)" },
  "config-file": { type: "string", value: "<path>", help: "OCI config file (default: $OCI_CLI_CONFIG_FILE, else ~/.oci/config)" },
  "token-file": { type: "string", value: "<path>", help: "read the subject token (the CI's OIDC JWT) from a file; - reads standard input" },
  "token-env": { type: "string", value: "<NAME>", help: "read it from an environment variable (GitLab id_tokens)" },
  "token-stdin": { type: "boolean", help: "read it from standard input" },
  github: { type: "boolean", help: "fetch it from GitHub Actions (the default when ACTIONS_ID_TOKEN_REQUEST_URL is set)" },
  audience: { type: "string", value: "<aud>", help: "audience to request from GitHub (default: the first audience of the GitHub trust in runtimeConfig.ini)" },
  env: { type: "boolean", help: "print KEY=VALUE lines for the OCI CLI on standard output (the summary then goes to standard error)" },
  "github-env": { type: "boolean", help: "append those lines to $GITHUB_ENV, for the job's later steps" },
  timeout: { type: "string", value: "<seconds>", help: `give up after this long, retries included (default ${DEFAULT_RETRY_POLICY.timeoutMs / 1000})` },
  "max-attempts": { type: "string", value: "<n>", help: `attempts in all when the endpoint answers 429 or 5xx (default ${DEFAULT_RETRY_POLICY.maxAttempts})` },
  help: { type: "boolean", help: "show this help (also -h)" },
  version: { type: "boolean", help: "print the version" },
};

/** What `wif-exchange` writes, and what its outputs say. None of it is secret. */
export interface ExchangeOutcome {
  readonly profile: string;
  readonly region: string;
  readonly tenancy: string;
  /** Seconds since the epoch, when the session token expires (if it says). */
  readonly expiresAt?: number;
  readonly paths: SessionPaths;
  readonly fingerprint: string;
}

/** What tests may replace. */
export interface ExchangeDeps {
  /**
   * Makes the session key pair.
   * @default a fresh RSA-2048 pair ({@link makeSessionKeyPair})
   */
  readonly makeKeyPair?: () => Promise<SessionKeyPair>;
}

/**
 * `wif-exchange`: reads runtimeConfig.ini, gets the CI's OIDC token, exchanges it for a UPST bound to a fresh
 * key pair, and writes the key, the token and an OCI config profile that the OCI CLI, the SDKs and Terraform use
 * as they are. Returns the exit code: 0 done, 1 the exchange failed, 2 bad input. Never prints a secret.
 *
 * @param argv the arguments after the command name
 * @param rawIo the process, or a test's stand-in
 * @param deps replacements for tests
 */
export async function main(argv: readonly string[], rawIo: CliIo = processIo(), deps: ExchangeDeps = {}): Promise<number> {
  const redactor = new Redactor();
  const io = redactor.wrap(rawIo);
  try {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      for (const line of usage()) io.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      io.out(`wif-exchange ${packageVersion()}`);
      return EXIT.ok;
    }
    await run(flags, io, redactor, deps.makeKeyPair ?? makeSessionKeyPair);
    return EXIT.ok;
  } catch (err) {
    return report(err, io);
  }
}

function usage(): string[] {
  return [
    "Usage: wif-exchange [flags]",
    "Exchanges a CI job's OIDC token for an OCI session token (UPST) and writes an OCI config profile that uses it.",
    "",
    ...flagHelp(FLAGS),
    "",
    "Exit codes: 0 done, 1 the exchange failed, 2 bad input (nothing was sent or written). See docs/exchange.md.",
  ];
}

async function run(flags: Flags, io: CliIo, redactor: Redactor, makeKeyPair: () => Promise<SessionKeyPair>): Promise<void> {
  // 1. Everything that can be checked before sending anything.
  const runtimePath = stringFlag(flags, "runtime-config") ?? io.env.WIF_RUNTIME_CONFIG ?? "runtimeConfig.ini";
  const runtime = readRuntimeConfig(resolve(io.cwd, runtimePath), runtimePath);
  redactor.add(runtime.clientSecret);
  redactor.add(runtime.subjectToken);
  for (const w of runtime.warnings) io.err(`warning: ${w}`);

  const profile = stringFlag(flags, "profile") ?? runtime.profile ?? "wif";
  if (!PROFILE_NAME.test(profile)) {
    throw new UsageError(`--profile must be letters, digits, '.', '_', '@' or '-' (at most 64); got ${JSON.stringify(profile)}.`);
  }
  const region = stringFlag(flags, "region") ?? runtime.region;
  if (region === undefined) {
    throw new UsageError(`no region for the profile: pass --region <region> (e.g. us-ashburn-1), or set [OCI] region in ${runtime.file}.`);
  }
  if (!REGION.test(region)) throw new UsageError(`--region must be a region identifier such as us-ashburn-1; got ${JSON.stringify(region)}.`);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    timeoutMs: numberFlag(flags, "timeout", 0.1, 600, DEFAULT_RETRY_POLICY.timeoutMs / 1000) * 1000,
    maxAttempts: numberFlag(flags, "max-attempts", 1, 10, DEFAULT_RETRY_POLICY.maxAttempts, true),
  };
  if (flags["github-env"] && !io.env.GITHUB_ENV) {
    throw new UsageError("--github-env: GITHUB_ENV is not set; it is only available inside a GitHub Actions job. Use --env elsewhere.");
  }
  const configFlag = stringFlag(flags, "config-file") ?? io.env.OCI_CLI_CONFIG_FILE ?? "~/.oci/config";
  const session = prepareSession(expandPath(configFlag, io.home, io.cwd), profile);

  const sourceFlags: TokenSourceFlags = {
    tokenFile: stringFlag(flags, "token-file"),
    tokenEnv: stringFlag(flags, "token-env"),
    tokenStdin: Boolean(flags["token-stdin"]),
    github: Boolean(flags.github),
  };
  const kind = chooseTokenSource(sourceFlags, io.env, { github: true, runtimeToken: runtime.subjectToken !== undefined });
  const audienceFlag = stringFlag(flags, "audience");
  if (audienceFlag !== undefined && kind !== "github") {
    throw new UsageError("--audience applies only to a token fetched from GitHub Actions (--github); other tokens already carry theirs.");
  }

  const audience = kind === "github" ? (audienceFlag ?? githubAudience(runtime)) : undefined;

  // RSA key generation takes a few hundred milliseconds; it runs on the thread pool while the token is fetched.
  const keysPromise = makeKeyPair();
  keysPromise.catch(() => {}); // Awaited below; this only keeps an early exit from reporting it as unhandled.

  // 2. The subject token.
  let subject: SubjectToken;
  if (kind === "github") {
    redactor.add(io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    subject = await fetchGitHubToken(audience!, io, policy, (line) => io.err(`note: ${line}`));
  } else if (kind === "runtime-config") {
    subject = runtimeConfigToken(runtime.subjectToken!, runtime.file);
  } else {
    subject = await readLocalToken(kind, sourceFlags, io);
  }
  redactor.add(subject.token);
  for (const w of preflight(subject, runtime, io.now())) io.err(`warning: ${w}`);

  // 3. The exchange.
  const keys = await keysPromise;
  redactor.add(keys.privateKeyPem);
  const result = await exchangeToken(
    {
      domainUrl: runtime.domainUrl,
      clientId: runtime.clientId,
      clientSecret: runtime.clientSecret,
      subjectToken: subject.token,
      publicKeyDer: keys.publicKeyDer,
    },
    {
      runtimeConfigFile: runtime.file,
      clientId: runtime.clientId,
      subjectClaims: subject.decoded.claims,
      explainHint: explainHint(kind, sourceFlags),
    },
    policy,
    io,
    (n) =>
      io.err(
        `note: the token endpoint answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s` +
          `${n.fromRetryAfter ? " (its Retry-After)" : ""} (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
      ),
  );
  redactor.add(result.token);

  // 4. Check what came back, then write everything or nothing.
  const tenancy = tokenTenancy(result, runtime, io);
  checkKeyBinding(result, keys, io);
  const fingerprint = ociFingerprint(keys.publicKeyDer);
  const { paths } = session;
  const write = () => {
    // Read again: the file may have changed while the exchange ran.
    const current = readConfigFile(paths.configFile, "nothing was written");
    const configText = upsertProfile(current.text, profile, {
      fingerprint,
      key_file: paths.keyFile,
      tenancy,
      region,
      security_token_file: paths.tokenFile,
    });
    writeFilesAtomically([
      { path: paths.keyFile, content: keys.privateKeyPem, mode: 0o600 },
      // No trailing newline: SDKs put the file's content after "ST$" in the signature's keyId as it is.
      { path: paths.tokenFile, content: result.token, mode: 0o600 },
      { path: paths.configFile, content: configText, mode: current.mode },
    ]);
  };
  try {
    makeSessionDirs(paths);
    await withFileLock(paths.configFile, write, io);
  } catch (err) {
    if (WifError.is(err)) throw err;
    throw new UsageError(
      `cannot write the session files under ${paths.sessionDir} and ${paths.configFile} ` +
        `(${(err as NodeJS.ErrnoException).code ?? String(err)}); nothing was written.`,
    );
  }

  // 5. Tell the user, and the CI, what to do next.
  const outcome: ExchangeOutcome = { profile, region, tenancy, expiresAt: numericDate(result.decoded.claims, "exp"), paths, fingerprint };
  const envLines = environmentLines(outcome);
  const say = flags.env ? io.err : io.out;
  for (const line of summary(outcome, io.now(), configFlag)) say(line);
  if (flags.env) for (const line of envLines) io.out(line);
  if (flags["github-env"]) appendLines("GITHUB_ENV", io.env.GITHUB_ENV!, envLines);
  if (io.env.GITHUB_OUTPUT) appendLines("GITHUB_OUTPUT", io.env.GITHUB_OUTPUT, stepOutputs(outcome));
}

function appendLines(variable: string, path: string, lines: readonly string[]): void {
  try {
    appendFileSync(path, lines.map((l) => l + "\n").join(""));
  } catch (err) {
    throw new UsageError(
      `the profile was written, but $${variable} (${path}) cannot be appended to (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
    );
  }
}

/** The audience to request from GitHub: the first audience of the runtime config's GitHub trust. */
export function githubAudience(runtime: RuntimeConfig): string {
  const trust = runtime.trusts.find((t) => t.issuer.replace(/\/$/, "") === GITHUB_ISSUER);
  if (!trust || trust.audiences.length === 0) {
    throw new UsageError(
      `no audience to request from GitHub: ${runtime.file} has no [Trust …] for ${GITHUB_ISSUER} with an audience. Pass --audience <aud> (the trust's client_claim_values).`,
    );
  }
  return trust.audiences[0];
}

/**
 * Checks the subject token against what runtimeConfig.ini knows, before spending a request on it. Only
 * warnings: the domain is the authority, and a seed-format file knows no trusts.
 */
export function preflight(subject: SubjectToken, runtime: RuntimeConfig, nowMs: number): string[] {
  const warnings: string[] = [];
  const claims = subject.decoded.claims;
  const exp = numericDate(claims, "exp");
  const now = nowMs / 1000;
  if (exp !== undefined && exp <= now) {
    warnings.push(
      `the subject token expired at ${formatTime(exp)} (${formatDuration(now - exp)} ago); OCI will refuse it unless the trust allows that much clock skew. Get a fresh token.`,
    );
  }
  if (runtime.trusts.length === 0) return warnings;
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const trust = runtime.trusts.find((t) => t.issuer.replace(/\/$/, "") === iss.replace(/\/$/, ""));
  if (!trust) {
    warnings.push(
      `the subject token's issuer ${JSON.stringify(iss)} matches no [Trust …] in ${runtime.file} (${runtime.trusts.map((t) => t.issuer).join(", ")}); the exchange will likely be refused.`,
    );
    return warnings;
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (trust.audiences.length && !aud.some((a) => typeof a === "string" && trust.audiences.includes(a))) {
    warnings.push(
      `the subject token's audience ${JSON.stringify(claims.aud ?? null)} is not one of [Trust ${trust.label}] audience (${trust.audiences.join(", ")}); the exchange will likely be refused. Request the token for ${JSON.stringify(trust.audiences[0])}.`,
    );
  }
  return warnings;
}

function explainHint(kind: string, flags: TokenSourceFlags): string {
  const token =
    kind === "file" ? `--token-file ${flags.tokenFile}` : kind === "env" ? `--token-env ${flags.tokenEnv}` : "--token-file <file holding the JWT>";
  return `wif-explain ${token} --stack cdktf.out/stacks/<stack>`;
}

/** The tenancy to write: the UPST's `tenant` claim, else `[OCI] tenancy`. */
function tokenTenancy(result: ExchangeResult, runtime: RuntimeConfig, io: CliIo): string {
  const tenant = result.decoded.claims.tenant;
  if (typeof tenant === "string" && /^[A-Za-z0-9._:-]+$/.test(tenant)) {
    if (runtime.tenancy && runtime.tenancy !== tenant) {
      io.err(`warning: [OCI] tenancy in ${runtime.file} is ${runtime.tenancy}, but the session token is for ${tenant}; the profile uses the token's.`);
    }
    return tenant;
  }
  if (runtime.tenancy) return runtime.tenancy;
  throw new ExchangeError(
    `the session token has no usable tenant claim and ${runtime.file} has no [OCI] tenancy; nothing was written. Set [OCI] tenancy = <tenancy OCID>.`,
  );
}

/**
 * The UPST carries the public key it is bound to as its `jwk` claim (a JSON string in OCI's tokens; an object
 * is accepted too). If that is not our key, the private key we would write cannot sign for the token.
 */
function checkKeyBinding(result: ExchangeResult, keys: SessionKeyPair, io: CliIo): void {
  const raw = result.decoded.claims.jwk;
  if (raw === undefined) {
    io.err("warning: the session token has no jwk claim, so its binding to the new key could not be checked.");
    return;
  }
  let bound: Buffer;
  try {
    const jwk = typeof raw === "string" ? JSON.parse(raw) : raw;
    bound = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
  } catch {
    io.err("warning: the session token's jwk claim is not a readable public key, so its binding to the new key could not be checked.");
    return;
  }
  if (!bound.equals(keys.publicKeyDer)) {
    throw new ExchangeError("the session token is bound to a different public key than the one sent, so it could not be used; nothing was written.");
  }
}

/** Lines for `$GITHUB_ENV`, a GitLab dotenv report or a shell: the CLI's profile, auth and config file. */
export function environmentLines(o: ExchangeOutcome): string[] {
  return [
    `OCI_CLI_PROFILE=${o.profile}`,
    "OCI_CLI_AUTH=security_token",
    `OCI_CLI_CONFIG_FILE=${o.paths.configFile}`,
    // The TypeScript SDK's default config lookup reads this one.
    `OCI_CONFIG_FILE=${o.paths.configFile}`,
  ];
}

/** GitHub Actions step outputs: names and paths only. */
export function stepOutputs(o: ExchangeOutcome): string[] {
  return [
    `profile=${o.profile}`,
    `config-file=${o.paths.configFile}`,
    `region=${o.region}`,
    `tenancy=${o.tenancy}`,
    `expires-at=${o.expiresAt === undefined ? "" : new Date(o.expiresAt * 1000).toISOString()}`,
  ];
}

function summary(o: ExchangeOutcome, nowMs: number, configFlag: string): string[] {
  const expiry =
    o.expiresAt === undefined
      ? "its expiry is unknown"
      : `valid until ${formatTime(o.expiresAt)}, ${o.expiresAt * 1000 > nowMs ? `in ${formatDuration(o.expiresAt - nowMs / 1000)}` : "already expired"}`;
  const defaultConfig = configFlag === "~/.oci/config";
  const configArg = defaultConfig ? "" : ` --config-file ${o.paths.configFile}`;
  return [
    `Wrote OCI profile [${o.profile}] to ${o.paths.configFile} (session token ${expiry}).`,
    `  key_file            ${o.paths.keyFile} (mode 0600)`,
    `  security_token_file ${o.paths.tokenFile} (mode 0600)`,
    `  tenancy             ${o.tenancy}`,
    `  region              ${o.region}`,
    "Next steps:",
    `  OCI CLI:   oci${configArg} --profile ${o.profile} --auth security_token os ns get`,
    "  Terraform: provider \"oci\" {",
    "               auth                = \"SecurityToken\"",
    `               config_file_profile = "${o.profile}"`,
    `               region              = "${o.region}"`,
    "             }",
    ...(defaultConfig ? [] : [`             (Terraform reads ~/.oci/config; this profile is in ${o.paths.configFile}.)`]),
    `  SDKs:      session-token auth with profile "${o.profile}" of ${o.paths.configFile}`,
    "The session token is not renewed: run wif-exchange again with a fresh OIDC token before it expires.",
  ];
}
