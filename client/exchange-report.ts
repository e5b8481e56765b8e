// Step 5 of wif-exchange: tell the user, and the CI, what was written and what to do next. Nothing here is secret.
import { appendFileSync } from "node:fs";
import { UsageError } from "../core/errors";
import type { ExchangeOutcome } from "./exchange-session";
import type { CliIo } from "../cli/io";
import { formatDuration, formatTime, isoTime } from "./jwt";

/** Which outputs a run asked for. */
export interface ReportOptions {
  /** --env: KEY=VALUE lines on standard output, the summary on standard error. */
  readonly env: boolean;
  /** --github-env: the same lines appended to $GITHUB_ENV. */
  readonly githubEnv: boolean;
  /** The --config-file flag as given, to show the next commands as the user would type them. */
  readonly configFlag: string;
  /** Whether the profile will be renewed (--renew), which changes the summary's last line. */
  readonly renewing: boolean;
}

/** Prints the summary, and writes the environment lines and GitHub step outputs the run asked for. */
export function announce(outcome: ExchangeOutcome, options: ReportOptions, io: CliIo): void {
  const envLines = environmentLines(outcome);
  const say = options.env ? io.err : io.out;
  for (const line of summary(outcome, io.now(), options.configFlag, options.renewing)) say(line);
  if (options.env) for (const line of envLines) io.out(line);
  if (options.githubEnv) appendLines("GITHUB_ENV", io.env.GITHUB_ENV!, envLines);
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
    `expires-at=${o.expiresAt === undefined ? "" : (isoTime(o.expiresAt) ?? "")}`,
  ];
}

/** "valid until …, in …" for a session token's expiry. */
export function expiryText(expiresAt: number | undefined, nowMs: number): string {
  return expiresAt === undefined
    ? "its expiry is unknown"
    : `valid until ${formatTime(expiresAt)}, ${expiresAt * 1000 > nowMs ? `in ${formatDuration(expiresAt - nowMs / 1000)}` : "already expired"}`;
}

function summary(o: ExchangeOutcome, nowMs: number, configFlag: string, renewing: boolean): string[] {
  const defaultConfig = configFlag === "~/.oci/config";
  const configArg = defaultConfig ? "" : ` --config-file ${o.paths.configFile}`;
  return [
    `Wrote OCI profile [${o.profile}] to ${o.paths.configFile} (session token ${expiryText(o.expiresAt, nowMs)}).`,
    `  key_file            ${o.paths.keyFile} (mode 0600)`,
    `  security_token_file ${o.paths.tokenFile} (mode 0600)`,
    `  tenancy             ${o.tenancy}`,
    `  region              ${o.region}`,
    "Next steps:",
    `  OCI CLI:   oci${configArg} --profile ${o.profile} --auth security_token os ns get`,
    '  Terraform: provider "oci" {',
    '               auth                = "SecurityToken"',
    `               config_file_profile = "${o.profile}"`,
    `               region              = "${o.region}"`,
    "             }",
    ...(defaultConfig
      ? []
      : [`             (Terraform reads ~/.oci/config; this profile is in ${o.paths.configFile}.)`]),
    `  SDKs:      session-token auth with profile "${o.profile}" of ${o.paths.configFile}`,
    renewing
      ? "Renewing: the key and token are replaced at half their lifetime while this keeps running."
      : "The session token is not renewed: run wif-exchange again with a fresh OIDC token before it expires, or use --renew.",
  ];
}
