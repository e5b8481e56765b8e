import { isKnownRealm, isKnownRegionName } from "./regions";

/**
 * What the `where` clause of an OCI policy statement constrains, decided from its parse rather than from a list of
 * suspicious spellings. The grammar (docs/oci-facts.md#conditions): a condition is `variable =|!= value`, or
 * `any {c, …}` (OR) / `all {c, …}` (AND) of conditions, nested; values are '-quoted strings or /patterns/ whose only
 * wildcard is `*`; time variables also take `before`, `after`, `between … and …` and `in (…)`. Matching ignores
 * case. A variable that does not apply to a request (`target.bucket.name` for instances) declines it.
 *
 * Each condition gets a verdict:
 * - `always`: true for every request the statement covers, so the statement grants as if it had no `where`:
 *   a variable compared with itself; a pattern of only `*`; `!=` against a value the variable can never hold
 *   (`request.user.id != 'nobody'`: an OCID variable is never a non-OCID; `!= ''`: no variable is empty when set);
 *   two literals that are equal (`'a' = 'a'`); `any {…}` with an always-true member; `all {…}` of always-true members.
 * - `never`: false for every request, so the statement grants nothing: the mirror images (`=` against an impossible
 *   value, `!=` against itself), a variable that the statement's resource type never sets, `all {…}` with a
 *   never-true member, `any {…}` of never-true members.
 * - `narrows`: the condition depends on the request, as a real constraint does.
 * - `unknown`: the clause does not parse; nothing is claimed about it.
 * A value that holds a Terraform reference (`'${oci_vault_secret.s.id}'`) is an OCID to be, so it is never judged
 * impossible.
 */

/** The verdict on a condition, with the part that decides it when it is `always` or `never`. */
export interface ConditionVerdict {
  readonly verdict: "always" | "never" | "narrows" | "unknown";
  /** The deciding condition and why, e.g. `request.user.id != 'nobody' (request.user.id is an OCID, never 'nobody')`. */
  readonly because?: string;
}

type Operand =
  | { readonly kind: "variable"; readonly name: string; readonly text: string }
  | { readonly kind: "string"; readonly value: string; readonly text: string }
  | { readonly kind: "pattern"; readonly value: string; readonly text: string };

type Condition =
  | {
      readonly kind: "group";
      readonly op: "any" | "all";
      readonly members: readonly Condition[];
      readonly text: string;
    }
  | {
      readonly kind: "compare";
      readonly op: "=" | "!=";
      readonly left: Operand;
      readonly right: Operand;
      readonly text: string;
    }
  | { readonly kind: "other"; readonly text: string };

class ParseError extends Error {}

