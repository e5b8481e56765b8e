import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { request } from "node:http";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";

// The test double must be strict, or the client tests prove nothing: every departure from the documented
// request is refused, with the reason recorded.
let endpoint: TokenEndpoint;
const der = (k: KeyObject) => k.export({ type: "spki", format: "der" }).toString("base64");
/**
 * A key whose base64 holds a "+": sent without URL-encoding, the "+" reads as a space, which is how the endpoint
 * notices. A few random keys in a thousand have none, and with one of those the "not URL-encoded" case fails.
 */
function rsaKeyWithPlus(): KeyObject {
  for (;;) {
    const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    if (der(key).includes("+")) return key;
  }
}
const rsa = rsaKeyWithPlus();

beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(() => endpoint.close());

function send(options: { method?: string; headers?: Record<string, string>; body?: string; path?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${endpoint.url}${options.path ?? "/oauth2/v1/token"}`,
      { method: options.method ?? "POST", headers: options.headers },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const basic = () => `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString("base64")}`;
const FORM = "application/x-www-form-urlencoded";
function form(over: Record<string, string | undefined> = {}, extra = ""): string {
  const params: Record<string, string | undefined> = {
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    requested_token_type: "urn:oci:token-type:oci-upst",
    subject_token: githubToken(),
    subject_token_type: "jwt",
    public_key: der(rsa),
    ...over,
  };
  const set = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][];
  return new URLSearchParams(set).toString() + extra;
}

describe("the local token endpoint", () => {
  test("answers a documented request with a UPST carrying the public key as its jwk claim", async () => {
    const r = await send({ headers: { "Content-Type": FORM, Authorization: basic() }, body: form() });
    expect(r.status).toBe(200);
    const token = JSON.parse(r.body).token as string;
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(claims.tenant).toBe(endpoint.tenancy);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(createPublicKey({ key: JSON.parse(claims.jwk), format: "jwk" }).equals(rsa)).toBe(true);
  });

  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
  const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
  const pem = rsa.export({ type: "spki", format: "pem" }) as string;
  test.each([
    ["refuses a GET", { method: "GET", body: undefined }, 405, "method must be POST, got GET"],
    [
      "refuses a JSON body",
      { headers: { "Content-Type": "application/json", Authorization: "" } },
      400,
      "content-type must be application/x-www-form-urlencoded, got application/json",
    ],
    [
      "refuses a request without client authentication",
      { headers: { "Content-Type": FORM } },
      401,
      "client authentication must be HTTP Basic",
    ],
    [
      "refuses a wrong client secret",
      { headers: { "Content-Type": FORM, Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } },
      401,
      "unknown client or wrong secret",
    ],
    [
      "refuses extra parameters",
      { body: form({}, "&client_id=x") },
      400,
      "parameters must be exactly grant_type, requested_token_type, subject_token, subject_token_type, public_key; got client_id, grant_type, public_key, requested_token_type, subject_token, subject_token_type",
    ],
    [
      "refuses a repeated parameter",
      { body: form({}, "&subject_token_type=jwt") },
      400,
      "subject_token_type given 2 times",
    ],
    [
      "refuses the UPST type without 'oci-'",
      { body: form({ requested_token_type: "urn:oci:token-type:upst" }) },
      400,
      "requested_token_type must be urn:oci:token-type:oci-upst; got urn:oci:token-type:upst",
    ],
    [
      "refuses the RFC 8693 subject token type",
      { body: form({ subject_token_type: "urn:ietf:params:oauth:token-type:jwt" }) },
      400,
      "subject_token_type must be jwt; got urn:ietf:params:oauth:token-type:jwt",
    ],
    [
      "refuses a PEM public key",
      { body: form({ public_key: pem }) },
      400,
      "public_key must be base64 DER without PEM armour or line breaks",
    ],
    [
      "refuses a public key that was not URL-encoded",
      { body: form({ public_key: undefined }, `&public_key=${der(rsa)}`) },
      400,
      "public_key must be base64 DER without PEM armour or line breaks",
    ],
    ["refuses an EC key", { body: form({ public_key: der(ec) }) }, 400, "public_key must be an RSA 2048 key"],
    [
      "refuses a 1024-bit RSA key",
      { body: form({ public_key: der(small) }) },
      400,
      "public_key must be an RSA 2048 key",
    ],
    [
      "refuses an expired subject token",
      { body: form({ subject_token: githubToken({ exp: 1 }) }) },
      400,
      "subject token expired",
    ],
  ])("%s", async (_name, over, status, reason) => {
    const before = endpoint.rejections.length;
    const r = await send({ headers: { "Content-Type": FORM, Authorization: basic() }, body: form(), ...over });
    expect(r.status).toBe(status);
    expect(endpoint.rejections.slice(before)).toEqual([reason]);
  });
});

describe("the local token endpoint, for RPST requests", () => {
  const RPST = "urn:oci:token-type:oci-rpst";
  const post = (over: Record<string, string | undefined>, extra = "") =>
    send({
      headers: { "Content-Type": FORM, Authorization: basic() },
      body: form({ requested_token_type: RPST, ...over }, extra),
    });
  const claimsOf = (body: string) =>
    JSON.parse(Buffer.from((JSON.parse(body).token as string).split(".")[1], "base64url").toString());

  test("answers res_type and rpst_exp with an RPST of that lifetime, res_tenant and the bound key", async () => {
    const r = await post({}, "&res_type=github-actions&rpst_exp=43200");
    expect(r.status).toBe(200);
    const claims = claimsOf(r.body);
    expect([claims.exp - claims.iat, claims.res_tenant, claims.res_type]).toEqual([
      43200,
      endpoint.tenancy,
      "github-actions",
    ]);
    expect(createPublicKey({ key: JSON.parse(claims.jwk), format: "jwk" }).equals(rsa)).toBe(true);
  });

  test.each([
    [
      "refuses an RPST request without res_type",
      "",
      "parameters must be exactly grant_type, requested_token_type, subject_token, subject_token_type, public_key, res_type; got grant_type, public_key, requested_token_type, subject_token, subject_token_type",
    ],
    [
      "refuses rpst_exp above 43200",
      "&res_type=github-actions&rpst_exp=43201",
      "rpst_exp must be 1 to 43200 seconds; got 43201",
    ],
    [
      "refuses a res_type that is not the trust's",
      "&res_type=other",
      "res_type must be the trust's impersonating_resource github-actions; got other",
    ],
  ])("%s", async (_name, extra, reason) => {
    const r = await post({}, extra);
    expect([r.status, endpoint.rejections[endpoint.rejections.length - 1]]).toEqual([400, reason]);
  });

  test("refuses res_type on a UPST request", async () => {
    const r = await send({
      headers: { "Content-Type": FORM, Authorization: basic() },
      body: form({}, "&res_type=github-actions"),
    });
    expect([r.status, endpoint.rejections[endpoint.rejections.length - 1]]).toEqual([
      400,
      "parameters must be exactly grant_type, requested_token_type, subject_token, subject_token_type, public_key; got grant_type, public_key, requested_token_type, res_type, subject_token, subject_token_type",
    ]);
  });
});
