/**
 * Impersonation rules of an identity propagation trust, built from typed options so that a rule that could
 * never match (or would match far too much) fails at synth time instead of at the first token exchange.
 *
 * OCI's rule syntax (Oracle, "JSON Web Token Exchange"): `<claim> eq|co <value>`, string values only; `*` is a
 * wildcard with `eq` and not allowed with `co`; rules are evaluated in order and the first match wins.
 * Oracle's only wildcard example puts `*` at the end (`username eq kafka*`), so that is the only place we accept it.
 *
 * A little over 300 lines on purpose: this is the whole rule grammar (typed options, the OCI expression syntax and
 * its checks) that config/, client/ and review/ share; split, each part would import the others.
 */
import { WifError } from "./errors";

/** `eq` compares the whole claim value (with an optional trailing `*`); `co` tests that it contains the value. */
export type RuleOperator = "eq" | "co";

/**
 * Which form of GitHub's `sub` claim a rule matches. Repositories created or renamed on or after 2026-07-15 send
 * `repo:owner@<ownerId>/repo@<repoId>:…` (immutable IDs) by default; older ones send `repo:owner/repo:…`.
 */
export type GitHubSubjectFormat = "name" | "id" | "both";

/** Options of a GitHub Actions rule: a repository plus exactly one of what in it may use the rule. */
export interface GitHubRuleOptions {
  /** `owner/repository`. The repository part may be `*` for every repository of the owner. */
  readonly repository: string;
  /**
   * The owner's numeric ID (`gh api users/<owner> --jq .id`). Needed for the immutable-ID subject.
   * @default - none; only the name subject can be built
   */
  readonly ownerId?: string;
  /**
   * The repository's numeric ID (`gh api repos/<owner>/<repo> --jq .id`). Needed for the immutable-ID subject.
   * @default - none; only the name subject can be built
   */
  readonly repositoryId?: string;
  /**
   * Which `sub` form to match; `both` emits one rule per form, for a repository that is being migrated.
   * @default - "id" when both IDs are given, otherwise "name"
   */
  readonly subjectFormat?: GitHubSubjectFormat;
  /** A branch name (`main`, or `release-*`). */
  readonly branch?: string;
  /** A tag name (`v1.2.3`, or `v*`). */
  readonly tag?: string;
  /** A deployment environment name (`production`). */
  readonly environment?: string;
  /** Jobs run for a pull request. */
  readonly pullRequest?: boolean;
  /** Any ref, environment or event of the repository (`repo:owner/repo:*`). */
  readonly anyRef?: boolean;
  /**
   * A workflow file under `.github/workflows/` of the repository (`deploy.yml`). Matched on the
   * `job_workflow_ref` claim, combined with `branch` or `tag` when one is given (otherwise any ref).
   */
  readonly workflow?: string;
}

