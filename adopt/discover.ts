import * as v from "valibot";
import { redactSecrets } from "../core/redact";
import { list, maybe, obj, str, type Shape } from "../core/schema";
import type { GetJson } from "./identity-client";
import { AdoptError } from "./identity-client";
import { listPolicies, scimGet, scimList, scimString } from "./scim";

/**
 * Reads what a set-up made by hand or by the Oracle sample (`wifSetup.py`: an app, a service user, a trust with one
 * rule, a group, a policy) left in an identity domain, and turns it into what setupConfig.ini can say. Anything it
 * cannot say is kept as a note, which the config writer turns into a comment. The client secret is never asked for:
 * the attributes requested leave it out.
 */

/** What to adopt. */
export interface DiscoverOptions {
  readonly domainUrl: string;
  /** Only the trust of this issuer. */
  readonly issuer?: string;
  /** Only the trust of this name. */
  readonly trustName?: string;
  /** IAM endpoint and the compartment whose policies are read; without them no policy is adopted. */
  readonly iam?: { readonly endpoint: string; readonly compartmentId: string };
}

/** The token-exchange app: its SCIM id, client ID (`name`) and what setupConfig.ini says about it. */
export interface AdoptedApp {
  readonly id: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly description?: string;
  readonly active: boolean;
}
/** One impersonation rule and the SCIM id of the user it maps to. */
export interface AdoptedRule {
  readonly rule: string;
  readonly userId: string;
}
/** A JWT trust with impersonation, in setupConfig.ini's terms. */
export interface AdoptedTrust {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly publicCertificate?: string;
  readonly audiences: readonly string[];
  readonly audienceClaim?: string;
  readonly clockSkewSeconds?: number;
  readonly description?: string;
  readonly active: boolean;
  readonly rules: readonly AdoptedRule[];
}
/** A policy whose every statement grants to one user's group: the bodies after `Allow <group> to`. */
export interface AdoptedPolicy {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly bodies: readonly string[];
  readonly domainName?: string;
}
/** A service user named by a rule, with its own group and that group's policy when found. */
export interface AdoptedUser {
  readonly id: string;
  readonly ocid?: string;
  readonly userName: string;
  readonly description?: string;
  readonly group?: { readonly id: string; readonly displayName: string };
  readonly policy?: AdoptedPolicy;
}
/**
 * A domain value the importer will not write, and why: a required name that is null or missing, a value of the
 * wrong type, one setupConfig.ini cannot hold as it is, or a secret. `object` names the domain object the way a
 * message shows it (`trust "WIF-Trust" (id 5e3c…)`), `field` its SCIM attribute. The value itself is never kept.
 */
export interface ImportRefusal {
  readonly object: string;
  readonly field: string;
  readonly why: string;
}

/** Everything found, what could not be expressed (notes), and what is refused (the import then writes nothing). */
export interface AdoptedSetup {
  readonly domainUrl: string;
  readonly app?: AdoptedApp;
  readonly trusts: readonly AdoptedTrust[];
  readonly users: readonly AdoptedUser[];
  readonly compartmentId?: string;
  readonly notes: readonly string[];
  /** @default none */
  readonly refusals?: readonly ImportRefusal[];
}

/** A resource as the identity domain or IAM returned it, after its schema ({@link IMPORT_SCHEMAS}). */
type ScimResource = Readonly<Record<string, unknown>>;

/**
 * Reads the attributes of one SCIM resource as the types setupConfig.ini needs, recording a refusal for each that
 * is not. A required name that is null or missing is refused rather than skipped: skipping a trust's user would
 * drop the user's rules from the imported trust at the first apply, and an unnamed object cannot be written, so the
 * import stops and says which object to fix (or to leave out with --issuer / --trust-name).
 */
class Fields {
  constructor(
    private readonly r: ScimResource,
    public readonly object: string,
    private readonly refusals: ImportRefusal[],
  ) {}

  /** A non-empty string, else a refusal. */
  public required(field: string): string | undefined {
    const v = this.r[field];
    if (typeof v === "string" && v.trim() !== "") return v;
    this.refuse(field, v === undefined || v === null ? "is missing (null), and it is required" : describeType(v));
    return undefined;
  }

