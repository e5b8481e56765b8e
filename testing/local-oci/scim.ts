/**
 * Identity Domains' SCIM API as the local OCI serves it under `/admin/v1/…`: Apps, IdentityPropagationTrusts,
 * Users, Groups, DynamicResourceGroups and ApiKeys, with create (POST), read (GET, with `attributes` and
 * `attributeSets`), replace (PUT), delete (DELETE, `forceDelete`) and list (GET with `filter`, `count`,
 * `startIndex`). What each type returns, which attributes are unique, immutable, returned only on request or never,
 * and what a delete refuses follow the SCIM++ properties of Oracle's Go SDK models (`identitydomains/*.go`) and the
 * behaviour cited in docs/oci-facts.md; README.md in this folder lists what is not modelled.
 */
import { createPublicKey, randomBytes, randomUUID } from "node:crypto";
import { ociFingerprint } from "../../client/keys";
import { type Answer, type Call, jsonBody, ocid, type Route } from "./core";

export type ScimResource = Record<string, any>;

/** The SCIM types served, by their path segment. */
export type ScimType = "Apps" | "IdentityPropagationTrusts" | "Users" | "Groups" | "DynamicResourceGroups" | "ApiKeys";

interface TypeSpec {
  /** The core schema URN a create must list. */
  readonly schema: string;
  /** `meta.resourceType`. */
  readonly resourceType: string;
  /** The OCID's type segment. */
  readonly ocidType: string;
  /** Attributes with `uniqueness: server`, compared without case (SCIM's caseExact false). */
  readonly unique: readonly string[];
  /** `mutability: immutable` attributes a replace may not change. */
  readonly immutable: readonly string[];
  /** `returned: request`: only with `attributeSets=all|request` or when named in `attributes`. */
  readonly onRequest: readonly string[];
  /** `returned: never`. */
  readonly never: readonly string[];
  /** Attribute defaults the service applies when a create leaves them out. */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

const IDCS = "urn:ietf:params:scim:schemas:oracle:idcs";
const COMMON_ON_REQUEST = ["idcsPreventedOperations", "tags", "idcsLastUpgradedInRelease"];

/** [src: oci-go-sdk identitydomains/app.go, identity_propagation_trust.go, user.go, group.go, …: SCIM++ Properties] */
const SPECS: Record<ScimType, TypeSpec> = {
  Apps: {
    schema: `${IDCS}:App`,
    resourceType: "App",
    ocidType: "domainapp",
    unique: ["displayName", "name"],
    immutable: ["name"],
    onRequest: [
      ...COMMON_ON_REQUEST,
      "hashedClientSecret",
      "appIcon",
      "appThumbnail",
      "cloudControlProperties",
      "editableAttributes",
      "identityProviders",
      "accounts",
      "grants",
      "adminRoles",
      "userRoles",
    ],
    never: [],
  },
  IdentityPropagationTrusts: {
    schema: `${IDCS}:IdentityPropagationTrust`,
    resourceType: "IdentityPropagationTrust",
    ocidType: "identitypropagationtrust",
    unique: ["issuer", "name"],
    immutable: ["name"],
    onRequest: [...COMMON_ON_REQUEST, "impersonationServiceUsers"],
    never: [],
    // [doc: docs/oci-facts.md#trust] active and allowImpersonation default to false.
    defaults: { active: false, allowImpersonation: false },
  },
  Users: {
    schema: "urn:ietf:params:scim:schemas:core:2.0:User",
    resourceType: "User",
    ocidType: "user",
    unique: ["userName"],
    immutable: [],
    onRequest: [...COMMON_ON_REQUEST, "groups"],
    never: ["password"],
    defaults: { active: true },
  },
  Groups: {
    schema: "urn:ietf:params:scim:schemas:core:2.0:Group",
    resourceType: "Group",
    ocidType: "group",
    unique: ["displayName"],
    immutable: [],
    onRequest: [...COMMON_ON_REQUEST, "members"],
    never: [],
  },
  DynamicResourceGroups: {
    schema: `${IDCS}:DynamicResourceGroup`,
    resourceType: "DynamicResourceGroup",
    ocidType: "dynamicgroup",
    unique: ["displayName"],
    immutable: [],
    onRequest: [...COMMON_ON_REQUEST, "matchingRule", "grants", "dynamicGroupAppRoles"],
    never: [],
  },
  ApiKeys: {
    schema: `${IDCS}:apikey`,
    resourceType: "ApiKey",
    ocidType: "credential",
    unique: [],
    immutable: ["key", "user"],
    onRequest: COMMON_ON_REQUEST,
    never: [],
  },
};

const USER_EXT = `${IDCS}:extension:user:User`;
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** Attributes the server owns: a create or replace cannot set them. */
const SERVER_OWNED = [
  "id",
  "ocid",
  "meta",
  "idcsCreatedBy",
  "idcsLastModifiedBy",
  "domainOcid",
  "compartmentOcid",
  "tenancyOcid",
  "deleteInProgress",
];

/** A SCIM error answer [doc: RFC 7644, section 3.12]: `schemas`, `detail`, `status` as a string. */
export function scimError(status: number, detail: string): Answer {
  return { status, body: { schemas: [ERROR_SCHEMA], detail, status: String(status) } };
}

/** The domain's SCIM data and its behaviour. */
export class ScimStore {
  private readonly data = new Map<ScimType, Map<string, ScimResource>>();

