import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  formOf,
  ISSUERS,
  isSharedIssuer,
  issuerFamily,
  recogniseIssuer,
  rulePins,
  ruleView,
  validationsPin,
} from "../../core/issuers";
import { ImpersonationRule, RuleError } from "../../core/impersonation-rule";
import { ROOT } from "../support/stacks";

/** A concrete issuer of each recognisable form, by family. */
const SAMPLES: Record<string, string[]> = {
  github: [
    "https://token.actions.githubusercontent.com",
    "https://token.actions.githubusercontent.com/octo-enterprise",
    "https://token.actions.octocorp.ghe.com",
    "https://ghes.example.com/_services/token",
  ],
  gitlab: ["https://gitlab.com"],
  bitbucket: ["https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"],
  "azure-devops": ["https://vstoken.dev.azure.com/2d6a1e0c-3b4f-4e5a-9c7d-8e9f0a1b2c3d"],
  circleci: ["https://oidc.circleci.com/org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
  buildkite: ["https://agent.buildkite.com"],
  terraform: ["https://app.terraform.io", "https://app.eu.terraform.io"],
  kubernetes: [
    "https://oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
    "https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c",
    "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/",
  ],
  entra: [
    "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
    "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
  ],
  google: ["https://accounts.google.com"],
  aws: ["https://3b2f7a10-55c4-4e3e-9d1a-6f0e8c7b5a49.tokens.sts.global.api.aws"],
  spacelift: ["https://acme.app.spacelift.io"],
  env0: ["https://login.app.env0.com/"],
};

/** The issuers every customer of a platform shares: the ones a trust must pin. */
const SHARED = [
  "https://token.actions.githubusercontent.com",
  "https://gitlab.com",
  "https://agent.buildkite.com",
  "https://app.terraform.io",
  "https://app.eu.terraform.io",
  "https://accounts.google.com",
  "https://login.app.env0.com/",
];

describe("the issuer catalogue", () => {
  test("gives every family a unique lower-case ID, a title, a platform, sources and an existing CI snippet", () => {
    const ids = ISSUERS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of ISSUERS) {
      expect([f.id, /^[a-z][a-z0-9-]*$/.test(f.id), f.title !== "", f.platform !== "", f.sources.length > 0]).toEqual([
        f.id,
        true,
        true,
        true,
        true,
      ]);
      expect([f.id, existsSync(join(ROOT, f.token.snippet))]).toEqual([f.id, true]);
    }
    expect(ids).not.toContain("generic");
  });

  test.each(ISSUERS.filter((f) => SAMPLES[f.id]).flatMap((f) => SAMPLES[f.id].map((i) => [f.id, i] as const)))(
    "recognises %s's issuer %s, and formOf agrees",
    (id, issuer) => {
      const known = recogniseIssuer(issuer);
      expect(known?.family.id).toBe(id);
      expect(formOf(known!.family, issuer)).toBe(known!.form);
    },
  );

  test("knows which issuers are shared, and no other", () => {
    const all = Object.values(SAMPLES).flat();
    expect(all.filter(isSharedIssuer).sort()).toEqual([...SHARED].sort());
  });

  test.each([
    "https://token.actions.githubusercontent.com.evil.example",
    "https://evil.example/https://gitlab.com",
    "http://agent.buildkite.com",
    "https://AGENT.buildkite.com",
    "https://accounts.google.com/extra",
    "https://gitlab.example.com",
    "https://idp.example.com/oauth2/default",
  ])("does not take %s for a known issuer (exact host and path, https only)", (issuer) => {
    expect(recogniseIssuer(issuer)?.form.shared ?? false).toBe(false);
    if (!issuer.startsWith("https://token.actions.githubusercontent.com/"))
      expect(recogniseIssuer(issuer)).toBeUndefined();
  });

  test("each family's typed rule example builds a rule that passes OCI's grammar", () => {
    for (const f of ISSUERS.filter((x) => x.rule)) {
      const options = Object.fromEntries(
        f
          .rule!.example.split(/\s+/)
          .slice(1)
          .map((t) => t.split("=") as [string, string])
          .map(([k, v]) => [k, v?.includes("<") || v?.includes("…") ? exampleValue(k) : (v ?? "true")]),
      );
      const rule = ImpersonationRule.of(f.id, f.rule!.build(options));
      expect([f.id, rule.expressions.length > 0, rule.isWildcard]).toEqual([f.id, true, false]);
      // A shared issuer's typed rule names the tenant, so it passes the pin by itself.
      if (f.issuers.some((i) => i.shared))
        for (const e of rule.expressions) expect([f.id, e, rulePins(f, e)]).toEqual([f.id, e, true]);
    }
  });

  test("a validate[] shorthand for a pin claim pins the trust", () => {
    for (const f of ISSUERS.filter((x) => x.issuers.some((i) => i.shared))) {
      const pins = Object.values(f.claims ?? {})
        .map((c) => c("42"))
        .filter((c) => f.pin.claims.includes(c.name));
      expect([f.id, pins.length > 0, validationsPin(f, pins)]).toEqual([f.id, true, true]);
      expect(validationsPin(f, [{ name: "ref", value: "refs/heads/main" }])).toBe(false);
    }
  });
});

