/**
 * A local stand-in for the OCI Secrets (secret retrieval) service, for tests: GetSecretBundle,
 * `GET /20190301/secretbundles/{secretId}` (the path oci-secrets' SecretsClient uses), answered only when the
 * request is signed by a resource principal (`keyId="ST$<rpst>"`) whose RPST the auth service signed, has not
 * expired, and names a resource allowed to read that secret (the `read secret-bundles … where target.secret.id`
 * policy the UpstBroker construct writes); the signature must verify with the key in the RPST's `jwk` claim.
 * Answers like the service: `{secretId, versionNumber, stages, secretBundleContent: {contentType: "BASE64",
 * content}}`, and 404 NotAuthorizedOrNotFound for a secret the caller may not read.
 */
import { randomUUID, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { boundKey, type InjectedAnswer } from "./oci-auth-service";
import { verifiedClaims, verifyOciSignature } from "./oci-signature";

export const SECRET_BUNDLE_PATH = /^\/20190301\/secretbundles\/([^/?]+)$/;

/** A secret and the resources (`res_id` of their RPST) that may read it. */
export interface StoredSecret {
  /** Base64 content. */
  content: string;
  readers: readonly string[];
}

export interface SecretsService {
  /** `http://127.0.0.1:<port>`, in place of `https://secrets.vaults.<region>.oci.oraclecloud.com`. */
  readonly url: string;
  readonly secrets: Map<string, StoredSecret>;
  /** Bundles served, by secret id, in order. */
  readonly reads: string[];
  /** `opc-request-id` of each request, in order. */
  readonly requestIds: (string | undefined)[];
  readonly rejections: string[];
  inject(...answers: InjectedAnswer[]): void;
  close(): Promise<void>;
}

export async function startSecretsService(issuerKey: KeyObject): Promise<SecretsService> {
  const secrets = new Map<string, StoredSecret>();
  const queue: InjectedAnswer[] = [];
  const state = { reads: [] as string[], requestIds: [] as (string | undefined)[], rejections: [] as string[] };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "opc-request-id": randomUUID() });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, code: string, reason: string) => {
    state.rejections.push(reason);
    json(res, status, { code, message: reason });
  };

  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    state.requestIds.push(
      typeof req.headers["opc-request-id"] === "string" ? req.headers["opc-request-id"] : undefined,
    );
    const next = queue.shift();
    if (next?.hang) return;
    if (next) {
      res.writeHead(next.status ?? 500, { "Content-Type": "application/json", "opc-request-id": "secrets-injected" });
      res.end(next.body ?? JSON.stringify({ code: "InternalServerError", message: "injected" }));
      return;
    }
    const match = SECRET_BUNDLE_PATH.exec((req.url ?? "").split("?")[0]);
    if (!match) return refuse(res, 404, "NotFound", `no such path ${req.url}`);
    if (req.method !== "GET") return refuse(res, 405, "MethodNotAllowed", `method must be GET, got ${req.method}`);
    let rpstClaims: Record<string, unknown> | undefined;
    const checked = verifyOciSignature(
      { method: req.method, url: req.url ?? "", headers: req.headers, body },
      (keyId) => {
        if (!keyId.startsWith("ST$")) return "keyId must be ST$<resource principal session token>";
        rpstClaims = verifiedClaims(keyId.slice(3), issuerKey);
        if (!rpstClaims) return "RPST was not signed by the auth service";
        if (typeof rpstClaims.exp !== "number" || rpstClaims.exp <= Date.now() / 1000) return "RPST expired";
        if (typeof rpstClaims.res_tenant !== "string") return "RPST has no res_tenant claim";
        return boundKey(rpstClaims);
      },
    );
    if (!checked.ok) return refuse(res, 401, "NotAuthenticated", checked.reason);
    const secretId = decodeURIComponent(match[1]);
    const secret = secrets.get(secretId);
    if (!secret?.readers.includes(String(rpstClaims!.res_id))) {
      return refuse(res, 404, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.");
    }
    state.reads.push(secretId);
    json(res, 200, {
      secretId,
      timeCreated: "2026-01-01T00:00:00.000Z",
      versionNumber: 1,
      stages: ["CURRENT", "LATEST"],
      secretBundleContent: { contentType: "BASE64", content: secret.content },
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    ...state,
    inject(...answers) {
      queue.push(...answers);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