  constructor(
    readonly tenancy: string,
    readonly domainOcid: string,
    private readonly baseUrl: () => string,
  ) {
    for (const t of Object.keys(SPECS) as ScimType[]) this.data.set(t, new Map());
  }

  /** The domain URL (what `idcs_endpoint` names). */
  domainUrl(): string {
    return this.baseUrl();
  }

  /** The public key of a domain user's API key, by OCI's keyId `<tenancy>/<user OCID>/<fingerprint>`. */
  apiKey(keyId: string): { key: string; user: string } | undefined {
    const [, user, fingerprint] = keyId.split("/");
    const owner = this.all("Users").find((u) => u.ocid === user && u.active !== false);
    const k = owner && this.all("ApiKeys").find((a) => a.user?.value === owner.id && a.fingerprint === fingerprint);
    return k ? { key: String(k.key), user: owner!.ocid } : undefined;
  }

  /** Every resource of a type, in creation order (what the service holds, all attributes). */
  all(type: ScimType): ScimResource[] {
    return [...this.data.get(type)!.values()];
  }

  get(type: ScimType, id: string): ScimResource | undefined {
    return this.data.get(type)!.get(id);
  }

  /** How many resources the domain holds, over every type. */
  count(): number {
    return [...this.data.values()].reduce((n, m) => n + m.size, 0);
  }

  /** Changes a resource behind Terraform's back (drift), as the console would. */
  patch(type: ScimType, id: string, changes: ScimResource): void {
    const r = this.get(type, id);
    if (!r) throw new Error(`no ${type} ${id}`);
    Object.assign(r, changes);
    touch(r);
  }

  /** Removes a resource behind Terraform's back. */
  remove(type: ScimType, id: string): void {
    this.data.get(type)!.delete(id);
  }

  /** Creates a resource as a console user or script would; returns it. Throws on a refusal. */
  create(type: ScimType, body: ScimResource, by = "admin"): ScimResource {
    const answer = this.doCreate(type, body, by);
    if (answer.status !== 201) throw new Error(`create ${type}: ${JSON.stringify(answer.body)}`);
    return this.get(type, (answer.body as ScimResource).id)!;
  }

  /** The user whose OCID or SCIM id this is. */
  user(idOrOcid: string): ScimResource | undefined {
    return this.all("Users").find((u) => u.id === idOrOcid || u.ocid === idOrOcid);
  }

  /** The groups a user is a member of. */
  groupsOf(userId: string): ScimResource[] {
    return this.all("Groups").filter((g) => (g.members ?? []).some((m: any) => m.value === userId));
  }

