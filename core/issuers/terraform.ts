/**
 * HCP Terraform and Terraform Enterprise workload identity tokens. Sources:
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 * (issuer, JWKS, `sub`, claims), https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation
 * (`TFC_WORKLOAD_IDENTITY_AUDIENCE` → `$TFC_WORKLOAD_IDENTITY_TOKEN`).
 */
import { RuleError } from "../rule-grammar";
import { ORGANIZATION_SUB, type IssuerFamily, type RuleView } from "./types";

/** An organization, project or workspace name: no `:` (it separates `sub`'s parts), quote or control character. */
const NAME = /^[^:"\x00-\x1f\x7f*]{1,256}$/;
const ORG_IN_SUB = /^organization:[^:*]+:/;

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq") return false;
  if (r.claim === "sub") return ORG_IN_SUB.test(r.value);
  return (
    [
      "terraform_organization_id",
      "terraform_organization_name",
      "terraform_project_id",
      "terraform_workspace_id",
    ].includes(r.claim) &&
    !r.prefix &&
    r.value !== ""
  );
}

const wellKnownJwks = (issuer: string) => `${issuer.replace(/\/$/, "")}/.well-known/jwks`;

export const terraform: IssuerFamily = {
  id: "terraform",
  title: "HCP Terraform",
  platform: "HCP Terraform",
  issuers: [
    {
      name: "HCP Terraform",
      example: "https://app.terraform.io",
      pattern: /^https:\/\/app\.terraform\.io$/,
      shared: true,
      jwks: wellKnownJwks,
    },
    // Seen only in third-party docs: recognised so that it is pinned like app.terraform.io, but no JWKS default.
    {
      name: "HCP Terraform Europe",
      example: "https://app.eu.terraform.io",
      pattern: /^https:\/\/app\.eu\.terraform\.io$/,
      shared: true,
    },
    { name: "Terraform Enterprise", example: "https://tfe.example.com", shared: false, jwks: wellKnownJwks },
  ],
  rule: {
    example: "terraform org=acme project=infra workspace=oci-prod run_phase=apply",
    options: ["org", "project", "workspace", "run_phase"],
    build: (o) => {
      const problems: string[] = [];
      for (const key of ["org", "project", "workspace"] as const) {
        if (o[key] === undefined) problems.push(`a terraform rule needs ${key}=<name>`);
        else if (!NAME.test(o[key]!))
          problems.push(`${key} must be a name without ':', '"' or '*'; got ${JSON.stringify(o[key])}`);
      }
      if (o.run_phase !== undefined && !["plan", "apply"].includes(o.run_phase))
        problems.push(`run_phase must be plan or apply; got ${JSON.stringify(o.run_phase)}`);
      if (problems.length) throw new RuleError(problems);
      const value = `organization:${o.org}:project:${o.project}:workspace:${o.workspace}:run_phase:${o.run_phase ?? "*"}`;
      // A project may be called "Default Project": a value with a space is quoted whole.
      return {
        expressions: [`sub eq ${/\s/.test(value) ? `"${value}"` : value}`],
        summary: `HCP Terraform ${o.org}/${o.workspace}, ${o.run_phase ?? "plan and apply"}`,
      };
    },
  },
  claims: {
    org_id: (v) => ({ name: "terraform_organization_id", value: v }),
    org: (v) => ({ name: "terraform_organization_name", value: v }),
    project_id: (v) => ({ name: "terraform_project_id", value: v }),
    project: (v) => ({ name: "terraform_project_name", value: v }),
    workspace_id: (v) => ({ name: "terraform_workspace_id", value: v }),
    workspace: (v) => ({ name: "terraform_workspace_name", value: v }),
    run_phase: (v) => ({ name: "terraform_run_phase", value: v }),
  },
  pin: {
    claims: ["terraform_organization_id", "terraform_organization_name"],
    pinsRule,
    fix: "validate[] = terraform org_id=<organization ID, org-…>",
  },
  recommended: ["terraform org_id=<org-…>"],
  subjects: {
    ownerPrefixes: [ORGANIZATION_SUB],
    ownerScopedClaims: ["sub", "terraform_organization_name", "terraform_full_workspace"],
    wholeClaims: {
      terraform_organization_name: "every project and workspace of organization",
      terraform_organization_id: "every project and workspace of organization id",
      terraform_project_id: "every workspace of project id",
    },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^organization:([^:]+):project:([^:]+):workspace:([^:]+):run_phase:$/,
        message: (m) => `matches both run phases (plan and apply) of workspace ${m[1]}/${m[3]}`,
      },
      {
        claim: "sub",
        pattern: /^organization:([^:]+):$/,
        message: (m) => `matches every project and workspace of organization ${m[1]}`,
      },
    ],
  },
  token: {
    detect: ["TFC_WORKLOAD_IDENTITY_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "TFC_WORKLOAD_IDENTITY_TOKEN" }],
    how: "Set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE = <the trust's audience>; runs (agents ≥ 1.7) then get $TFC_WORKLOAD_IDENTITY_TOKEN, which a pre-plan hook hands to wif-exchange.",
    unavailable: "so the run has no workload identity token. Set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE",
    snippet: "docs/ci/hcp-terraform-hook.sh",
  },
  sources: [
    "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens",
    "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation",
  ],
};
