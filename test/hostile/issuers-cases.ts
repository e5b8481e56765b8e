/**
 * The issuer catalogue's hostile corpus (core/issuers/), by class: trusts of shared issuers that pin no tenant, the
 * opt-out abused, typed options of every family carrying what a rule must not hold, issuers that look like a known
 * one, and shorthands bent out of shape. Each case is a whole config that must be refused with exit code 2, nothing
 * written, the exact message, and no planted secret printed (issuers-corpus.test.ts).
 */
import { CLIENT_SECRET, JWT, TENANCY } from "./corpus-support";

export interface IssuerCase {
  readonly cls: string;
  readonly name: string;
  readonly text: string;
}

const HEAD = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
tenancy_ocid = ${TENANCY}
region = us-ashburn-1
`;

/** One trust (line 8 on) and one user whose rules start on line 8 + trust lines + 3. */
function config(issuer: string, trust: string[], rules: string[]): string {
  return [
    HEAD,
    "[Trust t]",
    `issuer = ${issuer}`,
    "audience = oci-wif",
    ...trust,
    "",
    "[ServiceUser u]",
    ...rules.map((r) => `rule[] = ${r}`),
    "allow[] = read objects in compartment apps",
    "",
  ].join("\n");
}

/** A resource trust (mode resource) of `issuer` with a workload, and `trust` lines. */
function resourceConfig(issuer: string, trust: string[]): string {
  return [
    HEAD,
    "[Trust t]",
    `issuer = ${issuer}`,
    "audience = oci-wif",
    "mode = resource",
    "resource_label = ci",
    "propagate[] = sub",
    ...trust,
    "",
    "[Workload w]",
    "match = sub=x",
    "allow[] = read objects in compartment apps",
    "",
  ].join("\n");
}

const SHARED: ReadonlyArray<[string, string, string]> = [
  ["GitHub", "https://token.actions.githubusercontent.com", "environment eq production"],
  ["GitLab", "https://gitlab.com", "ref_protected eq true"],
  ["Buildkite", "https://agent.buildkite.com", "build_branch eq main"],
  ["HCP Terraform", "https://app.terraform.io", "terraform_run_phase eq apply"],
  ["HCP Terraform Europe", "https://app.eu.terraform.io", "terraform_workspace_name eq prod"],
  ["Google", "https://accounts.google.com", "email_verified eq true"],
];

function unpinned(): IssuerCase[] {
  const cls = "a shared issuer without a tenant pin";
  return [
    ...SHARED.map(([what, issuer, rule]) => ({
      cls,
      name: `a ${what} rule that names no tenant`,
      text: config(
        issuer,
        [...(issuer.includes(".eu.") ? ["jwk_uri = https://app.eu.terraform.io/.well-known/jwks"] : [])],
        [rule],
      ),
    })),
    ...SHARED.filter(([, issuer]) => !issuer.includes(".eu.")).map(([what, issuer]) => ({
      cls,
      name: `a ${what} resource trust without a tenant validation`,
      text: resourceConfig(issuer, []),
    })),
    {
      cls,
      name: "a wildcard cut inside the organization",
      text: config("https://agent.buildkite.com", [], ["sub eq organization:ac*"]),
    },
    {
      cls,
      name: "a co rule on a Google email",
      text: config("https://accounts.google.com", [], ["email co acme"]),
    },
    {
      cls,
      name: "an allowed catch-all on github.com",
      text: config("https://token.actions.githubusercontent.com", ["allow_wildcard_rules = true"], ["sub eq *"]),
    },
    {
      cls,
      name: "a validation of a claim that is not the tenant's",
      text: config("https://agent.buildkite.com", ["validate[] = buildkite pipeline=deploy"], ["build_branch eq main"]),
    },
  ];
}

function optOut(): IssuerCase[] {
  const cls = "allow_unpinned without a reason";
  const at = (value: string) =>
    config("https://accounts.google.com", [`allow_unpinned = ${value}`], ["email_verified eq true"]);
  return [
    { cls, name: "allow_unpinned = true", text: at("true") },
    { cls, name: "allow_unpinned = YES", text: at("YES") },
    { cls, name: "a reason of three words", text: at("it is ok") },
    { cls, name: "a JWT as the reason", text: at(JWT) },
    { cls, name: "an OCI client secret as the reason", text: at(CLIENT_SECRET) },
  ];
}

function typedOptions(): IssuerCase[] {
  const cls = "typed options a rule must not hold";
  const one = (name: string, issuer: string, trust: string[], rule: string) => ({
    cls,
    name,
    text: config(issuer, trust, [rule]),
  });
  const BB = "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc";
  const JWKS = ["jwk_uri = https://keys.example.com/jwks"];
  return [
    one("a JWT as a Bitbucket repository UUID", BB, JWKS, `bitbucket repo_uuid=${JWT}`),
    one(
      "a path in an Azure DevOps organization",
      "https://vstoken.dev.azure.com/2d6a1e0c-3b4f-4e5a-9c7d-8e9f0a1b2c3d",
      JWKS,
      "azure-devops org=../etc project=p pipeline=x",
    ),
    one(
      "a CircleCI project that is not a UUID",
      "https://oidc.circleci.com/org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      JWKS,
      "circleci org_id=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d project_id=*",
    ),
    one(
      "a wildcard inside a Buildkite branch",
      "https://agent.buildkite.com",
      [],
      "buildkite org=acme pipeline=deploy branch=rel*ease",
    ),
    one(
      "a colon in an HCP Terraform organization",
      "https://app.terraform.io",
      [],
      "terraform org=acme:evil project=p workspace=w",
    ),
    one(
      "an upper-case Kubernetes namespace",
      "https://oke.example.com",
      ["provider = kubernetes", ...JWKS],
      "kubernetes namespace=Kube-System",
    ),
    one(
      "an Entra object ID that is a name",
      "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
      [],
      "entra object_id=admin@contoso.com",
    ),
    one("a personal Google account", "https://accounts.google.com", [], "google email=someone@gmail.com"),
    one(
      "an AWS role of a short account",
      "https://3b2f7a10-55c4-4e3e-9d1a-6f0e8c7b5a49.tokens.sts.global.api.aws",
      [],
      "aws role=arn:aws:iam::1234:role/x",
    ),
    one(
      "a Spacelift scope that does not exist",
      "https://acme.app.spacelift.io",
      [],
      "spacelift space=root stack=s run_type=TRACKED scope=admin",
    ),
    one("an option of another family", "https://agent.buildkite.com", [], "buildkite org=acme repo=octo-org/app"),
    one(
      "a rule of another family's platform",
      "https://agent.buildkite.com",
      [],
      "github repo=octo-org/app branch=main",
    ),
  ];
}

function lookalikes(): IssuerCase[] {
  const cls = "issuers that look like a known one";
  return [
    {
      cls,
      name: "github.com's host under another domain",
      text: config("https://token.actions.githubusercontent.com.evil.example", [], ["sub eq repo:octo-org/app:*"]),
    },
    {
      cls,
      name: "github.com's host in upper case",
      text: config("https://TOKEN.actions.githubusercontent.com", [], ["sub eq repo:octo-org/app:*"]),
    },
    {
      cls,
      name: "a provider the catalogue does not know",
      text: config(
        "https://ci.example.com",
        ["provider = jenkins", "jwk_uri = https://ci.example.com/jwks"],
        ["sub eq x"],
      ),
    },
    {
      cls,
      name: "Buildkite's provider on another host",
      text: config("https://agent.buildkite.example", ["provider = buildkite"], ["buildkite org=acme pipeline=deploy"]),
    },
    {
      cls,
      name: "a shorthand key the family does not have",
      text: config(
        "https://agent.buildkite.com",
        ["validate[] = buildkite tenant=acme"],
        ["buildkite org=acme pipeline=deploy"],
      ),
    },
    {
      cls,
      name: "a quote in a shorthand's value",
      text: config(
        "https://app.terraform.io",
        ["validate[] = terraform org_id=org-'x"],
        ["terraform org=acme project=p workspace=w"],
      ),
    },
  ];
}

export const ISSUER_CASES: readonly IssuerCase[] = [...unpinned(), ...optOut(), ...typedOptions(), ...lookalikes()];
