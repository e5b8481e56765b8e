import { isPolicyStatementBody } from "../core/policy-statement";

/**
 * OCI IAM policy statements, read far enough to say who is granted what: the subjects, the verb, the resource
 * type, where, and the `where` condition.
 * @see https://docs.oracle.com/iaas/Content/Identity/policysyntax/policysyntax.htm
 * @see https://docs.oracle.com/iaas/Content/Identity/policysyntax/subject.htm
 */

/** Who a statement grants to. */
export interface PolicySubject {
  readonly kind: "group" | "dynamic-group" | "any-user" | "any-group" | "service";
  /** The identity domain of a named group; undefined for the Default domain or an id subject. */
  readonly domain?: string;
  /** The group's display name, when named. */
  readonly name?: string;
  /** The group's OCID (or a `${…}` reference to it), for `group id …`. */
  readonly id?: string;
  /** As written. */
  readonly text: string;
}

/** A statement, taken apart. */
export interface PolicyStatement {
  readonly text: string;
  /** Only `Allow` statements grant; `Endorse`, `Admit`, `Define` are kept but not interpreted. */
  readonly isAllow: boolean;
  /** False when an `Allow` statement could not be read; the review then shows it as written. */
  readonly parsed: boolean;
  readonly subjects: readonly PolicySubject[];
  /** What follows `to`. */
  readonly body?: string;
  readonly verb?: "inspect" | "read" | "use" | "manage";
  /** A resource type or family (`object-family`), or a permission list (`{SECRET_BUNDLE_READ}`). */
  readonly resource?: string;
  /** `tenancy`, `compartment <name>` or `compartment id <ocid>`. */
  readonly location?: string;
  /** The condition after `where`, if any. */
  readonly where?: string;
}

const SUBJECT_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => Omit<PolicySubject, "text">]> = [
  [/^(group|dynamic-group)\s+id\s+([^\s,]+)/i, (m) => ({ kind: kindOf(m[1]), id: m[2] })],
  [
    /^(group|dynamic-group)\s+(?:'([^']*)'\s*\/\s*)?'([^']*)'/i,
    (m) => ({ kind: kindOf(m[1]), domain: m[2], name: m[3] }),
  ],
  [
    /^(group|dynamic-group)\s+(?:([A-Za-z0-9._-]+)\/)?([A-Za-z0-9._@-]+)/i,
    (m) => ({ kind: kindOf(m[1]), domain: m[2], name: m[3] }),
  ],
  [/^any-user\b/i, () => ({ kind: "any-user" })],
  [/^any-group\b/i, () => ({ kind: "any-group" })],
  [/^service\s+[^\s,]+/i, () => ({ kind: "service" })],
];

function kindOf(word: string): "group" | "dynamic-group" {
  return word.toLowerCase() === "group" ? "group" : "dynamic-group";
}

const BODY =
  /^(inspect|read|use|manage)\s+(\{[^}]*\}|\S+)\s+in\s+(tenancy|compartment\s+id\s+\S+|compartment\s+\S+)(?:\s+where\s+(.+))?$/i;

/** Reads one statement. Never throws: what it cannot read comes back with `parsed: false`. */
export function parseStatement(text: string): PolicyStatement {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (!/^allow\s/i.test(trimmed)) return { text, isAllow: false, parsed: false, subjects: [] };
  let rest = trimmed.slice("allow ".length);
  const subjects: PolicySubject[] = [];
  for (;;) {
    let matched = false;
    for (const [re, make] of SUBJECT_PATTERNS) {
      const m = re.exec(rest);
      if (m) {
        subjects.push({ ...make(m), text: m[0] });
        rest = rest.slice(m[0].length).trimStart();
        matched = true;
        break;
      }
    }
    if (!matched) return { text, isAllow: true, parsed: false, subjects };
    if (rest.startsWith(",")) {
      rest = rest.slice(1).trimStart();
      continue;
    }
    break;
  }
  const to = /^to\s+(.*)$/i.exec(rest);
  if (!to || !isPolicyStatementBody(to[1])) return { text, isAllow: true, parsed: false, subjects };
  const body = to[1];
  const m = BODY.exec(body)!;
  return {
    text,
    isAllow: true,
    parsed: true,
    subjects,
    body,
    verb: m[1].toLowerCase() as PolicyStatement["verb"],
    resource: m[2],
    location: m[3],
    where: m[4],
  };
}

/** True when a statement's location is the whole tenancy. */
export function isTenancyWide(s: PolicyStatement): boolean {
  return s.location?.toLowerCase() === "tenancy";
}
