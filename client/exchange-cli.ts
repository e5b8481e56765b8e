import { type FlagSpec, type Flags } from "../cli/flags";
import { EXIT } from "../core/errors";
import { planExchange } from "./exchange-plan";
import { announce } from "./exchange-report";
import { acquireSubject, exchangeAndWrite } from "./exchange-session";
import type { CliIo } from "../cli/io";
import { makeSessionKeyPair, type SessionKeyPair } from "./keys";
import { DEFAULT_RETRY_POLICY } from "./retry";
import { renewUntilDone } from "./renew";
import { finishRpst, RPST_FLAGS, rpstOptions } from "./rpst";
import { runCommand, type CommandSpec } from "../cli/command";
import { ISSUERS } from "../core/issuers";

/** GitHub Actions' OIDC issuer: its trust names the audience `--github` requests. */
export { GITHUB_ISSUER } from "../core/issuers/github";
export { issuerAudience } from "./exchange-plan";
export { environmentLines, stepOutputs } from "./exchange-report";
export { preflight, type ExchangeOutcome } from "./exchange-session";

const FLAGS: Record<string, FlagSpec> = {
  "runtime-config": {
    type: "string",
    value: "<path>",
    help: "runtimeConfig.ini to read (default: $WIF_RUNTIME_CONFIG, else ./runtimeConfig.ini)",
  },
  profile: { type: "string", value: "<name>", help: "OCI config profile to write (default: [OCI] profile, else wif)" },
  region: { type: "string", value: "<region>", help: "region of the profile (default: [OCI] region)" },
  "config-file": {
    type: "string",
    value: "<path>",
    help: "OCI config file (default: $OCI_CLI_CONFIG_FILE, else ~/.oci/config)",
  },
  "token-file": {
    type: "string",
    value: "<path>",
    help: "read the subject token (the CI's OIDC JWT) from a file; - reads standard input",
  },
  "token-env": { type: "string", value: "<NAME>", help: "read it from an environment variable (GitLab id_tokens)" },
  "token-stdin": { type: "boolean", help: "read it from standard input" },
  github: {
    type: "boolean",
    help: "fetch it from GitHub Actions (the default when ACTIONS_ID_TOKEN_REQUEST_URL is set); --token-from github",
  },
  "token-from": {
    type: "string",
    value: "<issuer>",
    help: `get it the way that platform documents: ${ISSUERS.map((f) => f.id).join(", ")} (docs/issuers.md); the default when exactly one platform's token variables are set`,
  },
  audience: {
    type: "string",
    value: "<aud>",
    help: "audience to ask the platform for, where it mints a token per request (default: the first audience of that platform's trust in runtimeConfig.ini)",
  },
  env: {
    type: "boolean",
    help: "print KEY=VALUE lines for the OCI CLI on standard output (the summary then goes to standard error)",
  },
  "github-env": { type: "boolean", help: "append those lines to $GITHUB_ENV, for the job's later steps" },
  renew: {
    type: "boolean",
    help: "keep running and renew the profile at half the session token's lifetime (a new OIDC token, key and exchange each time)",
  },
  "renew-for": {
    type: "string",
    value: "<seconds>",
    help: "with --renew: stop renewing after this long (default 21600, six hours)",
  },
  timeout: {
    type: "string",
    value: "<seconds>",
    help: `give up after this long, retries included (default ${DEFAULT_RETRY_POLICY.timeoutMs / 1000})`,
  },
  "max-attempts": {
    type: "string",
    value: "<n>",
    help: `attempts in all when the endpoint answers 429 or 5xx (default ${DEFAULT_RETRY_POLICY.maxAttempts})`,
  },
  ...RPST_FLAGS,
};

/** wif-exchange's help and flags (cli/command.ts renders the help). */
const COMMAND: CommandSpec = {
  name: "wif-exchange",
  synopsis: "[flags]",
  about: [
    "Exchanges a CI job's OIDC token for an OCI session token (UPST) and writes an OCI config profile that uses it.",
  ],
  flags: FLAGS,
  exitCodes: "0 done, 1 the exchange failed, 2 bad input (nothing was sent or written). See docs/exchange.md",
};

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
 * as they are; with --renew, keeps doing so at half the token's lifetime. Returns the exit code: 0 done, 1 the
 * exchange failed, 2 bad input. Never prints a secret.
 *
 * @param argv the arguments after the command name
 * @param rawIo the process, or a test's stand-in
 * @param deps replacements for tests
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>, deps: ExchangeDeps = {}): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => run(flags, io, deps.makeKeyPair ?? makeSessionKeyPair));
}

/** The steps: plan (check everything), subject token, exchange and write, report; then renew if asked. */
async function run(flags: Flags, io: CliIo, makeKeyPair: () => Promise<SessionKeyPair>): Promise<number> {
  const startedMs = io.now();
  const plan = planExchange(flags, io);
  const rpst = rpstOptions(flags);
  // RSA key generation takes a few hundred milliseconds; it runs on the thread pool while the token is fetched.
  const keysPromise = makeKeyPair();
  keysPromise.catch(() => {}); // Awaited below; this only keeps an early exit from reporting it as unhandled.
  const subject = await acquireSubject(plan, io);
  if (rpst) return finishRpst(rpst, { flags, io, plan, subject, keys: await keysPromise });
  const outcome = await exchangeAndWrite(plan, subject, await keysPromise, io);
  const renewing = plan.renewForSeconds !== undefined;
  announce(
    outcome,
    { env: Boolean(flags.env), githubEnv: Boolean(flags["github-env"]), configFlag: plan.configFlag, renewing },
    io,
  );
  if (!renewing) return EXIT.ok;
  return renewUntilDone(plan, outcome, startedMs, io, makeKeyPair);
}
