import { callBroker, fetchAccessToken, type CallOptions } from "./broker";
import { checkServiceUrl } from "../core/endpoint-url";
import { EXIT, ExchangeError, UsageError } from "../core/errors";
import { numberFlag, stringFlag, type FlagSpec, type Flags } from "../cli/flags";
import type { CliIo } from "../cli/io";
import { registerSecret } from "../core/redact";
import { formatDuration, formatTime, numericDate } from "./jwt";
import { makeSessionKeyPair, ociFingerprint, type SessionKeyPair, checkKeyBinding } from "./keys";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { expandPath, prepareSession } from "./session-files";
import { writeSession } from "./exchange-session";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { hasCode } from "../core/errors";
import { checkName, PROFILE_NAME, readNamedText } from "../core/place";
import { runCommand, type CommandSpec } from "../cli/command";

/** A region identifier such as us-ashburn-1. */
const REGION = /^[a-z]{2,}-[a-z]+-\d+$/;
const SESSION_MINUTES = { min: 5, max: 60 } as const;

const FLAGS: Record<string, FlagSpec> = {
  "domain-url": {
    type: "string",
    value: "<url>",
    help: "identity domain URL, https://idcs-….identity.oraclecloud.com (default: $WIF_DOMAIN_URL)",
  },
  "client-id": {
    type: "string",
    value: "<id>",
    help: "client ID of the broker caller's OAuth client (default: $WIF_BROKER_CLIENT_ID)",
  },
  "client-secret-file": {
    type: "string",
    value: "<path>",
    help: "read the client secret from this file (default: $WIF_BROKER_CLIENT_SECRET; never a flag value)",
  },
  scope: {
    type: "string",
    value: "<scope>",
    help: "the broker's scope: audience + scope, e.g. https://upst-broker.example.com/upst.generate (default: $WIF_BROKER_SCOPE)",
  },
  "broker-url": {
    type: "string",
    value: "<url>",
    help: "the broker's URL, the upst_brokers output's endpoint (default: $WIF_BROKER_URL)",
  },
  "session-minutes": {
    type: "string",
    value: "<n>",
    help: "session token length, 5 to 60 minutes (default: the broker's)",
  },
  region: { type: "string", value: "<region>", help: "region of the profile (default: $OCI_CLI_REGION)" },
  profile: { type: "string", value: "<name>", help: "OCI config profile to write (default: wif)" },
  "config-file": {
    type: "string",
    value: "<path>",
    help: "OCI config file (default: $OCI_CLI_CONFIG_FILE, else ~/.oci/config)",
  },
  env: {
    type: "boolean",
    help: "print KEY=VALUE lines for the OCI CLI on standard output (the summary then goes to standard error)",
  },
  timeout: {
    type: "string",
    value: "<seconds>",
    help: `give up on each request after this long, retries included (default ${DEFAULT_RETRY_POLICY.timeoutMs / 1000})`,
  },
  "max-attempts": {
    type: "string",
    value: "<n>",
    help: `attempts per request when a server answers 429 or 5xx (default ${DEFAULT_RETRY_POLICY.maxAttempts})`,
  },
};

/** wif-broker's help and flags (cli/command.ts renders the help). */
const COMMAND: CommandSpec = {
  name: "wif-broker",
  synopsis: "[flags]",
  about: [
    "Gets an OCI session token (UPST) from a UPST broker with an OAuth client's credentials, and writes an OCI config profile that uses it.",
    "The client secret comes from $WIF_BROKER_CLIENT_SECRET or --client-secret-file, never from the command line.",
  ],
  flags: FLAGS,
  exitCodes: "0 done, 1 a request failed, 2 bad input (nothing was sent or written)",
};

/** What tests may replace. */
export interface BrokerCliDeps {
  /** @default a fresh RSA-2048 pair */
  readonly makeKeyPair?: () => Promise<SessionKeyPair>;
}

/**
 * `wif-broker`: gets an access token with the client-credentials grant and the broker's scope, asks the UPST broker
 * for a session token bound to a fresh key pair, and writes the key, the token and an OCI config profile, exactly
 * as `wif-exchange` does. Returns the exit code: 0 done, 1 a request failed, 2 bad input. Never prints a secret.
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>, deps: BrokerCliDeps = {}): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, async (flags, io) => {
    await run(flags, io, deps.makeKeyPair ?? makeSessionKeyPair);
    return EXIT.ok;
  });
}

/** A required setting from its flag or its environment variable. */
function setting(flags: Flags, env: CliIo["env"], flag: string, variable: string, what: string): string {
  const value = (stringFlag(flags, flag) ?? env[variable])?.trim();
  if (!value)
    throw new UsageError(
      `no ${what}: pass --${flag} <${FLAGS[flag].value?.replace(/[<>]/g, "") ?? "value"}> or set ${variable}.`,
    );
  return value;
}

function serviceUrl(value: string, flag: string, variable: string): URL {
  const url = checkServiceUrl(value);
  if ("problem" in url) throw new UsageError(`--${flag} (${variable}) ${url.problem}; got ${JSON.stringify(value)}.`);
  return url;
}

