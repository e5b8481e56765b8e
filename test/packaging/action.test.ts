// The GitHub Action's bundled entries (action/dist/main.js and post.js, what action.yml runs) in a simulated
// GitHub Actions environment: inputs as INPUT_* variables, the OIDC request URL on the local stand-in, and the
// GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE files in a temporary directory. These are the committed files, as GitHub
// runs them (not rebuilt here); test/packaging/action-dist.test.ts fails when they are stale against the sources.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { removeTemp, ROOT, shAsync, temp } from "../support/packages";

let endpoint: TokenEndpoint;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
}, 60_000);
afterAll(async () => {
  await endpoint.close();
  removeTemp();
});

/** A job's environment: runner files, the OIDC request variables, and the inputs given. */
function jobEnv(inputs: Record<string, string>) {
  const runner = temp("wif-action-");
  const files = {
    GITHUB_ENV: join(runner, "env"),
    GITHUB_OUTPUT: join(runner, "output"),
    GITHUB_STATE: join(runner, "state"),
  };
  for (const f of Object.values(files)) writeFileSync(f, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: runner,
    RUNNER_TEMP: join(runner, "tmp"),
    ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.githubRequestToken,
    ...files,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  mkdirSync(env.RUNNER_TEMP!);
  return { env, files, runner };
}

const INPUTS = () => ({
  "domain-url": endpoint.url,
  "client-id": endpoint.clientId,
  "client-secret": endpoint.clientSecret,
  audience: "oci-wif",
  region: "eu-frankfurt-1",
  profile: "ci",
});

const runMain = (env: NodeJS.ProcessEnv) =>
  shAsync(process.execPath, [join(ROOT, "action", "dist", "main.js")], ROOT, env);
const runPost = (env: NodeJS.ProcessEnv) =>
  shAsync(process.execPath, [join(ROOT, "action", "dist", "post.js")], ROOT, env);

const actionYml = () =>
  (require("js-yaml") as { load(text: string): any }).load(readFileSync(join(ROOT, "action.yml"), "utf8"));

/** The names of the step outputs a run wrote to $GITHUB_OUTPUT (`name=value` lines). */
const outputNames = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("=")[0]);

