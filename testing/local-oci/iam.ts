/**
 * IAM as the local OCI serves it under `/20160918/…` (the Identity service's base path): policies (create, get,
 * update, delete, list with `opc-next-page`), the tenancy's identity domains (list, filtered by `url` and the other
 * query parameters the provider sends), and Object Storage's GetNamespace (`GET /n/`), the call `oci os ns get`
 * makes, which answers any principal that signs it and records who that was. Shapes follow Oracle's Go SDK models
 * (`identity/policy.go`, `identity/domain_summary.go`).
 */
import { createHash, randomUUID } from "node:crypto";
import { type Answer, type Call, jsonBody, ocid, ociError, type Principal, type Route } from "./core";

export interface Policy {
  id: string;
  compartmentId: string;
  name: string;
  description: string;
  statements: string[];
  timeCreated: string;
  lifecycleState: "ACTIVE" | "DELETED";
  versionDate?: string;
  freeformTags: Record<string, string>;
  definedTags: Record<string, Record<string, unknown>>;
  /** The ETag, changed by every update. */
  etag: string;
}

export interface Domain {
  readonly id: string;
  readonly compartmentId: string;
  readonly displayName: string;
  readonly url: string;
  readonly homeRegion: string;
}

/** IAM's policies and domains, and who called GetNamespace. */
export class Iam {
  readonly policies = new Map<string, Policy>();
  readonly domains: Domain[] = [];
  /** Principals that called GetNamespace, in order: what a signed request was accepted as. */
  readonly namespaceCallers: Principal[] = [];

  constructor(
    readonly tenancy: string,
    readonly namespace: string,
  ) {}

  /** Live policies (the DELETED ones are kept only for reads, as IAM does for a while). */
  livePolicies(): Policy[] {
    return [...this.policies.values()].filter((p) => p.lifecycleState === "ACTIVE");
  }

