import { parseStatement, type PolicyStatement, type PolicySubject } from "./policy";
import { overlapOf, shapeOf, type OverlapKind, type RuleShape } from "./rule-analysis";
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
  readonly overlaps: readonly Overlap[];
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
}

/** Builds the OCI view of a stack. */
export function buildModel(stack: Stack): StackModel {
  const byAddress = new Map(stack.resources.map((r) => [r.address, r]));
  const ofType = (t: string) => stack.resources.filter((r) => r.type === t);

  const grants: Grant[] = [];
  for (const policy of ofType(POLICY)) {
    const policyName = str(policy.body.name) ?? policy.name;
    for (const text of strings(policy.body.statements))
      grants.push({ policy, policyName, statement: parseStatement(text) });
  }

  const groupGrants = (group: StackResource, name: string) =>
    grants.filter((g) => g.statement.subjects.some((s) => s.kind === "group" && subjectNames(s, group, name)));
  const groups: GroupView[] = ofType(GROUP).map((r) => {
    const name = str(r.body.display_name) ?? r.name;
    return { resource: r, name, grants: groupGrants(r, name) };
  });

  const apiKeys = ofType(API_KEY);
  const users: UserView[] = ofType(USER).map((r) => userView(r, groups, apiKeys));

  const apps: AppView[] = ofType(APP).map(appView);

  const dynamicGroups: DynamicGroupView[] = [...ofType(DYNAMIC_GROUP), ...ofType(LEGACY_DYNAMIC_GROUP)].map((r) => {
    const name = str(r.body.display_name) ?? str(r.body.name) ?? r.name;
    return {
      resource: r,
      name,
      matchingRule: str(r.body.matching_rule) ?? "",
      grants: grants.filter((g) =>
        g.statement.subjects.some((s) => s.kind === "dynamic-group" && subjectNames(s, r, name)),
      ),
    };
  });

  const foreignGrants = foreignGrantsOf(grants, groups, dynamicGroups);

  const trusts: TrustView[] = ofType(TRUST).map((r) => trustView(r, users, apps));

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
  };
}

function userView(r: StackResource, groups: readonly GroupView[], apiKeys: readonly StackResource[]): UserView {
  const ext = block(r.body.urnietfparamsscimschemasoracleidcsextensionuser_user);
  const caps = block(r.body.urnietfparamsscimschemasoracleidcsextensioncapabilities_user);
  const memberOf = groups.filter((g) => list(g.resource.body.members).some((m) => refersTo(asRecord(m)?.value, r)));
  const keys = apiKeys.filter((k) => refersTo(block(k.body.user)?.value, r) || refersTo(block(k.body.user)?.ocid, r));
  return {
    resource: r,
    userName: str(r.body.user_name) ?? r.name,
    serviceUser: ext?.service_user === true,
    capabilities: caps,
    groups: memberOf,
    apiKeys: keys,
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

/** Grants to groups and dynamic groups this stack does not create. */
function foreignGrantsOf(
  grants: readonly Grant[],
  groups: readonly GroupView[],
  dynamicGroups: readonly DynamicGroupView[],
): ForeignGrant[] {
  const foreignGrants: ForeignGrant[] = [];
  for (const g of grants) {
    for (const subject of g.statement.subjects) {
      const known =
        (subject.kind === "group" && groups.some((x) => subjectNames(subject, x.resource, x.name))) ||
        (subject.kind === "dynamic-group" && dynamicGroups.some((x) => subjectNames(subject, x.resource, x.name)));
      if (!known) foreignGrants.push({ ...g, subject });
    }
  }
  return foreignGrants;
}

function trustView(r: StackResource, users: readonly UserView[], apps: readonly AppView[]): TrustView {
  const b = r.body;
  const mappings: Mapping[] = list(b.impersonation_service_users)
    .map(asRecord)
    .filter((m): m is Record<string, any> => !!m)
    .map((m) => {
      const rule = str(m.rule) ?? "";
      const user = users.find((u) => refersTo(m.value, u.resource) || refersTo(m.ocid, u.resource));
      return { rule, shape: shapeOf(rule), user, unresolved: user ? undefined : String(m.value ?? "") };
    });
  const overlaps: Overlap[] = [];
  for (let i = 0; i < mappings.length; i++) {
    for (let j = i + 1; j < mappings.length; j++) {
      const [a, b2] = [mappings[i], mappings[j]];
      if (targetOf(a) === targetOf(b2)) continue; // the same user either way: the order does not matter
      const kind = overlapOf(a.shape, b2.shape);
      if (kind) overlaps.push({ kind, a, b: b2 });
    }
  }
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
    clients: strings(b.oauth_clients).map((text) => ({ text, app: apps.find((a) => refersTo(text, a.resource)) })),
    mappings,
    overlaps,
    trustMode: trustModeOf(b),
  };
}

/** The dynamic group of the stack a policy subject names, if any. */
export function dynamicGroupOf(model: StackModel, subject: PolicySubject): DynamicGroupView | undefined {
  if (subject.kind !== "dynamic-group") return undefined;
  return model.dynamicGroups.find((d) => subjectNames(subject, d.resource, d.name));
}

function targetOf(m: Mapping): string {
  return m.user ? m.user.resource.address : `?${m.unresolved}`;
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
