import * as v from "valibot";
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
/** Everything found, and what could not be expressed. */
export interface AdoptedSetup {
  readonly domainUrl: string;
  readonly app?: AdoptedApp;
  readonly trusts: readonly AdoptedTrust[];
  readonly users: readonly AdoptedUser[];
  readonly compartmentId?: string;
  readonly notes: readonly string[];
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
 * What is read of each resource, as the identity domain and IAM return them (camelCase SCIM attributes; IAM's
 * Policy). Everything else is dropped; a value of the wrong type is refused with its field path.
 */
export const IMPORT_SCHEMAS = {
  trust: obj({
    id: str(256),
    name: str(),
    type: maybe(str()),
    issuer: maybe(str()),
    active: maybe(v.boolean()),
    allowImpersonation: maybe(v.boolean()),
    oauthClients: maybe(list(str())),
    publicKeyEndpoint: maybe(str()),
    publicCertificate: maybe(str()),
    clientClaimName: maybe(str()),
    clientClaimValues: maybe(list(str())),
    clockSkewSeconds: maybe(v.number()),
    description: maybe(str()),
    subjectType: maybe(str()),
    impersonationServiceUsers: maybe(list(obj({ rule: str(), value: str(256) }))),
  }),
  app: obj({
    id: str(256),
    displayName: str(),
    description: maybe(str()),
    active: maybe(v.boolean()),
    isOAuthClient: maybe(v.boolean()),
    clientType: maybe(str()),
    allowedGrants: maybe(list(str())),
    basedOnTemplate: maybe(obj({ value: maybe(str()) })),
    allowedScopes: maybe(list(v.unknown())),
  }),
  user: obj({
    userName: str(),
    description: maybe(str()),
    ocid: maybe(str()),
    "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User": maybe(obj({ serviceUser: maybe(v.boolean()) })),
  }),
  group: obj({
    id: str(256),
    displayName: str(),
    ocid: maybe(str()),
    members: maybe(list(v.unknown())),
    description: maybe(str()),
  }),
  policy: obj({ id: str(), name: str(), description: maybe(str()), statements: list(str(), 1000) }),
};
type Group = Shape<typeof IMPORT_SCHEMAS.group>;
type Policy = Shape<typeof IMPORT_SCHEMAS.policy>;

/** Reads the domain (and the compartment's policies) and returns the set-up to adopt. */
export async function discover(get: GetJson, options: DiscoverOptions): Promise<AdoptedSetup> {
  const notes: string[] = [];
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
        `trust "${t.name}" (type ${t.type}, allowImpersonation ${t.allowImpersonation}) is not a JWT trust with impersonation, which is all setupConfig.ini describes; left alone`,
      );
      continue;
    }
    if (t.subjectType)
      notes.push(
        `trust "${t.name}" sets subjectType ${t.subjectType}, which setupConfig.ini cannot say; the first plan will clear it`,
      );
    if (!t.issuer)
      throw new AdoptError(`trust "${t.name}" (${t.id}) is a JWT trust without an issuer; fix it in the domain.`);
    trusts.push({
      id: t.id,
      name: t.name,
      issuer: t.issuer,
      jwksUri: t.publicKeyEndpoint,
      publicCertificate: t.publicCertificate,
      audiences: t.clientClaimName ? (t.clientClaimValues ?? []) : [],
      audienceClaim: t.clientClaimName && t.clientClaimName !== "aud" ? t.clientClaimName : undefined,
      clockSkewSeconds: t.clockSkewSeconds,
      description: t.description,
      active: t.active === true,
      rules: (t.impersonationServiceUsers ?? []).map((u) => ({ rule: u.rule, userId: u.value })),
    });
  }
  if (!trusts.length) {
    throw new AdoptError(
      `no JWT trust with impersonation in ${options.domainUrl}${filters.length ? ` matching ${filters.join(" and ")}` : ""}; check --issuer / --trust-name.`,
    );
  }

  const clientIds = [...new Set(trusts.flatMap((t) => found.find((f) => f.id === t.id)!.oauthClients ?? []))];
  if (clientIds.length > 1)
    notes.push(
      `the trusts list ${clientIds.length} OAuth clients; setupConfig.ini has one token-exchange app, so only the first (${clientIds[0]}) is adopted`,
    );
  const app = clientIds.length ? await adoptApp(get, options.domainUrl, clientIds[0], notes) : undefined;

  const users: AdoptedUser[] = [];
  const policies = options.iam
    ? await listPolicies(get, options.iam.endpoint, options.iam.compartmentId, IMPORT_SCHEMAS.policy)
    : [];
  if (!options.iam) notes.push("no --compartment given, so no policy was read; service users get no allow[] lines");
  for (const userId of [...new Set(trusts.flatMap((t) => t.rules.map((r) => r.userId)))]) {
    users.push(await adoptUser(get, options.domainUrl, userId, policies, notes));
  }
  return { domainUrl: options.domainUrl, app, trusts, users, compartmentId: options.iam?.compartmentId, notes };
}

