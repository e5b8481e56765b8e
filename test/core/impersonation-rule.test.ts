import {
  ImpersonationRule,
  isGitHubNameSubject,
  RuleError,
  type GitHubRuleOptions,
} from "../../core/impersonation-rule";

function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (err) {
    if (err instanceof RuleError) return err.problems;
    throw err;
  }
  throw new Error("expected a RuleError");
}

describe("ImpersonationRule.github", () => {
  test.each<[string, GitHubRuleOptions, string[]]>([
    ["a branch", { repository: "octo-org/app", branch: "main" }, ["sub eq repo:octo-org/app:ref:refs/heads/main"]],
    [
      "a branch pattern",
      { repository: "octo-org/app", branch: "release-*" },
      ["sub eq repo:octo-org/app:ref:refs/heads/release-*"],
    ],
    ["a tag", { repository: "octo-org/app", tag: "v*" }, ["sub eq repo:octo-org/app:ref:refs/tags/v*"]],
    [
      "an environment",
      { repository: "octo-org/app", environment: "production" },
      ["sub eq repo:octo-org/app:environment:production"],
    ],
    ["pull requests", { repository: "octo-org/app", pullRequest: true }, ["sub eq repo:octo-org/app:pull_request"]],
    ["any ref of a repository", { repository: "octo-org/app", anyRef: true }, ["sub eq repo:octo-org/app:*"]],
    ["every repository of an owner", { repository: "octo-org/*", anyRef: true }, ["sub eq repo:octo-org/*"]],
    [
      "a workflow on a branch",
      { repository: "octo-org/app", workflow: "deploy.yml", branch: "main" },
      ["job_workflow_ref eq octo-org/app/.github/workflows/deploy.yml@refs/heads/main"],
    ],
    [
      "a workflow on any ref",
      { repository: "octo-org/app", workflow: "deploy.yml" },
      ["job_workflow_ref eq octo-org/app/.github/workflows/deploy.yml@*"],
    ],
    [
      "the immutable-ID subject, by default when both IDs are given",
      { repository: "octo-org/app", ownerId: "123", repositoryId: "456", branch: "main" },
      ["sub eq repo:octo-org@123/app@456:ref:refs/heads/main"],
    ],
    [
      "both subject forms",
      { repository: "octo-org/app", ownerId: "123", repositoryId: "456", subjectFormat: "both", environment: "prod" },
      ["sub eq repo:octo-org@123/app@456:environment:prod", "sub eq repo:octo-org/app:environment:prod"],
    ],
    [
      "the name subject, when asked for despite IDs",
      { repository: "octo-org/app", ownerId: "123", repositoryId: "456", subjectFormat: "name", tag: "v1" },
      ["sub eq repo:octo-org/app:ref:refs/tags/v1"],
    ],
  ])("builds %s", (_name, options, expressions) => {
    const rule = ImpersonationRule.github(options);
    expect(rule.expressions).toEqual(expressions);
    expect(rule.kind).toBe("github");
    expect(rule.isWildcard).toBe(false);
  });

  test.each<[string, GitHubRuleOptions, string[]]>([
    [
      "no owner",
      { repository: "app", branch: "main" },
      ['repository must be "owner/name" (name may be "*"); got "app"'],
    ],
    [
      "a bad owner",
      { repository: "octo org/app", branch: "main" },
      ['repository must be "owner/name" (name may be "*"); got "octo org/app"'],
    ],
    [
      "nothing to match",
      { repository: "o/r" },
      ["say what may use the rule: branch, tag, environment, pull_request, workflow or any_ref"],
    ],
    [
      "two targets",
      { repository: "o/r", branch: "main", tag: "v1" },
      ["give only one of branch, tag, environment, pull_request or any_ref; got branch, tag"],
    ],
    [
      "a workflow with an environment",
      { repository: "o/r", workflow: "d.yml", environment: "prod" },
      ["workflow combines with branch or tag only"],
    ],
    [
      "a non-numeric owner id",
      { repository: "o/r", ownerId: "abc", repositoryId: "1", branch: "main" },
      ['owner id must be a number; got "abc"'],
    ],
    [
      "the ID form without IDs",
      { repository: "o/r", subjectFormat: "both", branch: "main" },
      ['subject format "both" needs both the owner id and the repository id'],
    ],
    [
      "a branch with a space",
      { repository: "o/r", branch: "my branch" },
      ["branch must be a git ref name without spaces or ':'; got \"my branch\""],
    ],
    [
      "a '*' inside a branch",
      { repository: "o/r", branch: "re*lease" },
      ['"*" may only end a value (as in Oracle\'s "username eq kafka*"); got "re*lease"'],
    ],
    [
      "every repository with a branch",
      { repository: "o/*", branch: "main" },
      ['repository "*" combines only with any_ref, because "*" may only end a rule value'],
    ],
    [
      "a workflow that is not a YAML file",
      { repository: "o/r", workflow: "deploy" },
      ['workflow must be a file name under .github/workflows ending in .yml or .yaml; got "deploy"'],
    ],
  ])("throws when given %s", (_name, options, problems) => {
    expect(problemsOf(() => ImpersonationRule.github(options))).toEqual(problems);
  });
});

