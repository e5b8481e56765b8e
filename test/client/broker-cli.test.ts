import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { SessionAuthDetailProvider } from "oci-common/lib/auth/session-auth-details-provider";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { main } from "../../client/broker-cli";
import {
  startApiGateway,
  startClientCredentialsDomain,
  type ApiGateway,
  type ClientCredentialsDomain,
} from "../../testing/broker-gateway";
import { REGION, SECRET_ID, startBrokerWorld, TENANCY, type BrokerWorld } from "../../testing/broker-world";
import { UPST_SIGNED_PATH } from "../../testing/oci-auth-service";
import { leaked, pooledKeyPair, removeTempDirs, run, tempDir, type RunResult } from "./harness";

// End to end: wif-broker → the domain's token endpoint (client credentials, scope) → the API Gateway (bearer,
// audience, scope) → the function's handler → Secrets (resource principal) and auth service (GenerateUpst, API
// key) → the profile, which oci-common then signs a request with.
const AUDIENCE = "https://upst-broker.example.com/";
let world: BrokerWorld;
let domain: ClientCredentialsDomain;
let gateway: ApiGateway;
const outputs: string[] = [];

beforeAll(async () => {
  world = await startBrokerWorld();
  domain = await startClientCredentialsDomain({ audience: AUDIENCE, grantedScopes: ["upst.generate", "reports.read"] });
  gateway = await startApiGateway({ domain, scope: "upst.generate", broker: world.broker() });
});
afterAll(async () => {
  await Promise.all([gateway.close(), domain.close(), world.close()]);
  removeTempDirs();
});
beforeEach(() => {
  // oci-common notes on the console when a config has no DEFAULT profile, and warns when a call fails.
  jest.spyOn(console, "info").mockImplementation(() => {});
  jest.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => jest.restoreAllMocks());

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    WIF_DOMAIN_URL: domain.url,
    WIF_BROKER_CLIENT_ID: domain.clientId,
    WIF_BROKER_CLIENT_SECRET: domain.clientSecret,
    WIF_BROKER_SCOPE: `${AUDIENCE}upst.generate`,
    WIF_BROKER_URL: gateway.endpoint,
    OCI_CLI_REGION: REGION,
    ...overrides,
  };
}

async function broker(
  argv: string[] = [],
  overrides: Record<string, string | undefined> = {},
  home = tempDir(),
): Promise<RunResult & { home: string }> {
  const r = await run((a, io) => main(a, io, { makeKeyPair: pooledKeyPair }), argv, {
    cwd: home,
    home,
    env: env(overrides),
  });
  outputs.push(...r.out, ...r.err);
  return { ...r, home };
}

