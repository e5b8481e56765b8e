import * as v from "valibot";
import { asRecord, list } from "../core/stack";
import { checkShape, dict, list as listOf, obj, str, type Shape } from "../core/schema";
import { APP, GROUP, TRUST, USER } from "./model";

/** One change of a plan, as far as the review and the plan renderer read it; values stay as they are. */
const CHANGE = obj({
  actions: listOf(str(20), 10),
  before: v.optional(v.unknown()),
  after: v.optional(v.unknown()),
  after_unknown: v.optional(v.unknown()),
  before_sensitive: v.optional(v.unknown()),
  after_sensitive: v.optional(v.unknown()),
});

/** A resource's change, planned or drifted: which resource, and its values before and after. */
const RESOURCE_CHANGE = {
  address: str(4096),
  type: v.optional(str(256)),
  mode: v.optional(str(20)),
  change: CHANGE,
};

/** `terraform show -json <planfile>`: the fields the review and deploy/plan-render.ts read. */
export const PLAN_SCHEMA = obj({
  format_version: str(20),
  resource_changes: v.optional(
    listOf(
      obj({
        ...RESOURCE_CHANGE,
        replace_paths: v.optional(listOf(v.unknown(), 1000)),
        action_reason: v.optional(str(256)),
      }),
    ),
  ),
  // What Terraform found changed outside it since the last apply, read by WIF-D4 (review/rules/reactivated-after-drift.ts).
  resource_drift: v.optional(listOf(obj(RESOURCE_CHANGE))),
  output_changes: v.optional(dict(CHANGE)),
});

/** A plan whose fields the review reads have the types it expects. */
export type CheckedPlan = Shape<typeof PLAN_SCHEMA>;

/**
 * Checks a parsed plan against {@link PLAN_SCHEMA} and returns it as it is (unread fields kept, for the renderer).
 * @throws DataError naming the field (`plan.resource_changes[3].change.actions: expected an array, got a string`)
 */
export function checkPlan(plan: unknown, source: string, kind: "badInput" | "failed" = "badInput"): CheckedPlan {
  checkShape(PLAN_SCHEMA, plan, { source, root: "plan", kind });
  return plan as CheckedPlan;
}

/**
 * The parts of a Terraform plan (`terraform show -json <planfile>`) that the removal rules read: each managed
 * resource with Terraform's actions and the values it has before the change (from state). Values are read, never
 * printed: a plan holds sensitive values in clear text.
 */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** Terraform's `change.actions`: `["no-op"]`, `["delete"]`, `["delete","create"]`, … */
  readonly actions: readonly string[];
  /** The resource as it is now (from state); undefined for a create. */
  readonly before?: Readonly<Record<string, any>>;
  /**
   * What Terraform found changed outside it since the last apply (the plan's `resource_drift`): the state as last
   * applied and as refreshed. Undefined when nothing drifted.
   */
  readonly drift?: {
    readonly applied?: Readonly<Record<string, any>>;
    readonly refreshed?: Readonly<Record<string, any>>;
  };
}

/** Whether the change destroys the resource (a delete, or either order of a replacement). */
export function destroys(c: PlannedChange): boolean {
  return c.actions.includes("delete");
}

/** The managed resources of a plan. Entries it cannot read are skipped: diffPlan reports a malformed plan. */
export function plannedChanges(plan: unknown): PlannedChange[] {
  const out: PlannedChange[] = [];
  const drift = new Map<string, Record<string, any>>();
  for (const raw of list(asRecord(plan)?.resource_drift)) {
    const rc = asRecord(raw);
    const change = asRecord(rc?.change);
    if (rc && change && typeof rc.address === "string") drift.set(rc.address, change);
  }
  for (const raw of list(asRecord(plan)?.resource_changes)) {
    const rc = asRecord(raw);
    const change = asRecord(rc?.change);
    if (!rc || !change || rc.mode === "data" || typeof rc.address !== "string" || !Array.isArray(change.actions))
      continue;
    const type = typeof rc.type === "string" ? rc.type : rc.address.split(".").slice(-2)[0];
    const drifted = drift.get(rc.address);
    out.push({
      address: rc.address,
      type,
      actions: change.actions.map(String),
      before: asRecord(change.before),
      ...(drifted ? { drift: { applied: asRecord(drifted.before), refreshed: asRecord(drifted.after) } } : {}),
    });
  }
  return out;
}

/** What names a user in the resources that stay: groups with it as a member, trusts with a rule mapping to it. */
export interface UserReferences {
  readonly user: PlannedChange;
  readonly userName: string;
  readonly groups: ReadonlyArray<{ readonly address: string; readonly name: string }>;
  readonly trusts: ReadonlyArray<{
    readonly address: string;
    readonly name: string;
    readonly rules: readonly string[];
  }>;
}

/**
 * Every user the plan destroys that a group or trust still names before the change, where that group or trust is
 * not destroyed too (Terraform destroys a dependent before what it depends on, so those are fine).
 */
export function destroyedUsersStillNamed(changes: readonly PlannedChange[]): UserReferences[] {
  const out: UserReferences[] = [];
  const staying = changes.filter((c) => !destroys(c) && c.before);
  // Who names an id, looked up once: a plan at the documented maximum has thousands of users and rules.
  const groupsOf = new Map<unknown, Array<{ address: string; name: string }>>();
  for (const c of staying.filter((x) => x.type === GROUP)) {
    const ids = new Set(list(c.before!.members).map((m) => asRecord(m)?.value));
    for (const id of ids)
      append(groupsOf, id, { address: c.address, name: String(c.before!.display_name ?? c.address) });
  }
  const rulesOf = new Map<unknown, Map<PlannedChange, string[]>>();
  for (const c of staying.filter((x) => x.type === TRUST)) {
    for (const m of list(c.before!.impersonation_service_users).map(asRecord)) {
      if (!m) continue;
      const byTrust = rulesOf.get(m.value) ?? new Map<PlannedChange, string[]>();
      rulesOf.set(m.value, byTrust);
      append(byTrust, c, String(m.rule));
    }
  }
  for (const user of changes.filter((c) => c.type === USER && destroys(c))) {
    const id = user.before?.id;
    if (typeof id !== "string" || id === "") continue;
    const groups = groupsOf.get(id) ?? [];
    const trusts = [...(rulesOf.get(id) ?? new Map<PlannedChange, string[]>())].map(([c, rules]) => ({
      address: c.address,
      name: String(c.before!.name ?? c.address),
      rules,
    }));
    if (groups.length || trusts.length)
      out.push({ user, userName: String(user.before?.user_name ?? user.address), groups, trusts });
  }
  return out;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Apps the plan destroys while they are active (before the change). */
export function destroyedActiveApps(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter((c) => c.type === APP && destroys(c) && c.before?.active === true);
}

/** Trusts the plan deletes (not replaces) while they are active. */
export function deletedActiveTrusts(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter(
    (c) => c.type === TRUST && c.actions.length === 1 && c.actions[0] === "delete" && c.before?.active === true,
  );
}

/**
 * Trusts and apps that were active when last applied, were deactivated outside Terraform since (the plan's
 * `resource_drift`), and that this plan turns back on.
 */
export function reactivatedAfterDrift(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter(
    (c) =>
      (c.type === TRUST || c.type === APP) &&
      c.actions.includes("update") &&
      c.drift?.applied?.active === true &&
      c.drift.refreshed?.active === false,
  );
}
