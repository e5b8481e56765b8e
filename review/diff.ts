import { APP, TRUST, USER, VAULT_SECRET, POLICY, API_KEY } from "./model";
import { checkPlan, type CheckedPlan } from "./plan";
import type { DataError } from "../core/bounded-json";
import { hasCode } from "../core/errors";
import { asRecord, block, InputError, list, soleReference, type Stack, type StackResource } from "../core/stack";
import { codeSpan } from "../core/text-out";

/**
 * What changes against a baseline: another synthesis (cdktf.out of the base branch) or a Terraform plan
 * (`terraform show -json plan`). A synthesis diff infers replacements from what we know forces them; a plan diff
 * takes Terraform's word (`change.actions`) and guesses nothing.
 */

export type ChangeAction = "create" | "delete" | "update" | "replace";

/** One resource that changes. */
export interface ResourceChange {
  readonly stack: string;
  readonly action: ChangeAction;
  readonly address: string;
  readonly type: string;
  /** Construct path, when the resource is in the current synthesis (or, for a delete, in the baseline). */
  readonly path?: string;
  /** What changes, one line each; values only where they are plain config (never for plans). */
  readonly details: readonly string[];
}

/** A change that destroys something clients depend on. */
export interface ReplacementWarning {
  readonly stack: string;
  /** The addresses involved (a logical-ID change has two). */
  readonly addresses: readonly string[];
  readonly message: string;
}

/** The comparison with a baseline. */
export interface BaselineDiff {
  /** `synth`: another cdktf.out; `plan`: a Terraform plan. */
  readonly source: "synth" | "plan";
  /** The baseline as given on the command line. */
  readonly from: string;
  readonly changes: readonly ResourceChange[];
  readonly warnings: readonly ReplacementWarning[];
  /** Stacks present on one side only. */
  readonly notes: readonly string[];
}

/**
 * Arguments the provider marks ForceNew, so a change replaces the resource. Checked in oracle/terraform-provider-oci:
 * internal/service/identity_domains/identity_domains_identity_propagation_trust_resource.go, …_app_resource.go,
 * …_user_resource.go; internal/service/identity/identity_policy_resource.go; internal/service/vault/vault_secret_resource.go.
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  [TRUST]: ["idcs_endpoint", "name"],
  [APP]: ["idcs_endpoint", "name", "based_on_template.value", "is_alias_app", "is_unmanaged_app"],
  [USER]: ["idcs_endpoint"],
  [POLICY]: ["name", "compartment_id"],
  [VAULT_SECRET]: ["secret_name", "vault_id", "key_id"],
};

/** What replacing (or destroying) a resource of a type breaks. */
export function consequenceOf(type: string): string {
  switch (type) {
    case APP:
      return "a new app has a new client ID and client secret: every runtimeConfig.ini and CI secret holding the old ones stops working until redistributed";
    case TRUST:
      return "the trust is destroyed and created again: token exchanges fail in between, and OCI allows one trust per issuer, so creating the new one can fail while the old one exists";
    case USER:
      return "the service user gets a new SCIM id and OCID: sessions issued for the old user stop working, and the trust's rules and group membership are re-pointed";
    case POLICY:
      return "the policy is deleted and created again: its grants are missing in between";
    case VAULT_SECRET:
      return "the secret gets a new OCID: policies with where target.secret.id and the broker's config must follow, or the broker cannot read its key";
    case API_KEY:
      return "the API key gets a new fingerprint: the broker's stored key stops working";
    default:
      return "the resource is destroyed and created again";
  }
}

