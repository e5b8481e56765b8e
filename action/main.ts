// The GitHub Action's main step (action.yml; bundled by scripts/build.ts into action/dist/main.js, which runs
// with no node_modules). It turns the inputs into a runtimeConfig.ini in a private temporary directory, gets the
// job's OIDC token, masks every secret in the job's log, and runs wif-exchange's main() with --github-env, so
// later steps find the profile through OCI_CLI_PROFILE / OCI_CLI_CONFIG_FILE. The post step removes the directory.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchange } from "../client/exchange-cli";
import { processIo } from "../client/io";
import { DEFAULT_RETRY_POLICY } from "../client/retry";
import { fetchGitHubToken, GITHUB_REQUEST_TOKEN } from "../client/token-source";
import { renderRuntimeConfig } from "../core/runtime-config";
import { GITHUB_ISSUER } from "../core/constants";
import { EXIT } from "../core/errors";
import { nameRefusal, PROFILE_NAME, shownValue } from "../core/place";
import { writeSecretFile } from "../core/secret-file";

/** The environment variable the OIDC token is handed to wif-exchange in (`--token-env`). */
const TOKEN_VARIABLE = "WIF_ACTION_SUBJECT_TOKEN";

/** An input as GitHub passes it: `INPUT_<NAME>` (upper case, spaces to underscores), trimmed. */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** `::add-mask::` lines for a secret: the whole value and each of its lines (GitHub masks line by line). */
export function maskCommands(secret: string): string[] {
  // A workflow command is one line: a value with a line break is masked line by line only.
  const lines = secret.split(/\r?\n/).map((l) => l.trim());
  const parts = new Set(lines.length > 1 ? lines : [secret.trim()]);
  return [...parts].filter((p) => p.length >= 8 && !/^-----(BEGIN|END) /.test(p)).map((p) => `::add-mask::${p}`);
}

function fail(message: string): number {
  process.stdout.write(`::error::${message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`);
  return EXIT.badInput;
}

/**
 * Runs the action's main step against `process.env` (GitHub's inputs, state and files). Returns the exit code of
 * the exchange (0 done, 1 failed, 2 bad input).
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(line + "\n");
  const secret = input(env, "client-secret");
  for (const value of [secret, env[GITHUB_REQUEST_TOKEN] ?? ""]) maskCommands(value).forEach(say);
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
    ({ token } = await fetchGitHubToken(audience, { ...io, env }, DEFAULT_RETRY_POLICY, (line) =>
      say(`note: ${line}`),
    ));
  } catch (err) {
    return fail(`wif-exchange action: ${err instanceof Error ? err.message : String(err)}`);
  }
  maskCommands(token).forEach(say);

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
  if (code === EXIT.ok) maskWrittenSecrets(join(dir, "sessions", profile), resourceType !== "").forEach(say);
  return code;
}

/** Masks for the session token and private key just written, in case a later step prints them. */
function maskWrittenSecrets(sessionDir: string, rpst: boolean): string[] {
  const files = rpst ? ["rpst", "rpst_private_key.pem"] : ["token", "oci_api_key.pem"];
  return files.flatMap((f) => maskCommands(readFileSync(join(sessionDir, f), "utf8")));
}

if (require.main === module) {
  runAction().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      fail(`wif-exchange action: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 70;
    },
  );
}
