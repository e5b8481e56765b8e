import { asRecord, list } from "../core/stack";
import { APP, GROUP, TRUST, USER } from "./model";

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
  for (const user of changes.filter((c) => c.type === USER && destroys(c))) {
    const id = user.before?.id;
    if (typeof id !== "string" || id === "") continue;
    const staying = changes.filter((c) => !destroys(c) && c.before);
    const groups = staying
      .filter((c) => c.type === GROUP && list(c.before!.members).some((m) => asRecord(m)?.value === id))
      .map((c) => ({ address: c.address, name: String(c.before!.display_name ?? c.address) }));
    const trusts = staying
      .filter((c) => c.type === TRUST)
      .map((c) => ({
        address: c.address,
        name: String(c.before!.name ?? c.address),
        rules: list(c.before!.impersonation_service_users)
          .map(asRecord)
          .filter((m) => m?.value === id)
          .map((m) => String(m!.rule)),
      }))
      .filter((t) => t.rules.length > 0);
    if (groups.length || trusts.length)
      out.push({ user, userName: String(user.before?.user_name ?? user.address), groups, trusts });
  }
  return out;
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
