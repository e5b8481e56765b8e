import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson } from "../core/bounded-json";
import {
  holdsSecret,
  isSecretName,
  registerSecret,
  registerSecretsIn,
  registerShapedSecrets,
  SECRET_PART_MIN,
} from "../core/redact";
import { terminal } from "../core/text-out";

/**
 * A readable diff of `terraform show -json <planfile>` that never shows a secret. The oracle/oci provider does not
 * mark `client_secret` sensitive, so Terraform's own plan prints the live secret when an app is replaced; here a
 * value is shown as `(secret)` when any of these says it is one:
 * - Terraform's marks (`before_sensitive`/`after_sensitive`: the provider schema's `sensitive` and `sensitive()`),
 *   and the committed schemas under schema/ (for a plan made by another provider version);
 * - its name or a parent's, in any case and with any separator (core/redact.ts {@link isSecretName}: `client_secret`,
 *   `clientSecret`, `api_key`, `client_credential`, an output named `app_client_secret`); a true/false or a number is
 *   never secret material, so `can_use_api_keys: false -> true` stays readable;
 * - its value: a registered secret, a PEM block, a JWT, an `idcscs-` client secret;
 * and inside a JSON-encoded string (a `jsonencode()`d attribute) the same rules apply to each member.
 *
 * Every secret value met is registered (core/redact.ts) as the plan is read, so Terraform's own error and warning
 * lines that plan and deploy print afterwards are redacted too; and every line goes through the terminal writer.
 */

/** A plan's or state's sensitivity marks: `true`, or an object/array of marks shaped like the value. */
type Marks = unknown;

interface Change {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: Marks;
  readonly after_sensitive?: Marks;
  readonly replace_paths?: unknown;
}

/** Attributes the committed provider schemas mark sensitive, by resource type, as dotted paths without indexes. */
let schemaSensitive: Map<string, Set<string>> | undefined;

function sensitiveBySchema(type: string | undefined, path: readonly string[]): boolean {
  if (!type) return false;
  schemaSensitive ??= loadSchemaSensitive();
  const paths = schemaSensitive.get(type);
  if (!paths) return false;
  const names = path.filter((p) => !/^\d+$/.test(p));
  return names.some((_, i) => paths.has(names.slice(0, i + 1).join(".")));
}

/** Reads schema/*.json (a checkout; an installed package has no schema/ and relies on Terraform's marks). */
function loadSchemaSensitive(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const dir = [join(__dirname, "..", "schema"), join(__dirname, "..", "..", "schema")].find((d) =>
    existsSync(join(d, "provider.json")),
  );
  if (!dir) return out;
  const visit = (type: string, block: SchemaBlock | undefined, prefix: string[]) => {
    for (const [name, a] of Object.entries(block?.attributes ?? {}))
      if (a.sensitive) {
        const set = out.get(type) ?? new Set<string>();
        set.add([...prefix, name].join("."));
        out.set(type, set);
      }
    for (const [name, b] of Object.entries(block?.block_types ?? {})) visit(type, b.block, [...prefix, name]);
  };
  for (const file of ["oracle-oci-8.28.0.subset.json", "hashicorp-tls.json"].map((f) => join(dir, f))) {
    if (!existsSync(file)) continue;
    try {
      const doc = JSON.parse(readFileSync(file, "utf8")) as { provider_schemas?: Record<string, SchemaProvider> };
      for (const p of Object.values(doc.provider_schemas ?? {}))
        for (const kind of [p.resource_schemas, p.data_source_schemas])
          for (const [type, s] of Object.entries(kind ?? {})) visit(type, s.block, []);
    } catch {
      // A schema that cannot be read adds nothing; Terraform's own marks still apply.
    }
  }
  return out;
}

interface SchemaBlock {
  readonly attributes?: Record<string, { readonly sensitive?: boolean }>;
  readonly block_types?: Record<string, { readonly block?: SchemaBlock }>;
}
interface SchemaProvider {
  readonly resource_schemas?: Record<string, { readonly block?: SchemaBlock }>;
  readonly data_source_schemas?: Record<string, { readonly block?: SchemaBlock }>;
}

/** True when the value at `path` is a secret by its name or a parent's (see the module comment). */
export function isSecretPath(path: readonly string[]): boolean {
  return path.some((p) => !/^\d+$/.test(p) && isSecretName(p));
}