function clientSecret(flags: Flags, io: CliIo): string {
  const file = stringFlag(flags, "client-secret-file");
  if (file !== undefined) {
    let text: string;
    try {
      text = readNamedText(expandPath(file, io.home, io.cwd), FILE_LIMITS.token);
    } catch (err) {
      if (hasCode<FileRefusedError>(err, "WIF-E-FILE"))
        throw new UsageError(`--client-secret-file ${file}: ${err.reason}.`);
      throw new UsageError(
        `--client-secret-file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
      );
    }
    registerSecret(text);
    const secret = text.trim();
    if (!secret) throw new UsageError(`--client-secret-file ${file} is empty.`);
    return secret;
  }
  const secret = io.env.WIF_BROKER_CLIENT_SECRET?.trim();
  registerSecret(secret);
  if (!secret)
    throw new UsageError(
      "no client secret: set WIF_BROKER_CLIENT_SECRET (from your CI's secret store), or pass --client-secret-file <path>.",
    );
  return secret;
}

async function run(flags: Flags, io: CliIo, makeKeyPair: () => Promise<SessionKeyPair>): Promise<void> {
  // 1. Everything that can be checked before sending anything.
  const domainUrl = serviceUrl(
    setting(flags, io.env, "domain-url", "WIF_DOMAIN_URL", "identity domain URL"),
    "domain-url",
    "WIF_DOMAIN_URL",
  );
  const clientId = setting(flags, io.env, "client-id", "WIF_BROKER_CLIENT_ID", "client ID");
  const secret = clientSecret(flags, io);
  const scope = setting(flags, io.env, "scope", "WIF_BROKER_SCOPE", "scope");
  if (/\s/.test(scope))
    throw new UsageError(`--scope (WIF_BROKER_SCOPE) must be one scope without spaces; got ${JSON.stringify(scope)}.`);
  const brokerUrl = serviceUrl(
    setting(flags, io.env, "broker-url", "WIF_BROKER_URL", "broker URL"),
    "broker-url",
    "WIF_BROKER_URL",
  );
  const region = setting(flags, io.env, "region", "OCI_CLI_REGION", "region for the profile");
  if (!REGION.test(region))
    throw new UsageError(
      `--region (OCI_CLI_REGION) must be a region identifier such as us-ashburn-1; got ${JSON.stringify(region)}.`,
    );
  const profile = checkName(stringFlag(flags, "profile") ?? "wif", PROFILE_NAME, "--profile");
  const sessionMinutes =
    stringFlag(flags, "session-minutes") === undefined
      ? undefined
      : numberFlag(flags, "session-minutes", SESSION_MINUTES.min, SESSION_MINUTES.max, 60, true);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    timeoutMs: numberFlag(flags, "timeout", 0.1, 600, DEFAULT_RETRY_POLICY.timeoutMs / 1000) * 1000,
    maxAttempts: numberFlag(flags, "max-attempts", 1, 10, DEFAULT_RETRY_POLICY.maxAttempts, true),
  };
  const configFlag = stringFlag(flags, "config-file") ?? io.env.OCI_CLI_CONFIG_FILE ?? "~/.oci/config";
  const { paths } = prepareSession(expandPath(configFlag, io.home, io.cwd), profile);

  const keysPromise = makeKeyPair();
  keysPromise.catch(() => {}); // Awaited below; this only keeps an early exit from reporting it as unhandled.
  const options: CallOptions = {
    policy,
    clock: io,
    onRetry: (who, n) =>
      io.err(
        `note: ${who} answered HTTP ${n.status}; retrying in ${(n.delayMs / 1000).toFixed(1)} s` +
          `${n.fromRetryAfter ? " (its Retry-After)" : ""} (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`,
      ),
  };

  // 2. The access token, then the broker.
  const accessToken = await fetchAccessToken({ domainUrl, clientId, clientSecret: secret, scope }, options);
  const keys = await keysPromise;
  registerSecret(keys.privateKeyPem);
  const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }) as string;
  const result = await callBroker({ brokerUrl, accessToken, publicKeyPem, sessionMinutes }, options);

  // 3. Check what came back, then write everything or nothing.
  const tenancy = result.decoded.claims.tenant;
  if (typeof tenancy !== "string" || !/^[A-Za-z0-9._:-]+$/.test(tenancy)) {
    throw new ExchangeError(
      "the session token has no usable tenant claim, so the profile's tenancy is unknown; nothing was written.",
    );
  }
  checkKeyBinding(result.decoded.claims, keys, io);
  const fingerprint = ociFingerprint(keys.publicKeyDer);
  await writeSession(
    { paths, profile, region },
    { fingerprint, tenancy, privateKeyPem: keys.privateKeyPem, token: result.token },
    io,
  );

  // 4. Say what was written.
  const exp = numericDate(result.decoded.claims, "exp");
  const now = io.now() / 1000;
  const expiry =
    exp === undefined
      ? "its expiry is unknown"
      : `valid until ${formatTime(exp)}, ${exp > now ? `in ${formatDuration(exp - now)}` : "already expired"}`;
  const say = flags.env ? io.err : io.out;
  for (const line of [
    `Wrote OCI profile [${profile}] to ${paths.configFile} (session token from the broker, ${expiry}).`,
    `  key_file            ${paths.keyFile} (mode 0600)`,
    `  security_token_file ${paths.tokenFile} (mode 0600)`,
    `  tenancy             ${tenancy}`,
    `  region              ${region}`,
    `Use it: oci --profile ${profile} --auth security_token …, or Terraform's provider "oci" { auth = "SecurityToken", config_file_profile = "${profile}" }.`,
    "The session token is not renewed: run wif-broker again before it expires.",
  ]) {
    say(line);
  }
  if (flags.env) {
    for (const line of [
      `OCI_CLI_PROFILE=${profile}`,
      "OCI_CLI_AUTH=security_token",
      `OCI_CLI_CONFIG_FILE=${paths.configFile}`,
      `OCI_CONFIG_FILE=${paths.configFile}`,
    ])
      io.out(line);
  }
}