const TOKEN =
  /\s*(?:(\{|\}|,|\(|\)|!=|=)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\/[^/]*\/)|([A-Za-z_$][A-Za-z0-9_.:$@-]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ParseError(`unexpected ${JSON.stringify(text.slice(at, at + 10))}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** A recursive-descent parser over the tokens; keeps each condition's text for messages. */
class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly string[]) {}

  public parseAll(): Condition {
    const c = this.condition();
    if (this.at !== this.tokens.length) throw new ParseError(`unexpected ${this.tokens[this.at]}`);
    return c;
  }

  private peek(k = 0): string | undefined {
    return this.tokens[this.at + k];
  }

  private next(): string {
    const t = this.tokens[this.at++];
    if (t === undefined) throw new ParseError("unexpected end");
    return t;
  }

  private expect(t: string): void {
    if (this.next() !== t) throw new ParseError(`expected ${t}`);
  }

  private condition(): Condition {
    const start = this.at;
    const word = this.peek()?.toLowerCase();
    if ((word === "any" || word === "all") && this.peek(1) === "{") {
      this.at += 2;
      const members = [this.condition()];
      while (this.peek() === ",") {
        this.at++;
        members.push(this.condition());
      }
      this.expect("}");
      return { kind: "group", op: word, members, text: this.text(start) };
    }
    const left = this.operand();
    const op = this.next();
    if (op === "=" || op === "!=") {
      const right = this.operand();
      return { kind: "compare", op, left, right, text: this.text(start) };
    }
    // Time conditions: before/after <value>, between <value> and <value>, in (<value>, …).
    const lower = op.toLowerCase();
    if (lower === "before" || lower === "after") this.operand();
    else if (lower === "between") {
      this.operand();
      if (this.next().toLowerCase() !== "and") throw new ParseError("expected and");
      this.operand();
    } else if (lower === "in") {
      this.expect("(");
      this.operand();
      while (this.peek() === ",") {
        this.at++;
        this.operand();
      }
      this.expect(")");
    } else throw new ParseError(`unknown operator ${op}`);
    return { kind: "other", text: this.text(start) };
  }

  private operand(): Operand {
    const t = this.next();
    if (t.startsWith("'") || t.startsWith('"')) return { kind: "string", value: unquoted(t.slice(1, -1)), text: t };
    if (t.startsWith("/")) return { kind: "pattern", value: t.slice(1, -1), text: t };
    if (/^(?:request|target)\./i.test(t)) return { kind: "variable", name: t.toLowerCase(), text: t };
    if (/^[{},()=]|^!=$/.test(t)) throw new ParseError(`unexpected ${t}`);
    // An unquoted value (OCI wants quotes, but an OCID or a word reads the same).
    return { kind: "string", value: t, text: t };
  }

  private text(start: number): string {
    return this.tokens
      .slice(start, this.at)
      .join(" ")
      .replace(/\s*([{},()])\s*/g, (_m, p: string) => (p === "," ? ", " : p === "{" ? " {" : p))
      .replace(/\s+/g, " ")
      .trim();
  }
}

function unquoted(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

/** The `where` condition of a statement body and the resource type it is for, or undefined without `where`. */
function splitStatement(body: string): { resource: string; where: string } | undefined {
  const m = /^\s*\S+\s+(\{[^}]*\}|\S+)\s+in\s+.*?\swhere\s+(\S[\s\S]*)$/i.exec(body);
  return m ? { resource: m[1].toLowerCase(), where: m[2].trim() } : undefined;
}

/** What the values of a variable can be, when we know; `possible` says whether a literal is one of them. */
interface ValueDomain {
  readonly describe: string;
  readonly possible: (value: string) => boolean;
}

const OCID_SHAPE = /^ocid1\.[a-z0-9-]+\.([a-z0-9]+)\.[a-z0-9-]*(?:\.[a-z0-9-]*)?\.[a-z0-9]+$/i;

/** The values a variable can take, from OCI's variable reference (docs/oci-facts.md#conditions). */
function domainOf(variable: string): ValueDomain | undefined {
  if (/\.(?:id|ocid)$/.test(variable))
    return {
      describe: "an OCID (of a realm that exists)",
      possible: (v) => {
        const m = OCID_SHAPE.exec(v);
        return !!m && isKnownRealm(m[1].toLowerCase());
      },
    };
  if (/mfatotpverified$/.test(variable))
    return { describe: "'true' or 'false'", possible: (v) => /^(true|false)$/i.test(v) };
  if (variable === "request.region") return { describe: "a region's key or name", possible: isKnownRegionName };
  if (variable === "request.permission")
    return { describe: "a permission name (A-Z, 0-9, _)", possible: (v) => /^[A-Z][A-Z0-9_]*$/i.test(v) };
  if (variable === "request.operation")
    return { describe: "an API operation name (letters and digits)", possible: (v) => /^[A-Z][A-Za-z0-9]*$/i.test(v) };
  if (variable === "request.utc-timestamp.day-of-week")
    return {
      describe: "a day of the week",
      possible: (v) => /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(v),
    };
  if (variable === "request.utc-timestamp.month-of-year")
    return { describe: "a month number, 1 to 12", possible: (v) => /^(?:[1-9]|1[0-2])$/.test(v) };
  if (variable === "request.utc-timestamp.day-of-month")
    return { describe: "a day number, 1 to 31", possible: (v) => /^(?:[1-9]|[12][0-9]|3[01])$/.test(v) };
  return undefined;
}

/**
 * Resource types whose requests set a family of `target.` variables; a variable of a listed family is set for
 * those types only. Only families OCI's policy reference pins down are listed; any other variable is assumed to
 * apply. `all-resources` and `{PERMISSION, …}` lists may reach any resource, so they never make a variable absent.
 */
const TARGET_FAMILIES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^target\.bucket\./, ["buckets", "objects", "object-family"]],
  [/^target\.secret\./, ["secrets", "secret-bundles", "secret-family"]],
];

function applies(variable: string, resource: string): boolean {
  if (resource === "all-resources" || resource.startsWith("{")) return true;
  const family = TARGET_FAMILIES.find(([re]) => re.test(variable));
  return !family || family[1].includes(resource);
}

/** True when a pattern's text (between the slashes) matches every string: only `*`s, at least one. */
function matchesEverything(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/** True when `value` matches a /pattern/ whose only wildcard is `*` (case ignored). */
function patternMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "is");
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const ALWAYS = (because: string): ConditionVerdict => ({ verdict: "always", because });
const NEVER = (because: string): ConditionVerdict => ({ verdict: "never", because });
const NARROWS: ConditionVerdict = { verdict: "narrows" };

/** `=` holds for the pair, decided; flips to the `!=` verdict. */
function decided(op: "=" | "!=", equal: boolean, because: string): ConditionVerdict {
  return equal === (op === "=") ? ALWAYS(because) : NEVER(because);
}

function judge(c: Condition, resource: string): ConditionVerdict {
  if (c.kind === "other") return NARROWS;
  if (c.kind === "group") {
    const verdicts = c.members.map((m) => judge(m, resource));
    const decisive = c.op === "any" ? "always" : "never";
    const absorbing = verdicts.find((v) => v.verdict === decisive);
    if (absorbing) return { verdict: decisive, because: absorbing.because };
    const other = c.op === "any" ? "never" : "always";
    if (verdicts.every((v) => v.verdict === other))
      return { verdict: other, because: `every condition of ${c.text} is ${other} true, e.g. ${verdicts[0].because}` };
    return verdicts.some((v) => v.verdict === "unknown") ? { verdict: "unknown" } : NARROWS;
  }
  const { op, text } = c;
  let [left, right] = [c.left, c.right];
  if (right.kind === "variable" && left.kind !== "variable") [left, right] = [right, left];
  if (left.kind === "variable") {
    const variable = left.name;
    const shown = left.text;
    if (!applies(variable, resource))
      return NEVER(
        `${text}: ${shown} is not set for ${resource}, and a condition on a variable a request lacks declines it`,
      );
    if (right.kind === "variable")
      return right.name === variable ? decided(op, true, `${text} compares a variable with itself`) : NARROWS;
    if (right.value.includes("${")) return NARROWS; // a reference Terraform resolves
    if (right.kind === "pattern") {
      if (matchesEverything(right.value)) return decided(op, true, `${text}: ${right.text} matches every value`);
      if (right.value.includes("*")) return NARROWS;
    }
    if (right.value === "") return decided(op, false, `${text}: no ${shown} is empty`);
    const domain = domainOf(variable);
    if (domain && !domain.possible(right.value))
      return decided(op, false, `${text}: ${shown} is ${domain.describe}, never ${right.text}`);
    return NARROWS;
  }
  // Two literals (or a literal and a pattern): decided by the text alone.
  if (right.kind === "variable") return NARROWS; // unreachable after the swap; keeps the types narrow
  const equal =
    right.kind === "pattern"
      ? patternMatches(right.value, left.value)
      : left.kind === "pattern"
        ? patternMatches(left.value, right.value)
        : left.value.toLowerCase() === right.value.toLowerCase();
  return decided(op, equal, `${text} compares two constants`);
}

/**
 * The verdict on a statement body's `where` clause; undefined when it has none. `body` is what follows
 * `Allow <subject> to` (or a whole statement, whose `Allow … to` is skipped).
 */
export function whereVerdict(body: string): ConditionVerdict | undefined {
  const stripped = body.replace(/^\s*allow\s+.*?\s+to\s+/i, "");
  const parts = splitStatement(stripped);
  if (!parts) return /\swhere\s/i.test(body) ? { verdict: "unknown" } : undefined;
  let condition: Condition;
  try {
    condition = new Parser(tokenize(parts.where)).parseAll();
  } catch {
    return { verdict: "unknown" };
  }
  return judge(condition, parts.resource);
}
