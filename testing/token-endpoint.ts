/**
 * A local stand-in for an identity domain's token endpoint (and for GitHub's OIDC token service), for tests.
 * It enforces the documented exchange request (docs/oci-facts.md#token-exchange) and rejects anything else with the reason
 * recorded, answers with a UPST-shaped JWT that carries the caller's public key as its `jwk` claim, and checks
 * OCI-signed requests made with such a token (`keyId="ST$<token>"`), so a test can prove that a profile the
 * client wrote really signs requests. Listens on 127.0.0.1 on a random port.
 *
 * Over 300 lines on purpose: one fake server whose parts (exchange, GitHub token, signed-request check, injected
 * answers) share its state; split, each part would need that state passed around. For the same reason
 * startTokenEndpoint is one long function: its handlers are closures over that state.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { rpstAnswer, RPST_TYPE } from "./token-endpoint-rpst";

export const EXCHANGE_PATH = "/oauth2/v1/token";
export const GITHUB_PATH = "/_github/token";
/** A path that only answers requests signed with a session token this endpoint issued. */
export const SIGNED_PATH = "/20160918/namespace";
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

const FORM_PARAMS = ["grant_type", "requested_token_type", "subject_token", "subject_token_type", "public_key"];
export const UPST_TYPE = "urn:oci:token-type:oci-upst";
export { RPST_MAX_EXP, RPST_TYPE } from "./token-endpoint-rpst";

/** A canned answer, used instead of the normal one. `hang` never answers. */
export interface InjectedResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly hang?: boolean;
}

/** One request the endpoint saw. Holds secrets: assert on it, never print it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface TokenEndpointOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The UPST's `tenant` claim. */
  readonly tenancy?: string;
  /** Lifetime of issued UPSTs. @default 3600 */
  readonly upstLifetimeSeconds?: number;
  /**
   * Whether a subject token is accepted, as the domain's trust and rules would decide; a string is the
   * refusal's `error_description`. @default - accepted unless it has expired
   */
  readonly accept?: (claims: Record<string, unknown>) => true | string;
  /** The `sub` of tokens the GitHub stand-in issues. */
  readonly githubSubject?: string;
  /** The endpoint's clock in ms (UPST `iat`/`exp`, expiry checks, GitHub tokens). @default Date.now */
  readonly now?: () => number;
  /** Replaces the public key put in the UPST's `jwk` claim (to test the client's binding check). */
  readonly jwkOverride?: KeyObject;
  /** The trust's `impersonating_resource`: RPST requests must send it as `res_type`. @default "github-actions" */
  readonly resourceType?: string;
  /** Claims of the subject token carried into RPSTs as `ext_<claim>` (the trust's claim_propagations). */
  readonly propagatedClaims?: readonly string[];
}

/** A running endpoint. */
export interface TokenEndpoint {
  /** `http://127.0.0.1:<port>`, the domain URL. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenancy: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` for the GitHub stand-in (it already carries a query). */
  readonly githubRequestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN` the GitHub stand-in expects. */
  readonly githubRequestToken: string;
  /** Requests to the token path, in order. */
  readonly exchanges: SeenRequest[];
  /** Why each refused exchange was refused, in order. */
  readonly rejections: string[];
  /** Audiences the GitHub stand-in was asked for. */
  readonly githubAudiences: string[];
  /** UPSTs issued, in order. */
  readonly issued: string[];
  /** Results of signed requests: "ok" or why the signature was refused. */
  readonly signatureChecks: string[];
  /** Answers the next requests to `route` with these, in order, before answering normally again. */
  inject(route: "token" | "github", ...responses: InjectedResponse[]): void;
  close(): Promise<void>;
}

/** Makes an unsigned-looking but well-formed JWT with the given claims (the endpoint does not verify it). */
export function makeJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: "RS256", typ: "JWT", kid: "test" },
): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part(header)}.${part(claims)}.${randomBytes(64).toString("base64url")}`;
}

/** A GitHub-Actions-shaped subject token. */
export function githubToken(
  overrides: Record<string, unknown> = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  return makeJwt({
    iss: GITHUB_ISSUER,
    aud: "oci-wif",
    sub: "repo:octo-org/octo-repo:ref:refs/heads/main",
    repository: "octo-org/octo-repo",
    ref: "refs/heads/main",
    iat: nowSeconds - 10,
    nbf: nowSeconds - 10,
    exp: nowSeconds + 300,
    ...overrides,
  });
}

let issuerKeys: { publicKey: KeyObject; privateKey: KeyObject } | undefined;

/**
 * The key the endpoint signs UPSTs with: one per test process, and 1024-bit because only this file ever checks
 * its signatures (a 2048-bit key costs about 0.25 s to make). Client keys are held to RSA 2048.
 */
function issuerKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  issuerKeys ??= generateKeyPairSync("rsa", { modulusLength: 1024 });
  return issuerKeys;
}