/**
 * How a mark (`true`, or a nested object/array of marks) covers `path`: `leaf` when it marks that very value,
 * `inherited` when it marks a whole object or list around it (a sensitive output of several members, say),
 * undefined when it does not.
 */
function markOf(mark: Marks, path: readonly string[]): "leaf" | "inherited" | undefined {
  let m = mark;
  for (const p of path) {
    if (m === true) return "inherited";
    if (m === null || typeof m !== "object") return undefined;
    m = (m as Record<string, unknown>)[p];
  }
  return m === true ? "leaf" : undefined;
}

/** Whether a mark covers `path` at all. */
function markedAt(mark: Marks, path: readonly string[]): boolean {
  return markOf(mark, path) !== undefined;
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** Leaf paths of a value (objects and arrays walked; a leaf is anything else). */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return [prefix];
    return entries.flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [prefix];
}

/** Where a leaf is: its resource type (for the schema), its path, and how Terraform marked it sensitive. */
interface LeafPlace {
  readonly type?: string;
  readonly path: readonly string[];
  readonly marked: "leaf" | "inherited" | undefined;
}

/**
 * Whether a leaf's value is a secret (see the module comment). A string that is a JSON document is not secret as a
 * whole for its name's sake alone when only some members are: {@link shown} then hides those members.
 */
function isSecretLeaf(place: LeafPlace, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return place.marked !== undefined || isSecretByItself(place, value);
}

/** Whether a leaf is secret as a whole: by its own name, its schema or its own mark, not a mark around it. */
function isWholeSecret(place: LeafPlace, value: unknown): boolean {
  if (place.marked === "leaf" || sensitiveBySchema(place.type, place.path)) return true;
  return typeof value === "string" && isSecretPath(place.path);
}

/** Whether a leaf is secret by itself: as a whole, or because its value holds a secret. */
function isSecretByItself(place: LeafPlace, value: unknown): boolean {
  if (isWholeSecret(place, value)) return true;
  // A JSON document's value is judged member by member ({@link hideInside}).
  return typeof value === "string" && !innerJson(value) && holdsSecret(value);
}

/**
 * Registers what a hidden leaf holds. A secret as a whole is registered whole; a value that only holds one (a URL
 * with a key in its path) gives only that piece (core/redact.ts registerShapedSecrets); a member of an object that a
 * mark covers whole (an output holding one client secret among names, URLs and OCIDs) is hidden here but registers
 * nothing of its own. Registered, such plain values would be cut out of every later line, Terraform's and the
 * review's included, and each value sharing eight characters with them would look secret in turn.
 */
function hideLeaf(place: LeafPlace, value: unknown): void {
  if (isWholeSecret(place, value)) learn(value);
  else if (typeof value !== "string") return;
  else if (innerJson(value)) hideInside(innerJson(value), [], 1);
  else registerShapedSecrets(value);
}

const MAX_JSON_DEPTH = 4;

/** A JSON document inside a string (`jsonencode()`), or undefined. */
function innerJson(value: string): object | undefined {
  const t = value.trim();
  if (!/^[[{]/.test(t)) return undefined;
  try {
    // A plan's value: bounded JSON too (its nesting is what hideInside walks).
    const doc = parseJson(t, { source: "a value in the plan" });
    return doc !== null && typeof doc === "object" ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON value with every secret member replaced by `(secret)` (and registered), walked into nested documents. */
function hideInside(doc: unknown, path: readonly string[], depth: number): unknown {
  if (Array.isArray(doc)) return doc.map((v, i) => hideInside(v, [...path, String(i)], depth));
  if (doc !== null && typeof doc === "object")
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, hideInside(v, [...path, k], depth)]));
  if (typeof doc !== "string") return doc;
  if (isSecretPath(path) || holdsSecret(doc)) {
    // Secret by its name: whole; else only the pieces that look secret (see hideLeaf).
    if (isSecretPath(path)) learn(doc);
    else registerShapedSecrets(doc);
    return "(secret)";
  }
  const inner = depth < MAX_JSON_DEPTH ? innerJson(doc) : undefined;
  return inner ? JSON.stringify(hideInside(inner, [], depth + 1)) : doc;
}

/**
 * Registers a secret value met in a plan or state: a single-line value whole, a multi-line one's keys and secret
 * members (a sensitive runtimeConfig.ini output is mostly not secret: its URL and region are not). A value shorter
 * than {@link SECRET_PART_MIN} is hidden here but not registered: a plan's marks also cover plain members of a
 * sensitive object (a display name), and a short one registered would be cut out of every later line as a word.
 */
function learn(value: unknown): void {
  if (typeof value !== "string" || value.trim().length < SECRET_PART_MIN) return;
  if (/[\r\n]/.test(value)) registerSecretsIn(value, { assignments: true });
  else registerSecret(value);
}

/** How a leaf is shown: `(secret)`, or its JSON with secret members of an encoded document hidden. */
function shown(place: LeafPlace, value: unknown): string {
  if (value === undefined) return "(none)";
  if (isSecretLeaf(place, value)) {
    hideLeaf(place, value);
    return "(secret)";
  }
  const inner = typeof value === "string" ? innerJson(value) : undefined;
  const hidden = inner ? JSON.stringify(hideInside(inner, [], 1)) : undefined;
  // A document with nothing to hide is shown as it was written.
  return JSON.stringify(hidden === undefined || hidden === JSON.stringify(inner) ? value : hidden);
}

const SYMBOL: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  "delete,create": "-/+",
  "create,delete": "+/-",
  read: "<=",
};

function isObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && Object.keys(value as object).length > 0;
}

/**
 * The lines for one resource or output change: a header, then one line per changed leaf.
 * @param type the resource type, for the committed schemas' sensitive attributes
 */
export function renderChange(address: string, change: Change, type?: string): string[] {
  const key = change.actions.join(",");
  if (key === "no-op") return [];
  const lines = [
    `${SYMBOL[key] ?? key} ${address}${key.includes("delete") && key.includes("create") ? " (replace)" : ""}`,
  ];
  if (key === "delete") return lines.map(terminal);
  // Leaves only: an object (known before, unknown after) is listed by its leaves, so a secret inside it is judged
  // by its own name and never printed as part of its parent's JSON.
  const paths = new Map<string, string[]>();
  const unknownLeaves = leaves(change.after_unknown ?? {}).flatMap((p) =>
    at(change.before, p) !== null && typeof at(change.before, p) === "object" ? leaves(at(change.before, p), p) : [p],
  );
  for (const p of [...leaves(change.before ?? {}), ...leaves(change.after ?? {}), ...unknownLeaves])
    paths.set(p.join("\u0000"), p);
  const collapsed: string[] = [];
  for (const path of [...paths.values()].sort((a, b) => a.join(".").localeCompare(b.join(".")))) {
    if (!path.length || isObject(at(change.before, path)) || isObject(at(change.after, path))) continue;
    const before = at(change.before, path);
    const unknown = markedAt(change.after_unknown, path);
    const after = at(change.after, path);
    if (!unknown && JSON.stringify(before) === JSON.stringify(after)) continue;
    // Nothing before and nothing known yet: one line for all of them at the end, not one line each.
    if (unknown && (key === "create" || before === undefined || before === null)) {
      collapsed.push(path.join("."));
      continue;
    }
    const from =
      key === "create" ? "" : `${shown({ type, path, marked: markOf(change.before_sensitive, path) }, before)} -> `;
    const to = unknown
      ? "(known after apply)"
      : shown({ type, path, marked: markOf(change.after_sensitive, path) }, after);
    lines.push(`    ${path.join(".")}: ${from}${to}`);
  }
  if (collapsed.length) lines.push(`    (known after apply: ${collapsedNames(collapsed)})`);
  return lines.map(terminal);
}

/** How many attribute names a collapsed `(known after apply: …)` line lists before `and N more`. */
const COLLAPSED_NAMES = 6;

/** `id, ocid, meta (3), … and 12 more`: the top-level attributes of the unknown paths, in order. */
function collapsedNames(paths: readonly string[]): string {
  const tops = new Map<string, number>();
  for (const p of paths) {
    const top = p.split(".")[0];
    tops.set(top, (tops.get(top) ?? 0) + 1);
  }
  const names = [...tops].map(([n, c]) => (c > 1 ? `${n} (${c})` : n));
  const shownNames = names.slice(0, COLLAPSED_NAMES).join(", ");
  return names.length > COLLAPSED_NAMES ? `${shownNames} and ${names.length - COLLAPSED_NAMES} more` : shownNames;
}

