import { WifError } from "../core/errors";
import { ImpersonationRule, RuleError, type GitHubSubjectFormat } from "../core/impersonation-rule";
import type { TrustProvider } from "./model";
import { suggest } from "./spec";
import { hasCode } from "../core/errors";

/** A rule written in setupConfig.ini could not be read; `problems` are sentences without a location. */
export class RuleSyntaxError extends WifError {
  constructor(
    public readonly problems: readonly string[],
    public readonly fix?: string,
  ) {
    super("WIF-E-RULE-SYNTAX", "badInput", problems.join("; "));
    this.name = "RuleSyntaxError";
  }
}

const GITHUB_OPTIONS = [
  "repo",
  "owner_id",
  "repo_id",
  "subject",
  "branch",
  "tag",
  "environment",
  "pull_request",
  "any_ref",
  "workflow",
];
const GITHUB_FLAGS = ["pull_request", "any_ref"];
const GITLAB_OPTIONS = ["project", "ref_type", "ref"];

/**
 * Reads one `rule[]` value:
 * - `github repo=octo-org/app branch=main` (also `tag=`, `environment=`, `pull_request`, `workflow=deploy.yml`,
 *   `any_ref`; `owner_id=` and `repo_id=` for the immutable-ID subject; `subject=name|id|both`),
 * - `gitlab project=group/app ref=main` (`ref_type=tag` for tags),
 * - anything else as OCI's own syntax, `<claim> eq|co <value>`.
 *
 * @param provider the trust's provider; typed rules must match it
 */
export function parseRuleText(text: string, provider: TrustProvider): ImpersonationRule {
  const tokens = text.trim().split(/\s+/);
  const kind = tokens[0]?.toLowerCase();
  if (kind === "allow:all") {
    throw new RuleSyntaxError(
      ['"allow:all" is not a rule OCI accepts'],
      "Name who may impersonate (e.g. github repo=org/app branch=main), or write sub eq * and set allow_wildcard_rules = true.",
    );
  }
  const isTyped = (kind === "github" || kind === "gitlab") && !/^(eq|co)$/i.test(tokens[1] ?? "");
  try {
    if (!isTyped) return ImpersonationRule.parse(text);
    if (provider !== kind && provider !== "generic") {
      throw new RuleSyntaxError([`a ${kind} rule cannot match tokens of this ${provider} trust`]);
    }
    const options = readOptions(tokens.slice(1), kind === "github" ? GITHUB_OPTIONS : GITLAB_OPTIONS, GITHUB_FLAGS);
    if (kind === "github") {
      if (!options.repo) throw new RuleSyntaxError(["a github rule needs repo=owner/name"]);
      return ImpersonationRule.github({
        repository: options.repo,
        ownerId: options.owner_id,
        repositoryId: options.repo_id,
        subjectFormat: options.subject as GitHubSubjectFormat | undefined,
        branch: options.branch,
        tag: options.tag,
        environment: options.environment,
        pullRequest: options.pull_request !== undefined ? flag("pull_request", options.pull_request) : undefined,
        anyRef: options.any_ref !== undefined ? flag("any_ref", options.any_ref) : undefined,
        workflow: options.workflow,
      });
    }
    if (!options.project || options.ref === undefined) {
      throw new RuleSyntaxError(["a gitlab rule needs project=group/name and ref=<branch or tag> (ref=* for any)"]);
    }
    return ImpersonationRule.gitlab({
      projectPath: options.project,
      refType: options.ref_type as "branch" | "tag" | undefined,
      ref: options.ref,
    });
  } catch (err) {
    if (hasCode<RuleError>(err, "WIF-E-RULE")) throw new RuleSyntaxError(err.problems);
    throw err;
  }
}

function readOptions(tokens: string[], known: string[], flags: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const token of tokens) {
    const eq = token.indexOf("=");
    const name = (eq < 0 ? token : token.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? "true" : token.slice(eq + 1);
    if (!known.includes(name)) {
      const hint = suggest(name, known);
      problems.push(
        `unknown option ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ""}; options are ${known.join(", ")}`,
      );
    } else if (eq < 0 && !flags.includes(name)) {
      problems.push(`option "${name}" needs a value: ${name}=…`);
    } else if (name in out) {
      problems.push(`option "${name}" is given twice`);
    } else {
      out[name] = value;
    }
  }
  if (problems.length) throw new RuleSyntaxError(problems);
  return out;
}

function flag(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new RuleSyntaxError([
    `option "${name}" is a flag; write it alone or as ${name}=true; got ${JSON.stringify(value)}`,
  ]);
}
