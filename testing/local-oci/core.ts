/**
 * The plumbing every service of the local OCI shares: one HTTP server on 127.0.0.1, request bodies, JSON answers
 * with an `opc-request-id`, the signature check that tells who is calling, faults on demand, and the request log.
 * The services (scim.ts, iam.ts, token.ts, broker.ts) register routes here; nothing in this file knows a service.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ociFingerprint } from "../../client/keys";
import { jwkClaim, signJwt } from "../oci-auth-service";
import { verifiedClaims, verifyOciSignature } from "../oci-signature";

/** Who signed a request: an API key's user, or the principal of a session token this local OCI issued. */
export interface Principal {
  /** `user` for an API key or a UPST, `resource` for an RPST. */
  readonly kind: "user" | "resource";
  /** The user's OCID, or the resource's id (an RPST's `sub`). */
  readonly id: string;
  readonly tenancy: string;
  /** `apikey`, `upst` or `rpst`. */
  readonly via: "apikey" | "upst" | "rpst";
  /** The session token's claims (UPST and RPST only). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** One request as the log keeps it: no headers and no bodies, which can hold secrets. */
export interface LoggedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly status: number;
  readonly requestId: string;
  /** Who signed it, when it was signed. */
  readonly principal?: string;
  /** A fault answered it. */
  readonly fault?: boolean;
}

/** A canned failure for requests that match. */
export interface Fault {
  /** Matches the method (upper case). @default any */
  readonly method?: string;
  /** Matches the path (without the query). @default any */
  readonly path?: RegExp;
  /** @default 500 */
  readonly status?: number;
  /** Sent as `Retry-After` (seconds). */
  readonly retryAfter?: number;
  /** Never answers: the caller times out. */
  readonly hang?: boolean;
  /** The JSON body. @default `{code, message}` for the status */
  readonly body?: unknown;
  /** How many requests it answers. @default 1 */
  readonly times?: number;
}

/** What a route handler gets. */
export interface Call {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  readonly body: Buffer;
  readonly requestId: string;
  /** The signer; undefined for routes that take no signature. */
  readonly principal?: Principal;
  /** The path's regular-expression groups. */
  readonly params: readonly string[];
}

/** An answer: status, JSON body (or none), extra headers. */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent as it is (a form or text answer); `body` is ignored. */
  readonly raw?: string;
}

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  /** `signed`: an OCI signature is required (401 otherwise); `open`: none is checked (token endpoint, JWKS). */
  readonly auth: "signed" | "open";
  handle(call: Call): Answer | Promise<Answer>;
}

/** An OCI-style error answer: `{code, message}`, as OCI's REST APIs send them. */
export function ociError(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}

/** The tokens this local OCI issues and accepts, and the API keys it knows. */
export class Authority {
  private readonly keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly apiKeys = new Map<string, { key: KeyObject; user: string; tenancy: string }>();
  /** Session tokens issued (UPST and RPST): secrets, never printed. */
  readonly issued = new Set<string>();
  /** API keys the domain holds (users' ApiKeys), looked up when a keyId is not one of {@link addApiKey}'s. */
  domainKeys?: (keyId: string) => { key: string; user: string } | undefined;

  /** The public key that verifies every token this authority signs. */
  get publicKey(): KeyObject {
    return this.keys.publicKey;
  }

  /** Registers a user's API key; returns the keyId OCI signatures name it by. */
  addApiKey(tenancy: string, user: string, publicKey: KeyObject): { keyId: string; fingerprint: string } {
    const fingerprint = ociFingerprint(publicKey.export({ type: "spki", format: "der" }));
    const keyId = `${tenancy}/${user}/${fingerprint}`;
    this.apiKeys.set(keyId, { key: publicKey, user, tenancy });
    return { keyId, fingerprint };
  }

  /** Signs claims as an RS256 JWT and remembers it as issued when it is a session token. */
  sign(claims: Record<string, unknown>, session: boolean): string {
    const token = signJwt(claims, this.keys.privateKey, "localoci");
    if (session) this.issued.add(token);
    return token;
  }

