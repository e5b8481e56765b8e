// The GitLab CI/CD component (templates/wif-exchange.yml): its inputs are substituted as GitLab does, and its
// before_script and after_script run in bash with a simulated job environment, against the local token endpoint,
// with the slim client on PATH — or installed by the component itself, at the version it pins, from a local registry
// serving the packed client as a release would publish it.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { startLocalRegistry, type LocalRegistry } from "../support/local-registry";
import { pack, removeTemp, ROOT, sh, shAsync, temp } from "../support/packages";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { loadAll(text: string): any[] };

let endpoint: TokenEndpoint;
let registry: LocalRegistry;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
  sh("npm", ["run", "-s", "build:client"], ROOT);
  registry = await startLocalRegistry(pack(["./packages/wif-client"], temp("wif-gitlab-pkg-")));
}, 60_000);
afterAll(async () => {
  await endpoint.close();
  await registry.close();
  removeTemp();
});

const versionOf = (manifest: string) => JSON.parse(readFileSync(join(ROOT, manifest), "utf8")).version as string;

/** The template with `$[[ inputs.x ]]` replaced by the given inputs, else their defaults; an unknown input is an error. */
function render(inputs: Record<string, string>): { spec: any; job: any } {
  const text = readFileSync(join(ROOT, "templates", "wif-exchange.yml"), "utf8");
  const [header] = yaml.loadAll(text.split(/^---$/m)[0]);
  const specInputs = header.spec.inputs as Record<string, { default?: string }>;
  const body = text.split(/^---$/m)[1].replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_, name: string) => {
    if (!(name in specInputs)) throw new Error(`unknown input ${name}`);
    const value = inputs[name] ?? specInputs[name].default;
    if (value === undefined) throw new Error(`input ${name} has no default and was not given`);
    return value;
  });
  const [jobs] = yaml.loadAll(body);
  return { spec: header.spec, job: jobs[".oci-wif"] };
}

