/**
 * `wif-exchange --rpst`: exchanges the subject token for an ephemeral resource principal session token (RPST)
 * instead of a UPST, and writes what resource-principal clients (OCI CLI `--auth resource_principal`, the SDKs,
 * Terraform `auth = "ResourcePrincipal"`) read: the token and the private key (files, mode 0600) and the v2.2
 * environment.
 *
 * Literals [src: oci-go-sdk common/auth/workload_identity_federation.go]: `requested_token_type` is
 * `urn:oci:token-type:oci-rpst`, `res_type` is the trust's `impersonating_resource` and is required.
 * `rpst_exp` at most 43200 s [doc: A-Team sample README]; no minimum is documented, we ask for at least 300.
 * Which claims a WIF RPST carries is unverified: resource-principal clients read the tenancy from `res_tenant`,
 * so the tenancy is also printed and given as an output.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { WifError } from "../core/errors";
import { RPST_MAX_SECONDS, RPST_TOKEN_TYPE } from "../core/trust-modes";
import { numberFlag, stringFlag, type FlagSpec, type Flags } from "../cli/flags";
import { UsageError } from "../core/errors";
import { exchangeToken, type ExchangeResult } from "./exchange";
import type { CliIo } from "../cli/io";
import { registerSecret } from "../core/redact";
import { formatDuration, formatTime, numericDate } from "./jwt";
import type { SessionKeyPair } from "./keys";
import type { ExchangePlan } from "./exchange-plan";
import { writeFilesAtomically } from "../core/secret-file";
import { makeSessionDirs, type SessionPaths } from "./session-files";
import type { SubjectToken } from "./token-source";
import type { RuntimeConfig } from "../core/runtime-config";
import { checkKeyBinding } from "./keys";

/** The flags `wif-exchange` gains for RPSTs. */
export const RPST_FLAGS: Record<string, FlagSpec> = {
  rpst: {
    type: "boolean",
    help: "request a resource principal session token (RPST, trust mode resource) instead of a UPST",
  },
  "res-type": {
    type: "string",
    value: "<label>",
    help: "with --rpst: the trust's resource_label (sent as res_type; required)",
  },
  "rpst-exp": {
    type: "string",
    value: "<seconds>",
    help: `with --rpst: the RPST's lifetime, 300 to ${RPST_MAX_SECONDS} (default: the service's)`,
  },
};

/** A label as the config accepts it for `resource_label`. */
const RES_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** What an RPST exchange asks for. */
export interface RpstOptions {
  readonly resourceType: string;
  readonly lifetimeSeconds?: number;
}

/**
 * The RPST options from the flags, checked before anything is sent; undefined for a UPST exchange.
 * @throws UsageError naming the flag
 */
export function rpstOptions(flags: Flags): RpstOptions | undefined {
  const resType = stringFlag(flags, "res-type");
  const exp = stringFlag(flags, "rpst-exp");
  if (flags.rpst && flags.renew) {
    throw new UsageError(
      "--renew renews UPST profiles; with --rpst ask for a longer token (--rpst-exp, up to 43200 s) instead.",
    );
  }
  if (!flags.rpst) {
    if (resType !== undefined || exp !== undefined)
      throw new UsageError("--res-type and --rpst-exp apply only with --rpst.");
    return undefined;
  }
  if (resType === undefined) {
    throw new UsageError(
      "--rpst needs --res-type <label>: the resource_label of the trust (its impersonating_resource).",
    );
  }
  if (!RES_TYPE.test(resType))
    throw new UsageError(
      `--res-type must be letters, digits, '.', '_' or '-' (at most 64); got ${JSON.stringify(resType)}.`,
    );
  const lifetime = exp === undefined ? undefined : numberFlag(flags, "rpst-exp", 300, RPST_MAX_SECONDS, 0, true);
  return { resourceType: resType, lifetimeSeconds: lifetime };
}

/** The form parameters an RPST exchange adds to the UPST's five. */
export function rpstParams(o: RpstOptions): Array<[string, string]> {
  return [
    ["res_type", o.resourceType],
    ...(o.lifetimeSeconds === undefined ? [] : [["rpst_exp", String(o.lifetimeSeconds)] as [string, string]]),
  ];
}

/** Everything the UPST path already prepared, handed over at the branch. */
export interface RpstContext {
  readonly flags: Flags;
  readonly io: CliIo;
  /** The checked flags and runtimeConfig.ini (client/exchange-plan.ts). */
  readonly plan: ExchangePlan;
  readonly subject: SubjectToken;
  readonly keys: SessionKeyPair;
}

/** Where the RPST files go: beside the UPST session files of the same profile. */
export function rpstPaths(paths: SessionPaths): { tokenFile: string; keyFile: string } {
  return { tokenFile: join(paths.sessionDir, "rpst"), keyFile: join(paths.sessionDir, "rpst_private_key.pem") };
}