  /** A string, or undefined when absent, null or empty; a refusal for another type. */
  public optional(field: string): string | undefined {
    const v = this.r[field];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string") return v;
    this.refuse(field, describeType(v));
    return undefined;
  }

  /** A SCIM id or OCID: the import binds the live object by it, so it must be a plain identifier. */
  public id(field = "id"): string | undefined {
    const v = this.required(field);
    if (v === undefined) return undefined;
    if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/.test(v)) {
      this.refuse(field, "is not an identifier (letters, digits, '.', '_', ':' or '-', at most 256)");
      return undefined;
    }
    // Ids go into wif-imports.json: one shaped like a secret (an `idcscs-` value) is not copied there either.
    if (redactSecrets(v) !== v) {
      this.refuse(field, "is shaped like a secret, which is never copied (nothing of it is shown)");
      return undefined;
    }
    return v;
  }

  /** A list of strings; absent or null is empty. */
  public strings(field: string): string[] {
    const v = this.r[field];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
    this.refuse(
      field,
      Array.isArray(v)
        ? "holds something other than text"
        : typeof v === "string"
          ? "is text, not a list"
          : describeType(v),
    );
    return [];
  }

  /** A list of objects; absent or null is empty. */
  public objects(field: string): ScimResource[] {
    const v = this.r[field];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => x !== null && typeof x === "object" && !Array.isArray(x)))
      return v as ScimResource[];
    this.refuse(field, "is not a list of objects");
    return [];
  }

  public refuse(field: string, why: string): void {
    this.refusals.push({ object: this.object, field, why });
  }
}

function describeType(v: unknown): string {
  const kind = Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "string" ? "empty" : `a ${typeof v}`;
  return kind === "empty" ? "is empty, and it is required" : `is ${kind}, not text`;
}

/** How a message names a domain object: its kind, its name as JSON (or that it has none), its id. */
export function describeObject(kind: string, name: unknown, id: unknown): string {
  // A name is domain data of any length: show its start, and how long it is when that is not all of it; a name
  // shaped like a secret (core/redact.ts) is not shown at all.
  const shown =
    typeof name !== "string" || name === ""
      ? "(no name)"
      : redactSecrets(name) !== name
        ? "(a name shaped like a secret, not shown)"
        : name.length > 64
          ? `${JSON.stringify(name.slice(0, 48))}… (${name.length} characters)`
          : JSON.stringify(name);
  const idShown =
    typeof id !== "string"
      ? ""
      : redactSecrets(id) !== id
        ? " (an id shaped like a secret, not shown)"
        : ` (id ${JSON.stringify(id.slice(0, 256))})`;
  return `${kind} ${shown}${idShown}`;
}

function objectName(kind: string, r: ScimResource, nameField: string): string {
  return describeObject(kind, r[nameField], r.id);
}

const TRUST_ATTRIBUTES = [
  "name",
  "type",
  "issuer",
  "active",
  "allowImpersonation",
  "oauthClients",
  "publicKeyEndpoint",
  "publicCertificate",
  "clientClaimName",
  "clientClaimValues",
  "clockSkewSeconds",
  "description",
  "subjectType",
  "impersonationServiceUsers",
];
const APP_ATTRIBUTES = [
  "name",
  "displayName",
  "description",
  "active",
  "isOAuthClient",
  "clientType",
  "allowedGrants",
  "basedOnTemplate",
  "allowedScopes",
];
const USER_ATTRIBUTES = [
  "userName",
  "description",
  "ocid",
  "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User:serviceUser",
];
const GROUP_ATTRIBUTES = ["displayName", "ocid", "members", "description"];

/**
 * An attribute whose value becomes part of setupConfig.ini or wif-imports.json: any JSON value here, because
 * {@link Fields} is the one check of it, refusing a wrong type per object and attribute (exit 2, nothing written)
 * together with every other refusal, rather than failing on the first.
 */
const ADOPTED = v.optional(v.unknown());

