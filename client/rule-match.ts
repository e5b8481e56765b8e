import { RuleError, splitExpression, unquote } from "../core/impersonation-rule";
import { hasCode } from "../core/errors";

/** How one impersonation rule fares against a token's claims. */
export interface RuleEvaluation {
  /** The rule as written on the trust. */
  readonly expression: string;
  /**
   * `match`; `no-match`; `unsupported` when the claim is not a string (OCI compares strings only);
   * `invalid` when the rule is not `<claim> eq|co <value>`.
   */
  readonly outcome: "match" | "no-match" | "unsupported" | "invalid";
  /** Why, in words, naming the part that differs. */
  readonly reason: string;
  /** How close a non-matching rule came: characters of its value that agree with the token. */
  readonly closeness: number;
}

/**
 * Evaluates one rule the way OCI documents them (Oracle, "JSON Web Token Exchange"): `<claim> eq <value>`
 * compares the whole string, or its start when the value ends in `*`; `<claim> co <value>` tests that the
 * claim contains the value; a value (or claim name) may be wrapped in double quotes; only string claims are
 * supported. Matching is taken to be case-sensitive (Oracle does not say; a case-only difference is pointed out).
 */
export function evaluateRule(expression: string, claims: Record<string, unknown>): RuleEvaluation {
  let parts;
  try {
    parts = splitExpression(expression.trim());
  } catch (err) {
    if (!hasCode<RuleError>(err, "WIF-E-RULE")) throw err;
    return {
      expression,
      outcome: "invalid",
      reason: 'not a rule of the form "<claim> eq|co <value>", so it can never match',
      closeness: -1,
    };
  }
  const claim = unquote(parts.claim);
  const value = unquote(parts.value.trim());
  const actual = claims[claim];
  const result = (outcome: RuleEvaluation["outcome"], reason: string, closeness = 0): RuleEvaluation => ({
    expression,
    outcome,
    reason,
    closeness,
  });

  if (actual === undefined) return result("no-match", `the token has no ${claim} claim`);
  if (typeof actual !== "string") {
    const kind = Array.isArray(actual) ? "a list" : actual === null ? "null" : `a ${typeof actual}`;
    const element = Array.isArray(actual)
      ? actual.find((a) => typeof a === "string" && matches(parts.operator, value, a))
      : undefined;
    return result(
      "unsupported",
      `the token's ${claim} is ${kind}, and OCI rules compare string claims only` +
        (element !== undefined
          ? ` (its element ${JSON.stringify(element)} would match if it were a plain string)`
          : ""),
    );
  }

  if (parts.operator === "co") {
    if (actual.includes(value)) return result("match", `the token's ${claim} contains ${JSON.stringify(value)}`);
    const found = longestFoundPrefix(value, actual);
    return result(
      "no-match",
      `the token's ${claim} ${JSON.stringify(actual)} does not contain ${JSON.stringify(value)}` +
        (found > 0 ? `; the longest start of it that does occur is ${JSON.stringify(value.slice(0, found))}` : "") +
        caseHint(actual.toLowerCase().includes(value.toLowerCase())),
      found,
    );
  }

  const wildcard = value.endsWith("*");
  const wanted = wildcard ? value.slice(0, -1) : value;
  if (wanted.includes("*")) {
    // Oracle documents "*" only at the end; anywhere else we compare it as a plain character and say so.
    if (actual === value) return result("match", `the token's ${claim} equals ${JSON.stringify(value)}`);
  } else if (wildcard ? actual.startsWith(wanted) : actual === wanted) {
    return result(
      "match",
      wildcard
        ? `the token's ${claim} starts with ${JSON.stringify(wanted)}`
        : `the token's ${claim} equals the rule's value`,
    );
  }
  const n = commonPrefix(wanted, actual);
  const midStar = wanted.includes("*")
    ? ` ("*" works only at the end of a value, so here it is an ordinary character)`
    : "";
  let reason: string;
  if (n === wanted.length) {
    reason = `the token's ${claim} ${JSON.stringify(actual)} goes on after the rule's value ${JSON.stringify(wanted)} (with "eq" the whole value must be equal; end it with "*" to match the start)`;
  } else if (n === actual.length) {
    reason = `the token's ${claim} ${JSON.stringify(actual)} ends where the rule still expects ${JSON.stringify(wanted.slice(n))}`;
  } else {
    reason =
      `the token's ${claim} differs from the rule's value at character ${n + 1}: ` +
      `the rule has ${JSON.stringify(excerpt(wanted, n))}, the token ${JSON.stringify(excerpt(actual, n))}` +
      (n > 0 ? ` (both start ${JSON.stringify(wanted.slice(0, n))})` : "");
  }
  return result(
    "no-match",
    reason + midStar + caseHint(matchesIgnoringCase(wanted, actual, wildcard)) + githubHint(claim, wanted, actual),
    n,
  );
}

function matches(operator: "eq" | "co", value: string, actual: string): boolean {
  if (operator === "co") return actual.includes(value);
  return value.endsWith("*") ? actual.startsWith(value.slice(0, -1)) : actual === value;
}

function matchesIgnoringCase(wanted: string, actual: string, wildcard: boolean): boolean {
  const [w, a] = [wanted.toLowerCase(), actual.toLowerCase()];
  return wildcard ? a.startsWith(w) : a === w;
}

function caseHint(onlyCase: boolean): string {
  return onlyCase ? "; they differ only in upper/lower case, which OCI is taken to compare exactly" : "";
}

/**
 * GitHub's two `sub` forms (docs/oci-facts.md#github-subject): repositories created or renamed since 2026-07-15 send
 * `repo:owner@<id>/repo@<id>:…`. A rule in one form never matches a token in the other.
 */
function githubHint(claim: string, wanted: string, actual: string): string {
  if (claim !== "sub" || !wanted.startsWith("repo:") || !actual.startsWith("repo:")) return "";
  const idForm = (s: string) => /^repo:[^/:]+@\d+\/[^/:]+@\d+/.test(s);
  // Only for the same repository: a rule for another repository differs for a better reason.
  const repository = (s: string) => s.slice(5).split(":")[0].replace(/@\d+/g, "");
  if (repository(wanted) !== repository(actual)) return "";
  if (idForm(actual) && !idForm(wanted)) {
    return ". The token uses GitHub's immutable-ID subject (repo:owner@<id>/repo@<id>:…) and the rule the name form: write the rule with owner_id and repo_id";
  }
  if (!idForm(actual) && idForm(wanted)) {
    return ". The rule uses GitHub's immutable-ID subject and the token the name form (repo:owner/repo:…): use subject=both or subject=name";
  }
  return "";
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The length of the longest start of `value` found anywhere in `text`. */
function longestFoundPrefix(value: string, text: string): number {
  for (let n = value.length; n > 0; n--) if (text.includes(value.slice(0, n))) return n;
  return 0;
}

function excerpt(s: string, from: number): string {
  const rest = s.slice(from);
  return rest.length > 24 ? rest.slice(0, 24) + "…" : rest;
}