describe("ImpersonationRule.gitlab", () => {
  test("builds GitLab's default sub for a branch, and for a tag pattern", () => {
    expect(ImpersonationRule.gitlab({ projectPath: "group/sub/app", ref: "main" }).expressions).toEqual([
      "sub eq project_path:group/sub/app:ref_type:branch:ref:main",
    ]);
    expect(ImpersonationRule.gitlab({ projectPath: "group/app", refType: "tag", ref: "v*" }).expressions).toEqual([
      "sub eq project_path:group/app:ref_type:tag:ref:v*",
    ]);
  });

  test.each([
    [
      "a project without group",
      { projectPath: "app", ref: "main" },
      ['project path must be "group/project" (subgroups allowed); got "app"'],
    ],
    [
      "an unknown ref type",
      { projectPath: "g/p", refType: "mr" as "tag", ref: "main" },
      ['ref type must be "branch" or "tag"; got "mr"'],
    ],
    [
      "a ref with ':'",
      { projectPath: "g/p", ref: "a:b" },
      ["ref must be a git ref name without spaces or ':'; got \"a:b\""],
    ],
  ])("throws when given %s", (_name, options, problems) => {
    expect(problemsOf(() => ImpersonationRule.gitlab(options))).toEqual(problems);
  });
});

describe("ImpersonationRule.parse and claim", () => {
  test("keeps OCI's own syntax, normalising spaces", () => {
    expect(ImpersonationRule.parse("  sub   eq   system:serviceaccount:ci:deployer ").expressions).toEqual([
      "sub eq system:serviceaccount:ci:deployer",
    ]);
    expect(ImpersonationRule.parse('groups co "network-admin"').expressions).toEqual(['groups co "network-admin"']);
    expect(ImpersonationRule.claim("username", "eq", "kafka*").expressions).toEqual(["username eq kafka*"]);
  });

  test("calls a rule a wildcard when its value starts with '*'", () => {
    expect(ImpersonationRule.parse("sub eq *").isWildcard).toBe(true);
    expect(ImpersonationRule.parse('sub eq "*"').isWildcard).toBe(true);
    expect(ImpersonationRule.parse("sub eq repo:o/*").isWildcard).toBe(false);
  });

  test.each([
    [
      "no operator",
      "sub",
      ['a rule is "<claim> eq|co <value>", e.g. "sub eq repo:octo-org/app:ref:refs/heads/main"; got "sub"'],
    ],
    ["another operator", "sub ne x", ['the operator must be "eq" or "co"; got "ne"']],
    [
      "'*' with co",
      "sub co a*",
      ['"*" is a wildcard only with "eq"; "co" already matches part of the value, so drop the "*"'],
    ],
    ["a '*' mid-value", "sub eq a*b", ['"*" may only end a value (as in Oracle\'s "username eq kafka*"); got "a*b"']],
    ["an unquoted value with spaces", "sub eq a b", ['a value with spaces must be quoted; got "a b"']],
    ["half a quote", 'sub eq "a', ['quote the whole value or none of it; got "\\"a"']],
    ["a bad claim name", "s$ub eq a", ['the claim must be a claim name such as "sub" or "aud"; got "s$ub"']],
  ])("throws when given %s", (_name, text, problems) => {
    expect(problemsOf(() => ImpersonationRule.parse(text))).toEqual(problems);
  });
});

describe("isGitHubNameSubject", () => {
  test.each([
    ["sub eq repo:octo-org/app:ref:refs/heads/main", true],
    ["sub eq repo:octo-org/*", true],
    ["sub eq repo:octo-org@1/app@2:ref:refs/heads/main", false],
    ["job_workflow_ref eq octo-org/app/.github/workflows/d.yml@*", false],
    ["sub eq project_path:g/p:ref_type:branch:ref:main", false],
  ])("%s → %s", (expression, expected) => {
    expect(isGitHubNameSubject(expression)).toBe(expected);
  });
});