async function adoptApp(
  get: GetJson,
  domainUrl: string,
  clientId: string,
  notes: string[],
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
  if (differs.length)
    notes.push(
      `app "${a.displayName}" differs from a token-exchange client (${differs.join("; ")}); the first plan will change that`,
    );
  return { id: a.id, clientId, displayName: a.displayName, description: a.description, active: a.active === true };
}

async function adoptUser(
  get: GetJson,
  domainUrl: string,
  userId: string,
  policies: readonly Policy[],
  notes: string[],
): Promise<AdoptedUser> {
  const u = await scimGet(get, domainUrl, "Users", userId, USER_ATTRIBUTES, IMPORT_SCHEMAS.user);
  const userName = u.userName;
  if (u["urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User"]?.serviceUser !== true) {
    notes.push(
      `user "${userName}" is not a service user; adopting it keeps it as it is (the flag is only sent on create)`,
    );
  }
  const groups = await scimList(get, domainUrl, "Groups", IMPORT_SCHEMAS.group, {
    filter: `members[value eq ${scimString(userId)}]`,
    attributes: GROUP_ATTRIBUTES,
  });
  const own = groups.filter((g) => (g.members ?? []).length === 1);
  for (const g of groups.filter((x) => x !== own[0]))
    notes.push(`user "${userName}" is also in group "${g.displayName}", which is left alone`);
  const group = own[0] && { id: own[0].id, displayName: own[0].displayName };
  if (!group) notes.push(`user "${userName}" has no group of its own; the first plan creates "${userName}-group"`);
  if (own[0]?.description)
    notes.push(
      `group "${own[0].displayName}" has a description, which setupConfig.ini cannot say; the first plan will clear it`,
    );
  const policy = group && adoptPolicy(policies, own[0], notes);
  return { id: userId, ocid: u.ocid, userName, description: u.description, group, policy };
}

const STATEMENT = /^Allow\s+group\s+(?:'([^']+)'\/'([^']+)'|id\s+(\S+))\s+to\s+(.+)$/i;

/** The policy whose every statement grants to the group, in a form our GroupPolicy writes the same way. */
function adoptPolicy(policies: readonly Policy[], group: Group, notes: string[]): AdoptedPolicy | undefined {
  for (const p of policies) {
    const statements = p.statements;
    const parsed = statements.map((s) => STATEMENT.exec(s.trim()));
    const mine = parsed.filter((m) => m && (m[2] === group.displayName || m[3] === group.ocid));
    if (!mine.length) continue;
    if (mine.length !== statements.length) {
      notes.push(`policy "${p.name}" grants to group "${group.displayName}" and to others; left alone`);
      continue;
    }
    const domainName = mine[0]![1];
    const exact = statements.every(
      (s, i) =>
        s ===
        `Allow ${domainName !== undefined ? `group '${domainName}'/'${group.displayName}'` : `group id ${group.ocid}`} to ${parsed[i]![4].trim().replace(/\s+/g, " ")}`,
    );
    if (!exact)
      notes.push(
        `policy "${p.name}" is written differently from how it will be synthesized (case or spacing); the first plan will rewrite its statements`,
      );
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      bodies: mine.map((m) => m![4].trim()),
      domainName,
    };
  }
  return undefined;
}