/** Options of a GitLab CI rule, matched on GitLab's default `sub`. */
export interface GitLabRuleOptions {
  /** Full project path, `group/project` or `group/subgroup/project`. */
  readonly projectPath: string;
  /**
   * Whether `ref` names a branch or a tag.
   * @default "branch"
   */
  readonly refType?: "branch" | "tag";
  /** Branch or tag name; `*` at the end as a wildcard (`release-*`, or `*` for any). */
  readonly ref: string;
}

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
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const GITLAB_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
// git check-ref-format forbids these anywhere in a ref name; ':' would also break the sub claim's layout.
const BAD_REF_CHARS = /[\s~^:?[\\\x00-\x1f\x7f]/;

/**
 * An impersonation rule: one OCI rule expression, or two when a GitHub rule matches both subject forms.
 *
 * @example
 * ImpersonationRule.github({ repository: "octo-org/app", branch: "main" });
 * ImpersonationRule.gitlab({ projectPath: "group/app", ref: "main" });
 * ImpersonationRule.claim("sub", "eq", "system:serviceaccount:ci:deployer");
 */
export class ImpersonationRule {
  /** A rule on any claim. */
  public static claim(claim: string, operator: RuleOperator, value: string): ImpersonationRule {
    const problems: string[] = [];
    checkExpression(claim, operator, value, problems);
    if (problems.length) throw new RuleError(problems);
    return new ImpersonationRule("claim", [`${claim} ${operator} ${value}`], `claim ${claim} ${operator} ${value}`);
  }

  /** Parses a rule written in OCI's syntax, `<claim> eq|co <value>`. */
  public static parse(expression: string): ImpersonationRule {
    const m = /^\s*(\S+)\s+(\S+)\s+(.*?)\s*$/.exec(expression);
    if (!m) {
      throw new RuleError([
        `a rule is "<claim> eq|co <value>", e.g. "sub eq repo:octo-org/app:ref:refs/heads/main"; got ${JSON.stringify(expression)}`,
      ]);
    }
    const op = m[2].toLowerCase();
    if (op !== "eq" && op !== "co") {
      throw new RuleError([`the operator must be "eq" or "co"; got ${JSON.stringify(m[2])}`]);
    }
    return ImpersonationRule.claim(m[1], op, m[3]);
  }

  /** A rule for GitHub Actions OIDC tokens (issuer https://token.actions.githubusercontent.com). */
  public static github(options: GitHubRuleOptions): ImpersonationRule {
    const problems: string[] = [];
    const [owner, repo, ...extra] = options.repository.split("/");
    if (extra.length || repo === undefined || !GITHUB_OWNER.test(owner) || !(repo === "*" || GITHUB_REPO.test(repo))) {
      problems.push(`repository must be "owner/name" (name may be "*"); got ${JSON.stringify(options.repository)}`);
    }
    for (const [name, id] of [
      ["owner id", options.ownerId],
      ["repository id", options.repositoryId],
    ] as const) {
      if (id !== undefined && !NUMERIC_ID.test(id))
        problems.push(`${name} must be a number; got ${JSON.stringify(id)}`);
    }
    const hasIds = options.ownerId !== undefined && options.repositoryId !== undefined;
    const format = options.subjectFormat ?? (hasIds ? "id" : "name");
    if (!["name", "id", "both"].includes(format)) {
      problems.push(`subject format must be "name", "id" or "both"; got ${JSON.stringify(format)}`);
    } else if (format !== "name" && !hasIds) {
      problems.push(`subject format "${format}" needs both the owner id and the repository id`);
    }
    if (repo === "*" && format !== "name") {
      problems.push(`repository "*" has no repository id, so it only works with subject format "name"`);
    }
    if (repo === "*" && (!options.anyRef || options.workflow !== undefined)) {
      problems.push(`repository "*" combines only with any_ref, because "*" may only end a rule value`);
    }

    const targets = (["branch", "tag", "environment", "pullRequest", "anyRef"] as const).filter(
      (k) => options[k] !== undefined && options[k] !== false,
    );
    if (targets.length > 1) {
      problems.push(`give only one of branch, tag, environment, pull_request or any_ref; got ${targets.join(", ")}`);
    }
    if (options.workflow !== undefined && (targets.includes("environment") || targets.includes("pullRequest"))) {
      problems.push("workflow combines with branch or tag only");
    }
    if (targets.length === 0 && options.workflow === undefined) {
      problems.push("say what may use the rule: branch, tag, environment, pull_request, workflow or any_ref");
    }
    for (const k of ["branch", "tag"] as const) {
      if (options[k] !== undefined) checkRefName(k, options[k]!, problems);
    }
    if (options.environment !== undefined) checkPlainValue("environment", options.environment, problems);
    if (options.workflow !== undefined && !/^[A-Za-z0-9._-]+\.ya?ml$/.test(options.workflow)) {
      problems.push(
        `workflow must be a file name under .github/workflows ending in .yml or .yaml; got ${JSON.stringify(options.workflow)}`,
      );
    }
    if (problems.length) throw new RuleError(problems);

    let what: string;
    let suffix: string;
    if (options.branch !== undefined) [what, suffix] = [`branch ${options.branch}`, `ref:refs/heads/${options.branch}`];
    else if (options.tag !== undefined) [what, suffix] = [`tag ${options.tag}`, `ref:refs/tags/${options.tag}`];
    else if (options.environment !== undefined)
      [what, suffix] = [`environment ${options.environment}`, `environment:${options.environment}`];
    else if (options.pullRequest) [what, suffix] = ["pull requests", "pull_request"];
    else [what, suffix] = ["any ref", "*"];

    if (options.workflow !== undefined) {
      const ref =
        options.branch !== undefined
          ? `refs/heads/${options.branch}`
          : options.tag !== undefined
            ? `refs/tags/${options.tag}`
            : "*";
      const expression = `job_workflow_ref eq ${owner}/${repo}/.github/workflows/${options.workflow}@${ref}`;
      const summary = `GitHub ${owner}/${repo}, workflow ${options.workflow}${ref === "*" ? "" : `, ${what}`}`;
      return checked(new ImpersonationRule("github", [expression], summary, { subjectFormat: "name" }));
    }

    // `repo:owner/*` already ends in the wildcard; anything after it would put "*" mid-value.
    const byName = repo === "*" && suffix === "*" ? `sub eq repo:${owner}/*` : `sub eq repo:${owner}/${repo}:${suffix}`;
    const byId = `sub eq repo:${owner}@${options.ownerId}/${repo}@${options.repositoryId}:${suffix}`;
    const expressions = format === "name" ? [byName] : format === "id" ? [byId] : [byId, byName];
    return checked(
      new ImpersonationRule("github", expressions, `GitHub ${owner}/${repo}, ${what}`, { subjectFormat: format }),
    );
  }

  /** A rule for GitLab CI `id_tokens` (issuer https://gitlab.com or your instance). */
  public static gitlab(options: GitLabRuleOptions): ImpersonationRule {
    const problems: string[] = [];
    const segments = options.projectPath.split("/");
    if (segments.length < 2 || !segments.every((s) => GITLAB_SEGMENT.test(s))) {
      problems.push(
        `project path must be "group/project" (subgroups allowed); got ${JSON.stringify(options.projectPath)}`,
      );
    }
    const refType = options.refType ?? "branch";
    if (refType !== "branch" && refType !== "tag") {
      problems.push(`ref type must be "branch" or "tag"; got ${JSON.stringify(refType)}`);
    }
    checkRefName("ref", options.ref, problems);
    if (problems.length) throw new RuleError(problems);
    const expression = `sub eq project_path:${options.projectPath}:ref_type:${refType}:ref:${options.ref}`;
    return checked(
      new ImpersonationRule("gitlab", [expression], `GitLab ${options.projectPath}, ${refType} ${options.ref}`),
    );
  }

  /** Which kind of builder made the rule. */
  public readonly kind: "github" | "gitlab" | "claim";
  /** The OCI rule strings, as they go into `impersonation_service_users.rule`. */
  public readonly expressions: readonly string[];
  /** A short human description, for reviews and warnings. */
  public readonly summary: string;
  /** For GitHub rules: which `sub` form(s) the rule matches. */
  public readonly subjectFormat?: GitHubSubjectFormat;

  private constructor(
    kind: "github" | "gitlab" | "claim",
    expressions: string[],
    summary: string,
    extra: { subjectFormat?: GitHubSubjectFormat } = {},
  ) {
    this.kind = kind;
    this.expressions = expressions;
    this.summary = summary;
    this.subjectFormat = extra.subjectFormat;
  }

  /**
   * True when a rule matches any value of its claim, or any value with an arbitrary start (`sub eq *`,
   * `sub eq *-prod`): anyone whose token the issuer signs could then become the service user.
   */
  public get isWildcard(): boolean {
    return this.expressions.some((e) => unquote(splitExpression(e).value).startsWith("*"));
  }
}

/**
 * Runs the generic expression checks on what a typed builder produced, so a combination of individually valid
 * options (a `*` repository with a branch, say) cannot yield a rule OCI would not evaluate as meant.
 */
function checked(rule: ImpersonationRule): ImpersonationRule {
  const problems: string[] = [];
  for (const e of rule.expressions) {
    const { claim, operator, value } = splitExpression(e);
    checkExpression(claim, operator, value, problems);
  }
  if (problems.length) throw new RuleError(problems);
  return rule;
}

/**
 * True for a rule on GitHub's `sub` in the name form (`repo:owner/repo:…`) rather than the immutable-ID form
 * (`repo:owner@<id>/repo@<id>:…`), whether built by {@link ImpersonationRule.github} or written by hand.
 */
export function isGitHubNameSubject(expression: string): boolean {
  return /^sub eq "?repo:[^@/:]+\/[^@:]+(?::|$)/.test(expression);
}

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

function checkExpression(claim: string, operator: string, value: string, problems: string[]): void {
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

function checkWildcard(value: string, operator: string, problems: string[]): void {
  const star = value.indexOf("*");
  if (star < 0) return;
  if (operator === "co") {
    problems.push(`"*" is a wildcard only with "eq"; "co" already matches part of the value, so drop the "*"`);
  } else if (star !== value.length - 1) {
    problems.push(`"*" may only end a value (as in Oracle's "username eq kafka*"); got ${JSON.stringify(value)}`);
  }
}

function checkRefName(name: string, value: string, problems: string[]): void {
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

function checkPlainValue(name: string, value: string, problems: string[]): void {
  if (value === "" || /[\s:"]/.test(value)) {
    problems.push(`${name} must not be empty or contain spaces, ':' or '"'; got ${JSON.stringify(value)}`);
    return;
  }
  checkWildcard(value, "eq", problems);
}
