import { parseStatement, type PolicyStatement, type PolicySubject } from "./policy";
import { shapeOf, type OverlapKind, type RuleShape } from "./rule-analysis";
import { findOverlaps } from "./overlaps";
import { trustModeOf, workloadGrantsOf, type TrustModeView, type WorkloadGrantView } from "./trust-modes";
import {
  asRecord,
  block,
  list,
  referencesIn,
  soleReference,
  strings,
  type Stack,
  type StackResource,
} from "../core/stack";
import type { PlannedChange } from "./plan";

/**
 * The OCI reading of a stack: trusts with their rules resolved to users, groups and policy statements
 * ("who can become whom, and do what"), apps, dynamic groups, secrets. Built once per stack; rules, the report
 * and the diff all read it. Everything is taken from the provider's argument names (oracle/oci 8.x schema).
 */

export const TRUST = "oci_identity_domains_identity_propagation_trust";
export const APP = "oci_identity_domains_app";
export const USER = "oci_identity_domains_user";
export const GROUP = "oci_identity_domains_group";
export const POLICY = "oci_identity_policy";
export const DYNAMIC_GROUP = "oci_identity_domains_dynamic_resource_group";
/** The IAM (non-domain) dynamic group; policies name it the same way. */
export const LEGACY_DYNAMIC_GROUP = "oci_identity_dynamic_group";
export const API_KEY = "oci_identity_domains_api_key";
export const VAULT_SECRET = "oci_vault_secret";
export const FUNCTION = "oci_functions_function";

/** A user of the stack. */
export interface UserView {
  readonly resource: StackResource;
  readonly userName: string;
  /** `urnietfparamsscimschemasoracleidcsextensionuser_user.service_user`. */
  readonly serviceUser: boolean;
  /** The capabilities block, when set. */
  readonly capabilities?: Readonly<Record<string, unknown>>;
  readonly groups: readonly GroupView[];
  readonly apiKeys: readonly StackResource[];
}

/** A group of the stack and what its policies grant it. */
export interface GroupView {
  readonly resource: StackResource;
  readonly name: string;
  readonly grants: readonly Grant[];
}

/** One statement of one policy. */
export interface Grant {
  readonly policy: StackResource;
  readonly policyName: string;
  readonly statement: PolicyStatement;
}

/** One `impersonation_service_users` entry. */
export interface Mapping {
  readonly rule: string;
  readonly shape: RuleShape;
  /** The user it maps to, when `value` refers to a user of this stack. */
  readonly user?: UserView;
  /** `value` as written, when it does not refer to a user of this stack. */
  readonly unresolved?: string;
}

/** Two rules of different users that one token could match; OCI's order (first match wins) then decides. */
export interface Overlap {
  readonly kind: OverlapKind;
  readonly a: Mapping;
  readonly b: Mapping;
}

/** A trust and everything it leads to. */
export interface TrustView {
  readonly resource: StackResource;
  readonly name: string;
  readonly issuer: string;
  /** `client_claim_name` and `client_claim_values`; undefined without an audience constraint. */
  readonly audience?: { readonly claim: string; readonly values: readonly string[] };
  readonly active: boolean;
  readonly allowImpersonation: boolean;
  readonly publicKeyEndpoint?: string;
  readonly hasCertificate: boolean;
  /** `oauth_clients`, each resolved to an app of the stack when it refers to one. */
  readonly clients: ReadonlyArray<{ readonly app?: AppView; readonly text: string }>;
  readonly mappings: readonly Mapping[];
  /** The first pairs of each kind, in rule order (review/overlaps.ts bounds the list). */
  readonly overlaps: readonly Overlap[];
  /** How many pairs of each kind there are, listed or not. */
  readonly overlapTotals: Readonly<Record<OverlapKind, number>>;
  /** How it maps tokens: impersonation, user context or RPST (review/trust-modes.ts). */
  readonly trustMode: TrustModeView;
}

/** An OAuth app (client, resource server, or both). */
export interface AppView {
  readonly resource: StackResource;
  readonly displayName: string;
  readonly isClient: boolean;
  readonly isResourceServer: boolean;
  readonly clientType?: string;
  readonly allowedGrants: readonly string[];
  readonly allowedScopes: readonly string[];
  readonly audience?: string;
  readonly scopes: ReadonlyArray<{
    readonly value: string;
    readonly description?: string;
    readonly requiresConsent?: boolean;
  }>;
  readonly accessTokenExpiry?: number;
  readonly refreshTokenExpiry?: number;
}