  /** The HTTP routes, all signed. */
  routes(): Route[] {
    const types = Object.keys(SPECS).join("|");
    const one = new RegExp(`^/admin/v1/(${types})/([^/]+)$`);
    const coll = new RegExp(`^/admin/v1/(${types})$`);
    return [
      { method: "POST", path: coll, auth: "signed", handle: (c) => this.post(c) },
      { method: "GET", path: coll, auth: "signed", handle: (c) => this.list(c) },
      { method: "GET", path: one, auth: "signed", handle: (c) => this.read(c) },
      { method: "PUT", path: one, auth: "signed", handle: (c) => this.put(c) },
      { method: "DELETE", path: one, auth: "signed", handle: (c) => this.del(c) },
    ];
  }

  private post(c: Call): Answer {
    const type = c.params[0] as ScimType;
    const body = jsonBody(c.body);
    if (!body) return scimError(400, "The request body is not a JSON object.");
    const answer = this.doCreate(type, body, c.principal?.id ?? "admin");
    if (answer.status !== 201) return answer;
    return { status: 201, body: this.render(type, answer.body as ScimResource, c.url.searchParams) };
  }

  private doCreate(type: ScimType, body: ScimResource, by: string): Answer {
    const spec = SPECS[type];
    if (!Array.isArray(body.schemas) || !body.schemas.includes(spec.schema))
      return scimError(400, `schemas must include ${spec.schema}.`);
    const r: ScimResource = { ...spec.defaults };
    for (const [k, v] of Object.entries(body)) if (!SERVER_OWNED.includes(k)) r[k] = clone(v);
    const problem = this.prepare(type, r, undefined);
    if (problem) return problem;
    const conflict = this.uniqueness(type, r, undefined);
    if (conflict) return conflict;
    const id = randomBytes(16).toString("hex");
    const now = new Date().toISOString();
    Object.assign(r, {
      id,
      ocid: ocid(spec.ocidType),
      domainOcid: this.domainOcid,
      compartmentOcid: this.tenancy,
      tenancyOcid: this.tenancy,
      idcsCreatedBy: { value: by, type: "User" },
      idcsLastModifiedBy: { value: by, type: "User" },
      meta: {
        resourceType: spec.resourceType,
        created: now,
        lastModified: now,
        location: `${this.baseUrl()}/admin/v1/${type}/${id}`,
        version: randomUUID(),
      },
    });
    this.data.get(type)!.set(id, r);
    return { status: 201, body: r };
  }

  private read(c: Call): Answer {
    const type = c.params[0] as ScimType;
    const r = this.get(type, c.params[1]);
    if (!r) return scimError(404, `Resource ${c.params[1]} not found.`);
    return { status: 200, body: this.render(type, r, c.url.searchParams), headers: { etag: `W/"${r.meta.version}"` } };
  }

  private put(c: Call): Answer {
    const type = c.params[0] as ScimType;
    const spec = SPECS[type];
    const old = this.get(type, c.params[1]);
    if (!old) return scimError(404, `Resource ${c.params[1]} not found.`);
    const body = jsonBody(c.body);
    if (!body) return scimError(400, "The request body is not a JSON object.");
    if (!Array.isArray(body.schemas) || !body.schemas.includes(spec.schema))
      return scimError(400, `schemas must include ${spec.schema}.`);
    for (const a of spec.immutable) {
      if (body[a] !== undefined && JSON.stringify(body[a]) !== JSON.stringify(old[a]))
        return scimError(400, `Attribute ${a} is immutable and cannot be modified.`);
    }
    const r: ScimResource = {};
    for (const [k, v] of Object.entries(body)) if (!SERVER_OWNED.includes(k)) r[k] = clone(v);
    for (const k of [...SERVER_OWNED, ...spec.immutable, ...serverAttributes(type)])
      if (old[k] !== undefined && r[k] === undefined) r[k] = old[k];
    const problem = this.prepare(type, r, old);
    if (problem) return problem;
    const conflict = this.uniqueness(type, r, old.id);
    if (conflict) return conflict;
    r.idcsLastModifiedBy = { value: c.principal?.id ?? "admin", type: "User" };
    touch(r);
    this.data.get(type)!.set(old.id, r);
    return { status: 200, body: this.render(type, r, c.url.searchParams) };
  }