/** Compares two syntheses, stack by stack (matched by name). */
export function diffSyntheses(current: readonly Stack[], baseline: readonly Stack[], from: string): BaselineDiff {
  const changes: ResourceChange[] = [];
  const warnings: ReplacementWarning[] = [];
  const notes: string[] = [];
  for (const b of baseline) {
    if (!current.some((c) => c.name === b.name))
      notes.push(
        `stack ${codeSpan(b.name)} is in the baseline only: all of its ${b.resources.length} resources would be destroyed`,
      );
  }
  for (const cur of current) {
    const base = baseline.find((b) => b.name === cur.name);
    if (!base)
      notes.push(`stack ${codeSpan(cur.name)} is new: all of its ${cur.resources.length} resources are created`);
    const before = new Map((base?.resources ?? []).map((r) => [r.address, r]));
    const after = new Map(cur.resources.map((r) => [r.address, r]));
    const stack = cur.name;
    const added: StackResource[] = [];
    const removed: StackResource[] = [];
    for (const r of cur.resources) {
      const old = before.get(r.address);
      if (!old) {
        added.push(r);
        changes.push({ stack, action: "create", address: r.address, type: r.type, path: r.path, details: [] });
        continue;
      }
      const details = describeChanges(old, r, { before: base!, after: cur });
      if (!details.length) continue;
      const forced = (FORCE_NEW[r.type] ?? []).filter(
        (a) => JSON.stringify(valueAt(old.body, a)) !== JSON.stringify(valueAt(r.body, a)),
      );
      changes.push({
        stack,
        action: forced.length ? "replace" : "update",
        address: r.address,
        type: r.type,
        path: r.path,
        details,
      });
      if (forced.length) {
        warnings.push({
          stack,
          addresses: [r.address],
          message: `${codeSpan(r.address)} (${r.path}) is replaced because ${forced.map(codeSpan).join(", ")} changed, which the provider cannot update in place: ${consequenceOf(r.type)}.`,
        });
      }
    }
    for (const r of base?.resources ?? []) {
      if (after.has(r.address)) continue;
      removed.push(r);
      changes.push({ stack, action: "delete", address: r.address, type: r.type, path: r.path, details: [] });
    }
    // A resource whose logical ID changed shows up as one address removed and another of its type added.
    for (const type of new Set(removed.map((r) => r.type))) {
      const gone = removed.filter((r) => r.type === type);
      const come = added.filter((r) => r.type === type);
      if (come.length) {
        warnings.push({
          stack,
          addresses: [...gone, ...come].map((r) => r.address),
          message:
            `${gone.map((r) => codeSpan(r.address)).join(", ")} disappear${gone.length === 1 ? "s" : ""} while ` +
            `${come.map((r) => codeSpan(r.address)).join(", ")} appear${come.length === 1 ? "s" : ""}: ` +
            `a changed construct ID or logical ID destroys and creates ${type} instead of updating it: ${consequenceOf(type)}. ` +
            "If nothing else changed, restore the old construct ID (or move the state with terraform state mv).",
        });
      } else if (type === APP || type === TRUST || type === USER || type === VAULT_SECRET) {
        warnings.push({
          stack,
          addresses: gone.map((r) => r.address),
          message: `${gone.map((r) => `${codeSpan(r.address)} (${r.path})`).join(", ")} ${gone.length === 1 ? "is" : "are"} destroyed: ${consequenceOf(type)}.`,
        });
      }
    }
  }
  return { source: "synth", from, changes, warnings, notes };
}

/** Top-level arguments whose values may be shown in a diff: short, plain configuration, never secrets or scripts. */
const OPAQUE = new Set(["provisioner", "triggers_replace", "secret_content", "key", "password", "lifecycle", "input"]);

/** One line per changed argument; sets of rules, statements and members as items added and removed. */
function describeChanges(a: StackResource, b: StackResource, stacks: { before: Stack; after: Stack }): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(a.body), ...Object.keys(b.body)])].sort();
  for (const k of keys) {
    const [x, y] = [a.body[k], b.body[k]];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (OPAQUE.has(k)) {
      out.push(`${codeSpan(k)} changed`);
    } else if (k === "impersonation_service_users") {
      const show = (stack: Stack) => {
        const byAddress = new Map<string, StackResource>();
        for (const r of stack.resources) if (!byAddress.has(r.address)) byAddress.set(r.address, r);
        return (v: unknown) => {
          const m = asRecord(v) ?? {};
          const ref = soleReference(m.value);
          const user = ref && byAddress.get(`${ref.type}.${ref.name}`);
          const name = user && typeof user.body.user_name === "string" ? user.body.user_name : String(m.value);
          return `${m.rule} → ${name}`;
        };
      };
      for (const line of setDelta(k, list(x).map(show(stacks.before)), list(y).map(show(stacks.after)))) out.push(line);
    } else if (Array.isArray(x) || Array.isArray(y)) {
      const items = (v: unknown) => list(v).map((i) => (typeof i === "string" ? i : JSON.stringify(i)));
      for (const line of setDelta(k, items(x), items(y))) out.push(line);
    } else if (isScalar(x) && isScalar(y)) {
      out.push(`${codeSpan(k)}: ${fmt(x)} → ${fmt(y)}`);
    } else {
      out.push(`${codeSpan(k)} changed`);
    }
  }
  return out;
}

