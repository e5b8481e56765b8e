// The GitHub Action's main step (action.yml; bundled by scripts/build.ts into action/dist/main.js, which runs
// with no node_modules). It turns the inputs into a runtimeConfig.ini in a private temporary directory, gets the
// job's OIDC token, masks every secret in the job's log, and runs wif-exchange's main() with --github-env, so
// later steps find the profile through OCI_CLI_PROFILE / OCI_CLI_CONFIG_FILE. The post step removes the directory.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchange } from "../client/exchange-cli";
import { processIo } from "../cli/io";
import { DEFAULT_RETRY_POLICY } from "../client/retry";
import { acquireIssuerToken, registerTokenSecrets } from "../client/issuer-token";
import { renderRuntimeConfig } from "../core/runtime-config";
import { github, GITHUB_ISSUER } from "../core/issuers/github";
import { EXIT } from "../core/errors";
import { nameRefusal, PROFILE_NAME, shownValue } from "../core/place";
import { writeSecretFile } from "../core/secret-file";
import { onSecretRegistered, registerSecret } from "../core/redact";
import { terminal } from "../core/text-out";
import { crashLines } from "../cli/crash";
import { ignoreClosedPipes } from "../cli/process";
import { maskCommand, workflowCommand } from "./workflow-command";

/** The environment variable the OIDC token is handed to wif-exchange in (`--token-env`). */
const TOKEN_VARIABLE = "WIF_ACTION_SUBJECT_TOKEN";

/** An input as GitHub passes it: `INPUT_<NAME>` (upper case, spaces to underscores), trimmed. */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function fail(message: string): number {
  process.stdout.write(`${workflowCommand("error", message)}\n`);
  return EXIT.badInput;
}

/**
 * Runs the action's main step against `process.env` (GitHub's inputs, state and files). Returns the exit code of
 * the exchange (0 done, 1 failed, 2 bad input).
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Every secret this process learns, here or where a token or key is read or made, is masked at that moment,
  // before anything that could print it runs: the registry tells us of each part as it is registered.
  const stop = onSecretRegistered((part) => process.stdout.write(`${maskCommand(part)}\n`));
  try {
    return await runMain(env);
  } finally {
    stop();
  }
}

async function runMain(env: NodeJS.ProcessEnv): Promise<number> {
  const say = (line: string) => process.stdout.write(`${terminal(line)}\n`);
  const secret = input(env, "client-secret");
  registerSecret(secret);
  registerTokenSecrets(github, env);
  const [domainUrl, clientId, audience, region] = ["domain-url", "client-id", "audience", "region"].map((n) =>
    input(env, n),
  );
  const missing = Object.entries({
    "domain-url": domainUrl,
    "client-id": clientId,
    "client-secret": secret,
    audience,
    region,
  })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length)
    return fail(
      `wif-exchange action: missing input${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (see action.yml).`,
    );
  // Inputs land in an ini file: a line break would start a new key or section there.
  const broken = ["domain-url", "client-id", "client-secret", "audience", "region", "profile", "tenancy"].filter((n) =>
    /[\x00-\x1f\x7f]/.test(input(env, n)),
  );
  if (broken.length)
    return fail(
      `wif-exchange action: input ${broken.join(", ")} contains a line break or another control character; give a single-line value.`,
    );
  // The profile names the folder the session key and token go to (sessions/<profile>): one plain name.
  const profile = input(env, "profile") || "wif";
  const badProfile = nameRefusal(profile, PROFILE_NAME);
  if (badProfile)
    return fail(
      `wif-exchange action: input profile ${badProfile.message}; got ${shownValue(profile)}. ${badProfile.fix}`,
    );
  if (!env.RUNNER_TEMP || !env.GITHUB_STATE || !env.GITHUB_ENV)
    return fail(
      "wif-exchange action: RUNNER_TEMP, GITHUB_STATE and GITHUB_ENV must be set; run it as a step of a GitHub Actions job.",
    );

  // Everything this action writes lives here; the post step removes it.
  const dir = mkdtempSync(join(env.RUNNER_TEMP, "oci-wif-"));
  writeFileSync(env.GITHUB_STATE, `dir=${dir}\n`, { flag: "a" });
  const runtimeConfig = join(dir, "runtimeConfig.ini");
  writeSecretFile(
    runtimeConfig,
    renderRuntimeConfig({
      domainUrl,
      clientId,
      clientSecret: secret.replace(/%/g, "%%"),
      tenancyOcid: input(env, "tenancy") || undefined,
      region,
      profileName: profile,
      trusts: [{ label: "github", issuer: GITHUB_ISSUER, audiences: [audience] }],
    }),
  );

  const io = processIo();
  let token: string;
  try {
    ({ token } = await acquireIssuerToken(
      { family: github, flag: "--github" },
      audience,
      { ...io, env },
      DEFAULT_RETRY_POLICY,
      (line) => say(`note: ${line}`),
    ));
  } catch (err) {
    return fail(`wif-exchange action: ${err instanceof Error ? err.message : String(err)}`);
  }

  const configFile = join(dir, "config");
  // Trust mode resource: an RPST and the resource-principal environment instead of a profile (client/rpst.ts).
  const resourceType = input(env, "resource-type");
  const lifetime = input(env, "rpst-lifetime");
  const rpst = resourceType
    ? ["--rpst", "--res-type", resourceType, ...(lifetime ? ["--rpst-exp", lifetime] : [])]
    : [];
  const code = await exchange(
    [
      "--runtime-config",
      runtimeConfig,
      "--token-env",
      TOKEN_VARIABLE,
      "--config-file",
      configFile,
      "--profile",
      profile,
      "--github-env",
      ...rpst,
    ],
    { ...io, env: { ...env, [TOKEN_VARIABLE]: token } },
  );
  // The session token and key were masked when they were received and made (client/exchange.ts, client/keys.ts).
  return code;
}

/**
 * The step as a process: the exchange's exit code, or for a crash the one crash handler's line (cli/crash.ts: exit
 * 70, redacted; WIF_DEBUG=1 adds the trace) as an `::error::` annotation, so the job's summary shows it.
 */
export async function runStep(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  ignoreClosedPipes();
  try {
    return await runAction(env);
  } catch (err) {
    const [first, ...trace] = crashLines(err, env);
    fail(`wif-exchange action: ${first.replace(/^error: /, "")}`);
    for (const line of trace) process.stdout.write(`${line}\n`);
    return 70;
  }
}

if (require.main === module) {
  runStep().then((code) => {
    process.exitCode = code;
  });
}