  private del(c: Call): Answer {
    const type = c.params[0] as ScimType;
    const r = this.get(type, c.params[1]);
    if (!r) return scimError(404, `Resource ${c.params[1]} not found.`);
    const force = c.url.searchParams.get("forceDelete") === "true";
    // [src: terraform-provider-oci#2507] an active app cannot be deleted, even with forceDelete.
    if (type === "Apps" && r.active === true)
      return scimError(409, `App ${r.displayName} is active. Deactivate it before deleting it.`);
    if (type === "Users") {
      const groups = this.groupsOf(r.id);
      // [src: terraform-provider-oci#2050] a user that a group references cannot be deleted without forceDelete.
      if (groups.length && !force) {
        const names = groups.map((g) => `Group ${g.displayName}`).join(",");
        return scimError(409, `unable to delete User '${r.userName}' since it is currently referenced by ${names}`);
      }
      for (const g of groups) {
        g.members = g.members.filter((m: any) => m.value !== r.id);
        touch(g);
      }
      for (const k of this.all("ApiKeys").filter((k) => k.user?.value === r.id)) this.remove("ApiKeys", k.id);
    }
    this.data.get(type)!.delete(r.id);
    return { status: 204 };
  }

  private list(c: Call): Answer {
    const type = c.params[0] as ScimType;
    const q = c.url.searchParams;
    let all = this.all(type);
    const filter = q.get("filter");
    if (filter) {
      const test = parseFilter(filter);
      if (typeof test === "string") return scimError(400, `Invalid filter: ${test}`);
      all = all.filter(test);
    }
    const start = Math.max(1, Number(q.get("startIndex") ?? 1) || 1);
    const count = Math.min(1000, Math.max(0, Number(q.get("count") ?? 50) || 0));
    const page = all.slice(start - 1, start - 1 + count);
    return {
      status: 200,
      body: {
        schemas: [LIST_SCHEMA],
        totalResults: all.length,
        startIndex: start,
        itemsPerPage: page.length,
        Resources: page.map((r) => this.render(type, r, q)),
      },
    };
  }

  /** Fills server-owned sub-attributes and checks references; returns a refusal or undefined. */
  private prepare(type: ScimType, r: ScimResource, old: ScimResource | undefined): Answer | undefined {
    const required: Partial<Record<ScimType, string[]>> = {
      Apps: ["displayName"],
      IdentityPropagationTrusts: ["name", "issuer", "type"],
      Users: ["userName"],
      Groups: ["displayName"],
      DynamicResourceGroups: ["displayName", "matchingRule"],
      ApiKeys: ["key", "user"],
    };
    for (const a of required[type] ?? [])
      if (r[a] === undefined || r[a] === "") return scimError(400, `Missing required attribute ${a}.`);
    if (type === "Apps") return this.prepareApp(r, old);
    if (type === "IdentityPropagationTrusts") {
      // [doc: docs/oci-facts.md#trust] exactly one of the JWKS URL and the certificate.
      if ((r.publicKeyEndpoint === undefined) === (r.publicCertificate === undefined) && r.type === "JWT")
        return scimError(400, "Exactly one of publicKeyEndpoint and publicCertificate must be set.");
      if (r.clientClaimName && !(r.clientClaimValues ?? []).length)
        return scimError(400, "clientClaimValues must not be empty when clientClaimName is set.");
      for (const m of r.impersonationServiceUsers ?? []) {
        const u = this.get("Users", m.value);
        if (!u) return scimError(400, `impersonationServiceUsers: no user ${m.value}.`);
        if (m.ocid !== undefined && m.ocid !== u.ocid)
          return scimError(400, `impersonationServiceUsers: ocid ${m.ocid} is not user ${m.value}.`);
        m.ocid ??= u.ocid;
        m.$ref = `${this.baseUrl()}/admin/v1/Users/${u.id}`;
      }
    }
    if (type === "Groups") {
      for (const m of r.members ?? []) {
        const u = m.type === "User" ? this.get("Users", m.value) : undefined;
        if (!u) return scimError(400, `members: no ${m.type ?? "member"} ${m.value}.`);
        if (m.ocid !== undefined && m.ocid !== u.ocid)
          return scimError(400, `members: ocid ${m.ocid} is not ${m.value}.`);
        const before = (old?.members ?? []).find((o: any) => o.value === m.value);
        Object.assign(m, {
          ocid: u.ocid,
          display: u.displayName ?? u.userName,
          name: u.userName,
          $ref: `${this.baseUrl()}/admin/v1/Users/${u.id}`,
          dateAdded: before?.dateAdded ?? new Date().toISOString(),
          membershipOcid: before?.membershipOcid ?? ocid("groupmembership"),
        });
      }
    }
    if (type === "Users") {
      // The service-user flag is set on create only [doc: docs/oci-facts.md#service-users].
      if (old) r[USER_EXT] = { ...r[USER_EXT], serviceUser: old[USER_EXT]?.serviceUser ?? false };
    }
    if (type === "ApiKeys") {
      const u = this.get("Users", r.user?.value);
      if (!u) return scimError(400, `user: no user ${r.user?.value}.`);
      if (u[USER_EXT]?.serviceUser === true) return scimError(400, "A service user cannot hold API keys.");
      r.user = { ...r.user, ocid: u.ocid, display: u.userName, $ref: `${this.baseUrl()}/admin/v1/Users/${u.id}` };
      if (!old) {
        try {
          r.fingerprint = ociFingerprint(createPublicKey(String(r.key)).export({ type: "spki", format: "der" }));
        } catch {
          return scimError(400, "key is not a PEM public key.");
        }
      }
    }
    return undefined;
  }