/** A dynamic group of the stack. */
export interface DynamicGroupView {
  readonly resource: StackResource;
  readonly name: string;
  readonly matchingRule: string;
  readonly grants: readonly Grant[];
}

/** A statement whose subject is nothing this stack defines (any-user, any-group, another group, a service). */
export interface ForeignGrant extends Grant {
  readonly subject: PolicySubject;
}

/** The OCI view of one stack. */
export interface StackModel {
  readonly stack: Stack;
  readonly trusts: readonly TrustView[];
  readonly users: readonly UserView[];
  readonly groups: readonly GroupView[];
  readonly apps: readonly AppView[];
  readonly dynamicGroups: readonly DynamicGroupView[];
  /** Every statement of every policy, in file order. */
  readonly grants: readonly Grant[];
  readonly foreignGrants: readonly ForeignGrant[];
  /** any-user statements aimed at RPST holders. */
  readonly workloadGrants: readonly WorkloadGrantView[];
  readonly vaultSecrets: readonly StackResource[];
  readonly functions: readonly StackResource[];
  /** Resource by address. */
  readonly byAddress: ReadonlyMap<string, StackResource>;
  /** The plan's changes, when the review was given one (`--plan`); the removal rules read only this. */
  readonly plan?: readonly PlannedChange[];
  /** Looks up the dynamic group a subject names ({@link dynamicGroupOf}). */
  readonly dynamicGroupIndex?: { first(subject: PolicySubject): number | undefined };
}

/**
 * Builds the OCI view of a stack. Every link (member → group, rule → user, statement → group) is looked up in an
 * index, never by scanning one list per item of another: a stack at the documented maximum (2,000 users, 10,000
 * rules) has millions of such pairs.
 */