/** A value of the right shape for an option the examples leave as a placeholder. */
function exampleValue(key: string): string {
  if (/uuid/.test(key)) return "{11111111-2222-3333-4444-555555555555}";
  if (key === "object_id" || key === "org_id" || key === "project_id") return "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  if (key === "service_account_id") return "112233445566778899001";
  if (key === "project") return "0b1c2d3e";
  return "x";
}

describe("typed rules", () => {
  const build = (id: string, options: Record<string, string>) =>
    ImpersonationRule.of(id, issuerFamily(id)!.rule!.build(options)).expressions;
  const problems = (id: string, options: Record<string, string>) => {
    try {
      issuerFamily(id)!.rule!.build(options);
    } catch (err) {
      if (err instanceof RuleError) return err.problems;
      throw err;
    }
    throw new Error("expected a RuleError");
  };

  test.each<[string, Record<string, string>, string[]]>([
    [
      "bitbucket",
      { repo_uuid: "11111111-2222-3333-4444-555555555555" },
      ["sub eq {11111111-2222-3333-4444-555555555555}:*"],
    ],
    [
      "bitbucket",
      {
        repo_uuid: "{11111111-2222-3333-4444-555555555555}",
        environment_uuid: "{AAAAAAAA-2222-3333-4444-555555555555}",
      },
      ["sub eq {11111111-2222-3333-4444-555555555555}:{aaaaaaaa-2222-3333-4444-555555555555}:*"],
    ],
    ["azure-devops", { org: "contoso", project: "web", pipeline: "deploy" }, ["sub eq p://contoso/web/deploy"]],
    ["azure-devops", { org: "contoso", project: "web", service_connection: "oci" }, ["sub eq sc://contoso/web/oci"]],
    [
      "azure-devops",
      { org: "contoso", project: "Shared Infra", pipeline: "deploy" },
      ['sub eq "p://contoso/Shared Infra/deploy"'],
    ],
    [
      "circleci",
      { org_id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", project_id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      ["sub eq org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/project/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/*"],
    ],
    ["buildkite", { org: "acme", pipeline: "deploy" }, ["sub eq organization:acme:pipeline:deploy:*"]],
    [
      "buildkite",
      { org: "acme", pipeline: "deploy", branch: "main" },
      ["sub eq organization:acme:pipeline:deploy:ref:refs/heads/main:*"],
    ],
    [
      "buildkite",
      { org: "acme", pipeline: "deploy", tag: "v*" },
      ["sub eq organization:acme:pipeline:deploy:ref:refs/tags/v*"],
    ],
    [
      "terraform",
      { org: "acme", project: "infra", workspace: "prod", run_phase: "apply" },
      ["sub eq organization:acme:project:infra:workspace:prod:run_phase:apply"],
    ],
    [
      "terraform",
      { org: "acme", project: "infra", workspace: "prod" },
      ["sub eq organization:acme:project:infra:workspace:prod:run_phase:*"],
    ],
    ["kubernetes", { namespace: "ci", service_account: "deployer" }, ["sub eq system:serviceaccount:ci:deployer"]],
    ["kubernetes", { namespace: "ci" }, ["sub eq system:serviceaccount:ci:*"]],
    ["entra", { object_id: "5F3B0C1E-2D4A-4B6C-8E9F-0A1B2C3D4E5F" }, ["oid eq 5f3b0c1e-2d4a-4b6c-8e9f-0a1b2c3d4e5f"]],
    ["google", { service_account_id: "112233445566778899001" }, ["sub eq 112233445566778899001"]],
    ["google", { email: "ci@acme.iam.gserviceaccount.com" }, ["email eq ci@acme.iam.gserviceaccount.com"]],
    ["aws", { role: "arn:aws:iam::123456789012:role/deployer" }, ["sub eq arn:aws:iam::123456789012:role/deployer"]],
    ["spacelift", { space: "root", stack: "prod" }, ["sub eq space:root:stack:prod:*"]],
    [
      "spacelift",
      { space: "root", module: "net", run_type: "TRACKED", scope: "write" },
      ["sub eq space:root:module:net:run_type:TRACKED:scope:write"],
    ],
    [
      "spacelift",
      { space: "root", stack: "prod", run_type: "PROPOSED" },
      ["sub eq space:root:stack:prod:run_type:PROPOSED:scope:*"],
    ],
    [
      "env0",
      { project: "0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e" },
      ["projectId eq 0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e"],
    ],
  ])("%s %j builds %j", (id, options, expressions) => {
    expect(build(id, options)).toEqual(expressions);
  });

  test.each<[string, Record<string, string>, string[]]>([
    ["bitbucket", {}, ["a bitbucket rule needs repo_uuid=<the repository's UUID>"]],
    ["bitbucket", { repo_uuid: "repo" }, ['repo_uuid must be a UUID, with or without braces; got "repo"']],
    [
      "azure-devops",
      { org: "a/b", project: "p" },
      [
        "org must be a name without '/' or '\"'; got \"a/b\"",
        "give one of pipeline=<name> or service_connection=<name>",
      ],
    ],
    [
      "circleci",
      { org_id: "x" },
      ['org_id must be the organization\'s UUID; got "x"', 'project_id must be the project\'s UUID; got ""'],
    ],
    ["buildkite", { org: "Acme Corp", pipeline: "p" }, ['org must be the organization\'s slug; got "Acme Corp"']],
    ["buildkite", { org: "a", pipeline: "p", branch: "main", tag: "v1" }, ["give branch or tag, not both"]],
    [
      "buildkite",
      { org: "a", pipeline: "p", branch: "rel*ease" },
      ['"*" may only end a value (as in Oracle\'s "username eq kafka*"); got "rel*ease"'],
    ],
    [
      "terraform",
      { org: "a:b", project: "p", workspace: "w", run_phase: "destroy" },
      ["org must be a name without ':', '\"' or '*'; got \"a:b\"", 'run_phase must be plan or apply; got "destroy"'],
    ],
    [
      "kubernetes",
      { namespace: "CI", service_account: "a b" },
      [
        "namespace must be a Kubernetes name (lower case, digits, '-', '.'); got \"CI\"",
        'service_account must be a Kubernetes name, or * for every one of the namespace; got "a b"',
      ],
    ],
    ["entra", { object_id: "me" }, ['object_id must be the identity\'s object ID (a GUID); got "me"']],
    [
      "google",
      { service_account_id: "1", email: "a@b" },
      ["give one of service_account_id=<numeric ID> or email=<service account email>"],
    ],
    [
      "google",
      { email: "someone@gmail.com" },
      ['email must be a service account\'s email (…gserviceaccount.com); got "someone@gmail.com"'],
    ],
    [
      "aws",
      { role: "arn:aws:iam::123:role/x" },
      ['role must be an IAM role ARN, arn:aws:iam::<account>:role/<name>; got "arn:aws:iam::123:role/x"'],
    ],
    [
      "spacelift",
      { space: "root", stack: "a", scope: "admin" },
      ['scope must be read or write; got "admin"', "scope combines only with run_type"],
    ],
  ])("%s %j fails with %j", (id, options, expected) => {
    expect(problems(id, options)).toEqual(expected);
  });
});

describe("the tenant pin of a rule", () => {
  test.each<[string, string, boolean]>([
    ["github", "sub eq repo:octo-org/app:ref:refs/heads/main", true],
    ["github", "sub eq repo:octo-org@1/app@2:*", true],
    ["github", "sub eq repo:octo*", false],
    ["github", "sub eq *", false],
    ["github", "job_workflow_ref eq octo-org/app/.github/workflows/d.yml@*", true],
    ["github", "repository_owner_id eq 1234567", true],
    ["github", "repository_owner_id eq 12*", false],
    ["github", "environment eq prod", false],
    ["github", "sub co repo:octo-org/", false],
    ["gitlab", 'sub eq "project_path:grp/app:ref_type:branch:ref:main"', true],
    ["gitlab", "namespace_id eq 42", true],
    ["gitlab", "ref_protected eq true", false],
    ["buildkite", "sub eq organization:acme:pipeline:deploy:*", true],
    ["buildkite", "sub eq organization:ac*", false],
    ["buildkite", "pipeline_slug eq deploy", false],
    ["terraform", "terraform_organization_id eq org-abc", true],
    ["terraform", "terraform_workspace_name eq prod", false],
    ["google", "sub eq 112233445566778899001", true],
    ["google", "sub eq 1122*", false],
    ["google", "email_verified eq true", false],
    ["env0", "organizationId eq 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", true],
    ["env0", "deploymentType eq deploy", false],
  ])("%s: %s pins the tenant: %s", (id, expression, pins) => {
    expect(rulePins(issuerFamily(id)!, expression)).toBe(pins);
  });

  test("reads quotes and the wildcard as OCI does", () => {
    expect(ruleView('"sub" eq "repo:o/r:*"')).toEqual({
      claim: "sub",
      operator: "eq",
      value: "repo:o/r:",
      prefix: true,
    });
    expect(ruleView("not a rule")).toBeUndefined();
  });
});
