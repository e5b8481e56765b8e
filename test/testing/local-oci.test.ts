/**
 * The local OCI's own behaviour, without the provider (these run everywhere): the signature check, the documented
 * SCIM and IAM behaviour the end-to-end tier depends on, the token exchange deciding from the trust as stored, and
 * faults on demand. Requests are signed by oci-common with the throwaway OCI config the local OCI writes.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { ConfigFileAuthenticationDetailsProvider } from "oci-common/lib/auth/config-file-auth";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { type LocalOci, ruleMatches, startLocalOci } from "../../testing/local-oci";

let oci: LocalOci;
beforeAll(async () => {
  oci = await startLocalOci({ domainName: "Default" });
});
afterAll(() => oci.close());
beforeEach(() => jest.spyOn(console, "info").mockImplementation(() => {}));
afterEach(() => jest.restoreAllMocks());

interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${oci.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A request signed by oci-common with the throwaway config's API key (or `profile`). */
async function signed(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  profile = "DEFAULT",
): Promise<Reply> {
  const signer = new DefaultRequestSigner(
    new ConfigFileAuthenticationDetailsProvider(oci.ociConfig.configFile, profile),
  );
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = new Headers(
    text === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) },
  );
  await signer.signHttpRequest({ method, uri: `${oci.url}${path}`, headers, body: text });
  return send(method, path, Object.fromEntries(headers.entries()), text);
}

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const APP = "urn:ietf:params:scim:schemas:oracle:idcs:App";
const TRUST = "urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust";
let n = 0;
const unique = (base: string) => `${base}-${++n}`;

describe("request signatures", () => {
  test("a request signed with the throwaway config's key is accepted", async () => {
    expect((await signed("GET", "/n/")).status).toBe(200);
    expect(oci.iam.namespaceCallers.at(-1)).toMatchObject({ via: "apikey", id: oci.ociConfig.userId });
  });

  test.each([
    ["no Authorization header", {}],
    ["a Basic header", { authorization: "Basic dXNlcjpwYXNz" }],
    [
      "a signature over other headers",
      { authorization: 'Signature version="1",keyId="x",algorithm="rsa-sha256",headers="date",signature="AAAA"' },
    ],
  ])("fails when the request has %s", async (_what, headers) => {
    const r = await send("GET", "/admin/v1/Users", { date: new Date().toUTCString(), ...headers });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("NotAuthenticated");
  });

  test("fails when the keyId names the admin's key but another key signed", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyId = `${oci.tenancy}/${oci.ociConfig.userId}/${oci.ociConfig.fingerprint}`;
    const signer = new DefaultRequestSigner({
      getKeyId: async () => keyId,
      getPrivateKey: () => other.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
      getPassphrase: () => null,
    } as never);
    const headers = new Headers();
    await signer.signHttpRequest({ method: "GET", uri: `${oci.url}/n/`, headers });
    expect((await send("GET", "/n/", Object.fromEntries(headers.entries()))).status).toBe(401);
    expect(oci.server.signatureRejections.at(-1)).toBe("signature does not verify");
  });

  test("fails when the body is not the one signed", async () => {
    const signer = new DefaultRequestSigner(
      new ConfigFileAuthenticationDetailsProvider(oci.ociConfig.configFile, "DEFAULT"),
    );
    const text = JSON.stringify({ schemas: [GROUP], displayName: unique("g") });
    const headers = new Headers({ "content-type": "application/json", "content-length": String(text.length) });
    await signer.signHttpRequest({ method: "POST", uri: `${oci.url}/admin/v1/Groups`, headers, body: text });
    const tampered = text.replace('"g-', '"h-');
    expect((await send("POST", "/admin/v1/Groups", Object.fromEntries(headers.entries()), tampered)).status).toBe(401);
    expect(oci.server.signatureRejections.at(-1)).toBe("x-content-sha256 does not match the body");
  });

  test("a session profile's token signs too (auth = SecurityToken)", async () => {
    const withSession = await startLocalOci({ sessionProfiles: ["ci-admin"] });
    try {
      const token = readFileSync(`${withSession.ociConfig.home}/.oci/ci-admin.token`, "utf8");
      const signer = new DefaultRequestSigner({
        getKeyId: async () => `ST$${token}`,
        getPrivateKey: () => readFileSync(withSession.ociConfig.keyFile, "utf8"),
        getPassphrase: () => null,
      } as never);
      const headers = new Headers();
      await signer.signHttpRequest({ method: "GET", uri: `${withSession.url}/n/`, headers });
      const r = await new Promise<number>((resolve) =>
        request(`${withSession.url}/n/`, { headers: Object.fromEntries(headers.entries()) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).end(),
      );
      expect(r).toBe(200);
      expect(withSession.iam.namespaceCallers.at(-1)).toMatchObject({ via: "upst", id: withSession.ociConfig.userId });
    } finally {
      await withSession.close();
    }
  });
});

