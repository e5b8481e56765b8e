/**
 * A local stand-in for OCI's auth service (identity data plane), for tests. It
 * - answers GenerateUserSecurityToken (`POST /v1/token/upst/actions/GenerateUpst`, docs/oci-facts.md#generate-upst) only when
 *   the request is signed with a registered API key (`keyId="<tenancy>/<user>/<fingerprint>"`, the signed headers
 *   of a POST) and the JSON body is `{"publicKey": <PEM>, "sessionExpirationInMinutes"?: 5–60}`, and issues a
 *   UPST-shaped JWT bound to that public key (`jwk` claim);
 * - mints resource-principal session tokens (RPSTs) with the claims OCI Functions' tokens carry (`res_tenant`,
 *   `res_compartment`, `res_id`, `res_type`, `jwk`), and writes the files of a resource principal's documented
 *   environment (version 2.2), so oci-common's ResourcePrincipal provider signs with them for real;
 * - checks requests signed with a UPST it issued (`keyId="ST$<token>"`) on {@link UPST_SIGNED_PATH}.
 * Listens on 127.0.0.1 on a random port. Everything it refuses is recorded with the reason.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ociFingerprint } from "../client/keys";
import { verifiedClaims, verifyOciSignature } from "./oci-signature";

export const GENERATE_UPST_PATH = "/v1/token/upst/actions/GenerateUpst";
/** A path that answers 200 only to requests signed with a UPST this service issued. */
export const UPST_SIGNED_PATH = "/20160918/namespace";

/** A canned answer instead of the normal one; `hang` never answers. */
export interface InjectedAnswer {
  readonly status?: number;
  readonly body?: string;
  readonly hang?: boolean;
}

/** One GenerateUpst call the service accepted. */
export interface UpstCall {
  readonly keyId: string;
  readonly sessionMinutes: number;
  readonly opcRequestId?: string;
  /** The PEM public key as it was sent. */
  readonly publicKey: string;
}

export interface AuthService {
  /** `http://127.0.0.1:<port>`, in place of `https://auth.<region>.oraclecloud.com`. */
  readonly url: string;
  /** The key that signs RPSTs and UPSTs; services that trust this auth service verify tokens with it. */
  readonly issuerKey: KeyObject;
  readonly upstCalls: UpstCall[];
  /** UPSTs issued, in order. Secrets. */
  readonly issued: string[];
  /** Why each refused request was refused, in order. */
  readonly rejections: string[];
  /** Results of UPST-signed requests to {@link UPST_SIGNED_PATH}: "ok" or the reason. */
  readonly signatureChecks: string[];
  /** Registers a user's API key and returns its fingerprint. */
  addApiKey(tenancy: string, user: string, publicKey: KeyObject): string;
  /** An RPST for a resource, bound to `publicKey`. */
  mintRpst(
    claims: { resId: string; tenancy: string; compartment: string; resType?: string; lifetimeSeconds?: number },
    publicKey: KeyObject,
  ): string;
  /** Answers the next GenerateUpst calls with these, in order. */
  inject(...answers: InjectedAnswer[]): void;
  close(): Promise<void>;
}

let issuer: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
/** One issuer key per test process; 1024-bit because only the stand-ins check its signatures. */
function issuerKeys() {
  issuer ??= generateKeyPairSync("rsa", { modulusLength: 1024 });
  return issuer;
}

/** Signs claims as an RS256 JWT. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid = "asw"): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${part({ alg: "RS256", typ: "JWT", kid })}.${part(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

/** The `jwk` claim OCI puts in its session tokens: the bound public key, as a JSON string. */
export function jwkClaim(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" });
  return JSON.stringify({ kid: "session", kty: "RSA", alg: "RS256", use: "sig", n: jwk.n, e: jwk.e });
}

/** The public key a token is bound to, from its `jwk` claim. */
export function boundKey(claims: Record<string, unknown>): KeyObject | string {
  if (typeof claims.jwk !== "string") return "token has no jwk claim";
  try {
    return createPublicKey({ key: JSON.parse(claims.jwk), format: "jwk" });
  } catch {
    return "token's jwk claim is not a public key";
  }
}