  /**
   * A user principal session token (UPST) bound to `publicKey` (its `jwk` claim), with the claims OCI's auth service
   * puts in one [doc: docs/oci-facts.md#token-exchange]; `extra` adds claims. Remembered as issued.
   */
  issueUpst(o: {
    user: string;
    tenancy: string;
    publicKey: KeyObject;
    seconds: number;
    extra?: Record<string, unknown>;
  }): { token: string; claims: Record<string, unknown> } {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: o.user,
      tenant: o.tenancy,
      iss: "authService.oracle.com",
      ptype: "user",
      ttype: "upst",
      aud: "oci",
      iat: now,
      exp: now + o.seconds,
      sess_exp: new Date((now + o.seconds) * 1000).toUTCString(),
      jti: randomUUID(),
      jwk: jwkClaim(o.publicKey),
      ...o.extra,
    };
    return { token: this.sign(claims, true), claims };
  }

  /**
   * A resource principal session token (RPST) bound to `publicKey`, with the claims resource-principal clients read
   * (`res_tenant`, `res_compartment`) [doc: docs/oci-facts.md#rpst-exchange]; `extra` adds claims. Remembered as issued.
   */
  issueRpst(o: {
    sub: string;
    tenancy: string;
    compartment: string;
    resType: string;
    publicKey: KeyObject;
    seconds: number;
    extra?: Record<string, unknown>;
  }): { token: string; claims: Record<string, unknown> } {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: o.sub,
      iss: "authService.oracle.com",
      ttype: "res",
      res_type: o.resType,
      res_tenant: o.tenancy,
      res_compartment: o.compartment,
      aud: "oci",
      iat: now,
      exp: now + o.seconds,
      jti: randomUUID(),
      jwk: jwkClaim(o.publicKey),
      ...o.extra,
    };
    return { token: this.sign(claims, true), claims };
  }

  /** The public JWKS of the signing key (what `/admin/v1/SigningCert/jwk` serves). */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    return { keys: [{ kid: "localoci", kty: "RSA", alg: "RS256", use: "sig", n: jwk.n, e: jwk.e }] };
  }

  /** Who signed a request, or why the signature is refused. */
  authenticate(req: IncomingMessage, body: Buffer): Principal | string {
    let principal: Principal | undefined;
    const checked = verifyOciSignature(
      { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body },
      (keyId) => {
        if (keyId.startsWith("ST$")) {
          const token = keyId.slice(3);
          if (!this.issued.has(token)) return "keyId holds a session token this OCI did not issue";
          const claims = verifiedClaims(token, this.keys.publicKey);
          if (!claims) return "session token signature is invalid";
          if (typeof claims.exp !== "number" || claims.exp <= Date.now() / 1000) return "session token expired";
          if (typeof claims.jwk !== "string") return "session token has no jwk claim";
          const rpst = claims.ttype === "res";
          principal = {
            kind: rpst ? "resource" : "user",
            id: String(claims.sub),
            tenancy: String(rpst ? claims.res_tenant : claims.tenant),
            via: rpst ? "rpst" : "upst",
            claims,
          };
          try {
            return createPublicKey({ key: JSON.parse(claims.jwk), format: "jwk" });
          } catch {
            return "session token's jwk claim is not a public key";
          }
        }
        const known = this.apiKeys.get(keyId);
        if (known) {
          principal = { kind: "user", id: known.user, tenancy: known.tenancy, via: "apikey" };
          return known.key;
        }
        const domainKey = this.domainKeys?.(keyId);
        if (!domainKey) return `unknown keyId ${keyId.slice(0, 200)}`;
        try {
          const key = createPublicKey(domainKey.key);
          principal = { kind: "user", id: domainKey.user, tenancy: keyId.split("/")[0], via: "apikey" };
          return key;
        } catch {
          return "the API key on file is not a public key";
        }
      },
    );
    return checked.ok && principal ? principal : checked.ok ? "no principal" : checked.reason;
  }
}

