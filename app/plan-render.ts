import { redact } from "../core/redact";

/**
 * A readable diff of `terraform show -json <planfile>` that never shows a secret. The oracle/oci provider does not
 * mark `client_secret` sensitive, so Terraform's own plan prints the live secret when an app is replaced; here every
 * attribute that is secret by its name, or that the plan marks sensitive, is shown as `(secret)`, and every line
 * goes through the one redaction function as well (PEM blocks, JWTs, client secrets anywhere in a value).
 */

/** Attribute names whose values are secrets, wherever they sit (`secret_content.content` by its parent). */
const SECRET_NAME =
  /(?:^|_)(?:secret|password|passphrase|private_key|private_key_pem|private_key_openssh|private_key_pem_pkcs8|token)(?:_|$)|^hashed_client_secret$/i;

/** True when the value at `path` is a secret by its name. */
export function isSecretPath(path: readonly string[]): boolean {
  const name = path[path.length - 1] ?? "";
  const parent = path[path.length - 2] ?? "";
  if (/^\d+$/.test(name)) return path.slice(0, -1).some((p) => SECRET_NAME.test(p));
  return (
    SECRET_NAME.test(name) || /secret_content|secret_contents/.test(parent) || path.some((p) => SECRET_NAME.test(p))
  );
}

/** Whether a plan's sensitivity mark (`true`, or a nested object/array of marks) covers `path`. */
function markedAt(mark: unknown, path: readonly string[]): boolean {
  let m = mark;
  for (const p of path) {
    if (m === true) return true;
    if (m === null || typeof m !== "object") return false;
    m = (m as Record<string, unknown>)[p];
  }
  return m === true;
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

interface Change {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly replace_paths?: unknown;
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

function show(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

/** The lines for one resource or output change: a header, then one line per changed leaf. */
export function renderChange(address: string, change: Change): string[] {
  const key = change.actions.join(",");
  if (key === "no-op") return [];
  const lines = [
    `${SYMBOL[key] ?? key} ${address}${key.includes("delete") && key.includes("create") ? " (replace)" : ""}`,
  ];
  if (key === "delete") return lines;
  // Leaves only: an object (known before, unknown after) is listed by its leaves, so a secret inside it is judged
  // by its own name and never printed as part of its parent's JSON.
  const paths = new Map<string, string[]>();
  const unknownLeaves = leaves(change.after_unknown ?? {}).flatMap((p) =>
    at(change.before, p) !== null && typeof at(change.before, p) === "object" ? leaves(at(change.before, p), p) : [p],
  );
  for (const p of [...leaves(change.before ?? {}), ...leaves(change.after ?? {}), ...unknownLeaves])
    paths.set(p.join("\u0000"), p);
  for (const path of [...paths.values()].sort((a, b) => a.join(".").localeCompare(b.join(".")))) {
    if (!path.length || isObject(at(change.before, path)) || isObject(at(change.after, path))) continue;
    const before = at(change.before, path);
    const unknown = markedAt(change.after_unknown, path);
    const after = at(change.after, path);
    if (!unknown && JSON.stringify(before) === JSON.stringify(after)) continue;
    const secret =
      isSecretPath(path) || markedAt(change.before_sensitive, path) || markedAt(change.after_sensitive, path);
    const from =
      key === "create" ? "" : `${secret && before !== undefined && before !== null ? "(secret)" : show(before)} -> `;
    const to = unknown
      ? "(known after apply)"
      : secret && after !== undefined && after !== null
        ? "(secret)"
        : show(after);
    lines.push(`    ${path.join(".")}: ${from}${to}`);
  }
  return lines;
}

/** The whole plan as lines: a summary, each resource change, each output change. Every line is redacted. */
export function renderPlan(plan: {
  resource_changes?: Array<{ address: string; change: Change }>;
  output_changes?: Record<string, Change>;
}): string[] {
  const changes = (plan.resource_changes ?? []).filter((r) => r.change.actions.join(",") !== "no-op");
  const count = (pred: (k: string) => boolean) => changes.filter((r) => pred(r.change.actions.join(","))).length;
  const lines = [
    `Plan: ${count((k) => k === "create")} to add, ${count((k) => k === "update")} to change, ${count((k) => k.includes("delete") && k.includes("create"))} to replace, ${count((k) => k === "delete")} to destroy.`,
  ];
  for (const r of changes) lines.push(...renderChange(r.address, r.change));
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    // An output's value may be a plain string: wrap it so its leaf has a path, and its marks cover that path.
    const wrap = (v: unknown) => (v === undefined ? undefined : { value: v });
    lines.push(
      ...renderChange(`output.${name}`, {
        actions: change.actions,
        before: wrap(change.before),
        after: wrap(change.after),
        after_unknown: wrap(change.after_unknown),
        before_sensitive: wrap(change.before_sensitive),
        after_sensitive: wrap(change.after_sensitive),
      }),
    );
  }
  return lines.map((l) => redact(l));
}