  /** Adds a policy as the console would (for import scenarios). */
  addPolicy(p: Pick<Policy, "compartmentId" | "name" | "description" | "statements">): Policy {
    const policy: Policy = {
      ...p,
      statements: [...p.statements],
      id: ocid("policy"),
      timeCreated: new Date().toISOString(),
      lifecycleState: "ACTIVE",
      freeformTags: {},
      definedTags: {},
      etag: randomUUID(),
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  routes(): Route[] {
    return [
      { method: "POST", path: /^\/20160918\/policies\/?$/, auth: "signed", handle: (c) => this.create(c) },
      { method: "GET", path: /^\/20160918\/policies\/?$/, auth: "signed", handle: (c) => this.list(c) },
      { method: "GET", path: /^\/20160918\/policies\/([^/]+)$/, auth: "signed", handle: (c) => this.read(c) },
      { method: "PUT", path: /^\/20160918\/policies\/([^/]+)$/, auth: "signed", handle: (c) => this.update(c) },
      { method: "DELETE", path: /^\/20160918\/policies\/([^/]+)$/, auth: "signed", handle: (c) => this.remove(c) },
      { method: "GET", path: /^\/20160918\/domains\/?$/, auth: "signed", handle: (c) => this.listDomains(c) },
      {
        method: "GET",
        path: /^\/n\/?$/,
        auth: "signed",
        handle: (c) => {
          this.namespaceCallers.push(c.principal!);
          return { status: 200, body: this.namespace };
        },
      },
    ];
  }

  private view(p: Policy): Answer {
    const { etag, ...body } = p;
    return { status: 200, body, headers: { etag } };
  }

  private create(c: Call): Answer {
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    for (const k of ["compartmentId", "name", "description"])
      if (typeof b[k] !== "string" || b[k] === "") return ociError(400, "MissingParameter", `${k} is required.`);
    if (
      !Array.isArray(b.statements) ||
      b.statements.length === 0 ||
      b.statements.some((s: unknown) => typeof s !== "string")
    )
      return ociError(400, "InvalidParameter", "statements must be a non-empty list of strings.");
    // [src: oci-go-sdk identity/create_policy_details.go] the name is unique across all policies in the tenancy.
    if (this.livePolicies().some((p) => p.name.toLowerCase() === String(b.name).toLowerCase()))
      return ociError(409, "PolicyAlreadyExists", `Policy ${b.name} already exists in the tenancy.`);
    const problem = checkStatements(b.statements);
    if (problem) return ociError(400, "InvalidParameter", problem);
    const p = this.addPolicy({
      compartmentId: b.compartmentId,
      name: b.name,
      description: b.description,
      statements: b.statements,
    });
    if (typeof b.versionDate === "string") p.versionDate = b.versionDate;
    if (b.freeformTags && typeof b.freeformTags === "object") p.freeformTags = b.freeformTags;
    return this.view(p);
  }

  private read(c: Call): Answer {
    const p = this.policies.get(c.params[0]);
    if (!p) return ociError(404, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.");
    return this.view(p);
  }

  private update(c: Call): Answer {
    const p = this.policies.get(c.params[0]);
    if (p?.lifecycleState !== "ACTIVE")
      return ociError(404, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.");
    const ifMatch = c.req.headers["if-match"];
    if (typeof ifMatch === "string" && ifMatch !== p.etag)
      return ociError(412, "NoEtagMatch", "The resource has changed since the ETag given.");
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    if (b.statements !== undefined) {
      if (!Array.isArray(b.statements) || b.statements.length === 0)
        return ociError(400, "InvalidParameter", "statements must be a non-empty list of strings.");
      const problem = checkStatements(b.statements);
      if (problem) return ociError(400, "InvalidParameter", problem);
      p.statements = [...b.statements];
    }
    if (typeof b.description === "string") p.description = b.description;
    if (typeof b.versionDate === "string") p.versionDate = b.versionDate;
    if (b.freeformTags && typeof b.freeformTags === "object") p.freeformTags = b.freeformTags;
    p.etag = randomUUID();
    return this.view(p);
  }

  private remove(c: Call): Answer {
    const p = this.policies.get(c.params[0]);
    if (p?.lifecycleState !== "ACTIVE")
      return ociError(404, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.");
    p.lifecycleState = "DELETED";
    return { status: 204 };
  }

  private list(c: Call): Answer {
    const compartment = c.url.searchParams.get("compartmentId");
    if (!compartment) return ociError(400, "MissingParameter", "compartmentId is required.");
    const all = this.livePolicies().filter((p) => p.compartmentId === compartment);
    const limit = Math.min(1000, Number(c.url.searchParams.get("limit") ?? 100) || 100);
    const start = Number(c.url.searchParams.get("page") ?? 0) || 0;
    const page = all.slice(start, start + limit);
    const headers: Record<string, string> =
      start + limit < all.length ? { "opc-next-page": String(start + limit) } : {};
    return { status: 200, body: page.map(({ etag: _e, ...p }) => p), headers };
  }

  private listDomains(c: Call): Answer {
    const q = c.url.searchParams;
    const compartment = q.get("compartmentId");
    if (!compartment) return ociError(400, "MissingParameter", "compartmentId is required.");
    const matches = this.domains.filter(
      (d) =>
        d.compartmentId === compartment &&
        (q.get("url") === null || q.get("url") === d.url) &&
        (q.get("displayName") === null || q.get("displayName") === d.displayName) &&
        (q.get("lifecycleState") === null || q.get("lifecycleState") === "ACTIVE"),
    );
    return {
      status: 200,
      body: matches.map((d) => ({
        id: d.id,
        compartmentId: d.compartmentId,
        displayName: d.displayName,
        description: `${d.displayName} (local OCI)`,
        url: d.url,
        homeRegionUrl: d.url,
        homeRegion: d.homeRegion,
        replicaRegions: [],
        type: "DEFAULT",
        licenseType: "premium",
        isHiddenOnLogin: false,
        timeCreated: "2026-01-01T00:00:00.000Z",
        lifecycleState: "ACTIVE",
        freeformTags: {},
        definedTags: {},
      })),
    };
  }
}

/**
 * The few checks of the policy language the local IAM makes: every statement starts with `Allow` or `Define`/
 * `Endorse`/`Admit` and names a subject. It does not parse the language further (see README.md).
 */
function checkStatements(statements: readonly string[]): string | undefined {
  for (const s of statements) {
    if (!/^(allow|define|endorse|admit)\s+\S/i.test(s.trim()))
      return `Invalid policy statement: ${JSON.stringify(s.slice(0, 200))}`;
  }
  return undefined;
}

/** A stable hash, for ids derived from content. */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
