import { configFrom } from "../support/stacks";
import { formatProblem } from "../../core/problems";

const HEAD = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000
`;

/** A config with one trust of `issuer` (its extra lines) and one user with `rules`. */
function config(issuer: string, trustLines: string[], rules: string[]): string {
  return [
    HEAD,
    "[Trust t]",
    `issuer = ${issuer}`,
    "audience = oci",
    ...trustLines,
    "",
    "[ServiceUser u]",
    ...rules.map((r) => `rule[] = ${r}`),
    "allow[] = read buckets in compartment ci",
    "",
  ].join("\n");
}

function problems(text: string): string[] {
  try {
    return configFrom(text).warnings.map((w) => `warning: ${formatProblem(w)}`);
  } catch (err) {
    return (err as { problems: Parameters<typeof formatProblem>[0][] }).problems.map(formatProblem);
  }
}

const GITHUB = "https://token.actions.githubusercontent.com";
const GITLAB = "https://gitlab.com";

describe("the tenant pin of a shared issuer", () => {
  test.each<[string, string, string[], string[]]>([
    ["a typed GitHub rule names the owner in sub", GITHUB, [], ["github repo=octo-org/app branch=main"]],
    ["an immutable-ID GitHub subject", GITHUB, [], ["github repo=octo-org/app owner_id=1 repo_id=2 branch=main"]],
    ["a GitHub workflow rule names the owner", GITHUB, [], ["github repo=octo-org/app workflow=d.yml branch=main"]],
    ["every repository of one owner", GITHUB, [], ["github repo=octo-org/* any_ref"]],
    ["a raw sub rule that names the owner", GITHUB, [], ["sub eq repo:octo-org/app:ref:refs/heads/main"]],
    ["a rule on the owner's ID", GITHUB, [], ["repository_owner_id eq 1234567"]],
    ["a claim validation pins any rule", GITHUB, ["validate[] = github owner_id=1234567"], ["environment eq prod"]],
    ["a typed GitLab rule names the group", GITLAB, [], ["gitlab project=grp/app ref=main"]],
    ["a GitLab namespace rule", GITLAB, [], ["namespace_path eq grp"]],
    ["a GitLab project ID validation", GITLAB, ["validate[] = gitlab project_id=42"], ["ref eq main"]],
    ["a self-managed GitLab is not shared", "https://gitlab.example.com", ["provider = gitlab"], ["ref eq main"]],
    [
      "the risk accepted with a reason",
      GITHUB,
      ["allow_unpinned = public demo: reads one public bucket"],
      ["environment eq prod"],
    ],
  ])("accepts a trust when %s", (_what, issuer, trustLines, rules) => {
    expect(problems(config(issuer, trustLines, rules)).filter((p) => !p.startsWith("warning:"))).toEqual([]);
  });

  test.each<[string, string, string[], string[], string]>([
    [
      "a GitHub rule on the environment alone",
      GITHUB,
      [],
      ["environment eq prod"],
      'setupConfig.ini:12 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "environment eq prod". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
    ],
    [
      "a wildcard that is allowed is still unpinned",
      GITHUB,
      ["allow_wildcard_rules = true"],
      ["sub eq *"],
      'setupConfig.ini:13 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "sub eq *". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
    ],
    [
      "the second rule of a user pins nothing",
      GITLAB,
      [],
      ["gitlab project=grp/app ref=main", "ref eq main"],
      "setupConfig.ini:13 [ServiceUser u] rule: names no GitLab CI tenant: https://gitlab.com is shared by every GitLab CI customer, so any of them whose token matches could become this user; got \"ref eq main\". Name your tenant in the rule (gitlab project=group/app ref=main), or add validate[] = gitlab namespace_id=<id> (the group's ID) to [Trust t], or set allow_unpinned = <why every GitLab CI customer's token may be exchanged> in [Trust t].",
    ],
    [
      "a co rule never pins",
      GITHUB,
      [],
      ["repository co octo-org"],
      'setupConfig.ini:12 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "repository co octo-org". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
    ],
    [
      "a wildcard cut inside the owner",
      GITHUB,
      [],
      ["sub eq repo:octo*"],
      'setupConfig.ini:12 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "sub eq repo:octo*". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
    ],
    [
      "allow_unpinned is only true",
      GITHUB,
      ["allow_unpinned = true"],
      ["github repo=octo-org/app branch=main"],
      'setupConfig.ini:10 [Trust t] allow_unpinned: must say why every customer\'s token may be exchanged (at least 10 characters), not only that it may; got "true". Write the reason, e.g. allow_unpinned = public demo: the service user can only read a public bucket.',
    ],
  ])("fails when %s", (_what, issuer, trustLines, rules, message) => {
    expect(problems(config(issuer, trustLines, rules))).toEqual([message]);
  });

  test("warns that allow_unpinned changes nothing on an issuer of one tenant", () => {
    expect(
      problems(
        config("https://gitlab.example.com", ["provider = gitlab", "allow_unpinned = mirror of ours"], ["ref eq main"]),
      ),
    ).toEqual([
      "warning: setupConfig.ini:11 [Trust t] allow_unpinned: changes nothing: this issuer is not shared by other customers, so it needs no tenant pin. You may delete the line.",
    ]);
  });

  test("fails for a seed config whose rule names no owner, naming the seed's key", () => {
    const text = `${HEAD}
[TrustConfiguration]
issuer = ${GITHUB}
impersonationrule = environment eq prod

[ServiceUserConfig]
user_name = ci
`;
    expect(problems(text)).toEqual([
      expect.stringMatching(
        /^setupConfig\.ini:9 \[TrustConfiguration\] impersonationrule: names no GitHub Actions tenant/,
      ),
    ]);
  });
});