describe("identity domain SCIM", () => {
  test("a create must name the type's schema", async () => {
    const r = await signed("POST", "/admin/v1/Groups", { displayName: unique("g") });
    expect([r.status, r.body.detail]).toEqual([400, `schemas must include ${GROUP}.`]);
  });

  test("an OAuth client gets a client ID (its name) and a confidential one a secret; both are kept on replace", async () => {
    const r = await signed("POST", "/admin/v1/Apps", {
      schemas: [APP],
      displayName: unique("app"),
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      isOAuthClient: true,
      clientType: "confidential",
      allowedGrants: ["client_credentials"],
    });
    expect(r.status).toBe(201);
    expect(r.body.name).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.clientSecret).toMatch(/^idcscs-/);
    const put = await signed("PUT", `/admin/v1/Apps/${r.body.id}`, {
      schemas: [APP],
      displayName: r.body.displayName,
      description: "x",
    });
    expect([put.status, put.body.name, put.body.clientSecret]).toEqual([200, r.body.name, r.body.clientSecret]);
  });

  test("an active app cannot be deleted, even with forceDelete; a deactivated one can", async () => {
    const app = oci.scim.create("Apps", {
      schemas: [APP],
      displayName: unique("app"),
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      active: true,
    });
    const refused = await signed("DELETE", `/admin/v1/Apps/${app.id}?forceDelete=true`);
    expect(refused.status).toBe(409);
    oci.scim.patch("Apps", app.id, { active: false });
    expect((await signed("DELETE", `/admin/v1/Apps/${app.id}?forceDelete=true`)).status).toBe(204);
  });

  test("a user in a group is deleted only with forceDelete, which also removes the membership", async () => {
    const user = oci.scim.create("Users", { schemas: [USER], userName: unique("u") });
    const group = oci.scim.create("Groups", {
      schemas: [GROUP],
      displayName: unique("g"),
      members: [{ type: "User", value: user.id }],
    });
    const refused = await signed("DELETE", `/admin/v1/Users/${user.id}`);
    expect([refused.status, refused.body.detail]).toEqual([
      409,
      `unable to delete User '${user.userName}' since it is currently referenced by Group ${group.displayName}`,
    ]);
    expect((await signed("DELETE", `/admin/v1/Users/${user.id}?forceDelete=true`)).status).toBe(204);
    expect(oci.scim.get("Groups", group.id)!.members).toEqual([]);
  });

  test("a group's members carry the member's OCID, and come back only when asked for", async () => {
    const user = oci.scim.create("Users", { schemas: [USER], userName: unique("u") });
    const made = await signed("POST", "/admin/v1/Groups?attributeSets=all", {
      schemas: [GROUP],
      displayName: unique("g"),
      members: [{ type: "User", value: user.id }],
    });
    expect(made.body.members).toEqual([expect.objectContaining({ value: user.id, ocid: user.ocid, type: "User" })]);
    expect((await signed("GET", `/admin/v1/Groups/${made.body.id}`)).body.members).toBeUndefined();
    expect((await signed("GET", `/admin/v1/Groups/${made.body.id}?attributes=members`)).body.members).toHaveLength(1);
  });

  test("a trust's issuer is unique, its name immutable, active and allowImpersonation default to false", async () => {
    const body = {
      schemas: [TRUST],
      name: unique("t"),
      type: "JWT",
      issuer: `https://${unique("issuer")}.example.com`,
      publicKeyEndpoint: "https://issuer.example.com/keys",
    };
    const made = await signed("POST", "/admin/v1/IdentityPropagationTrusts", body);
    expect([made.status, made.body.active, made.body.allowImpersonation]).toEqual([201, false, false]);
    const clash = await signed("POST", "/admin/v1/IdentityPropagationTrusts", { ...body, name: unique("t") });
    expect(clash.status).toBe(409);
    const renamed = await signed("PUT", `/admin/v1/IdentityPropagationTrusts/${made.body.id}`, {
      ...body,
      name: "other",
    });
    expect([renamed.status, renamed.body.detail]).toEqual([400, "Attribute name is immutable and cannot be modified."]);
  });

  test("a user's password is never returned, its groups only on request", async () => {
    const user = oci.scim.create("Users", { schemas: [USER], userName: unique("u"), password: "Secret#123" });
    const plain = await signed("GET", `/admin/v1/Users/${user.id}`);
    expect([plain.body.password, plain.body.groups]).toEqual([undefined, undefined]);
    expect((await signed("GET", `/admin/v1/Users/${user.id}?attributeSets=all`)).body.groups).toEqual([]);
  });

  test.each([
    ['userName eq "%s"', 1],
    ['userName sw "%s" and active eq true', 1],
    ['members[value eq "%s"]', 0],
    ["userName eq", "Invalid filter: eq needs a value"],
    ['userName eq "%s" userName eq "x"', "Invalid filter: terms must be joined with and/or"],
  ])("lists with the filter %s", async (filter, expected) => {
    const user = oci.scim.create("Users", { schemas: [USER], userName: unique("filtered") });
    const q = encodeURIComponent(filter.replace("%s", user.userName));
    const r = await signed("GET", `/admin/v1/Users?filter=${q}`);
    if (typeof expected === "string") expect([r.status, r.body.detail]).toEqual([400, expected]);
    else expect(r.body.totalResults).toBe(expected);
  });
});

