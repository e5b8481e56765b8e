/**
 * OCI's impersonation-rule grammar, `<claim> eq|co <value>` (Oracle, "JSON Web Token Exchange"): string values only;
 * `*` is a wildcard with `eq` and not allowed with `co`; rules are evaluated in order and the first match wins.
 * Oracle's only wildcard example puts `*` at the end (`username eq kafka*`), so that is the only place we accept it.
 *
 * The checks every rule gets, whoever builds it: the rule class (core/impersonation-rule.ts), each issuer's typed
 * options (core/issuers/), the config reader, the client's matcher and the review. Imports nothing of ours, so the
 * issuer catalogue can use it without a cycle.
 */
import { WifError } from "./errors";

/** `eq` compares the whole claim value (with an optional trailing `*`); `co` tests that it contains the value. */
export type RuleOperator = "eq" | "co";

/** Thrown when rule options are invalid; carries every problem found. */
export class RuleError extends WifError {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super("WIF-E-RULE", "badInput", problems.join("; "));
    this.name = "RuleError";
    this.problems = problems;
  }
}

const CLAIM = /^(?:[A-Za-z_][A-Za-z0-9_.:/-]*|"[A-Za-z_][A-Za-z0-9_.:/-]*")$/;
// git check-ref-format forbids these anywhere in a ref name; ':' would also break the sub claim's layout.
const BAD_REF_CHARS = /[\s~^:?[\\\x00-\x1f\x7f]/;

/** Splits a well-formed rule expression into its three parts. */
export function splitExpression(expression: string): { claim: string; operator: RuleOperator; value: string } {
  const m = /^(\S+)\s+(eq|co)\s+(.*)$/.exec(expression);
  if (!m) throw new RuleError([`not a rule expression: ${JSON.stringify(expression)}`]);
  return { claim: m[1], operator: m[2] as RuleOperator, value: m[3] };
}

/**
 * An expression as OCI evaluates it: the claim name and value without their quotes, one space between the parts.
 * `sub eq "X"` and `sub eq X` match the same tokens, so checks for the same rule compare this form.
 */
export function evaluatedForm(expression: string): string {
  const m = /^(\S+)\s+(eq|co)\s+(.*)$/.exec(expression.trim());
  if (!m) return expression.trim();
  return `${unquote(m[1])} ${m[2]} ${unquote(m[3].trim())}`;
}

/** A rule value or claim without the double quotes around all of it, if it has them (`"a b"` → `a b`). */
export function unquote(value: string): string {
  return value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Records a problem for each way `<claim> <operator> <value>` is not a rule OCI would evaluate as meant. */
export function checkExpression(claim: string, operator: string, value: string, problems: string[]): void {
  if (!CLAIM.test(claim)) {
    problems.push(`the claim must be a claim name such as "sub" or "aud"; got ${JSON.stringify(claim)}`);
  }
  if (operator !== "eq" && operator !== "co") {
    problems.push(`the operator must be "eq" or "co"; got ${JSON.stringify(operator)}`);
  }
  const bare = unquote(value);
  if (bare === "") {
    problems.push("the value is empty");
    return;
  }
  if (value.startsWith('"') !== value.endsWith('"') || bare.includes('"')) {
    problems.push(`quote the whole value or none of it; got ${JSON.stringify(value)}`);
  } else if (/\s/.test(bare) && bare === value) {
    problems.push(`a value with spaces must be quoted; got ${JSON.stringify(value)}`);
  }
  checkWildcard(bare, operator, problems);
}

/** `*` only with `eq`, and only at the end of the value. */
export function checkWildcard(value: string, operator: string, problems: string[]): void {
  const star = value.indexOf("*");
  if (star < 0) return;
  if (operator === "co") {
    problems.push(`"*" is a wildcard only with "eq"; "co" already matches part of the value, so drop the "*"`);
  } else if (star !== value.length - 1) {
    problems.push(`"*" may only end a value (as in Oracle's "username eq kafka*"); got ${JSON.stringify(value)}`);
  }
}

/** A git ref name (branch or tag), which may end in `*`. */
export function checkRefName(name: string, value: string, problems: string[]): void {
  if (
    value === "" ||
    BAD_REF_CHARS.test(value) ||
    value.startsWith("/") ||
    value.endsWith("/") ||
    value.includes("..")
  ) {
    problems.push(`${name} must be a git ref name without spaces or ':'; got ${JSON.stringify(value)}`);
    return;
  }
  checkWildcard(value, "eq", problems);
}

/** A value that becomes one segment of a subject: no spaces, `:` or `"`; it may end in `*`. */
export function checkPlainValue(name: string, value: string, problems: string[]): void {
  if (value === "" || /[\s:"]/.test(value)) {
    problems.push(`${name} must not be empty or contain spaces, ':' or '"'; got ${JSON.stringify(value)}`);
    return;
  }
  checkWildcard(value, "eq", problems);
}