export function buildModel(stack: Stack): StackModel {
  const byAddress = new Map(stack.resources.map((r) => [r.address, r]));
  const byType = new Map<string, StackResource[]>();
  for (const r of stack.resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  const ofType = (t: string) => byType.get(t) ?? [];

  const grants: Grant[] = [];
  for (const policy of ofType(POLICY)) {
    const policyName = str(policy.body.name) ?? policy.name;
    for (const text of strings(policy.body.statements))
      grants.push({ policy, policyName, statement: parseStatement(text) });
  }

  const groupIndex = new SubjectIndex(
    "group",
    ofType(GROUP).map((r) => ({ resource: r, name: str(r.body.display_name) ?? r.name })),
  );
  const groupGrants = groupIndex.grantsOf(grants);
  const groups: GroupView[] = groupIndex.items.map((g, k) => ({ ...g, grants: groupGrants[k] }));

  const memberOf = new Map<string, GroupView[]>();
  for (const g of groups) {
    const seen = new Set<string>();
    for (const m of list(g.resource.body.members)) {
      const key = addressIn(asRecord(m)?.value);
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      push(memberOf, key, g);
    }
  }
  const keysOf = new Map<string, StackResource[]>();
  for (const k of ofType(API_KEY)) {
    const user = block(k.body.user);
    for (const key of new Set([addressIn(user?.value), addressIn(user?.ocid)]))
      if (key !== undefined) push(keysOf, key, k);
  }
  const users: UserView[] = ofType(USER).map((r) => userView(r, memberOf, keysOf));

  const apps: AppView[] = ofType(APP).map(appView);

  const dynamicIndex = new SubjectIndex(
    "dynamic-group",
    [...ofType(DYNAMIC_GROUP), ...ofType(LEGACY_DYNAMIC_GROUP)].map((r) => ({
      resource: r,
      name: str(r.body.display_name) ?? str(r.body.name) ?? r.name,
    })),
  );
  const dynamicGrants = dynamicIndex.grantsOf(grants);
  const dynamicGroups: DynamicGroupView[] = dynamicIndex.items.map((d, k) => ({
    ...d,
    matchingRule: str(d.resource.body.matching_rule) ?? "",
    grants: dynamicGrants[k],
  }));

  const foreignGrants: ForeignGrant[] = [];
  for (const g of grants) {
    for (const subject of g.statement.subjects) {
      const known =
        (subject.kind === "group" && groupIndex.first(subject) !== undefined) ||
        (subject.kind === "dynamic-group" && dynamicIndex.first(subject) !== undefined);
      if (!known) foreignGrants.push({ ...g, subject });
    }
  }

  const usersByAddress = new Map(users.map((u, k) => [u.resource.address, k] as const));
  const appsByAddress = new Map<string, AppView>();
  for (const a of apps) if (!appsByAddress.has(a.resource.address)) appsByAddress.set(a.resource.address, a);
  const trusts: TrustView[] = ofType(TRUST).map((r) => trustView(r, users, usersByAddress, appsByAddress));

  return {
    stack,
    trusts,
    users,
    groups,
    apps,
    dynamicGroups,
    grants,
    foreignGrants,
    workloadGrants: workloadGrantsOf(grants),
    vaultSecrets: ofType(VAULT_SECRET),
    functions: ofType(FUNCTION),
    byAddress,
    dynamicGroupIndex: dynamicIndex,
  };
}

function userView(
  r: StackResource,
  memberOf: ReadonlyMap<string, GroupView[]>,
  keysOf: ReadonlyMap<string, StackResource[]>,
): UserView {
  const ext = block(r.body.urnietfparamsscimschemasoracleidcsextensionuser_user);
  const caps = block(r.body.urnietfparamsscimschemasoracleidcsextensioncapabilities_user);
  return {
    resource: r,
    userName: str(r.body.user_name) ?? r.name,
    serviceUser: ext?.service_user === true,
    capabilities: caps,
    groups: memberOf.get(r.address) ?? [],
    apiKeys: keysOf.get(r.address) ?? [],
  };
}

function appView(r: StackResource): AppView {
  const b = r.body;
  return {
    resource: r,
    displayName: str(b.display_name) ?? r.name,
    isClient: b.is_oauth_client === true,
    isResourceServer: b.is_oauth_resource === true,
    clientType: str(b.client_type),
    allowedGrants: strings(b.allowed_grants),
    allowedScopes: list(b.allowed_scopes)
      .map((s) => str(asRecord(s)?.fqs))
      .filter((s): s is string => s !== undefined),
    audience: str(b.audience),
    scopes: list(b.scopes)
      .map(asRecord)
      .filter((s): s is Record<string, any> => !!s && typeof s.value === "string")
      .map((s) => ({
        value: s.value,
        description: str(s.description),
        requiresConsent: typeof s.requires_consent === "boolean" ? s.requires_consent : undefined,
      })),
    accessTokenExpiry: num(b.access_token_expiry),
    refreshTokenExpiry: num(b.refresh_token_expiry),
  };
}

function trustView(
  r: StackResource,
  users: readonly UserView[],
  usersByAddress: ReadonlyMap<string, number>,
  appsByAddress: ReadonlyMap<string, AppView>,
): TrustView {
  const b = r.body;
  const userAt = (value: unknown) => {
    const key = addressIn(value);
    return key === undefined ? undefined : usersByAddress.get(key);
  };
  const mappings: Mapping[] = list(b.impersonation_service_users)
    .map(asRecord)
    .filter((m): m is Record<string, any> => !!m)
    .map((m) => {
      const rule = str(m.rule) ?? "";
      // As a scan of the users would: the first user, in stack order, that `value` or `ocid` refers to.
      const [byValue, byOcid] = [userAt(m.value), userAt(m.ocid)];
      const at = byValue === undefined ? byOcid : byOcid === undefined ? byValue : Math.min(byValue, byOcid);
      const user = at === undefined ? undefined : users[at];
      return { rule, shape: shapeOf(rule), user, unresolved: user ? undefined : String(m.value ?? "") };
    });
  const found = findOverlaps(mappings.map((m) => ({ shape: m.shape, target: targetOf(m) })));
  const overlaps: Overlap[] = (["same-claim", "different-claims"] as const)
    .flatMap((kind) => found[kind].listed.map(([i, j]) => ({ kind, i, j })))
    .sort((x, y) => x.i - y.i || x.j - y.j)
    .map(({ kind, i, j }) => ({ kind, a: mappings[i], b: mappings[j] }));
  const claim = str(b.client_claim_name);
  const values = strings(b.client_claim_values);
  return {
    resource: r,
    name: str(b.name) ?? r.name,
    issuer: str(b.issuer) ?? "",
    audience: claim && values.length ? { claim, values } : undefined,
    active: b.active === true,
    allowImpersonation: b.allow_impersonation === true,
    publicKeyEndpoint: str(b.public_key_endpoint),
    hasCertificate: typeof b.public_certificate === "string" && b.public_certificate !== "",
    clients: strings(b.oauth_clients).map((text) => {
      const key = addressIn(text);
      const app = key === undefined ? undefined : appsByAddress.get(key);
      return { text, app };
    }),
    mappings,
    overlaps,
    overlapTotals: { "same-claim": found["same-claim"].total, "different-claims": found["different-claims"].total },
    trustMode: trustModeOf(b),
  };
}

/** The dynamic group of the stack a policy subject names, if any. */
export function dynamicGroupOf(model: StackModel, subject: PolicySubject): DynamicGroupView | undefined {
  if (subject.kind !== "dynamic-group") return undefined;
  const k = model.dynamicGroupIndex?.first(subject);
  if (k !== undefined) return model.dynamicGroups[k];
  return model.dynamicGroupIndex
    ? undefined
    : model.dynamicGroups.find((d) => subjectNames(subject, d.resource, d.name));
}

function targetOf(m: Mapping): string {
  return m.user ? m.user.resource.address : `?${m.unresolved}`;
}

/** The address (`type.name`) a value is the sole reference to, or undefined. */
function addressIn(value: unknown): string | undefined {
  const ref = soleReference(value);
  return ref && `${ref.type}.${ref.name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Groups (or dynamic groups) by every way a policy subject can name them, as {@link subjectNames} decides: by a
 * reference to the resource or its OCID in `group id …`, or by display name, case-insensitively.
 */
class SubjectIndex {
  private readonly keys = new Map<string, number[]>();

  constructor(
    private readonly kind: "group" | "dynamic-group",
    public readonly items: ReadonlyArray<{ readonly resource: StackResource; readonly name: string }>,
  ) {
    items.forEach((item, k) => {
      const r = item.resource;
      push(this.keys, `ref ${r.address}`, k);
      if (typeof r.body.ocid === "string") push(this.keys, `ocid ${r.body.ocid}`, k);
      push(this.keys, `name ${item.name.toLowerCase()}`, k);
    });
  }

  /** The items a subject names, in item order. */
  matches(subject: PolicySubject): number[] {
    if (subject.kind !== this.kind) return [];
    const found = new Set<number>();
    const add = (key: string) => this.keys.get(key)?.forEach((k) => found.add(k));
    if (subject.id !== undefined) {
      for (const ref of referencesIn(subject.id)) add(`ref ${ref.type}.${ref.name}`);
      add(`ocid ${subject.id}`);
      return [...found]
        .filter((k) => subjectNames(subject, this.items[k].resource, this.items[k].name))
        .sort((a, b) => a - b);
    }
    if (subject.name !== undefined) add(`name ${subject.name.toLowerCase()}`);
    return [...found].sort((a, b) => a - b);
  }

  /** The first item a subject names. */
  first(subject: PolicySubject): number | undefined {
    return this.matches(subject)[0];
  }

  /** For each item, the grants whose subjects name it, in file order. */
  grantsOf(grants: readonly Grant[]): Grant[][] {
    const out = this.items.map((): Grant[] => []);
    for (const g of grants) {
      const named = new Set<number>();
      for (const s of g.statement.subjects) for (const k of this.matches(s)) named.add(k);
      for (const k of named) out[k].push(g);
    }
    return out;
  }
}

/** True when a value is (or contains only) a reference to the resource. */
export function refersTo(value: unknown, r: StackResource): boolean {
  const ref = soleReference(value);
  return !!ref && ref.type === r.type && ref.name === r.name;
}

/**
 * Whether a policy subject names a group (or dynamic group) resource: by display name (case-insensitively,
 * as OCI compares names; the domain part is not checked, since the stack does not say which domain it is in),
 * or by `id ${<type>.<name>.ocid|id}`.
 */
export function subjectNames(subject: PolicySubject, r: StackResource, displayName: string): boolean {
  if (subject.id !== undefined)
    return (
      referencesIn(subject.id).some((ref) => ref.type === r.type && ref.name === r.name) || subject.id === r.body.ocid
    );
  return subject.name !== undefined && subject.name.toLowerCase() === displayName.toLowerCase();
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return undefined;
}