  private prepareApp(r: ScimResource, old: ScimResource | undefined): Answer | undefined {
    if (!old && r.basedOnTemplate?.value === undefined)
      return scimError(400, "Missing required attribute basedOnTemplate.");
    if (r.isOAuthClient === true) {
      // An OAuth client's ID is its `name`, generated when not given; a confidential client gets a secret.
      r.name ??= randomBytes(16).toString("hex");
      if (r.clientType === "confidential") r.clientSecret ??= `idcscs-${randomUUID()}`;
    }
    for (const s of r.scopes ?? []) s.fqs = `${r.audience ?? ""}${s.value}`;
    for (const a of r.allowedScopes ?? []) {
      const owner = this.all("Apps").find((app) => (app.scopes ?? []).some((s: any) => s.fqs === a.fqs));
      if (!owner) return scimError(400, `allowedScopes: no resource server defines scope ${a.fqs}.`);
      a.idOfDefiningApp = owner.id;
    }
    return undefined;
  }

  private uniqueness(type: ScimType, r: ScimResource, selfId: string | undefined): Answer | undefined {
    for (const a of SPECS[type].unique) {
      if (typeof r[a] !== "string") continue;
      const clash = this.all(type).find(
        (o) => o.id !== selfId && typeof o[a] === "string" && o[a].toLowerCase() === r[a].toLowerCase(),
      );
      if (clash) return scimError(409, `A ${SPECS[type].resourceType} with ${a} ${r[a]} already exists.`);
    }
    return undefined;
  }