/**
 * What is read of each resource, as the identity domain and IAM return them (camelCase SCIM attributes; IAM's
 * Policy). Everything else is dropped. Each resource must be an object; an attribute the importer only looks at
 * (a flag, a type, a list it counts) is typed here, and a value of the wrong type fails the read naming its field
 * path; an attribute it adopts is {@link ADOPTED}.
 */
export const IMPORT_SCHEMAS = {
  trust: obj({
    id: ADOPTED,
    name: ADOPTED,
    type: maybe(str()),
    issuer: ADOPTED,
    active: maybe(v.boolean()),
    allowImpersonation: maybe(v.boolean()),
    oauthClients: ADOPTED,
    publicKeyEndpoint: ADOPTED,
    publicCertificate: ADOPTED,
    clientClaimName: ADOPTED,
    clientClaimValues: ADOPTED,
    clockSkewSeconds: maybe(v.number()),
    description: ADOPTED,
    subjectType: maybe(str()),
    impersonationServiceUsers: ADOPTED,
  }),
  app: obj({
    id: ADOPTED,
    displayName: ADOPTED,
    description: ADOPTED,
    active: maybe(v.boolean()),
    isOAuthClient: maybe(v.boolean()),
    clientType: maybe(str()),
    allowedGrants: maybe(list(str())),
    basedOnTemplate: maybe(obj({ value: maybe(str()) })),
    allowedScopes: maybe(list(v.unknown())),
  }),
  user: obj({
    userName: ADOPTED,
    description: ADOPTED,
    ocid: ADOPTED,
    "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User": maybe(obj({ serviceUser: maybe(v.boolean()) })),
  }),
  group: obj({
    id: ADOPTED,
    displayName: ADOPTED,
    ocid: maybe(str()),
    members: maybe(list(v.unknown())),
    description: maybe(str()),
  }),
  // A statement that is not text leaves the policy alone (adoptPolicy), so the list's items are not typed here.
  policy: obj({ id: ADOPTED, name: ADOPTED, description: ADOPTED, statements: maybe(list(v.unknown(), 1000)) }),
};
type Trust = Shape<typeof IMPORT_SCHEMAS.trust>;
type Group = Shape<typeof IMPORT_SCHEMAS.group>;
type Policy = Shape<typeof IMPORT_SCHEMAS.policy>;

/** Reads the domain (and the compartment's policies) and returns the set-up to adopt. */
export async function discover(get: GetJson, options: DiscoverOptions): Promise<AdoptedSetup> {
  const notes: string[] = [];
  const refusals: ImportRefusal[] = [];
  const filters = [
    options.issuer && `issuer eq ${scimString(options.issuer)}`,
    options.trustName && `name eq ${scimString(options.trustName)}`,
  ].filter(Boolean);
  const found = await scimList(get, options.domainUrl, "IdentityPropagationTrusts", IMPORT_SCHEMAS.trust, {
    filter: filters.join(" and ") || undefined,
    attributes: TRUST_ATTRIBUTES,
  });
  const trusts: AdoptedTrust[] = [];
  for (const t of found) {
    if (t.type !== "JWT" || t.allowImpersonation !== true) {
      notes.push(
        `trust ${JSON.stringify(String(t.name))} (type ${String(t.type)}, allowImpersonation ${String(t.allowImpersonation)}) is not a JWT trust with impersonation, which is all setupConfig.ini describes; left alone`,
      );
      continue;
    }
    const trust = adoptTrust(new Fields(t, objectName("trust", t, "name"), refusals), t);
    if (!trust) continue;
    if (t.subjectType)
      notes.push(
        `trust ${JSON.stringify(trust.name)} sets subjectType ${String(t.subjectType)}, which setupConfig.ini cannot say; the first plan will clear it`,
      );
    trusts.push(trust);
  }
  if (!trusts.length && !refusals.length) {
    throw new AdoptError(
      `no JWT trust with impersonation in ${options.domainUrl}${filters.length ? ` matching ${filters.join(" and ")}` : ""}; check --issuer / --trust-name.`,
    );
  }

  const clientIds = [
    ...new Set(
      trusts.flatMap((t) => {
        const raw = found.find((f) => f.id === t.id)!;
        return new Fields(raw, objectName("trust", raw, "name"), refusals).strings("oauthClients");
      }),
    ),
  ];
  if (clientIds.length > 1)
    notes.push(
      `the trusts list ${clientIds.length} OAuth clients; setupConfig.ini has one token-exchange app, so only the first (${clientIds[0]}) is adopted`,
    );
  const app = clientIds.length ? await adoptApp(get, options.domainUrl, clientIds[0], notes, refusals) : undefined;

  const users: AdoptedUser[] = [];
  const policies = options.iam
    ? await listPolicies(get, options.iam.endpoint, options.iam.compartmentId, IMPORT_SCHEMAS.policy)
    : [];
  if (!options.iam) notes.push("no --compartment given, so no policy was read; service users get no allow[] lines");
  for (const userId of [...new Set(trusts.flatMap((t) => t.rules.map((r) => r.userId)))]) {
    const user = await adoptUser(get, options.domainUrl, userId, policies, notes, refusals);
    if (user) users.push(user);
  }
  return {
    domainUrl: options.domainUrl,
    app,
    trusts,
    users,
    compartmentId: options.iam?.compartmentId,
    notes,
    refusals,
  };
}