describe("the GitLab component", () => {
  test("declares the same inputs as the action, with the secret passed by variable name", () => {
    const { spec } = render({ "domain-url": "x", "client-id": "y", region: "z" });
    expect(Object.keys(spec.inputs)).toEqual([
      "domain-url",
      "client-id",
      "client-secret-variable",
      "audience",
      "region",
      "profile",
      "resource-type",
      "rpst-lifetime",
      "client-version",
    ]);
  });

  test("pins the client to the version a release publishes: both package.json versions, in the defaults and examples", () => {
    const version = versionOf("package.json");
    expect(versionOf("packages/wif-client/package.json")).toBe(version);
    const { spec } = render({ "domain-url": "x", "client-id": "y", region: "z" });
    expect(spec.inputs["client-version"].default).toBe(version);
    // The include lines users copy (the component's header and the README) name the same release.
    for (const file of ["templates/wif-exchange.yml", "README.md"]) {
      const pins = [...readFileSync(join(ROOT, file), "utf8").matchAll(/\/wif-exchange@([^\s]+)/g)].map((m) => m[1]);
      expect(pins.length).toBeGreaterThan(0);
      expect(pins.filter((p) => p !== version && p !== "<version>")).toEqual([]);
    }
  });

  test("installs oci-wif-client at its pinned version from the registry when the job has none, and runs it", async () => {
    const { job } = render({ "domain-url": endpoint.url, "client-id": endpoint.clientId, region: "us-phoenix-1" });
    const builds = temp("wif-gitlab-install-");
    const token = githubToken({ iss: "https://gitlab.com", aud: "oci-wif" });
    const env = {
      // Node and npm, and no wif-exchange of this machine's: the component must install its own.
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: builds,
      CI_BUILDS_DIR: builds,
      CI_JOB_ID: "7",
      OCI_WIF_ID_TOKEN: token,
      OCI_WIF_CLIENT_SECRET: endpoint.clientSecret,
      npm_config_registry: registry.url,
      npm_config_cache: join(builds, ".npm"),
      ...job.variables,
    };
    const r = await shAsync("bash", ["-c", [...job.before_script, "command -v wif-exchange"].join("\n")], builds, env);
    expect([r.code, r.stdout]).toEqual([
      0,
      `${join(builds, "oci-wif-7", "client", "node_modules", ".bin", "wif-exchange")}\n`,
    ]);
    const version = versionOf("packages/wif-client/package.json");
    expect(registry.requests).toContain("GET /oci-wif-client");
    expect(registry.requests).toContain(`GET /oci-wif-client/-/oci-wif-client-${version}.tgz`);
    const installed = JSON.parse(
      readFileSync(join(builds, "oci-wif-7", "client", "node_modules", "oci-wif-client", "package.json"), "utf8"),
    );
    expect(installed.version).toBe(version);
    expect(readFileSync(join(builds, "oci-wif-7", "sessions", "wif", "token"), "utf8")).toBe(endpoint.issued.at(-1));
    for (const secret of [token, endpoint.clientSecret, endpoint.issued.at(-1)!])
      expect(r.stdout + r.stderr).not.toContain(secret);
  }, 120_000); // npm install and child processes on a shared, busy machine

  test("its scripts write a working profile, export it to the job, print no secret, and clean up", async () => {
    const { job } = render({
      "domain-url": endpoint.url,
      "client-id": endpoint.clientId,
      region: "us-phoenix-1",
      audience: "https://gitlab.example",
    });
    expect(job.id_tokens.OCI_WIF_ID_TOKEN.aud).toBe("https://gitlab.example");
    const builds = temp("wif-gitlab-");
    const bin = join(builds, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "wif-exchange"),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "packages", "wif-client", "bin", "wif-exchange.js")}" "$@"\n`,
    );
    chmodSync(join(bin, "wif-exchange"), 0o755);
    const token = githubToken({ iss: "https://gitlab.com", aud: "https://gitlab.example" });
    const script = [
      ...job.before_script,
      'echo "profile=$OCI_CLI_PROFILE auth=$OCI_CLI_AUTH config=$OCI_CLI_CONFIG_FILE"',
      'ls "$OCI_WIF_DIR/sessions/$OCI_WIF_PROFILE"',
    ].join("\n");
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: builds,
      CI_BUILDS_DIR: builds,
      CI_JOB_ID: "42",
      OCI_WIF_ID_TOKEN: token,
      OCI_WIF_CLIENT_SECRET: endpoint.clientSecret,
      ...job.variables,
    };
    const r = await shAsync("bash", ["-c", script], builds, env);
    const dir = join(builds, "oci-wif-42");
    // With --env the summary goes to standard error, the job's log.
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([
      0,
      `Wrote OCI profile [wif] to ${join(dir, "config")} (session token valid until ${r.stderr.split("valid until ")[1]?.split(")")[0]}).`,
    ]);
    expect(r.stdout.split("\n")).toEqual([
      `profile=wif auth=security_token config=${join(dir, "config")}`,
      "oci_api_key.pem",
      "token",
      "",
    ]);
    expect(readFileSync(join(dir, "sessions", "wif", "token"), "utf8")).toBe(endpoint.issued.at(-1));
    for (const s of [token, endpoint.clientSecret, endpoint.issued.at(-1)!])
      expect(r.stdout + r.stderr).not.toContain(s);

    const after = await shAsync("bash", ["-c", job.after_script.join("\n")], builds, env);
    expect(after.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
  }, 30_000); // child processes on a shared, busy machine

  test("with resource-type, gets an RPST and exports the resource-principal variables instead of a profile", async () => {
    const { job } = render({
      "domain-url": endpoint.url,
      "client-id": endpoint.clientId,
      region: "us-phoenix-1",
      "resource-type": "github-actions",
      "rpst-lifetime": "3600",
    });
    const builds = temp("wif-gitlab-rpst-");
    const bin = join(builds, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "wif-exchange"),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "packages", "wif-client", "bin", "wif-exchange.js")}" "$@"\n`,
    );
    chmodSync(join(bin, "wif-exchange"), 0o755);
    const token = githubToken({ iss: "https://gitlab.com", aud: "oci-wif" });
    const before = endpoint.exchanges.length;
    const script = [
      ...job.before_script,
      'echo "version=$OCI_RESOURCE_PRINCIPAL_VERSION rpst=$OCI_RESOURCE_PRINCIPAL_RPST region=$OCI_RESOURCE_PRINCIPAL_REGION"',
      'echo "profile=${OCI_CLI_PROFILE:-none}"',
    ].join("\n");
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: builds,
      CI_BUILDS_DIR: builds,
      CI_JOB_ID: "43",
      OCI_WIF_ID_TOKEN: token,
      OCI_WIF_CLIENT_SECRET: endpoint.clientSecret,
      ...job.variables,
    };
    const r = await shAsync("bash", ["-c", script], builds, env);
    expect(r.code).toBe(0);
    const sent = new URLSearchParams(endpoint.exchanges[before].body);
    expect([sent.get("requested_token_type"), sent.get("res_type"), sent.get("rpst_exp")]).toEqual([
      "urn:oci:token-type:oci-rpst",
      "github-actions",
      "3600",
    ]);
    const dir = join(builds, "oci-wif-43");
    expect(r.stdout.split("\n")).toEqual([
      `version=2.2 rpst=${join(dir, "sessions", "wif", "rpst")} region=us-phoenix-1`,
      "profile=none",
      "",
    ]);
    for (const s of [token, endpoint.clientSecret, ...endpoint.issued]) expect(r.stdout + r.stderr).not.toContain(s);
    const after = await shAsync("bash", ["-c", job.after_script.join("\n")], builds, env);
    expect([after.code, existsSync(dir)]).toEqual([0, false]);
  }, 30_000);
});