  /** The resource as the service returns it for these query parameters. */
  render(type: ScimType, r: ScimResource, q: URLSearchParams): ScimResource {
    const spec = SPECS[type];
    const sets = q.getAll("attributeSets").flatMap((s) => s.split(","));
    const named = (q.get("attributes") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const allSets = sets.includes("all") || sets.includes("request");
    const out: ScimResource = {};
    const view: ScimResource = { ...r };
    if (type === "Users")
      view.groups = this.groupsOf(r.id).map((g) => ({ value: g.id, ocid: g.ocid, display: g.displayName }));
    for (const [k, v] of Object.entries(view)) {
      if (spec.never.includes(k)) continue;
      // An attribute is asked for by its name or by a sub-attribute's (`members.value`, `urn:…:User:serviceUser`).
      const asked = named.some((a) => a === k || a.startsWith(`${k}:`) || a.startsWith(`${k}.`));
      if (spec.onRequest.includes(k) && !allSets && !asked) continue;
      if (named.length && !allSets && !asked && !["id", "schemas", "meta", "ocid"].includes(k)) continue;
      out[k] = clone(v);
    }
    return out;
  }
}

/** Attributes the server fills on create and keeps on replace. */
function serverAttributes(type: ScimType): string[] {
  if (type === "Apps") return ["clientSecret", "name"];
  if (type === "ApiKeys") return ["fingerprint"];
  return [];
}

function touch(r: ScimResource): void {
  r.meta = { ...r.meta, lastModified: new Date().toISOString(), version: randomUUID() };
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/**
 * A SCIM filter [doc: RFC 7644, section 3.4.2.2] of the forms clients send here: `attr op "value"` and value paths
 * (`members[value eq "…"]`) joined by `and`/`or` (left to right, no parentheses), with `eq`, `ne`, `co`, `sw`, `ew`,
 * `pr`, compared without case. Anything else is refused with the reason.
 */
export function parseFilter(text: string): ((r: ScimResource) => boolean) | string {
  const terms: Array<{ join: "and" | "or"; test: (r: ScimResource) => boolean }> = [];
  const valuePath = /\s*(?:(and|or)\s+)?([A-Za-z$][\w.:$]*)\[([^\]]*)\]\s*/iy;
  const comparison =
    /\s*(?:(and|or)\s+)?([A-Za-z$][\w.:$]*)\s+(eq|ne|co|sw|ew|pr)(?:\s+("(?:[^"\\]|\\.)*"|true|false|[0-9]+))?\s*/iy;
  let pos = 0;
  while (pos < text.length) {
    valuePath.lastIndex = pos;
    comparison.lastIndex = pos;
    const vp = valuePath.exec(text);
    const m = vp ? undefined : comparison.exec(text);
    const join = (vp ?? m)?.[1];
    if (!vp && !m) return `cannot read the filter at character ${pos + 1}`;
    if (terms.length === 0 && join) return "a filter cannot start with and/or";
    if (terms.length > 0 && !join) return "terms must be joined with and/or";
    let test: (r: ScimResource) => boolean;
    if (vp) {
      const inner = parseFilter(vp[3]);
      if (typeof inner === "string") return inner;
      const get = attribute(vp[2]);
      test = (r) => {
        const v = get(r);
        return (Array.isArray(v) ? v : v === undefined ? [] : [v]).some((x) => x && typeof x === "object" && inner(x));
      };
      pos = valuePath.lastIndex;
    } else {
      const [path, op, raw] = [m![2], m![3].toLowerCase(), m![4]];
      if (op !== "pr" && raw === undefined) return `${op} needs a value`;
      const want = raw === undefined ? undefined : JSON.parse(raw);
      test = comparisonTest(attribute(path), op, want);
      pos = comparison.lastIndex;
    }
    terms.push({ join: (join?.toLowerCase() as "and" | "or") ?? "and", test });
  }
  if (!terms.length) return "empty filter";
  return (r) =>
    terms.reduce((acc, t, i) => (i === 0 ? t.test(r) : t.join === "and" ? acc && t.test(r) : acc || t.test(r)), false);
}

function attribute(path: string): (r: ScimResource) => unknown {
  return (r) => path.split(".").reduce<any>((v, k) => (v == null ? v : v[k]), r);
}

function comparisonTest(get: (r: ScimResource) => unknown, op: string, want: unknown): (r: ScimResource) => boolean {
  return (r) => {
    const v = get(r);
    if (op === "pr") return v !== undefined && v !== null && v !== "";
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => {
      if (typeof x !== "string" || typeof want !== "string") return op === "ne" ? x !== want : x === want;
      const [a, b] = [x.toLowerCase(), want.toLowerCase()];
      if (op === "eq") return a === b;
      if (op === "ne") return a !== b;
      if (op === "co") return a.includes(b);
      return op === "sw" ? a.startsWith(b) : a.endsWith(b);
    });
  };
}
