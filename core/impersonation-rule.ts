/**
 * Impersonation rules of an identity propagation trust, built from typed options so that a rule that could
 * never match (or would match far too much) fails at synth time instead of at the first token exchange.
 *
 * OCI's rule syntax (Oracle, "JSON Web Token Exchange"): `<claim> eq|co <value>`, string values only; `*` is a
 * wildcard with `eq` and not allowed with `co`; rules are evaluated in order and the first match wins. The grammar's
 * checks are in core/rule-grammar.ts; each issuer's typed options are in its file of the catalogue (core/issuers/).
 */
import { checkExpression, RuleError, splitExpression, unquote, type RuleOperator } from "./rule-grammar";
import { githubRule, type GitHubRuleOptions, type GitHubSubjectFormat } from "./issuers/github";
import { gitlabRule, type GitLabRuleOptions } from "./issuers/gitlab";

export { evaluatedForm, RuleError, splitExpression, unquote, type RuleOperator } from "./rule-grammar";
export { isGitHubNameSubject, type GitHubRuleOptions, type GitHubSubjectFormat } from "./issuers/github";
export type { GitLabRuleOptions } from "./issuers/gitlab";

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
    return ImpersonationRule.of("github", githubRule(options));
  }

  /** A rule for GitLab CI `id_tokens` (issuer https://gitlab.com or your instance). */
  public static gitlab(options: GitLabRuleOptions): ImpersonationRule {
    return ImpersonationRule.of("gitlab", gitlabRule(options));
  }

  /**
   * A rule an issuer family's typed options built (core/issuers/, `rule[] = <family> key=value …`): its expressions
   * get the same checks as any rule, so a combination of individually valid options cannot yield a rule OCI would
   * not evaluate as meant.
   * @param kind the family's ID (`buildkite`)
   */
  public static of(
    kind: string,
    parts: {
      readonly expressions: readonly string[];
      readonly summary: string;
      readonly subjectFormat?: GitHubSubjectFormat;
    },
  ): ImpersonationRule {
    const problems: string[] = [];
    for (const e of parts.expressions) {
      const { claim, operator, value } = splitExpression(e);
      checkExpression(claim, operator, value, problems);
    }
    if (problems.length) throw new RuleError(problems);
    return new ImpersonationRule(kind, [...parts.expressions], parts.summary, { subjectFormat: parts.subjectFormat });
  }

  /** Which builder made the rule: an issuer family's ID (`github`, `gitlab`, …), or `claim` for OCI's own syntax. */
  public readonly kind: string;
  /** The OCI rule strings, as they go into `impersonation_service_users.rule`. */
  public readonly expressions: readonly string[];
  /** A short human description, for reviews and warnings. */
  public readonly summary: string;
  /** For GitHub rules: which `sub` form(s) the rule matches. */
  public readonly subjectFormat?: GitHubSubjectFormat;

  private constructor(
    kind: string,
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
