import { isGitHubNameSubject, RuleError, splitExpression, unquote } from "../core/impersonation-rule";
import { ISSUERS, recogniseIssuer, type IssuerFamily } from "../core/issuers";
import { hasCode } from "../core/errors";

/**
 * What an impersonation rule matches, read the way Oracle documents it ("JSON Web Token Exchange"):
 * `<claim> eq <value>` compares the whole claim value, or its start when the value ends in `*`;
 * `<claim> co <value>` tests that the claim contains the value. A `*` anywhere else is an ordinary character.
 */
export interface RuleShape {
  readonly expression: string;
  /** False when the expression is not `<claim> eq|co <value>`: it can never match. */
  readonly valid: boolean;
  readonly claim: string;
  readonly operator: "eq" | "co";
  /** The value without surrounding quotes (and without the trailing `*` of a prefix rule). */
  readonly value: string;
  /** `eq` with a trailing `*`: matches every value that starts with `value`. */
  readonly prefix: boolean;
}

/** Takes a rule expression apart. */
export function shapeOf(expression: string): RuleShape {
  try {
    const { claim, operator, value } = splitExpression(expression.trim());
    const bare = unquote(value.trim());
    const prefix = operator === "eq" && bare.endsWith("*");
    return {
      expression,
      valid: true,
      claim: unquote(claim),
      operator,
      value: prefix ? bare.slice(0, -1) : bare,
      prefix,
    };
  } catch (err) {
    if (!hasCode<RuleError>(err, "WIF-E-RULE")) throw err;
    return { expression, valid: false, claim: "", operator: "eq", value: "", prefix: false };
  }
}

/** How two rules can both match one token. */
export type OverlapKind =
  /** Same claim, and some value satisfies both (a prefix covers the other, `co` meets a prefix, …). */
  | "same-claim"
  /** Different claims: a token that carries both values (a job calling another repository's reusable workflow) matches both. */
  | "different-claims";

/**
 * Whether one token could match both rules, and how. Undefined when no token can match both (same claim,
 * disjoint values) or either rule is invalid.
 */
export function overlapOf(a: RuleShape, b: RuleShape): OverlapKind | undefined {
  if (!a.valid || !b.valid) return undefined;
  if (a.claim !== b.claim) return "different-claims";
  return valuesOverlap(a, b) ? "same-claim" : undefined;
}

function valuesOverlap(a: RuleShape, b: RuleShape): boolean {
  if (a.operator === "co" && b.operator === "co") return true; // a value containing both exists
  if (a.operator === "co" || b.operator === "co") {
    const [co, eq] = a.operator === "co" ? [a, b] : [b, a];
    return eq.prefix ? true : eq.value.includes(co.value);
  }
  if (a.prefix && b.prefix) return a.value.startsWith(b.value) || b.value.startsWith(a.value);
  if (a.prefix) return b.value.startsWith(a.value);
  if (b.prefix) return a.value.startsWith(b.value);
  return a.value === b.value;
}

/**
 * The issuer families whose subjects a trust's rules are read as: the family of its issuer when the catalogue
 * recognises it (core/issuers/), else every family whose issuer can be any URL (a self-managed GitLab, Terraform
 * Enterprise, a cluster), since the stack does not say which it is.
 */
export function familiesOf(issuer: string | undefined): readonly IssuerFamily[] {
  const known = issuer === undefined ? undefined : recogniseIssuer(issuer);
  return known ? [known.family] : ANY_URL_FAMILIES;
}

const ANY_URL_FAMILIES = ISSUERS.filter((f) => f.issuers.some((form) => form.pattern === undefined));

/** Why a rule reaches past one owner (error level), or undefined. */
export function crossOwnerReason(shape: RuleShape, issuer?: string): string | undefined {
  if (!shape.valid) return undefined;
  if (shape.prefix && shape.value === "") return `matches every ${shape.claim} the issuer signs`;
  const families = familiesOf(issuer);
  if (shape.operator === "co" && families.some((f) => f.subjects?.ownerScopedClaims.includes(shape.claim))) {
    return `matches other owners too: "co" finds ${JSON.stringify(shape.value)} anywhere in ${shape.claim}, so a repository or project of another owner whose name contains it matches`;
  }
  if (!shape.prefix) return undefined;
  let ofAForm = false;
  for (const f of families) {
    for (const p of f.subjects?.ownerPrefixes ?? []) {
      if (p.claim !== shape.claim || !p.form.test(shape.value)) continue;
      ofAForm = true;
      if (!p.complete.test(shape.value)) return p.message(shape.value);
    }
  }
  if (shape.claim === "sub" && !ofAForm && !/[:/@]/.test(shape.value))
    return `matches other owners too: its wildcard follows only ${JSON.stringify(shape.value)}, which pins no owner`;
  return undefined;
}

/** Why a rule is broad but stays within one owner (warning level), or undefined. */
export function broadReason(shape: RuleShape, issuer?: string): string | undefined {
  if (!shape.valid || crossOwnerReason(shape, issuer)) return undefined;
  const families = familiesOf(issuer);
  if (!shape.prefix) {
    // Claims that name only an owner or a repository: an exact match on them still takes in everything below.
    if (shape.operator !== "eq") return undefined;
    const what = families.map((f) => f.subjects?.wholeClaims[shape.claim]).find((w) => w !== undefined);
    return what && `matches ${what} ${shape.value}`;
  }
  for (const f of families) {
    for (const b of f.subjects?.broadPrefixes ?? []) {
      if (b.claim !== undefined && b.claim !== shape.claim) continue;
      const m = b.pattern.exec(shape.value);
      if (m) return b.message(m);
    }
  }
  return undefined;
}

/**
 * For a name-form GitHub subject (`repo:owner/repo:…`), the pattern its immutable-ID twin
 * (`repo:owner@<id>/repo@<id>:…`) must match; undefined for any other rule.
 */
export function immutableTwinPattern(expression: string): RegExp | undefined {
  if (!isGitHubNameSubject(expression)) return undefined;
  const shape = shapeOf(expression);
  const m = /^repo:([^@/:]+)\/([^@:]+)(.*)$/.exec(shape.value + (shape.prefix ? "*" : ""));
  if (!m) return undefined;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const repo = m[2] === "*" ? "\\*" : `${esc(m[2])}@\\d+`;
  return new RegExp(`^repo:${esc(m[1])}@\\d+/${repo}${esc(m[3])}$`);
}
