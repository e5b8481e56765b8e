import { request } from "node:http";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ResourcePrincipalAuthenticationDetailsProvider from "oci-common/lib/auth/resource-principal-authentication-details-provider";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { main } from "../../client/exchange-cli";
import { githubToken, SIGNED_PATH, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { pooledKeyPair, removeTempDirs, run, runtimeConfigText, tempDir, writeRuntimeConfig } from "./harness";

let endpoint: TokenEndpoint;
let cwd: string;
let home: string;

beforeAll(async () => {
  endpoint = await startTokenEndpoint({ resourceType: "github-actions", propagatedClaims: ["repository", "ref"] });
  cwd = tempDir();
  home = tempDir();
  writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
  writeFileSync(join(cwd, "ci.jwt"), githubToken());
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

const exchange = (argv: string[], env: Record<string, string> = {}) =>
  run((a, io) => main(a, io, { makeKeyPair: pooledKeyPair }), ["--token-file", "ci.jwt", ...argv], { cwd, home, env });
const lastForm = () => new URLSearchParams(endpoint.exchanges[endpoint.exchanges.length - 1].body);
const envOf = (lines: string[]) =>
  Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

describe("wif-exchange --rpst", () => {
  test("requests an RPST with res_type and rpst_exp, and prints the resource-principal v2.2 environment", async () => {
    const r = await exchange(["--rpst", "--res-type", "github-actions", "--rpst-exp", "43200", "--env"]);
    expect(r.code).toBe(0);
    const form = lastForm();
    expect(form.get("requested_token_type")).toBe("urn:oci:token-type:oci-rpst");
    expect(form.get("res_type")).toBe("github-actions");
    expect(form.get("rpst_exp")).toBe("43200");
    const sessionDir = join(home, ".oci", "sessions", "wif");
    expect(envOf(r.out)).toEqual({
      OCI_RESOURCE_PRINCIPAL_VERSION: "2.2",
      OCI_RESOURCE_PRINCIPAL_RPST: join(sessionDir, "rpst"),
      OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: join(sessionDir, "rpst_private_key.pem"),
      OCI_RESOURCE_PRINCIPAL_REGION: "us-ashburn-1",
      OCI_CLI_AUTH: "resource_principal",
    });
  });

  test("writes the token and the key with mode 0600, and never prints either", async () => {
    const r = await exchange(["--rpst", "--res-type", "github-actions"]);
    expect(r.code).toBe(0);
    const dir = join(home, ".oci", "sessions", "wif");
    const token = readFileSync(join(dir, "rpst"), "utf8");
    const key = readFileSync(join(dir, "rpst_private_key.pem"), "utf8");
    expect([
      statSync(join(dir, "rpst")).mode & 0o777,
      statSync(join(dir, "rpst_private_key.pem")).mode & 0o777,
    ]).toEqual([0o600, 0o600]);
    expect(token).toBe(endpoint.issued[endpoint.issued.length - 1]);
    const printed = [...r.out, ...r.err].join("\n");
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(key.split("\n")[1]);
  });

  test("appends the environment to $GITHUB_ENV and the paths to $GITHUB_OUTPUT", async () => {
    const ghEnv = join(tempDir(), "env");
    const ghOut = join(tempDir(), "out");
    writeFileSync(ghEnv, "");
    writeFileSync(ghOut, "");
    const r = await exchange(["--rpst", "--res-type", "github-actions", "--github-env"], {
      GITHUB_ENV: ghEnv,
      GITHUB_OUTPUT: ghOut,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(ghEnv, "utf8")).toContain("OCI_RESOURCE_PRINCIPAL_VERSION=2.2\n");
    expect(readFileSync(ghOut, "utf8")).toContain("token-type=rpst\n");
    expect(readFileSync(ghOut, "utf8")).toContain(`tenancy=${endpoint.tenancy}\n`);
  });

  test.each<[string, string[], string]>([
    [
      "--rpst has no --res-type",
      ["--rpst"],
      "error: --rpst needs --res-type <label>: the resource_label of the trust (its impersonating_resource).",
    ],
    [
      "--rpst-exp is above 12 hours",
      ["--rpst", "--res-type", "github-actions", "--rpst-exp", "43201"],
      'error: --rpst-exp must be a whole number from 300 to 43200; got "43201".',
    ],
    [
      "--res-type is given without --rpst",
      ["--res-type", "github-actions"],
      "error: --res-type and --rpst-exp apply only with --rpst.",
    ],
    [
      "--res-type is not a label",
      ["--rpst", "--res-type", "../x"],
      "error: --res-type must be letters, digits, '.', '_' or '-' (at most 64); got \"../x\".",
    ],
  ])("fails when %s, with exit code 2 and nothing sent", async (_name, argv, message) => {
    const before = endpoint.exchanges.length;
    const r = await exchange(argv);
    expect([r.code, r.err]).toEqual([2, [message]]);
    expect(endpoint.exchanges.length).toBe(before);
  });

  test("fails when the endpoint refuses the res_type, and writes nothing new", async () => {
    const before = readFileSync(join(home, ".oci", "sessions", "wif", "rpst"), "utf8");
    const r = await exchange(["--rpst", "--res-type", "other-label"]);
    expect(r.code).toBe(1);
    expect(endpoint.rejections[endpoint.rejections.length - 1]).toBe(
      "res_type must be the trust's impersonating_resource github-actions; got other-label",
    );
    expect(readFileSync(join(home, ".oci", "sessions", "wif", "rpst"), "utf8")).toBe(before);
  });
});

describe("the RPST files, used by the OCI TypeScript SDK's resource-principal provider (oci-common, v2.2)", () => {
  const VARS = [
    "OCI_RESOURCE_PRINCIPAL_VERSION",
    "OCI_RESOURCE_PRINCIPAL_RPST",
    "OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM",
    "OCI_RESOURCE_PRINCIPAL_REGION",
  ];
  let saved: Record<string, string | undefined>;
  let env: Record<string, string>;

  beforeAll(async () => {
    const r = await exchange(["--rpst", "--res-type", "github-actions", "--env"]);
    if (r.code !== 0) throw new Error(r.err.join("\n"));
    env = envOf(r.out);
  });
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
    // The provider reads process.env only; set exactly what wif-exchange printed.
    for (const v of VARS) process.env[v] = env[v];
  });
  afterEach(() => {
    for (const v of VARS)
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
  });

  async function signedGet(
    provider: ResourcePrincipalAuthenticationDetailsProvider,
  ): Promise<{ status: number; headers: Headers }> {
    const signer = new DefaultRequestSigner(provider);
    const headers = new Headers();
    const uri = `${endpoint.url}${SIGNED_PATH}?compartmentId=x`;
    await signer.signHttpRequest({ method: "GET", uri, headers });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(uri, { method: "GET", headers: Object.fromEntries(headers.entries()) }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end();
    });
    return { status, headers };
  }

  test("loads with the region we wrote and reads the tenancy and propagated claims from the token", async () => {
    const provider = ResourcePrincipalAuthenticationDetailsProvider.builder();
    expect(provider.getRegion().regionId).toBe("us-ashburn-1");
    expect(await provider.getStringClaim("res_tenant")).toBe(endpoint.tenancy);
    expect(await provider.getStringClaim("ext_repository")).toBe("octo-org/octo-repo");
  });

  test("signs a request with keyId ST$<rpst> whose signature verifies with our key", async () => {
    const provider = ResourcePrincipalAuthenticationDetailsProvider.builder();
    const checksBefore = endpoint.signatureChecks.length;
    const { status, headers } = await signedGet(provider);
    expect(endpoint.signatureChecks.slice(checksBefore)).toEqual(["ok"]);
    expect(status).toBe(200);
    expect(headers.get("authorization")).toContain(
      `keyId="ST$${readFileSync(env.OCI_RESOURCE_PRINCIPAL_RPST, "utf8")}"`,
    );
  });

  test("fails verification when the key file is replaced by another key", async () => {
    const original = readFileSync(env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM, "utf8");
    const other = (await pooledKeyPair()).privateKeyPem;
    writeFileSync(env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM, other);
    try {
      const checksBefore = endpoint.signatureChecks.length;
      const { status } = await signedGet(ResourcePrincipalAuthenticationDetailsProvider.builder());
      expect(endpoint.signatureChecks.slice(checksBefore)).toEqual([
        "signature does not verify with the session token's jwk",
      ]);
      expect(status).toBe(401);
    } finally {
      writeFileSync(env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM, original);
    }
  });
});