describe("IAM", () => {
  test("a policy name is unique in the tenancy; the update changes the ETag", async () => {
    const body = {
      compartmentId: oci.tenancy,
      name: unique("p"),
      description: "d",
      statements: ["Allow group x to read buckets in tenancy"],
    };
    const made = await signed("POST", "/20160918/policies", body);
    expect(made.status).toBe(200);
    expect((await signed("POST", "/20160918/policies", body)).status).toBe(409);
    const updated = await signed("PUT", `/20160918/policies/${made.body.id}`, {
      statements: ["Allow group x to read objects in tenancy"],
    });
    expect(updated.headers.etag).not.toBe(made.headers.etag);
  });

  test("the domain is found by its URL in the tenancy, and by nothing else", async () => {
    const url = encodeURIComponent(oci.url);
    const found = await signed("GET", `/20160918/domains?compartmentId=${oci.tenancy}&url=${url}`);
    expect(found.body.map((d: any) => [d.id, d.url])).toEqual([[oci.domainOcid, oci.url]]);
    expect(
      (await signed("GET", `/20160918/domains?compartmentId=${oci.tenancy}&url=https%3A%2F%2Fother`)).body,
    ).toEqual([]);
  });
});

describe("the token exchange decides from the trust as stored", () => {
  const issuer = "https://issuer.exchange.example.com";
  let mint: (c: Record<string, unknown>) => string;
  let app: Record<string, any>;
  let first: Record<string, any>;
  let second: Record<string, any>;
  let trust: Record<string, any>;
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");

  beforeAll(() => {
    mint = oci.issuers.add(issuer, `${issuer}/keys`);
    app = oci.scim.create("Apps", {
      schemas: [APP],
      displayName: "exchange",
      basedOnTemplate: { value: "CustomWebAppTemplateId" },
      isOAuthClient: true,
      clientType: "confidential",
      allowedGrants: ["client_credentials"],
      active: true,
    });
    first = oci.scim.create("Users", { schemas: [USER], userName: "first" });
    second = oci.scim.create("Users", { schemas: [USER], userName: "second" });
    trust = oci.scim.create("IdentityPropagationTrusts", {
      schemas: [TRUST],
      name: "exchange",
      type: "JWT",
      issuer,
      publicKeyEndpoint: `${issuer}/keys`,
      active: true,
      allowImpersonation: true,
      oauthClients: [app.name],
      clientClaimName: "aud",
      clientClaimValues: ["oci"],
      claimValidations: [{ name: "owner", value: "42" }],
      // Stored order: the broader rule first, so it wins for main.
      impersonationServiceUsers: [
        { rule: "sub eq repo:o/r:*", value: first.id },
        { rule: "sub eq repo:o/r:ref:refs/heads/main", value: second.id },
      ],
    });
  });

  async function exchange(
    claims: Record<string, unknown>,
    form: Record<string, string> = {},
    secret = app.clientSecret,
  ) {
    const now = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      requested_token_type: "urn:oci:token-type:oci-upst",
      subject_token_type: "jwt",
      public_key: key,
      subject_token: mint({ aud: "oci", owner: "42", iat: now, exp: now + 300, ...claims }),
      ...form,
    }).toString();
    const auth = `Basic ${Buffer.from(`${app.name}:${secret}`).toString("base64")}`;
    return send(
      "POST",
      "/oauth2/v1/token",
      { "content-type": "application/x-www-form-urlencoded", authorization: auth },
      body,
    );
  }

  test("rules are tried in stored order and the first match wins", async () => {
    const r = await exchange({ sub: "repo:o/r:ref:refs/heads/main" });
    expect(r.status).toBe(200);
    expect(oci.tokens.issued.at(-1)).toMatchObject({ kind: "upst", subject: first.ocid, rule: "sub eq repo:o/r:*" });
  });

  test.each([
    [
      "no rule matches",
      { sub: "repo:x/y:ref:refs/heads/main" },
      {},
      "no impersonation rule of trust exchange matches the token",
    ],
    [
      "the audience is another",
      { sub: "repo:o/r:pull_request", aud: "other" },
      {},
      "aud is not one of the trust's values",
    ],
    ["a claim validation fails", { sub: "repo:o/r:pull_request", owner: "43" }, {}, "claim owner does not validate"],
    ["the token expired", { sub: "repo:o/r:pull_request", exp: 1 }, {}, "subject token expired"],
    [
      "an RPST is asked of an impersonation trust",
      { sub: "repo:o/r:x" },
      { requested_token_type: "urn:oci:token-type:oci-rpst", res_type: "x" },
      "trust exchange does not map tokens to a resource principal",
    ],
  ])("refuses when %s", async (_what, claims, form, reason) => {
    const r = await exchange(claims, form);
    expect(r.status).toBe(400);
    expect(r.body.error_description).toBe(reason);
  });

  test("refuses a wrong client secret and a deactivated trust", async () => {
    expect((await exchange({ sub: "repo:o/r:x" }, {}, "idcscs-wrong")).status).toBe(401);
    oci.scim.patch("IdentityPropagationTrusts", trust.id, { active: false });
    try {
      expect((await exchange({ sub: "repo:o/r:x" })).body.error_description).toBe("trust exchange is not active");
    } finally {
      oci.scim.patch("IdentityPropagationTrusts", trust.id, { active: true });
    }
  });

  test("refuses a token signed by a key not at the trust's JWKS URL", async () => {
    const forged = oci.issuers.add(issuer, "https://elsewhere.example.com/keys");
    const now = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      requested_token_type: "urn:oci:token-type:oci-upst",
      subject_token_type: "jwt",
      public_key: key,
      subject_token: forged({ aud: "oci", owner: "42", sub: "repo:o/r:x", exp: now + 300 }),
    }).toString();
    const auth = `Basic ${Buffer.from(`${app.name}:${app.clientSecret}`).toString("base64")}`;
    const r = await send(
      "POST",
      "/oauth2/v1/token",
      { "content-type": "application/x-www-form-urlencoded", authorization: auth },
      body,
    );
    expect(r.body.error_description).toBe("subject token signature does not verify");
  });
});