/** A JWT trust with impersonation in setupConfig.ini's terms, or undefined when a required attribute is refused. */
function adoptTrust(f: Fields, t: Trust): AdoptedTrust | undefined {
  const id = f.id();
  const name = f.required("name");
  const issuer = f.required("issuer");
  const claimName = f.optional("clientClaimName");
  const claimValues = f.strings("clientClaimValues");
  const rules: AdoptedRule[] = [];
  for (const u of f.objects("impersonationServiceUsers")) {
    const rule = typeof u.rule === "string" && u.rule.trim() !== "" ? u.rule : undefined;
    const userId =
      typeof u.value === "string" && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/.test(u.value) ? u.value : undefined;
    if (rule === undefined) {
      f.refuse("impersonationServiceUsers.rule", "is missing or not text in one of the trust's mappings");
      continue;
    }
    if (userId === undefined) {
      f.refuse("impersonationServiceUsers.value", "is not a user's id in one of the trust's mappings");
      continue;
    }
    rules.push({ rule, userId });
  }
  const adopted = {
    id,
    name,
    issuer,
    jwksUri: f.optional("publicKeyEndpoint"),
    publicCertificate: f.optional("publicCertificate"),
    audiences: claimName ? claimValues : [],
    audienceClaim: claimName && claimName !== "aud" ? claimName : undefined,
    clockSkewSeconds: t.clockSkewSeconds,
    description: f.optional("description"),
    active: t.active === true,
    rules,
  };
  return id !== undefined && name !== undefined && issuer !== undefined ? { ...adopted, id, name, issuer } : undefined;
}

async function adoptApp(
  get: GetJson,
  domainUrl: string,
  clientId: string,
  notes: string[],
  refusals: ImportRefusal[],
): Promise<AdoptedApp | undefined> {
  const [a] = await scimList(get, domainUrl, "Apps", IMPORT_SCHEMAS.app, {
    filter: `name eq ${scimString(clientId)}`,
    attributes: APP_ATTRIBUTES,
  });
  if (!a) {
    notes.push(
      `the trust lists client ${clientId}, but no app has that client ID; a new token-exchange app would be created`,
    );
    return undefined;
  }
  const grants = [...(a.allowedGrants ?? [])].sort().join(",");
  const differs = [
    a.isOAuthClient !== true && "isOAuthClient is not true",
    a.clientType !== "confidential" && `clientType is ${a.clientType}`,
    grants !== "client_credentials" && `allowedGrants are ${grants || "none"}`,
    a.basedOnTemplate?.value !== "CustomWebAppTemplateId" && `it is based on ${a.basedOnTemplate?.value}`,
    a.allowedScopes?.length && `it is allowed ${a.allowedScopes.length} scope(s)`,
  ].filter(Boolean);
  const f = new Fields(a, objectName("app", a, "displayName"), refusals);
  const id = f.id();
  const displayName = f.required("displayName");
  const description = f.optional("description");
  if (id === undefined || displayName === undefined) return undefined;
  if (differs.length)
    notes.push(
      `app ${JSON.stringify(displayName)} differs from a token-exchange client (${differs.join("; ")}); the first plan will change that`,
    );
  return { id, clientId, displayName, description, active: a.active === true };
}