describe("the GitHub Action", () => {
  test("sets only outputs action.yml declares, in both modes", async () => {
    const upst = jobEnv(INPUTS());
    expect((await runMain(upst.env)).code).toBe(0);
    const rpst = jobEnv({ ...INPUTS(), "resource-type": "github-actions" });
    expect((await runMain(rpst.env)).code).toBe(0);
    const written = new Set([...outputNames(upst.files.GITHUB_OUTPUT), ...outputNames(rpst.files.GITHUB_OUTPUT)]);
    const declared = Object.keys(actionYml().outputs);
    expect([...written].filter((n) => !declared.includes(n))).toEqual([]);
    expect(written.size).toBeGreaterThanOrEqual(7);
  }, 30_000); // child processes on a shared, busy machine

  test("refuses to start without the inputs action.yml marks required, and names exactly those", async () => {
    const { env } = jobEnv({});
    const r = await runMain(env);
    const required = Object.entries(actionYml().inputs as Record<string, { required?: boolean }>)
      .filter(([, i]) => i.required)
      .map(([name]) => name);
    expect(r.code).toBe(2);
    const named = /missing inputs? (.*) \(see action\.yml\)/.exec(r.stdout)![1].split(", ");
    expect(named.sort()).toEqual(required.sort());
  }, 30_000); // child processes on a shared, busy machine

  test("with resource-type, asks for an RPST, masks it and its key, and exports the resource-principal environment", async () => {
    const { env, files } = jobEnv({ ...INPUTS(), "resource-type": "github-actions", "rpst-lifetime": "7200" });
    const r = await runMain(env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const form = new URLSearchParams(endpoint.exchanges.at(-1)!.body);
    expect([form.get("requested_token_type"), form.get("res_type"), form.get("rpst_exp")]).toEqual([
      "urn:oci:token-type:oci-rpst",
      "github-actions",
      "7200",
    ]);
    const dir = /^dir=(.+)$/m.exec(readFileSync(files.GITHUB_STATE, "utf8"))![1];
    const sessionDir = join(dir, "sessions", "ci");
    const masked = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("::add-mask::"))
      .map((l) => l.slice("::add-mask::".length));
    expect(masked).toContain(endpoint.issued.at(-1));
    expect(masked).toContain(readFileSync(join(sessionDir, "rpst_private_key.pem"), "utf8").split("\n")[1]);
    expect(readFileSync(files.GITHUB_ENV, "utf8").split("\n")).toEqual([
      "OCI_RESOURCE_PRINCIPAL_VERSION=2.2",
      `OCI_RESOURCE_PRINCIPAL_RPST=${join(sessionDir, "rpst")}`,
      `OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM=${join(sessionDir, "rpst_private_key.pem")}`,
      "OCI_RESOURCE_PRINCIPAL_REGION=eu-frankfurt-1",
      "OCI_CLI_AUTH=resource_principal",
      "",
    ]);
    expect(readFileSync(files.GITHUB_OUTPUT, "utf8")).toContain(
      `token-type=rpst\nrpst-file=${join(sessionDir, "rpst")}\n`,
    );
  });

  test("exchanges the job's token, masks every secret before anything else prints it, and sets outputs and env", async () => {
    const { env, files } = jobEnv(INPUTS());
    const r = await runMain(env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(endpoint.githubAudiences.at(-1)).toBe("oci-wif");

    const lines = r.stdout.split("\n");
    const masked = lines.filter((l) => l.startsWith("::add-mask::")).map((l) => l.slice("::add-mask::".length));
    const oidcToken = new URLSearchParams(endpoint.exchanges.at(-1)!.body).get("subject_token")!;
    const state = readFileSync(files.GITHUB_STATE, "utf8");
    const dir = /^dir=(.+)$/m.exec(state)![1];
    const key = readFileSync(join(dir, "sessions", "ci", "oci_api_key.pem"), "utf8");
    const secrets = [
      endpoint.clientSecret,
      endpoint.githubRequestToken,
      oidcToken,
      endpoint.issued.at(-1)!,
      ...key.split("\n").slice(1, -2),
    ];
    for (const s of secrets) expect(masked).toContain(s);
    const unmasked = lines.filter((l) => !l.startsWith("::add-mask::")).join("\n");
    expect(secrets.filter((s) => unmasked.includes(s))).toEqual([]);
    // Masks for what is known up front come before the first other line.
    expect(lines.indexOf(`::add-mask::${endpoint.clientSecret}`)).toBeLessThan(
      lines.findIndex((l) => !l.startsWith("::add-mask::")),
    );

    expect(readFileSync(files.GITHUB_ENV, "utf8").split("\n")).toEqual([
      "OCI_CLI_PROFILE=ci",
      "OCI_CLI_AUTH=security_token",
      `OCI_CLI_CONFIG_FILE=${join(dir, "config")}`,
      `OCI_CONFIG_FILE=${join(dir, "config")}`,
      "",
    ]);
    const outputs = readFileSync(files.GITHUB_OUTPUT, "utf8");
    expect(outputs).toContain(
      `profile=ci\nconfig-file=${join(dir, "config")}\nregion=eu-frankfurt-1\ntenancy=${endpoint.tenancy}\n`,
    );
    expect(readFileSync(join(dir, "sessions", "ci", "token"), "utf8")).toBe(endpoint.issued.at(-1));
  }, 30_000); // child processes on a shared, busy machine

  test("the post step removes everything the main step wrote", async () => {
    const { env, files } = jobEnv(INPUTS());
    expect((await runMain(env)).code).toBe(0);
    const dir = /^dir=(.+)$/m.exec(readFileSync(files.GITHUB_STATE, "utf8"))![1];
    expect(existsSync(join(dir, "runtimeConfig.ini"))).toBe(true);
    const post = await runPost({ ...env, STATE_dir: dir });
    expect([post.code, post.stdout, post.stderr]).toEqual([
      0,
      `Removed ${dir} (the OCI session key, token and profile of this job).\n`,
      "",
    ]);
    expect(readdirSync(env.RUNNER_TEMP!)).toEqual([]);
  }, 30_000); // child processes on a shared, busy machine

  test("the post step refuses to remove a directory it did not make", async () => {
    const { env, runner } = jobEnv(INPUTS());
    const post = await runPost({ ...env, STATE_dir: runner });
    expect(post.code).toBe(0);
    expect(post.stdout).toBe(
      `::warning::wif-exchange action: not removing ${JSON.stringify(runner)}: not a directory this action made.\n`,
    );
    expect(existsSync(join(runner, "env"))).toBe(true);
  }, 30_000); // child processes on a shared, busy machine

  test("fails when an input holds a line break, naming the input but not the value", async () => {
    const { env } = jobEnv({
      ...INPUTS(),
      "client-secret": `${endpoint.clientSecret}\n[Trust x]`,
      audience: "oci-wif\nissuer = x",
    });
    const r = await runMain(env);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::"))).toEqual([
      "::error::wif-exchange action: input client-secret, audience contains a line break or another control character; give a single-line value.",
      "",
    ]);
  }, 30_000); // child processes on a shared, busy machine

  test("fails when inputs are missing, naming them, and sends nothing", async () => {
    const before = endpoint.exchanges.length;
    const { env } = jobEnv({
      "domain-url": endpoint.url,
      "client-secret": endpoint.clientSecret,
      region: "eu-frankfurt-1",
    });
    const r = await runMain(env);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::"))).toEqual([
      "::error::wif-exchange action: missing inputs client-id, audience (see action.yml).",
      "",
    ]);
    expect(endpoint.exchanges.length).toBe(before);
  }, 30_000); // child processes on a shared, busy machine
});
