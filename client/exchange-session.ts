// Steps 2 to 4 of wif-exchange: get the subject token, exchange it for a session token bound to a fresh key pair,
// check what came back, and write the key, the token and the profile atomically. Renewal repeats them.
import { WifError } from "../core/errors";
import type { RuntimeConfig } from "../core/runtime-config";
import { ExchangeError, UsageError } from "../core/errors";
import { exchangeToken, type ExchangeResult } from "./exchange";
import type { ExchangePlan } from "./exchange-plan";
import type { CliIo } from "../cli/io";
import { registerSecret } from "../core/redact";
import { formatDuration, formatTime, numericDate } from "./jwt";
import { ociFingerprint, type SessionKeyPair, checkKeyBinding } from "./keys";
import { upsertProfile } from "./oci-config-file";
import { writeFilesAtomically } from "../core/secret-file";
import { makeSessionDirs, readConfigFile, withFileLock, type SessionPaths } from "./session-files";
import { acquireIssuerToken } from "./issuer-token";
import { readLocalToken, runtimeConfigToken, type SubjectToken, type TokenSourceFlags } from "./token-source";

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

/** Gets the subject token from where the plan says; a platform's token is asked for anew on every call. */
export async function acquireSubject(plan: ExchangePlan, io: CliIo): Promise<SubjectToken> {
  let subject: SubjectToken;
  if (plan.kind === "issuer") {
    subject = await acquireIssuerToken(plan.issuer!, plan.audience, io, plan.policy, (line) => io.err(`note: ${line}`));
  } else if (plan.kind === "runtime-config") {
    subject = runtimeConfigToken(plan.runtime.subjectToken!, plan.runtime.file);
  } else {
    subject = await readLocalToken(plan.kind, plan.sourceFlags, io);
  }
  refuseOutsideValidity(subject, io.now());
  for (const w of preflight(subject, plan.runtime)) io.err(`warning: ${w}`);
  return subject;
}

/**
 * How far the subject token's times may be off before it is refused: 60 s. CI runners and issuers keep their clocks
 * within a second or two of UTC (NTP), and the request reaches OCI within seconds, so a minute covers every real
 * drift while still refusing a token that is stale; it is far below the lifetime of any CI token (GitHub's and
 * GitLab's live at least five minutes). OCI applies its own allowance (the trust's clock_skew_seconds) on top.
 */
export const SUBJECT_CLOCK_SKEW_SECONDS = 60;

/**
 * Refuses, before anything is sent, a subject token that has expired (`exp`), is not yet valid (`nbf`) or was issued
 * in the future (`iat`), allowing {@link SUBJECT_CLOCK_SKEW_SECONDS}. OCI would refuse it with an opaque 400; the
 * message here gives the times (never the token) and says what to do. A time a Date cannot hold is no time and
 * is left to OCI, as everywhere else (client/jwt.ts).
 * @throws UsageError (exit code 2: bad input, nothing was sent)
 */
export function refuseOutsideValidity(subject: SubjectToken, nowMs: number): void {
  const claims = subject.decoded.claims;
  const now = nowMs / 1000;
  const skew = SUBJECT_CLOCK_SKEW_SECONDS;
  const at = `now ${formatTime(Math.floor(now))}, ${skew} s of clock skew allowed`;
  const exp = numericDate(claims, "exp");
  const nbf = numericDate(claims, "nbf");
  const iat = numericDate(claims, "iat");
  let problem: string | undefined;
  if (exp !== undefined && exp + skew <= now)
    problem = `expired at ${formatTime(exp)} (${formatDuration(now - exp)} ago; ${at}). Get a fresh token`;
  else if (nbf !== undefined && nbf - skew > now)
    problem = `is not valid before ${formatTime(nbf)} (in ${formatDuration(nbf - now)}; ${at}). Wait, or check this machine's clock`;
  else if (iat !== undefined && iat - skew > now)
    problem = `was issued at ${formatTime(iat)}, ${formatDuration(iat - now)} in the future (${at}). Check this machine's clock and the issuer's`;
  if (problem) throw new UsageError(`the subject token from ${subject.source} ${problem}; nothing was sent.`);
}