async function adoptUser(
  get: GetJson,
  domainUrl: string,
  userId: string,
  policies: readonly Policy[],
  notes: string[],
  refusals: ImportRefusal[],
): Promise<AdoptedUser | undefined> {
  const u = await scimGet(get, domainUrl, "Users", userId, USER_ATTRIBUTES, IMPORT_SCHEMAS.user);
  const f = new Fields({ ...u, id: userId }, objectName("user", { ...u, id: userId }, "userName"), refusals);
  const userName = f.required("userName");
  const description = f.optional("description");
  const ocid = f.optional("ocid");
  if (userName === undefined) return undefined;
  if (u["urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User"]?.serviceUser !== true) {
    notes.push(
      `user "${userName}" is not a service user; adopting it keeps it as it is (the flag is only sent on create)`,
    );
  }
  const groups = await scimList(get, domainUrl, "Groups", IMPORT_SCHEMAS.group, {
    filter: `members[value eq ${scimString(userId)}]`,
    attributes: GROUP_ATTRIBUTES,
  });
  const own = groups.filter((g) => g.members?.length === 1);
  for (const g of groups.filter((x) => x !== own[0]))
    notes.push(
      `user ${JSON.stringify(userName)} is also in group ${JSON.stringify(String(g.displayName))}, which is left alone`,
    );
  let group: AdoptedUser["group"];
  if (own[0]) {
    const g = new Fields(own[0], objectName("group", own[0], "displayName"), refusals);
    const id = g.id();
    const displayName = g.required("displayName");
    if (id === undefined || displayName === undefined) return undefined;
    group = { id, displayName };
    if (own[0].description)
      notes.push(
        `group ${JSON.stringify(displayName)} has a description, which setupConfig.ini cannot say; the first plan will clear it`,
      );
  } else
    notes.push(`user ${JSON.stringify(userName)} has no group of its own; the first plan creates "${userName}-group"`);
  const policy = group && adoptPolicy(policies, own[0], notes, refusals);
  return { id: userId, ocid, userName, description, group, policy };
}

const STATEMENT = /^Allow\s+group\s+(?:'([^']+)'\/'([^']+)'|id\s+(\S+))\s+to\s+(.+)$/i;

/** The policy whose every statement grants to the group, in a form our GroupPolicy writes the same way. */
function adoptPolicy(
  policies: readonly Policy[],
  group: Group,
  notes: string[],
  refusals: ImportRefusal[],
): AdoptedPolicy | undefined {
  for (const p of policies) {
    const raw: readonly unknown[] = p.statements ?? [];
    const statements = raw.filter((x): x is string => typeof x === "string");
    const parsed = statements.map((s) => STATEMENT.exec(s.trim()));
    const mine = parsed.filter((m) => m && (m[2] === group.displayName || m[3] === group.ocid));
    if (!mine.length) continue;
    if (mine.length !== statements.length || statements.length !== raw.length) {
      notes.push(
        `policy ${JSON.stringify(String(p.name))} grants to group ${JSON.stringify(String(group.displayName))} and to others; left alone`,
      );
      continue;
    }
    const f = new Fields(p, objectName("policy", p, "name"), refusals);
    const id = f.id();
    const name = f.required("name");
    const description = f.optional("description");
    if (id === undefined || name === undefined) return undefined;
    const domainName = mine[0]![1];
    const exact = statements.every(
      (s, i) =>
        s ===
        `Allow ${domainName !== undefined ? `group '${domainName}'/'${group.displayName}'` : `group id ${group.ocid}`} to ${parsed[i]![4].trim().replace(/\s+/g, " ")}`,
    );
    if (!exact)
      notes.push(
        `policy ${JSON.stringify(name)} is written differently from how it will be synthesized (case or spacing); the first plan will rewrite its statements`,
      );
    return { id, name, description, bodies: mine.map((m) => m![4].trim()), domainName };
  }
  return undefined;
}