/** What `terraform show -json` prints: a plan (with its prior state) or a state. Only what is read here. */
export interface PlanDocument {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly type?: string;
    readonly change: Change;
  }>;
  readonly output_changes?: Readonly<Record<string, Change>>;
  readonly prior_state?: StateDocument;
  readonly planned_values?: StateDocument["values"];
}

/** A state as `terraform show -json` prints it (and a plan's `prior_state`). */
export interface StateDocument {
  readonly values?: {
    readonly outputs?: Readonly<Record<string, { readonly value?: unknown; readonly sensitive?: boolean }>>;
    readonly root_module?: StateModule;
  };
}

interface StateModule {
  readonly resources?: ReadonlyArray<{
    readonly type?: string;
    readonly values?: unknown;
    readonly sensitive_values?: Marks;
  }>;
  readonly child_modules?: readonly StateModule[];
}

/** An output change as a leaf-addressable change: its value under `value`, marked whole when its name says secret. */
function outputChange(name: string, change: Change): Change {
  const wrap = (v: unknown) => (v === undefined ? undefined : { value: v });
  const secret = isSecretName(name) ? { value: true } : undefined;
  return {
    actions: change.actions,
    before: wrap(change.before),
    after: wrap(change.after),
    after_unknown: wrap(change.after_unknown),
    before_sensitive: secret ?? wrap(change.before_sensitive),
    after_sensitive: secret ?? wrap(change.after_sensitive),
  };
}

/**
 * Registers every secret value of a plan or a state (core/redact.ts), judged as {@link renderChange} judges them, so
 * that any later line quoting one (Terraform's errors and warnings, the review) has it removed.
 */
export function registerPlanSecrets(doc: PlanDocument & StateDocument): void {
  const walk = (type: string | undefined, value: unknown, marks: Marks, prefix: string[] = []) => {
    for (const path of leaves(value)) {
      const full = [...prefix, ...path];
      const leaf = at(value, path);
      const place = { type, path: full, marked: markOf(marks, path) };
      if (isSecretLeaf(place, leaf)) hideLeaf(place, leaf);
      else if (typeof leaf === "string" && innerJson(leaf)) hideInside(innerJson(leaf), [], 1);
    }
  };
  for (const r of doc.resource_changes ?? []) {
    walk(r.type, r.change.before, r.change.before_sensitive);
    walk(r.type, r.change.after, r.change.after_sensitive);
  }
  for (const [name, c] of Object.entries(doc.output_changes ?? {})) {
    const o = outputChange(name, c);
    walk(undefined, o.before, o.before_sensitive);
    walk(undefined, o.after, o.after_sensitive);
  }
  const state = (values: StateDocument["values"]) => {
    for (const [name, o] of Object.entries(values?.outputs ?? {}))
      walk(undefined, { value: o.value }, o.sensitive || isSecretName(name) ? { value: true } : undefined);
    const modules = (m: StateModule | undefined): StateModule[] =>
      m ? [m, ...(m.child_modules ?? []).flatMap(modules)] : [];
    for (const m of modules(values?.root_module))
      for (const r of m.resources ?? []) walk(r.type, r.values, r.sensitive_values);
  };
  state(doc.values);
  state(doc.prior_state?.values);
  state(doc.planned_values);
}

/** The whole plan as lines: a summary, each resource change, each output change. Every line is redacted. */
export function renderPlan(plan: PlanDocument): string[] {
  registerPlanSecrets(plan);
  const changes = (plan.resource_changes ?? []).filter((r) => r.change.actions.join(",") !== "no-op");
  const count = (pred: (k: string) => boolean) => changes.filter((r) => pred(r.change.actions.join(","))).length;
  const lines = [
    `Plan: ${count((k) => k === "create")} to add, ${count((k) => k === "update")} to change, ${count((k) => k.includes("delete") && k.includes("create"))} to replace, ${count((k) => k === "delete")} to destroy.`,
  ];
  for (const r of changes) lines.push(...renderChange(r.address, r.change, r.type));
  for (const [name, change] of Object.entries(plan.output_changes ?? {}))
    lines.push(...renderChange(`output.${name}`, outputChange(name, change)));
  return lines.map(terminal);
}