/**
 * Exchanges the subject token for a session token bound to `keys`, checks it, and writes everything or nothing.
 * Returns what was written.
 */
export async function exchangeAndWrite(
  plan: ExchangePlan,
  subject: SubjectToken,
  keys: SessionKeyPair,
  io: CliIo,
): Promise<ExchangeOutcome> {
  const { runtime, policy } = plan;
  registerSecret(keys.privateKeyPem);
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
      explainHint: explainHint(plan.kind, plan.sourceFlags),
    },
    policy,
    io,
    (n) =>
      io.err(
        `note: the token endpoint answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s` +
          `${n.fromRetryAfter ? " (its Retry-After)" : ""} (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
      ),
  );
  const tenancy = tokenTenancy(result, runtime, io);
  checkKeyBinding(result.decoded.claims, keys, io);
  const fingerprint = ociFingerprint(keys.publicKeyDer);
  await writeSession(plan, { fingerprint, tenancy, privateKeyPem: keys.privateKeyPem, token: result.token }, io);
  return {
    profile: plan.profile,
    region: plan.region,
    tenancy,
    expiresAt: numericDate(result.decoded.claims, "exp"),
    paths: plan.paths,
    fingerprint,
  };
}

/**
 * Writes the key, the token and the profile, all or nothing, under the config file's lock: what wif-exchange and
 * wif-broker leave for the OCI CLI, the SDKs and Terraform.
 */
export async function writeSession(
  plan: Pick<ExchangePlan, "paths" | "profile" | "region">,
  s: { fingerprint: string; tenancy: string; privateKeyPem: string; token: string },
  io: CliIo,
): Promise<void> {
  const { paths } = plan;
  const write = () => {
    // Read again: the file may have changed while the exchange ran.
    const current = readConfigFile(paths.configFile, "nothing was written");
    const configText = upsertProfile(current.text, plan.profile, {
      fingerprint: s.fingerprint,
      key_file: paths.keyFile,
      tenancy: s.tenancy,
      region: plan.region,
      security_token_file: paths.tokenFile,
    });
    writeFilesAtomically([
      { path: paths.keyFile, content: s.privateKeyPem, mode: 0o600 },
      // No trailing newline: SDKs put the file's content after "ST$" in the signature's keyId as it is.
      { path: paths.tokenFile, content: s.token, mode: 0o600 },
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
}

/**
 * Checks the subject token's issuer and audience against what runtimeConfig.ini knows, before spending a request
 * on it. Only warnings: the domain is the authority, and a seed-format file knows no trusts.
 */
export function preflight(subject: SubjectToken, runtime: RuntimeConfig): string[] {
  const warnings: string[] = [];
  const claims = subject.decoded.claims;
  // Expiry, not-before and issue time are refused before this runs (refuseOutsideValidity).
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
    kind === "file"
      ? `--token-file ${flags.tokenFile}`
      : kind === "env"
        ? `--token-env ${flags.tokenEnv}`
        : "--token-file <file holding the JWT>";
  return `wif-explain ${token} --stack cdktf.out/stacks/<stack>`;
}

/** The tenancy to write: the UPST's `tenant` claim, else `[OCI] tenancy`. */
function tokenTenancy(result: ExchangeResult, runtime: RuntimeConfig, io: CliIo): string {
  const tenant = result.decoded.claims.tenant;
  if (typeof tenant === "string" && /^[A-Za-z0-9._:-]+$/.test(tenant)) {
    if (runtime.tenancy && runtime.tenancy !== tenant) {
      io.err(
        `warning: [OCI] tenancy in ${runtime.file} is ${runtime.tenancy}, but the session token is for ${tenant}; the profile uses the token's.`,
      );
    }
    return tenant;
  }
  if (runtime.tenancy) return runtime.tenancy;
  throw new ExchangeError(
    `the session token has no usable tenant claim and ${runtime.file} has no [OCI] tenancy; nothing was written. Set [OCI] tenancy = <tenancy OCID>.`,
  );
}
