import { createServer, type IncomingMessage, type Server } from "node:http";
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for an identity domain's SCIM API and IAM's policy list, following the documented endpoints:
 * `GET /admin/v1/<Type>?filter=…&attributes=…&count=…&startIndex=…` answering a SCIM ListResponse,
 * `GET /admin/v1/<Type>/<id>?attributes=…`, and `GET /20160918/policies?compartmentId=…` paginated with
 * `opc-next-page`. Every request must carry an OCI signature (draft-cavage, `Authorization: Signature …`) that
 * verifies with the configured public key. Attributes marked `returned: request` (a trust's
 * impersonationServiceUsers) and `returned: never` secrets (an app's clientSecret) come back only when asked for,
 * so a test can tell whether the client asked.
 */

export type Resource = Record<string, any>;

/** What the stand-in holds. */
export interface DomainData {
  readonly IdentityPropagationTrusts: Resource[];
  readonly Apps: Resource[];
  readonly Users: Resource[];
  readonly Groups: Resource[];
  readonly policies: Resource[];
}

export interface IdentityDomainStandIn {
  readonly url: string;
  /** Every request: method and path with query. */
  readonly requests: string[];
  /** The signature's keyId of every request (`<tenancy>/<user>/<fingerprint>`, or `ST$<session token>`). */
  readonly keyIds: string[];
  close(): Promise<void>;
}

const ON_REQUEST: Record<string, string[]> = {
  IdentityPropagationTrusts: ["impersonationServiceUsers"],
  Apps: ["clientSecret"],
};
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** Starts the stand-in on a free local port. `maxPage` caps `count`, so pagination is exercised. */
export async function startIdentityDomain(
  data: DomainData,
  opts: { publicKeyPem: string; maxPage?: number; policyPage?: number },
): Promise<IdentityDomainStandIn> {
  const key = createPublicKey(opts.publicKeyPem);
  const requests: string[] = [];
  const keyIds: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (!signatureVerifies(req, key)) return send(401, { code: "NotAuthenticated" });
    keyIds.push(/keyId="([^"]*)"/.exec(req.headers.authorization ?? "")?.[1] ?? "");
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method !== "GET") return send(405, {});
    if (url.pathname === "/20160918/policies") {
      const all = data.policies.filter((p) => p.compartmentId === url.searchParams.get("compartmentId"));
      const size = opts.policyPage ?? 1;
      const start = Number(url.searchParams.get("page") ?? 0);
      const next = start + size < all.length ? { "opc-next-page": String(start + size) } : undefined;
      return send(200, all.slice(start, start + size), next);
    }
    const m = /^\/admin\/v1\/(IdentityPropagationTrusts|Apps|Users|Groups)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return send(404, { detail: "not found" });
    const type = m[1] as keyof DomainData;
    const attributes = url.searchParams.get("attributes")?.split(",").filter(Boolean);
    if (m[2]) {
      const found = data[type].find((r) => r.id === m[2]);
      return found ? send(200, project(found, type, attributes)) : send(404, { detail: "not found" });
    }
    let matched: Resource[];
    try {
      matched = data[type].filter(filterOf(url.searchParams.get("filter")));
    } catch (err) {
      return send(400, { detail: (err as Error).message });
    }
    const startIndex = Math.max(1, Number(url.searchParams.get("startIndex") ?? 1));
    const count = Math.min(Number(url.searchParams.get("count") ?? 50), opts.maxPage ?? 50);
    const page = matched.slice(startIndex - 1, startIndex - 1 + count);
    send(200, {
      schemas: [LIST_SCHEMA],
      totalResults: matched.length,
      Resources: page.map((r) => project(r, type, attributes)),
      startIndex,
      itemsPerPage: page.length,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    keyIds,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The resource with only the attributes asked for (plus id and schemas), or the default ones. */
function project(r: Resource, type: string, attributes?: readonly string[]): Resource {
  const hidden = ON_REQUEST[type] ?? [];
  const out: Resource = {};
  for (const [k, v] of Object.entries(r)) {
    const asked = attributes?.some((a) => a === k || a.startsWith(`${k}:`));
    if (k === "id" || k === "schemas" || k === "ocid" || (attributes ? asked : !hidden.includes(k))) out[k] = v;
  }
  return out;
}

/** A predicate for the SCIM filters the importer sends: `a eq "v"` joined by `and`, and `members[value eq "v"]`. */
function filterOf(filter: string | null): (r: Resource) => boolean {
  if (!filter) return () => true;
  const term = /^\s*(?:(\w+)\[value eq "((?:[^"\\]|\\.)*)"\]|(\w+) eq "((?:[^"\\]|\\.)*)")\s*/;
  const preds: Array<(r: Resource) => boolean> = [];
  let rest = filter;
  for (;;) {
    const m = term.exec(rest);
    if (!m) throw new Error(`unsupported filter ${JSON.stringify(filter)}`);
    const value = JSON.parse(`"${m[2] ?? m[4]}"`);
    preds.push(m[1] ? (r) => (r[m[1]] ?? []).some((x: Resource) => x.value === value) : (r) => r[m[3]] === value);
    rest = rest.slice(m[0].length);
    if (rest === "") break;
    if (!/^and\s+/.test(rest)) throw new Error(`unsupported filter ${JSON.stringify(filter)}`);
    rest = rest.replace(/^and\s+/, "");
  }
  return (r) => preds.every((p) => p(r));
}

/** Verifies `Authorization: Signature version="1",keyId=…,algorithm="rsa-sha256",headers="…",signature="…"`. */
function signatureVerifies(req: IncomingMessage, key: KeyObject): boolean {
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Signature ")) return false;
  const params = Object.fromEntries([...auth.slice(10).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (
    params.version !== "1" ||
    params.algorithm !== "rsa-sha256" ||
    !params.keyId ||
    !params.headers ||
    !params.signature
  )
    return false;
  const names = params.headers.split(" ");
  if (
    !names.includes("(request-target)") ||
    !names.includes("host") ||
    !(names.includes("date") || names.includes("x-date"))
  )
    return false;
  const lines = names.map((h) =>
    h === "(request-target)"
      ? `(request-target): ${req.method!.toLowerCase()} ${req.url}`
      : `${h}: ${req.headers[h] ?? ""}`,
  );
  return verify("RSA-SHA256", Buffer.from(lines.join("\n")), key, Buffer.from(params.signature, "base64"));
}