function setDelta(key: string, before: string[], after: string[]): string[] {
  const [had, has] = [new Set(before), new Set(after)];
  const removed = before.filter((i) => !has.has(i));
  const added = after.filter((i) => !had.has(i));
  if (!removed.length && !added.length) return [`${codeSpan(key)}: order changed`];
  return [
    ...added.map((i) => `${codeSpan(key)} + ${short(i)}`),
    ...removed.map((i) => `${codeSpan(key)} − ${short(i)}`),
  ];
}

function isScalar(v: unknown): v is string | number | boolean | undefined {
  return v === undefined || ["string", "number", "boolean"].includes(typeof v);
}

function fmt(v: unknown): string {
  return v === undefined ? "(unset)" : short(JSON.stringify(v));
}

function short(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** A value at a dotted path, through max-one blocks. */
function valueAt(body: Readonly<Record<string, unknown>>, path: string): unknown {
  let v: unknown = body;
  for (const part of path.split(".")) v = block(v)?.[part];
  return v;
}

/**
 * Reads a plan (`terraform show -json <planfile>`): Terraform's own actions, with replacements when the actions
 * are delete-and-create in either order. Values are never shown (plans hold sensitive values in clear text);
 * only the names of the arguments that change, and Terraform's `replace_paths`.
 */
export function diffPlan(plan: unknown, current: readonly Stack[], from: string): BaselineDiff {
  let doc: CheckedPlan;
  try {
    doc = checkPlan(plan, `--plan ${from}`);
  } catch (err) {
    if (hasCode<DataError>(err, "WIF-E-DATA"))
      throw new InputError(
        `${err.clause}. Is this terraform show -json output? Write one with: terraform show -json <planfile> > plan.json`,
      );
    throw err;
  }
  const paths = new Map(
    current.flatMap((s) => s.resources.map((r) => [r.address, { path: r.path, stack: s.name }] as const)),
  );
  const stackName = current.length === 1 ? current[0].name : "plan";
  const changes: ResourceChange[] = [];
  const warnings: ReplacementWarning[] = [];
  for (const rc of doc.resource_changes ?? []) {
    const change = rc.change;
    if (rc.mode === "data") continue;
    const actions = change.actions.join(",");
    const action: ChangeAction | undefined =
      actions === "create"
        ? "create"
        : actions === "delete"
          ? "delete"
          : actions === "update"
            ? "update"
            : actions === "delete,create" || actions === "create,delete"
              ? "replace"
              : undefined;
    if (!action) continue; // no-op, read
    const type = rc.type ?? rc.address.split(".").slice(-2)[0];
    const known = paths.get(rc.address);
    const details: string[] = [];
    if (action === "update" || action === "replace") {
      const before = asRecord(change.before) ?? {};
      const after = asRecord(change.after) ?? {};
      const unknown = asRecord(change.after_unknown) ?? {};
      const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) || unknown[k] === true)
        .sort();
      if (changed.length) details.push(`arguments changing: ${changed.map((k) => codeSpan(k)).join(", ")}`);
      if (rc.replace_paths?.length) {
        details.push(
          `Terraform replaces it because of: ${rc.replace_paths.map((p: unknown) => codeSpan(Array.isArray(p) ? p.join(".") : String(p))).join(", ")}`,
        );
      }
    }
    const stack = known?.stack ?? stackName;
    changes.push({ stack, action, address: rc.address, type, path: known?.path, details });
    // A terraform_data has nothing live behind it: runtimeConfig.ini's writer is replaced whenever the file's content
    // changes, which is how it rewrites the file, and nobody depends on the resource itself.
    if (action === "replace" && type !== "terraform_data") {
      const why = rc.action_reason !== undefined ? ` (${rc.action_reason})` : "";
      warnings.push({
        stack,
        addresses: [rc.address],
        message: `${codeSpan(rc.address)}${known ? ` (${known.path})` : ""} is replaced: the plan says ${JSON.stringify(change.actions)}${why}: ${consequenceOf(type)}.`,
      });
    } else if (action === "delete" && [APP, TRUST, USER, VAULT_SECRET].includes(type)) {
      warnings.push({
        stack,
        addresses: [rc.address],
        message: `${codeSpan(rc.address)} is destroyed: ${consequenceOf(type)}.`,
      });
    }
  }
  return { source: "plan", from, changes, warnings, notes: [] };
}
