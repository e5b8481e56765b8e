import { isGitHubNameSubject, RuleError, splitExpression, unquote } from "../core/impersonation-rule";
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

/** Why a rule reaches past one owner (error level), or undefined. */
export function crossOwnerReason(shape: RuleShape): string | undefined {
  if (!shape.valid) return undefined;
  if (shape.prefix && shape.value === "") return `matches every ${shape.claim} the issuer signs`;
  if (shape.operator === "co" && isOwnerScopedClaim(shape)) {
    return `matches other owners too: "co" finds ${JSON.stringify(shape.value)} anywhere in ${shape.claim}, so a repository or project of another owner whose name contains it matches`;
  }
  if (shape.prefix && shape.claim === "sub") {
    const gh = /^repo:([^/:]*)(\/)?/.exec(shape.value);
    if (gh && !gh[2]) return `matches other owners too: its wildcard ends inside the owner name ("${shape.value}*")`;
    const gl = /^project_path:([^/:]*)(\/)?/.exec(shape.value);
    if (gl && !gl[2]) return `matches other groups too: its wildcard ends inside the group name ("${shape.value}*")`;
    if (!gh && !gl && !/[:/@]/.test(shape.value))
      return `matches other owners too: its wildcard follows only ${JSON.stringify(shape.value)}, which pins no owner`;
  }
  if (shape.prefix && shape.claim === "job_workflow_ref" && !/^[^/]+\//.test(shape.value)) {
    return `matches other owners' workflows too: its wildcard ends inside the owner name ("${shape.value}*")`;
  }
  return undefined;
}

function isOwnerScopedClaim(shape: RuleShape): boolean {
  return ["sub", "job_workflow_ref", "repository", "project_path", "namespace_path"].includes(shape.claim);
}

/** GitHub and GitLab claims that name an owner or a repository rather than one ref of it. */
const WHOLE_CLAIMS: Readonly<Record<string, string>> = {
  repository_owner: "every repository and ref of owner",
  repository_owner_id: "every repository and ref of owner id",
  repository: "every branch, tag, environment and pull request of",
  repository_id: "every branch, tag, environment and pull request of repository id",
  namespace_path: "every project and ref under",
  namespace_id: "every project and ref under namespace id",
  project_path: "every branch and tag of",
  project_id: "every branch and tag of project id",
};

/** Why a rule is broad but stays within one owner (warning level), or undefined. */
export function broadReason(shape: RuleShape): string | undefined {
  if (!shape.valid || crossOwnerReason(shape)) return undefined;
  if (!shape.prefix) {
    // Claims that name only an owner or a repository: an exact match on them still takes in everything below.
    if (shape.operator !== "eq") return undefined;
    const what = WHOLE_CLAIMS[shape.claim];
    return what && `matches ${what} ${shape.value}`;
  }
  const v = shape.value;
  let m: RegExpExecArray | null;
  if ((m = /^repo:([^:]+)\/$/.exec(v)) || (m = /^repo:([^:]+@\d+)\/$/.exec(v)))
    return `matches every repository of ${m[1]}`;
  if ((m = /^repo:([^:]+\/[^:]+):$/.exec(v)))
    return `matches every branch, tag, environment and pull request of ${m[1]}`;
  if ((m = /^project_path:([^:]+):ref_type:(branch|tag):ref:$/.exec(v))) return `matches every ${m[2]} of ${m[1]}`;
  if ((m = /^project_path:([^:]+\/)$/.exec(v))) return `matches every project under ${m[1]}`;
  if ((m = /^project_path:([^:]+):$/.exec(v))) return `matches every ref of ${m[1]}`;
  if ((m = /^([^@]+\/\.github\/workflows\/[^@]+)@$/.exec(v)) && shape.claim === "job_workflow_ref")
    return `matches ${m[1]} on every ref`;
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