describe("impersonation rules, as documented", () => {
  test.each([
    ["sub eq repo:o/r:ref:refs/heads/main", { sub: "repo:o/r:ref:refs/heads/main" }, true],
    ["sub eq repo:o/r:ref:refs/heads/main", { sub: "repo:o/r:ref:refs/heads/main2" }, false],
    ["sub eq repo:o/r:*", { sub: "repo:o/r:pull_request" }, true],
    ["sub eq repo:o/*/x", { sub: "repo:o/a/x" }, false],
    ["groups co admins", { groups: "team-admins-x" }, true],
    ['name eq "A B"', { name: "A B" }, true],
    ["sub eq x", { sub: ["x"] }, false],
    ["sub eq x", {}, false],
  ])("%s against %j is %s", (rule, claims, expected) => {
    expect(ruleMatches(rule, claims)).toBe(expected);
  });
});

describe("faults on demand", () => {
  test("a queued 429 answers with Retry-After, once, before the service answers again", async () => {
    oci.fault({ path: /^\/n\/$/, status: 429, retryAfter: 3 });
    const faulted = await signed("GET", "/n/");
    expect([faulted.status, faulted.headers["retry-after"], faulted.body.code]).toEqual([429, "3", "TooManyRequests"]);
    expect((await signed("GET", "/n/")).status).toBe(200);
    expect(oci.server.pendingFaults()).toBe(0);
  });
});