/** Starts the service on 127.0.0.1 with a random port. */
export async function startAuthService(): Promise<AuthService> {
  const keys = issuerKeys();
  const apiKeys = new Map<string, KeyObject>();
  const queue: InjectedAnswer[] = [];
  const state = {
    upstCalls: [] as UpstCall[],
    issued: [] as string[],
    rejections: [] as string[],
    signatureChecks: [] as string[],
  };

  const json = (res: ServerResponse, status: number, body: unknown, requestId?: string) => {
    res.writeHead(status, { "Content-Type": "application/json", "opc-request-id": requestId ?? randomUUID() });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, code: string, reason: string, requestId?: string) => {
    state.rejections.push(reason);
    json(res, status, { code, message: reason }, requestId);
  };

  const generateUpst = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const requestId = typeof req.headers["opc-request-id"] === "string" ? req.headers["opc-request-id"] : undefined;
    const next = queue.shift();
    if (next?.hang) return;
    if (next) {
      res.writeHead(next.status ?? 500, { "Content-Type": "application/json", "opc-request-id": "upstream-injected" });
      res.end(next.body ?? JSON.stringify({ code: "InternalServerError", message: "injected" }));
      return;
    }
    if (req.method !== "POST")
      return refuse(res, 405, "MethodNotAllowed", `method must be POST, got ${req.method}`, requestId);
    const checked = verifyOciSignature(
      { method: req.method, url: req.url ?? "", headers: req.headers, body },
      (keyId) => {
        if (keyId.startsWith("ST$"))
          return "this stand-in accepts only API-key signatures (<tenancy>/<user>/<fingerprint>)";
        return apiKeys.get(keyId) ?? `unknown keyId ${keyId}`;
      },
    );
    if (!checked.ok) return refuse(res, 401, "NotAuthenticated", checked.reason, requestId);
    if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
      return refuse(res, 400, "InvalidParameter", "content-type must be application/json", requestId);
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return refuse(res, 400, "InvalidParameter", "body is not JSON", requestId);
    }
    const extra = Object.keys(details).filter((k) => k !== "publicKey" && k !== "sessionExpirationInMinutes");
    if (extra.length) return refuse(res, 400, "InvalidParameter", `unknown fields ${extra.join(", ")}`, requestId);
    const minutes = details.sessionExpirationInMinutes ?? 60;
    if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 5 || minutes > 60) {
      return refuse(res, 400, "InvalidParameter", "sessionExpirationInMinutes must be 5 to 60", requestId);
    }
    let publicKey: KeyObject;
    try {
      if (typeof details.publicKey !== "string" || !details.publicKey.includes("-----BEGIN PUBLIC KEY-----"))
        throw new Error();
      publicKey = createPublicKey(details.publicKey);
    } catch {
      return refuse(res, 400, "InvalidParameter", "publicKey must be a PEM public key", requestId);
    }
    const [tenancy, user] = checked.keyId.split("/");
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(
      {
        sub: user,
        tenant: tenancy,
        iss: "authService.oracle.com",
        ptype: "user",
        ttype: "upst",
        aud: "oci",
        iat: now,
        exp: now + minutes * 60,
        sess_exp: new Date((now + minutes * 60) * 1000).toUTCString(),
        jti: randomUUID(),
        jwk: jwkClaim(publicKey),
      },
      keys.privateKey,
    );
    state.upstCalls.push({
      keyId: checked.keyId,
      sessionMinutes: minutes,
      opcRequestId: requestId,
      publicKey: details.publicKey as string,
    });
    state.issued.push(token);
    json(res, 200, { token }, requestId);
  };

  const upstSigned = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const checked = verifyOciSignature(
      { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body },
      (keyId) => {
        if (!keyId.startsWith("ST$")) return "keyId must be ST$<session token>";
        const token = keyId.slice(3);
        if (!state.issued.includes(token)) return "keyId holds a token this service did not issue";
        const claims = verifiedClaims(token, keys.publicKey);
        if (!claims) return "session token signature is invalid";
        if (typeof claims.exp !== "number" || claims.exp <= Date.now() / 1000) return "session token expired";
        return boundKey(claims);
      },
    );
    state.signatureChecks.push(checked.ok ? "ok" : checked.reason);
    if (checked.ok) json(res, 200, "testnamespace");
    else json(res, 401, { code: "NotAuthenticated", message: checked.reason });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? "/").split("?")[0];
      if (path === GENERATE_UPST_PATH) generateUpst(req, body, res);
      else if (path === UPST_SIGNED_PATH) upstSigned(req, body, res);
      else refuse(res, 404, "NotFound", `no such path ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    issuerKey: keys.publicKey,
    ...state,
    addApiKey(tenancy, user, publicKey) {
      const fingerprint = ociFingerprint(publicKey.export({ type: "spki", format: "der" }));
      apiKeys.set(`${tenancy}/${user}/${fingerprint}`, publicKey);
      return fingerprint;
    },
    mintRpst(c, publicKey) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(
        {
          sub: c.resId,
          res_id: c.resId,
          res_type: c.resType ?? "fnfunc",
          res_tenant: c.tenancy,
          res_compartment: c.compartment,
          ttype: "res",
          iss: "authService.oracle.com",
          aud: "oci",
          iat: now,
          exp: now + (c.lifetimeSeconds ?? 1200),
          jti: randomBytes(8).toString("hex"),
          jwk: jwkClaim(publicKey),
        },
        keys.privateKey,
      );
    },
    inject(...answers) {
      queue.push(...answers);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Writes a resource principal's files into `dir` — the RPST and its PKCS#8 private key, as OCI Functions mounts
 * them — and returns the documented environment that points at them (version 2.2).
 */
export function resourcePrincipalEnv(
  dir: string,
  rpst: string,
  privateKeyPem: string,
  region = "us-ashburn-1",
): Record<string, string> {
  const rpstFile = join(dir, "rpst");
  const pemFile = join(dir, "rp-private.pem");
  writeFileSync(rpstFile, rpst, { mode: 0o600 });
  writeFileSync(pemFile, privateKeyPem, { mode: 0o600 });
  return {
    OCI_RESOURCE_PRINCIPAL_VERSION: "2.2",
    OCI_RESOURCE_PRINCIPAL_RPST: rpstFile,
    OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: pemFile,
    OCI_RESOURCE_PRINCIPAL_REGION: region,
  };
}