/** Starts an endpoint on 127.0.0.1 with a random port. */
export async function startTokenEndpoint(options: TokenEndpointOptions = {}): Promise<TokenEndpoint> {
  const clientId = options.clientId ?? "0123456789abcdef0123456789abcdef";
  const clientSecret = options.clientSecret ?? `idcscs-${randomBytes(16).toString("hex")}`;
  const tenancy = options.tenancy ?? "ocid1.tenancy.oc1..aaaaaaaatestendpointtenancy";
  const githubRequestToken = `gh-request-${randomBytes(12).toString("hex")}`;
  const signingKey = issuerKeyPair();
  const queues: Record<"token" | "github", InjectedResponse[]> = { token: [], github: [] };

  const state = {
    exchanges: [] as SeenRequest[],
    rejections: [] as string[],
    githubAudiences: [] as string[],
    issued: [] as string[],
    signatureChecks: [] as string[],
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, error: string, reason: string) => {
    state.rejections.push(reason);
    json(res, status, { error, error_description: reason });
  };

  const answerInjected = (route: "token" | "github", res: ServerResponse): boolean => {
    const next = queues[route].shift();
    if (!next) return false;
    if (next.hang) return true;
    res.writeHead(next.status ?? 500, { "Content-Type": "application/json", ...next.headers });
    res.end(next.body ?? JSON.stringify({ error: "server_error" }));
    return true;
  };

  const handleExchange = (req: IncomingMessage, body: string, res: ServerResponse) => {
    state.exchanges.push({ method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers }, body });
    if (answerInjected("token", res)) return;
    if (req.method !== "POST") return refuse(res, 405, "invalid_request", `method must be POST, got ${req.method}`);
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded")
      return refuse(
        res,
        400,
        "invalid_request",
        `content-type must be application/x-www-form-urlencoded, got ${type || "none"}`,
      );

    const auth = req.headers.authorization ?? "";
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(auth);
    if (!basic) return refuse(res, 401, "invalid_client", "client authentication must be HTTP Basic");
    const pair = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = pair.indexOf(":");
    if (colon < 0 || pair.slice(0, colon) !== clientId || pair.slice(colon + 1) !== clientSecret) {
      return refuse(res, 401, "invalid_client", "unknown client or wrong secret");
    }

    const form = new Map<string, string[]>();
    for (const part of body.split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
      let key: string;
      let value: string;
      try {
        [key, value] = eq < 0 ? [decode(part), ""] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
      } catch {
        return refuse(res, 400, "invalid_request", "body is not valid form encoding");
      }
      form.set(key, [...(form.get(key) ?? []), value]);
    }
    const keys = [...form.keys()].sort();
    const isRpst = form.get("requested_token_type")?.[0] === RPST_TYPE;
    // An RPST request is the UPST's five plus res_type (required) and rpst_exp (optional) [src: oci-go-sdk].
    const expected = isRpst ? [...FORM_PARAMS, "res_type", ...(form.has("rpst_exp") ? ["rpst_exp"] : [])] : FORM_PARAMS;
    if (keys.join(",") !== [...expected].sort().join(",")) {
      return refuse(
        res,
        400,
        "invalid_request",
        `parameters must be exactly ${expected.join(", ")}; got ${keys.join(", ")}`,
      );
    }
    for (const [key, values] of form)
      if (values.length > 1) return refuse(res, 400, "invalid_request", `${key} given ${values.length} times`);
    const get = (k: string) => form.get(k)![0];
    const literals: Record<string, string> = {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      requested_token_type: isRpst ? RPST_TYPE : UPST_TYPE,
      subject_token_type: "jwt",
    };
    for (const [k, v] of Object.entries(literals)) {
      if (get(k) !== v) return refuse(res, 400, "invalid_request", `${k} must be ${v}; got ${get(k)}`);
    }

    const publicKey = get("public_key");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(publicKey)) {
      return refuse(res, 400, "invalid_request", "public_key must be base64 DER without PEM armour or line breaks");
    }
    let clientKey: KeyObject;
    try {
      clientKey = createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
    } catch {
      return refuse(res, 400, "invalid_request", "public_key is not a DER SubjectPublicKeyInfo");
    }
    if (clientKey.asymmetricKeyType !== "rsa" || clientKey.asymmetricKeyDetails?.modulusLength !== 2048) {
      return refuse(res, 400, "invalid_request", "public_key must be an RSA 2048 key");
    }

    const subject = decodePayload(get("subject_token"));
    if (!subject) return refuse(res, 400, "invalid_request", "subject_token is not a JWT");
    const now = Math.floor((options.now ?? Date.now)() / 1000);
    const verdict = options.accept
      ? options.accept(subject)
      : typeof subject.exp === "number" && subject.exp > now
        ? true
        : "subject token expired";
    if (verdict !== true) return refuse(res, 400, "invalid_grant", verdict);

    const jwk = (options.jwkOverride ?? clientKey).export({ format: "jwk" });
    if (isRpst) {
      const answer = rpstAnswer((k) => form.get(k)?.[0], subject, now, { ...options, tenancy }, jwk);
      if ("refusal" in answer) return refuse(res, 400, "invalid_request", answer.refusal);
      const rpst = signJwt(answer.claims, signingKey.privateKey);
      state.issued.push(rpst);
      return json(res, 200, { token: rpst });
    }
    const upst = signJwt(
      {
        sub: "ocid1.user.oc1..aaaaaaaatestserviceuser",
        tenant: tenancy,
        iss: "authService.oracle.com",
        ttype: "upst",
        iat: now,
        exp: now + (options.upstLifetimeSeconds ?? 3600),
        source_authn_prin: typeof subject.sub === "string" ? subject.sub : undefined,
        // OCI puts the bound key in the token as a JSON string.
        jwk: JSON.stringify({ kid: "session", kty: "RSA", alg: "RS256", use: "sig", n: jwk.n, e: jwk.e }),
      },
      signingKey.privateKey,
    );
    state.issued.push(upst);
    json(res, 200, { token: upst });
  };

  const handleGitHub = (req: IncomingMessage, res: ServerResponse) => {
    if (answerInjected("github", res)) return;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== `bearer ${githubRequestToken}`)
      return json(res, 401, { message: "bad request token" });
    if (url.searchParams.get("api-version") !== "2.0") return json(res, 400, { message: "api-version missing" });
    const audience = url.searchParams.get("audience");
    if (!audience) return json(res, 400, { message: "audience missing" });
    state.githubAudiences.push(audience);
    json(res, 200, {
      count: 1,
      value: githubToken(
        { aud: audience, ...(options.githubSubject ? { sub: options.githubSubject } : {}) },
        Math.floor((options.now ?? Date.now)() / 1000),
      ),
    });
  };

  const handleSigned = (req: IncomingMessage, res: ServerResponse) => {
    const reason = checkSignature(req, state.issued, signingKey.publicKey);
    state.signatureChecks.push(reason);
    if (reason === "ok") json(res, 200, "testnamespace");
    else json(res, 401, { code: "NotAuthenticated", message: reason });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "/").split("?")[0];
      if (path === EXCHANGE_PATH) handleExchange(req, body, res);
      else if (path === GITHUB_PATH) handleGitHub(req, res);
      else if (path === SIGNED_PATH) handleSigned(req, res);
      else json(res, 404, { error: "not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    clientId,
    clientSecret,
    tenancy,
    githubRequestUrl: `${url}${GITHUB_PATH}?api-version=2.0`,
    githubRequestToken,
    ...state,
    inject(route, ...responses) {
      queues[route].push(...responses);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const v = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return v && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${part({ alg: "RS256", typ: "JWT", kid: "asw" })}.${part(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

/**
 * Checks an OCI request signature (draft-cavage-http-signatures-08 in the Authorization header) made with a
 * session token: the keyId is `ST$<token>`, the token must be one we issued and signed, and the signature must
 * verify with the public key in the token's `jwk` claim. Returns "ok" or the reason it failed.
 */
export function checkSignature(
  req: Pick<IncomingMessage, "method" | "url" | "headers">,
  issued: readonly string[],
  issuerKey: KeyObject,
): string {
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Signature ")) return "no Signature authorization";
  const params = new Map<string, string>();
  for (const m of auth.slice("Signature ".length).matchAll(/([a-zA-Z]+)="([^"]*)"/g)) params.set(m[1], m[2]);
  if (params.get("version") !== "1") return 'version must be "1"';
  if (params.get("algorithm") !== "rsa-sha256") return "algorithm must be rsa-sha256";
  const keyId = params.get("keyId") ?? "";
  if (!keyId.startsWith("ST$")) return "keyId must be ST$<session token>";
  const token = keyId.slice(3);
  if (!issued.includes(token)) return "keyId holds a token this endpoint did not issue";
  const [h, p, s] = token.split(".");
  if (!verify("sha256", Buffer.from(`${h}.${p}`), issuerKey, Buffer.from(s, "base64url")))
    return "session token signature is invalid";
  const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as { jwk: string; exp: number };
  if (claims.exp <= Date.now() / 1000) return "session token expired";
  const headers = (params.get("headers") ?? "").split(" ");
  for (const required of ["(request-target)", "host"])
    if (!headers.includes(required)) return `signed headers must include ${required}`;
  if (!headers.includes("date") && !headers.includes("x-date")) return "signed headers must include date or x-date";
  const lines: string[] = [];
  for (const name of headers) {
    if (name === "(request-target)") lines.push(`(request-target): ${(req.method ?? "").toLowerCase()} ${req.url}`);
    else {
      const value = req.headers[name];
      if (value === undefined) return `signed header ${name} is missing`;
      lines.push(`${name}: ${Array.isArray(value) ? value.join(", ") : value}`);
    }
  }
  const key = createPublicKey({ key: JSON.parse(claims.jwk), format: "jwk" });
  const ok = verify("sha256", Buffer.from(lines.join("\n")), key, Buffer.from(params.get("signature") ?? "", "base64"));
  return ok ? "ok" : "signature does not verify with the session token's jwk";
}
