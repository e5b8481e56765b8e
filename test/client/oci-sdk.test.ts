import { request } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { SessionAuthDetailProvider } from "oci-common/lib/auth/session-auth-details-provider";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { main } from "../../client/exchange-cli";
import { githubToken, SIGNED_PATH, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { pooledKeyPair, removeTempDirs, run, runtimeConfigText, tempDir, writeRuntimeConfig } from "./harness";

let endpoint: TokenEndpoint;
let config: string;
let tokenFile: string;
let keyFile: string;

beforeAll(async () => {
  endpoint = await startTokenEndpoint();
  const cwd = tempDir();
  const home = tempDir();
  writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
  writeFileSync(join(cwd, "ci.jwt"), githubToken());
  // A DEFAULT profile of the kind a developer already has, which the SDK falls back to for missing keys.
  const oci = join(home, ".oci");
  require("node:fs").mkdirSync(oci);
  writeFileSync(join(oci, "config"), "[DEFAULT]\nuser=ocid1.user.oc1..developer\nregion=eu-frankfurt-1\n");
  const r = await run((argv, io) => main(argv, io, { makeKeyPair: pooledKeyPair }), ["--token-file", "ci.jwt"], {
    cwd,
    home,
  });
  if (r.code !== 0) throw new Error(r.err.join("\n"));
  config = join(oci, "config");
  tokenFile = join(oci, "sessions", "wif", "token");
  keyFile = join(oci, "sessions", "wif", "oci_api_key.pem");
});

afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

/** Signs a GET with the profile through oci-common, sends it to the endpoint, and returns the HTTP status. */
async function signedGet(provider: SessionAuthDetailProvider): Promise<{ status: number; headers: Headers }> {
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

describe("the profile wif-exchange writes, used by the OCI TypeScript SDK (oci-common)", () => {
  beforeEach(() => {
    // oci-common notes on the console when a config has no DEFAULT profile; that is not under test.
    jest.spyOn(console, "info").mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  test("loads as a session-token profile with the token's tenancy and the configured region", () => {
    const provider = new SessionAuthDetailProvider(config, "wif");
    expect(provider.getTenantId()).toBe(endpoint.tenancy);
    expect(provider.getRegion().regionId).toBe("us-ashburn-1");
  });

  test("signs a request with keyId ST$<token> whose signature verifies with the key in the token", async () => {
    const provider = new SessionAuthDetailProvider(config, "wif");
    const checksBefore = endpoint.signatureChecks.length;
    const { status, headers } = await signedGet(provider);
    expect(endpoint.signatureChecks.slice(checksBefore)).toEqual(["ok"]);
    expect(status).toBe(200);
    expect(headers.get("authorization")).toContain(`keyId="ST$${readFileSync(tokenFile, "utf8")}"`);
  });

  test("fails verification when the key file no longer matches the token", async () => {
    const original = readFileSync(keyFile, "utf8");
    const other = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    }) as string;
    writeFileSync(keyFile, other);
    try {
      const checksBefore = endpoint.signatureChecks.length;
      const { status } = await signedGet(new SessionAuthDetailProvider(config, "wif"));
      expect(endpoint.signatureChecks.slice(checksBefore)).toEqual([
        "signature does not verify with the session token's jwk",
      ]);
      expect(status).toBe(401);
    } finally {
      writeFileSync(keyFile, original);
    }
  });
});
