// Step 1 of wif-exchange: everything that can be checked before anything is sent, from the flags, the
// environment and runtimeConfig.ini. A new option (say, the requested token type) is read here into the plan.
import { resolve } from "node:path";
import { readRuntimeConfig, REGION, type RuntimeConfig } from "../core/runtime-config";
import { checkName, PROFILE_NAME } from "../core/place";
import { numberFlag, stringFlag, type Flags } from "../cli/flags";
import { UsageError } from "../core/errors";
import type { CliIo } from "../cli/io";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { expandPath, prepareSession, type SessionPaths } from "./session-files";
import { chooseTokenSource, type TokenSourceFlags, type TokenSourceKind } from "./token-source";
import { audienceFor, type IssuerSource } from "./issuer-token";

/** What one run of wif-exchange will do, checked. Holds the client secret (in `runtime`): never print it. */
export interface ExchangePlan {
  readonly runtime: RuntimeConfig;
  readonly profile: string;
  readonly region: string;
  readonly policy: RetryPolicy;
  /** The --config-file flag as given (or its default), for the summary. */
  readonly configFlag: string;
  readonly paths: SessionPaths;
  readonly kind: TokenSourceKind;
  readonly sourceFlags: TokenSourceFlags;
  /** Kind `issuer`: which platform's way (core/issuers/) and the flag that chose it. */
  readonly issuer?: IssuerSource;
  /** The audience to request from the platform, when it mints the token per request (GitHub, Buildkite …). */
  readonly audience?: string;
  /** Keep the profile fresh until this many seconds have passed (--renew), else undefined. */
  readonly renewForSeconds?: number;
}

/** Six hours: the longest a GitHub-hosted job runs. */
export const DEFAULT_RENEW_FOR_SECONDS = 6 * 3600;

/**
 * Reads and checks the inputs; throws UsageError (exit 2) for anything wrong. Registers the secrets it reads with
 * the registry as it reads them (core/runtime-config.ts) and prints runtimeConfig.ini's warnings.
 */
export function planExchange(flags: Flags, io: CliIo): ExchangePlan {
  const runtimePath = stringFlag(flags, "runtime-config") ?? io.env.WIF_RUNTIME_CONFIG ?? "runtimeConfig.ini";
  const runtime = readRuntimeConfig(resolve(io.cwd, runtimePath), runtimePath);
  for (const w of runtime.warnings) io.err(`warning: ${w}`);

  const profileFlag = stringFlag(flags, "profile");
  const profile = checkName(
    profileFlag ?? runtime.profile ?? "wif",
    PROFILE_NAME,
    profileFlag === undefined ? `[OCI] profile in ${runtime.file}` : "--profile",
  );
  const region = stringFlag(flags, "region") ?? runtime.region;
  if (region === undefined) {
    throw new UsageError(
      `no region for the profile: pass --region <region> (e.g. us-ashburn-1), or set [OCI] region in ${runtime.file}.`,
    );
  }
  if (!REGION.test(region))
    throw new UsageError(`--region must be a region identifier such as us-ashburn-1; got ${JSON.stringify(region)}.`);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    timeoutMs: numberFlag(flags, "timeout", 0.1, 600, DEFAULT_RETRY_POLICY.timeoutMs / 1000) * 1000,
    maxAttempts: numberFlag(flags, "max-attempts", 1, 10, DEFAULT_RETRY_POLICY.maxAttempts, true),
  };
  if (flags["github-env"] && !io.env.GITHUB_ENV) {
    throw new UsageError(
      "--github-env: GITHUB_ENV is not set; it is only available inside a GitHub Actions job. Use --env elsewhere.",
    );
  }
  const configFlag = stringFlag(flags, "config-file") ?? io.env.OCI_CLI_CONFIG_FILE ?? "~/.oci/config";
  const { paths } = prepareSession(expandPath(configFlag, io.home, io.cwd), profile);

  const sourceFlags: TokenSourceFlags = {
    tokenFile: stringFlag(flags, "token-file"),
    tokenEnv: stringFlag(flags, "token-env"),
    tokenStdin: Boolean(flags["token-stdin"]),
    github: Boolean(flags.github),
    tokenFrom: stringFlag(flags, "token-from"),
  };
  const { kind, issuer } = chooseTokenSource(sourceFlags, io.env, {
    ambient: true,
    runtimeToken: runtime.subjectToken !== undefined,
  });
  const audienceFlag = stringFlag(flags, "audience");
  const asks = issuer?.family.token.needsAudience === true;
  if (audienceFlag !== undefined && !asks) {
    throw new UsageError(
      "--audience applies only to a token wif-exchange asks a platform for (--github, or --token-from <issuer> for a platform that mints one per request, see docs/issuers.md); other tokens already carry theirs.",
    );
  }
  const audience = issuer && asks ? (audienceFlag ?? issuerAudience(issuer, runtime)) : undefined;
  return {
    runtime,
    profile,
    region,
    policy,
    configFlag,
    paths,
    kind,
    sourceFlags,
    issuer,
    audience,
    renewForSeconds: renewFor(flags, kind),
  };
}

function renewFor(flags: Flags, kind: TokenSourceKind): number | undefined {
  if (stringFlag(flags, "renew-for") !== undefined && !flags.renew)
    throw new UsageError("--renew-for applies only with --renew.");
  if (!flags.renew) return undefined;
  if (kind === "stdin" || flags.env || flags["github-env"]) {
    // Standard input can be read once; --env output is consumed by the caller, who must not wait for us.
    throw new UsageError(
      "--renew keeps running in the background: it cannot read the token from standard input or print --env / --github-env lines; run wif-exchange once with those, then again with --renew &.",
    );
  }
  return numberFlag(flags, "renew-for", 1, 7 * 24 * 3600, DEFAULT_RENEW_FOR_SECONDS);
}

/**
 * The audience to request from the platform: the first audience of the runtime config's trust whose issuer is of
 * that platform (core/issuers/).
 */
export function issuerAudience(source: IssuerSource, runtime: RuntimeConfig): string {
  const audience = audienceFor(source.family, runtime.trusts);
  if (audience === undefined) {
    const example = source.family.issuers[0].example;
    throw new UsageError(
      `no audience to request from ${source.family.platform}: ${runtime.file} has no [Trust …] for ${example} with an audience. Pass --audience <aud> (the trust's client_claim_values).`,
    );
  }
  return audience;
}