/** The server: routes, faults and the log. */
export class LocalServer {
  readonly log: LoggedRequest[] = [];
  /** Why each refused signature was refused, in order. */
  readonly signatureRejections: string[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: Array<Fault & { left: number }> = [];
  private server?: Server;
  private baseUrl = "";

  constructor(readonly authority: Authority) {}

  get url(): string {
    return this.baseUrl;
  }

  add(...routes: Route[]): void {
    this.routes.push(...routes);
  }

  /** Queues a fault; it answers the next `times` matching requests instead of the service. */
  fault(f: Fault): void {
    this.faults.push({ ...f, left: f.times ?? 1 });
  }

  /** Faults not yet used up. */
  pendingFaults(): number {
    return this.faults.reduce((n, f) => n + f.left, 0);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= 8 * 1024 * 1024) chunks.push(c);
      });
      req.on("end", () => {
        this.dispatch(req, Buffer.concat(chunks), res).catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          this.send(res, req, "", { status: 500, body: { code: "InternalServerError", message } });
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    const s = this.server;
    if (!s) return Promise.resolve();
    s.closeAllConnections();
    return new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const sent = req.headers["opc-request-id"];
    const requestId = typeof sent === "string" && /^[A-Za-z0-9/_.:-]{1,98}$/.test(sent) ? sent : randomUUID();

    const fault = this.faults.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)),
    );
    if (fault) {
      fault.left--;
      if (fault.hang) {
        this.log.push({ method, path: req.url ?? "", status: 0, requestId, fault: true });
        return; // never answered; the connection is closed with the server
      }
      const status = fault.status ?? 500;
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      const answer = { status, headers, body: fault.body ?? faultBody(status) };
      this.log.push({ method, path: req.url ?? "", status, requestId, fault: true });
      this.send(res, req, requestId, answer);
      return;
    }

    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.path.exec(url.pathname);
      if (!m) continue;
      let principal: Principal | undefined;
      if (route.auth === "signed") {
        const who = this.authority.authenticate(req, body);
        if (typeof who === "string") {
          this.signatureRejections.push(who);
          this.log.push({ method, path: req.url ?? "", status: 401, requestId });
          return this.send(
            res,
            req,
            requestId,
            ociError(
              401,
              "NotAuthenticated",
              "The required information to complete authentication was not provided or was incorrect.",
            ),
          );
        }
        principal = who;
      }
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      const answer = await route.handle({ req, method, url, body, requestId, principal, params });
      this.log.push({
        method,
        path: req.url ?? "",
        status: answer.status,
        requestId,
        ...(principal ? { principal: `${principal.via}:${principal.id}` } : {}),
      });
      return this.send(res, req, requestId, answer);
    }
    this.log.push({ method, path: req.url ?? "", status: 404, requestId });
    this.send(res, req, requestId, ociError(404, "NotFound", `no route for ${method} ${url.pathname}`));
  }

  private send(res: ServerResponse, _req: IncomingMessage, requestId: string, a: Answer): void {
    if (res.headersSent) return;
    const headers: Record<string, string> = { "opc-request-id": requestId || randomUUID(), ...a.headers };
    if (a.raw !== undefined) {
      res.writeHead(a.status, { "content-type": "text/plain", ...headers });
      res.end(a.raw);
    } else if (a.body === undefined) {
      res.writeHead(a.status, headers);
      res.end();
    } else {
      res.writeHead(a.status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(a.body));
    }
  }
}

function faultBody(status: number): unknown {
  if (status === 429) return { code: "TooManyRequests", message: "Too many requests for the tenancy." };
  if (status === 409) return { code: "Conflict", message: "The resource is being modified by another request." };
  if (status === 503) return { code: "ServiceUnavailable", message: "The service is temporarily unavailable." };
  return { code: "InternalServerError", message: "Internal error." };
}

/** An OCID of the commercial realm for a resource type, random and unique. */
export function ocid(type: string, region = ""): string {
  return `ocid1.${type}.oc1.${region}.aaaaaaaa${randomBytes(26).toString("hex").slice(0, 52)}`;
}

/** Reads a JSON body; undefined when it is not a JSON object. */
export function jsonBody(body: Buffer): Record<string, any> | undefined {
  try {
    const v = JSON.parse(body.toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