/**
 * Exchanges for an RPST, writes the token and key (0600, both or neither), and prints the environment.
 * @returns the exit code, 0
 */
export async function finishRpst(options: RpstOptions, c: RpstContext): Promise<number> {
  const { io, plan } = c;
  const { runtime, policy, paths } = plan;
  registerSecret(c.keys.privateKeyPem);
  const result = await exchangeToken(
    {
      domainUrl: runtime.domainUrl,
      clientId: runtime.clientId,
      clientSecret: runtime.clientSecret,
      subjectToken: c.subject.token,
      publicKeyDer: c.keys.publicKeyDer,
      requestedTokenType: RPST_TOKEN_TYPE,
      extraParams: rpstParams(options),
    },
    {
      runtimeConfigFile: runtime.file,
      clientId: runtime.clientId,
      subjectClaims: c.subject.decoded.claims,
      explainHint: "wif-explain --token-file <file holding the JWT> --stack cdktf.out/stacks/<stack>",
    },
    policy,
    io,
    (n) =>
      io.err(
        `note: the token endpoint answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
      ),
  );
  checkKeyBinding(result.decoded.claims, c.keys, io, "RPST", "note");
  const tenancy = rpstTenancy(result, runtime);
  const files = rpstPaths(paths);
  try {
    makeSessionDirs(paths);
    writeFilesAtomically([
      { path: files.keyFile, content: c.keys.privateKeyPem, mode: 0o600 },
      { path: files.tokenFile, content: result.token, mode: 0o600 },
    ]);
  } catch (err) {
    if (WifError.is(err)) throw err;
    throw new UsageError(
      `cannot write the RPST files under ${paths.sessionDir} (${(err as NodeJS.ErrnoException).code ?? String(err)}); nothing was written.`,
    );
  }
  report(options, files, tenancy, numericDate(result.decoded.claims, "exp"), c);
  return 0;
}

/** The summary, the environment (`--env`, `--github-env`) and the step outputs (`$GITHUB_OUTPUT`). */
function report(
  options: RpstOptions,
  files: { tokenFile: string; keyFile: string },
  tenancy: string | undefined,
  expiresAt: number | undefined,
  c: RpstContext,
): void {
  const { io, flags } = c;
  const env = rpstEnvironment(files, c.plan.region);
  const say = flags.env ? io.err : io.out;
  const expiry =
    expiresAt === undefined
      ? "its expiry is unknown"
      : `valid until ${formatTime(expiresAt)}, in ${formatDuration(expiresAt - io.now() / 1000)}`;
  say(`Wrote a resource principal session token (${expiry}) for res_type ${options.resourceType}.`);
  say(`  token       ${files.tokenFile} (mode 0600)`);
  say(`  private key ${files.keyFile} (mode 0600)`);
  say(`  tenancy     ${tenancy ?? "unknown: the token has no res_tenant claim; pass it to clients yourself"}`);
  say("Next: export the variables below (--env, --github-env), then: oci --auth resource_principal os ns get");
  if (flags.env) for (const line of env) io.out(line);
  if (flags["github-env"]) append(io.env.GITHUB_ENV!, env);
  if (io.env.GITHUB_OUTPUT) {
    append(io.env.GITHUB_OUTPUT, [
      "token-type=rpst",
      `rpst-file=${files.tokenFile}`,
      `private-pem-file=${files.keyFile}`,
      `region=${c.plan.region}`,
      `tenancy=${tenancy ?? ""}`,
      `expires-at=${expiresAt === undefined ? "" : new Date(expiresAt * 1000).toISOString()}`,
    ]);
  }
}

/** The resource-principal v2.2 environment: absolute paths, so clients re-read the files when they are refreshed. */
export function rpstEnvironment(files: { tokenFile: string; keyFile: string }, region: string): string[] {
  return [
    "OCI_RESOURCE_PRINCIPAL_VERSION=2.2",
    `OCI_RESOURCE_PRINCIPAL_RPST=${files.tokenFile}`,
    `OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM=${files.keyFile}`,
    `OCI_RESOURCE_PRINCIPAL_REGION=${region}`,
    "OCI_CLI_AUTH=resource_principal",
  ];
}

function append(path: string, lines: readonly string[]): void {
  try {
    appendFileSync(path, lines.map((l) => l + "\n").join(""));
  } catch (err) {
    throw new UsageError(
      `the RPST was written, but ${path} cannot be appended to (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
    );
  }
}

/** `res_tenant` (what resource-principal clients read), else `tenant`, else `[OCI] tenancy`. [inferred claim set] */
function rpstTenancy(result: ExchangeResult, runtime: RuntimeConfig): string | undefined {
  for (const claim of ["res_tenant", "tenant"]) {
    const v = result.decoded.claims[claim];
    if (typeof v === "string" && /^[A-Za-z0-9._:-]+$/.test(v)) return v;
  }
  return runtime.tenancy;
}