/** Signs a GET with the profile through oci-common and sends it to the auth service, which verifies it. */
async function signedGet(config: string, profile: string): Promise<number> {
  const signer = new DefaultRequestSigner(new SessionAuthDetailProvider(config, profile));
  const headers = new Headers();
  const uri = `${world.auth.url}${UPST_SIGNED_PATH}`;
  await signer.signHttpRequest({ method: "GET", uri, headers });
  return new Promise<number>((resolve, reject) => {
    const req = request(uri, { method: "GET", headers: Object.fromEntries(headers.entries()) }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("wif-broker", () => {
  test("writes a session profile that oci-common loads and signs requests with", async () => {
    const r = await broker();
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(
      /^Wrote OCI profile \[wif\] to .*config \(session token from the broker, valid until .*, in 30 min/,
    );
    const dir = join(r.home, ".oci", "sessions", "wif");
    expect(readFileSync(join(dir, "token"), "utf8")).toBe(world.auth.issued.at(-1));
    for (const f of ["token", "oci_api_key.pem"]) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const config = join(r.home, ".oci", "config");
    const provider = new SessionAuthDetailProvider(config, "wif");
    expect(provider.getTenantId()).toBe(TENANCY);
    expect(provider.getRegion().regionId).toBe(REGION);
    const checks = world.auth.signatureChecks.length;
    expect(await signedGet(config, "wif")).toBe(200);
    expect(world.auth.signatureChecks.slice(checks)).toEqual(["ok"]);
    expect(gateway.forwarded.at(-1)).toBe(200);
    expect(world.secrets.reads).toContain(SECRET_ID);
  });

  test("asks for --session-minutes, writes the named profile, and prints the CLI's variables with --env", async () => {
    const home = tempDir();
    writeFileSync(join(home, "oci-config"), "[DEFAULT]\nregion=eu-frankfurt-1\n");
    const r = await broker(
      ["--session-minutes", "10", "--profile", "reports", "--config-file", "oci-config", "--env"],
      {},
      home,
    );
    expect(r.code).toBe(0);
    expect(world.auth.upstCalls.at(-1)!.sessionMinutes).toBe(10);
    expect(r.out).toEqual([
      "OCI_CLI_PROFILE=reports",
      "OCI_CLI_AUTH=security_token",
      `OCI_CLI_CONFIG_FILE=${join(home, "oci-config")}`,
      `OCI_CONFIG_FILE=${join(home, "oci-config")}`,
    ]);
    expect(r.err[0]).toMatch(/^Wrote OCI profile \[reports\]/);
    const text = readFileSync(join(home, "oci-config"), "utf8");
    expect(text).toMatch(/^\[DEFAULT\]\nregion=eu-frankfurt-1\n\n\[reports\]\nfingerprint=/);
    expect(text).toContain(`security_token_file=${join(home, "sessions", "reports", "token")}`);
  });

  test("retries when the broker answers 503, and says so", async () => {
    world.auth.inject({ status: 503 });
    const r = await broker();
    expect(r.code).toBe(0);
    expect(r.err).toEqual(["note: the broker answered HTTP 503; retrying in 0.4 s (attempt 2 of 5)."]);
    expect(r.delays).toEqual([375]);
  });

  describe("exits 2 on bad input, naming the flag or variable, before sending anything", () => {
    test.each([
      [{ WIF_DOMAIN_URL: undefined }, [], "no identity domain URL: pass --domain-url <url> or set WIF_DOMAIN_URL."],
      [
        { WIF_DOMAIN_URL: "http://idcs.example.com" },
        [],
        /^--domain-url \(WIF_DOMAIN_URL\) must be an https URL \(plain http is accepted only for/,
      ],
      [{ WIF_BROKER_CLIENT_ID: "" }, [], "no client ID: pass --client-id <id> or set WIF_BROKER_CLIENT_ID."],
      [
        { WIF_BROKER_CLIENT_SECRET: undefined },
        [],
        "no client secret: set WIF_BROKER_CLIENT_SECRET (from your CI's secret store), or pass --client-secret-file <path>.",
      ],
      [{}, ["--client-secret-file", "missing.txt"], "--client-secret-file missing.txt: cannot be read (ENOENT)."],
      [{ WIF_BROKER_SCOPE: "a b" }, [], '--scope (WIF_BROKER_SCOPE) must be one scope without spaces; got "a b".'],
      [{ WIF_BROKER_URL: undefined }, [], "no broker URL: pass --broker-url <url> or set WIF_BROKER_URL."],
      [{ OCI_CLI_REGION: undefined }, [], "no region for the profile: pass --region <region> or set OCI_CLI_REGION."],
      [
        {},
        ["--region", "Ashburn"],
        '--region (OCI_CLI_REGION) must be a region identifier such as us-ashburn-1; got "Ashburn".',
      ],
      [{}, ["--session-minutes", "90"], '--session-minutes must be a whole number from 5 to 60; got "90".'],
      [{}, ["--profile", "a/b"], /^--profile must be a profile name, one path segment without '\/'/],
      [{}, ["--client-secret", "x"], /^unknown flag --client-secret\./],
    ])("fails with %j %j", async (overrides, argv, message) => {
      const issued = domain.issued.length;
      const r = await broker(argv, overrides);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0].replace(/^error: /, "")).toEqual(
        typeof message === "string" ? message : expect.stringMatching(message),
      );
      expect(domain.issued.length).toBe(issued);
      expect(existsSync(join(r.home, ".oci"))).toBe(false);
    });
  });

  describe("exits 1 when a request fails, saying what to check, and writes nothing", () => {
    test("fails when the domain refuses the client secret", async () => {
      const r = await broker([], { WIF_BROKER_CLIENT_SECRET: "idcscs-wrong-secret-value" });
      expect(r.code).toBe(1);
      expect(r.err[0]).toBe(
        "error: the identity domain refused the client credentials (HTTP 401, invalid_client: unknown client or wrong secret).",
      );
      expect(r.err[1]).toMatch(/Check --client-id \(WIF_BROKER_CLIENT_ID\) and the secret in WIF_BROKER_CLIENT_SECRET/);
      expect(existsSync(join(r.home, ".oci"))).toBe(false);
    });

    test("fails when the scope is not granted to the client", async () => {
      const r = await broker(["--scope", `${AUDIENCE}admin`]);
      expect(r.code).toBe(1);
      expect(r.err[0]).toBe(
        `error: the identity domain refused the scope "${AUDIENCE}admin" (HTTP 400, invalid_scope: scope ${AUDIENCE}admin is not granted to the client).`,
      );
    });

    test("fails when the access token lacks the broker's scope at the gateway", async () => {
      const forwarded = gateway.forwarded.length;
      const r = await broker(["--scope", `${AUDIENCE}reports.read`]);
      expect(r.code).toBe(1);
      expect(r.err[0]).toBe("error: the broker's gateway refused the access token (HTTP 403: Forbidden).");
      expect(r.err[1]).toMatch(/Check --scope \(WIF_BROKER_SCOPE\)/);
      expect(gateway.rejections.at(-1)).toBe("scope upst.generate missing");
      expect(gateway.forwarded.length).toBe(forwarded);
    });

    test("fails with the broker's reason and request id when it cannot read its secret", async () => {
      // A gateway in front of a freshly started function, which has no cached copy of the secret.
      const cold = await startApiGateway({ domain, scope: "upst.generate", broker: world.broker() });
      const stored = world.secrets.secrets.get(SECRET_ID)!;
      world.secrets.secrets.set(SECRET_ID, { ...stored, readers: [] });
      try {
        const r = await broker(["--max-attempts", "1"], { WIF_BROKER_URL: cold.endpoint });
        expect(r.code).toBe(1);
        expect(r.err[0]).toMatch(
          /^error: the broker could not issue a session token \(HTTP 502: reading the broker's secret \(GetSecretBundle\) failed \(HTTP 404 NotAuthorizedOrNotFound\); .*; request id [0-9A-F]{32}\); gave up after 1 attempt\. Its log has the request id\.$/,
        );
        expect(existsSync(join(r.home, ".oci"))).toBe(false);
      } finally {
        world.secrets.secrets.set(SECRET_ID, stored);
        await cold.close();
      }
    });

    test("fails when the broker cannot be reached", async () => {
      const r = await broker([], { WIF_BROKER_URL: "http://127.0.0.1:9/upst/token" });
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        "error: the broker http://127.0.0.1:9: the connection was refused (ECONNREFUSED); check the URL and port.",
        "  Check --broker-url (WIF_BROKER_URL) and this machine's network access.",
      ]);
    });
  });

  test("runs as a process from its bin entry, with a one-line error and exit 2 when unconfigured", async () => {
    const home = tempDir();
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(__dirname, "..", "..", "bin", "wif-broker.cjs")],
        { cwd: home, env: { PATH: process.env.PATH, HOME: home } },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
      );
    });
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: no identity domain URL: pass --domain-url <url> or set WIF_DOMAIN_URL.\n",
    });
  });

  test("never prints the client secret, an access token, a session token or a private key", () => {
    // Runs last, over everything the runs above printed.
    const keys = world.auth.upstCalls.length;
    expect(keys).toBeGreaterThan(2);
    const secrets = [domain.clientSecret, ...domain.issued, ...world.auth.issued];
    expect(outputs.length).toBeGreaterThan(10);
    expect(leaked(outputs, secrets)).toEqual([]);
    expect(outputs.join("\n")).not.toMatch(/PRIVATE KEY|eyJ/);
  });
});
