/**
 * Local stand-ins for the caller's side of the UPST broker, for tests:
 * - an identity domain's token endpoint for the client-credentials grant (`POST /oauth2/v1/token`,
 *   `grant_type=client_credentials`, `scope=<audience><scope>`, client authenticated with HTTP Basic) that issues
 *   signed access tokens only for scopes granted to the client, with the domain's issuer, the resource server's
 *   audience in `aud` and the scope's value in `scope`, as identity domains do;
 * - an API Gateway deployment as the UpstBroker construct configures it (TOKEN_AUTHENTICATION on `Authorization:
 *   Bearer`, the domain's keys, issuer `https://identity.oraclecloud.com/`, the audience, and the route's ANY_OF
 *   scope) that passes what it lets through to the function's handler, as the Functions backend does.
 * Both listen on 127.0.0.1 on a random port and record every refusal with its reason.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Broker } from "../functions/upst-broker/src/handler";
import { signJwt } from "./oci-auth-service";
import { verifiedClaims } from "./oci-signature";

export const DOMAIN_ISSUER = "https://identity.oraclecloud.com/";

export interface DomainOptions {
  /** The resource server's audience, e.g. `https://upst-broker.example.com/`. */
  readonly audience: string;
  /** Scope values the client is granted on that resource server. */
  readonly grantedScopes: readonly string[];
  /** @default 900 */
  readonly accessTokenSeconds?: number;
}

export interface ClientCredentialsDomain {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly signingKey: KeyObject;
  readonly audience: string;
  /** Access tokens issued. Secrets. */
  readonly issued: string[];
  readonly rejections: string[];
  close(): Promise<void>;
}

let domainKeys: { publicKey: KeyObject; privateKey: KeyObject } | undefined;

async function listen(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startClientCredentialsDomain(options: DomainOptions): Promise<ClientCredentialsDomain> {
  domainKeys ??= generateKeyPairSync("rsa", { modulusLength: 1024 });
  const keys = domainKeys;
  const clientId = randomBytes(16).toString("hex");
  const clientSecret = `idcscs-${randomBytes(18).toString("hex")}`;
  const state = { issued: [] as string[], rejections: [] as string[] };
  const refuse = (res: ServerResponse, status: number, error: string, reason: string) => {
    state.rejections.push(reason);
    json(res, status, { error, error_description: reason });
  };
  const server = await listen((req, body, res) => {
    if ((req.url ?? "").split("?")[0] !== "/oauth2/v1/token")
      return refuse(res, 404, "not_found", `no such path ${req.url}`);
    if (req.method !== "POST") return refuse(res, 405, "invalid_request", "method must be POST");
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
      return refuse(res, 400, "invalid_request", "content-type must be a form");
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(req.headers.authorization ?? "");
    const pair = basic ? Buffer.from(basic[1], "base64").toString("utf8") : "";
    if (pair !== `${clientId}:${clientSecret}`)
      return refuse(res, 401, "invalid_client", "unknown client or wrong secret");
    const form = new URLSearchParams(body.toString("utf8"));
    if (form.get("grant_type") !== "client_credentials")
      return refuse(res, 400, "unsupported_grant_type", "grant_type must be client_credentials");
    const scope = form.get("scope") ?? "";
    if (!scope.startsWith(options.audience) || !options.grantedScopes.includes(scope.slice(options.audience.length))) {
      return refuse(res, 400, "invalid_scope", `scope ${scope} is not granted to the client`);
    }
    const now = Math.floor(Date.now() / 1000);
    const lifetime = options.accessTokenSeconds ?? 900;
    const token = signJwt(
      {
        iss: DOMAIN_ISSUER,
        sub: clientId,
        client_id: clientId,
        aud: [options.audience],
        scope: scope.slice(options.audience.length),
        iat: now,
        exp: now + lifetime,
        jti: randomBytes(8).toString("hex"),
      },
      keys.privateKey,
      "SIGNING_KEY",
    );
    state.issued.push(token);
    json(res, 200, { access_token: token, token_type: "Bearer", expires_in: lifetime });
  });
  return { ...server, clientId, clientSecret, signingKey: keys.publicKey, audience: options.audience, ...state };
}

export interface GatewayOptions {
  readonly domain: ClientCredentialsDomain;
  /** The scope the route requires (ANY_OF). */
  readonly scope: string;
  /** `<path_prefix><route_path>`. @default "/upst/token" */
  readonly path?: string;
  readonly broker: Broker;
}

export interface ApiGateway {
  /** The broker's URL. */
  readonly endpoint: string;
  readonly rejections: string[];
  /** Requests passed to the function. */
  readonly forwarded: number[];
  close(): Promise<void>;
}

export async function startApiGateway(options: GatewayOptions): Promise<ApiGateway> {
  const path = options.path ?? "/upst/token";
  const state = { rejections: [] as string[], forwarded: [] as number[] };
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    state.rejections.push(reason);
    json(res, status, {
      message: status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Forbidden",
      code: status,
    });
  };
  const server = await listen(async (req, body, res) => {
    if ((req.url ?? "").split("?")[0] !== path || req.method !== "POST")
      return refuse(res, 404, `no route ${req.method} ${req.url}`);
    const bearer = /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.headers.authorization ?? "");
    if (!bearer) return refuse(res, 401, "no bearer token");
    const claims = verifiedClaims(bearer[1], options.domain.signingKey);
    if (!claims) return refuse(res, 401, "token signature does not verify with the domain's keys");
    if (claims.iss !== DOMAIN_ISSUER && claims.iss !== DOMAIN_ISSUER.replace(/\/$/, ""))
      return refuse(res, 401, "issuer not accepted");
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(options.domain.audience)) return refuse(res, 401, "audience not accepted");
    if (typeof claims.exp !== "number" || claims.exp <= Date.now() / 1000) return refuse(res, 401, "token expired");
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    // Which status OCI answers a missing scope with is not documented where we looked; 403 here, and the client
    // names the scope for 401, 403 and 404 alike.
    if (!scopes.includes(options.scope)) return refuse(res, 403, `scope ${options.scope} missing`);
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
    const answer = await options.broker.handle(body, headers);
    state.forwarded.push(answer.status);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  return { endpoint: `${server.url}${path}`, close: server.close, ...state };
}
