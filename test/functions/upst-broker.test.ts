import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Broker } from "../../functions/upst-broker/src/handler";
import { readConfig } from "../../functions/upst-broker/src/config";
import {
  ACCOUNT_USER,
  accountSecretContent,
  brokerBody,
  callerKeyPair,
  FUNCTION_ID,
  SECRET_ID,
  startBrokerWorld,
  TENANCY,
  type BrokerWorld,
} from "../../testing/broker-world";

let world: BrokerWorld;
let caller: { publicKey: KeyObject; privateKey: KeyObject };
const printed: string[] = [];
const BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InVwc3QuZ2VuZXJhdGUifQ.c2lnbmF0dXJlLW9mLWFjY2Vzcy10b2tlbg";

beforeAll(async () => {
  [world, caller] = await Promise.all([startBrokerWorld(), callerKeyPair()]);
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => {
  // The OCI SDK warns on the console when a call fails; keep it, to check it for secrets too.
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
  }
});
afterEach(() => jest.restoreAllMocks());

const headers = { Authorization: [BEARER], "Content-Type": ["application/json"] };

async function call(broker: Broker, body: string | Buffer) {
  const response = await broker.handle(body, headers);
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("the UPST broker function", () => {
  test("returns a session token bound to the caller's key, signed by the account, for the configured default length", async () => {
    const calls = world.auth.upstCalls.length;
    const r = await call(world.broker(), brokerBody(caller.publicKey));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(["expiresAt", "token"]);
    const token = r.json.token as string;
    expect(world.auth.issued).toContain(token);
    const call0 = world.auth.upstCalls[calls];
    expect(call0.keyId).toBe(`${TENANCY}/${ACCOUNT_USER}/${world.accountFingerprint}`);
    expect(call0.sessionMinutes).toBe(30);
    const claims = claimsOf(token);
    expect(claims.sub).toBe(ACCOUNT_USER);
    const jwk = JSON.parse(claims.jwk as string) as { n: string };
    expect(jwk.n).toBe(caller.publicKey.export({ format: "jwk" }).n);
    expect(r.json.expiresAt).toBe(new Date((claims.exp as number) * 1000).toISOString());
    expect(r.headers["Cache-Control"]).toBe("no-store");
  });

  test("reads the secret with the function's resource principal and sends one request id to every service", async () => {
    const reads = world.secrets.reads.length;
    const broker = world.broker();
    const r = await call(broker, brokerBody(caller.publicKey));
    expect(r.status).toBe(200);
    expect(world.secrets.reads.slice(reads)).toEqual([SECRET_ID]);
    const id = r.headers["opc-request-id"];
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(world.secrets.requestIds).toContain(id);
    expect(world.auth.upstCalls.at(-1)!.opcRequestId).toBe(id);
  });

  test("honours sessionMinutes in the request", async () => {
    const r = await call(world.broker(), brokerBody(caller.publicKey, { sessionMinutes: 5 }));
    expect(r.status).toBe(200);
    expect(world.auth.upstCalls.at(-1)!.sessionMinutes).toBe(5);
    const claims = claimsOf(r.json.token as string);
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
  });

  test("sends the caller's key to the auth service re-encoded as an SPKI PEM, also when it came as PKCS#1", async () => {
    const pkcs1 = caller.publicKey.export({ type: "pkcs1", format: "pem" }) as string;
    const r = await call(world.broker(), JSON.stringify({ publicKey: pkcs1 }));
    expect(r.status).toBe(200);
    expect(world.auth.upstCalls.at(-1)!.publicKey).toBe(caller.publicKey.export({ type: "spki", format: "pem" }));
  });

  test("reads the secret once per cache period, and again after it", async () => {
    let now = Date.parse("2026-06-01T00:00:00Z");
    const broker = world.broker({ now: () => now, secretCacheMs: 60_000 });
    const reads = world.secrets.reads.length;
    await call(broker, brokerBody(caller.publicKey));
    await call(broker, brokerBody(caller.publicKey));
    expect(world.secrets.reads.length - reads).toBe(1);
    now += 61_000;
    expect((await call(broker, brokerBody(caller.publicKey))).status).toBe(200);
    expect(world.secrets.reads.length - reads).toBe(2);
  });

  describe("refuses a bad request with a 400 that names the field, before calling any service", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = (k: KeyObject) => k.export({ type: "spki", format: "pem" }) as string;
    const cases: [string, () => string | Buffer, string, RegExp][] = [
      ["fails when the body is not JSON", () => "publicKey=abc", "body", /must be a JSON object/],
      ["fails when the body is a JSON array", () => "[]", "body", /must be a JSON object/],
      ["fails when the body is too large", () => Buffer.alloc(9000, 0x20), "body", /at most 8192 bytes; got 9000/],
      ["fails when publicKey is missing", () => "{}", "publicKey", /is required/],
      [
        "fails when publicKey is not a string",
        () => JSON.stringify({ publicKey: 42 }),
        "publicKey",
        /must be a PEM string; got number/,
      ],
      [
        "fails when publicKey is not PEM",
        () => JSON.stringify({ publicKey: "ssh-rsa AAAAB3Nza" }),
        "publicKey",
        /must be a PEM public key/,
      ],
      [
        "fails when publicKey is a private key",
        () => JSON.stringify({ publicKey: small.privateKey.export({ type: "pkcs8", format: "pem" }) }),
        "publicKey",
        /private keys and certificates are refused/,
      ],
      [
        "fails when publicKey is not an RSA key",
        () => JSON.stringify({ publicKey: pem(ec.publicKey) }),
        "publicKey",
        /must be an RSA key; got ec/,
      ],
      [
        "fails when publicKey is under 2048 bits",
        () => JSON.stringify({ publicKey: pem(small.publicKey) }),
        "publicKey",
        /2048 to 8192 bits; got 1024/,
      ],
      [
        "fails when sessionMinutes is below 5",
        () => brokerBody(caller.publicKey, { sessionMinutes: 4 }),
        "sessionMinutes",
        /from 5 to 60 .*got 4/,
      ],
      [
        "fails when sessionMinutes is above 60",
        () => brokerBody(caller.publicKey, { sessionMinutes: 61 }),
        "sessionMinutes",
        /got 61/,
      ],
      [
        "fails when sessionMinutes is not whole",
        () => brokerBody(caller.publicKey, { sessionMinutes: 7.5 }),
        "sessionMinutes",
        /whole number/,
      ],
      [
        "fails when sessionMinutes is a string",
        () => brokerBody(caller.publicKey, { sessionMinutes: "30" }),
        "sessionMinutes",
        /got string/,
      ],
      [
        "fails when there is an extra field",
        () => brokerBody(caller.publicKey, { userOcid: "ocid1.user.oc1..x" }),
        "userOcid",
        /not a known field/,
      ],
    ];
    test.each(cases)("%s", async (_name, body, field, message) => {
      const before = { reads: world.secrets.requestIds.length, upst: world.auth.upstCalls.length };
      const r = await call(world.broker(), body());
      expect(r.status).toBe(400);
      expect(r.json.field).toBe(field);
      expect(r.json.error).toMatch(new RegExp(`^${field} `));
      expect(r.json.error).toMatch(message);
      expect(r.json.requestId).toBe(r.headers["opc-request-id"]);
      expect({ reads: world.secrets.requestIds.length, upst: world.auth.upstCalls.length }).toEqual(before);
    });
  });

  describe("maps upstream failures to 502 or 503 with a request id", () => {
    test("fails with 502 when the function may not read the secret (404 NotAuthorizedOrNotFound)", async () => {
      const stored = world.secrets.secrets.get(SECRET_ID)!;
      world.secrets.secrets.set(SECRET_ID, { ...stored, readers: ["ocid1.fnfunc.oc1.iad.another"] });
      try {
        const r = await call(world.broker(), brokerBody(caller.publicKey));
        expect(r.status).toBe(502);
        expect(r.json.error).toBe(
          "reading the broker's secret (GetSecretBundle) failed (HTTP 404 NotAuthorizedOrNotFound); check the function's dynamic group and policy, and the account's API key",
        );
        expect(r.json.requestId).toBe(r.headers["opc-request-id"]);
      } finally {
        world.secrets.secrets.set(SECRET_ID, stored);
      }
    });

    test("fails with 503 when the Secrets service fails on its side", async () => {
      world.secrets.inject({ status: 500 });
      const r = await call(world.broker(), brokerBody(caller.publicKey));
      expect(r.status).toBe(503);
      expect(r.json.error).toMatch(/^reading the broker's secret \(GetSecretBundle\) failed \(HTTP 500/);
    });

    test("fails with 503 when a service cannot be reached", async () => {
      const r = await call(world.broker({ secretsEndpoint: "http://127.0.0.1:9" }), brokerBody(caller.publicKey));
      expect(r.status).toBe(503);
      expect(r.json.error).toMatch(/GetSecretBundle\) failed: no answer/);
    });

    test("fails with 502 when the auth service refuses the account's signature", async () => {
      const other = generateKeyPairSync("rsa", { modulusLength: 1024 });
      const content = accountSecretContent({
        user: ACCOUNT_USER,
        tenancy: TENANCY,
        fingerprint: world.accountFingerprint,
        region: "us-ashburn-1",
        private_key: other.privateKey.export({ type: "pkcs8", format: "pem" }),
      });
      world.secrets.secrets.set("ocid1.vaultsecret.oc1.iad.wrongkey", { content, readers: [FUNCTION_ID] });
      const rejections = world.auth.rejections.length;
      const r = await call(
        world.broker({ env: { ...world.env, UPST_SECRET_OCID: "ocid1.vaultsecret.oc1.iad.wrongkey" } }),
        brokerBody(caller.publicKey),
      );
      expect(world.auth.rejections.slice(rejections)).toEqual(["signature does not verify"]);
      expect(r.status).toBe(502);
      expect(r.json.error).toMatch(/^GenerateUserSecurityToken failed \(HTTP 401 NotAuthenticated\); check/);
    });

    test.each([429, 503])("fails with 503 when the auth service answers %i", async (status) => {
      world.auth.inject({ status, body: JSON.stringify({ code: "TooManyRequests", message: "slow down" }) });
      const r = await call(world.broker(), brokerBody(caller.publicKey));
      expect(r.status).toBe(503);
      expect(r.json.error).toMatch(
        new RegExp(`^GenerateUserSecurityToken failed \\(HTTP ${status} TooManyRequests\\)$`),
      );
    });

    test.each([
      [
        "has no private_key",
        { user: ACCOUNT_USER, tenancy: TENANCY, fingerprint: "aa:bb", region: "us-ashburn-1" },
        /has no private_key \(with your own key pair, upload/,
      ],
      [
        "has no user or fingerprint",
        { tenancy: TENANCY, region: "us-ashburn-1", private_key: "x" },
        /has no user, fingerprint$/,
      ],
      [
        "has a private_key that is not PEM",
        { user: ACCOUNT_USER, tenancy: TENANCY, fingerprint: "aa:bb", region: "us-ashburn-1", private_key: "nope" },
        /not an unencrypted PEM private key/,
      ],
    ])("fails with 502 when the secret %s", async (_name, fields, message) => {
      const id = `ocid1.vaultsecret.oc1.iad.bad${Math.random().toString(36).slice(2, 8)}`;
      world.secrets.secrets.set(id, { content: accountSecretContent(fields), readers: [FUNCTION_ID] });
      const r = await call(world.broker({ env: { ...world.env, UPST_SECRET_OCID: id } }), brokerBody(caller.publicKey));
      expect(r.status).toBe(502);
      expect(r.json.error).toMatch(message);
    });
  });

  describe("the startup check", () => {
    test("names every missing configuration variable, and the handler answers 500 without calling anything", async () => {
      const logs: string[] = [];
      const before = world.secrets.requestIds.length;
      const broker = world.broker({ env: { UPST_SESSION_MINUTES: "90" }, log: (l) => logs.push(l) });
      expect(broker.problems).toEqual([
        "UPST_SECRET_OCID is not set: set it in the function's configuration to the OCID of the secret holding the account's API key (the UpstBroker construct does).",
        "UPST_SESSION_MINUTES must be a whole number from 5 to 60.",
        "OCI_RESOURCE_PRINCIPAL_VERSION, OCI_RESOURCE_PRINCIPAL_RPST, OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM, OCI_RESOURCE_PRINCIPAL_REGION are not set: the function reads its secret with its resource principal, which OCI Functions provides; it cannot run elsewhere without them.",
      ]);
      expect(logs.filter((l) => l.includes('"event":"startup"'))).toHaveLength(3);
      const r = await call(broker, brokerBody(caller.publicKey));
      expect(r.status).toBe(500);
      expect(r.json.error).toBe(
        "the broker is not configured: UPST_SECRET_OCID is not set; UPST_SESSION_MINUTES must be a whole number from 5 to 60.; OCI_RESOURCE_PRINCIPAL_VERSION, OCI_RESOURCE_PRINCIPAL_RPST, OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM, OCI_RESOURCE_PRINCIPAL_REGION are not set",
      );
      expect(world.secrets.requestIds.length).toBe(before);
    });

    test("fails when UPST_SECRET_OCID is not a secret OCID or the resource principal is not version 2.2", () => {
      expect(
        readConfig({ ...world.env, UPST_SECRET_OCID: "ocid1.user.oc1..x", OCI_RESOURCE_PRINCIPAL_VERSION: "1.1" }),
      ).toEqual({
        problems: [
          "UPST_SECRET_OCID is not a secret OCID (ocid1.vaultsecret.…).",
          "OCI_RESOURCE_PRINCIPAL_VERSION must be 2.2, the version OCI Functions provides.",
        ],
      });
    });

    test("accepts the construct's configuration, defaulting the session length to 60 minutes", () => {
      expect(readConfig({ ...world.env, UPST_SESSION_MINUTES: undefined })).toEqual({
        config: { secretId: SECRET_ID, defaultSessionMinutes: 60 },
      });
    });
  });

  test("never logs or prints the account's key, the secret, the RPST, the caller's bearer token or an issued token", () => {
    // Runs last: every test above added to the logs and to what the SDK printed.
    const text = [...world.logs, ...printed].join("\n");
    expect(world.logs.length).toBeGreaterThan(10);
    const secrets = [
      ...world.accountPrivateKeyPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")),
      world.secretContent.slice(0, 40),
      world.rpst,
      BEARER.slice("Bearer ".length),
      ...world.auth.issued,
    ];
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    const line = JSON.parse(world.logs.find((l) => l.includes('"status":200'))!) as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual(["event", "expiresAt", "ms", "requestId", "sessionMinutes", "status"]);
  });
});
