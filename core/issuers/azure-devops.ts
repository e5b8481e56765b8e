/**
 * Azure DevOps Pipelines, tokens its own issuer signs (`https://vstoken.dev.azure.com/<organization id>`). Sources:
 * https://learn.microsoft.com/en-us/rest/api/azure/devops/distributedtask/oidctoken/create (the request and its
 * answer, `oidcToken`), https://learn.microsoft.com/en-us/azure/devops/pipelines/release/configure-workload-identity
 * (the Entra-issued form, which is the `entra` family's issuer). The `sub` forms (`p://…`, `sc://…`) and claims are
 * from a third-party design document and a sample token (docs/oci-facts.md#issuers).
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

/** An organization, project or pipeline name as it appears in `sub`: no `/`, quote or control character. */
const NAME = /^[^/"\x00-\x1f\x7f]{1,256}$/;

function subjectValue(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}

export const azureDevops: IssuerFamily = {
  id: "azure-devops",
  title: "Azure DevOps Pipelines",
  platform: "Azure DevOps",
  issuers: [
    {
      name: "organization",
      example: "https://vstoken.dev.azure.com/<organization id>",
      pattern: /^https:\/\/vstoken\.dev\.azure\.com\/[0-9a-fA-F-]{36}$/,
      shared: false,
    },
  ],
  rule: {
    example: "azure-devops org=contoso project=web pipeline=deploy",
    options: ["org", "project", "pipeline", "service_connection"],
    build: (o) => {
      const problems: string[] = [];
      for (const key of ["org", "project"] as const) {
        if (o[key] === undefined) problems.push(`an azure-devops rule needs ${key}=<name>`);
        else if (!NAME.test(o[key]!))
          problems.push(`${key} must be a name without '/' or '"'; got ${JSON.stringify(o[key])}`);
      }
      const target = (["pipeline", "service_connection"] as const).filter((k) => o[k] !== undefined);
      if (target.length !== 1) problems.push("give one of pipeline=<name> or service_connection=<name>");
      const [kind] = target;
      const name = kind && o[kind]!;
      if (name !== undefined && !NAME.test(name))
        problems.push(`${kind} must be a name without '/' or '"'; got ${JSON.stringify(name)}`);
      if (problems.length) throw new RuleError(problems);
      const scheme = kind === "pipeline" ? "p" : "sc";
      return {
        expressions: [`sub eq ${subjectValue(`${scheme}://${o.org}/${o.project}/${name}`)}`],
        summary: `Azure DevOps ${o.org}/${o.project}, ${kind === "pipeline" ? "pipeline" : "service connection"} ${name}`,
      };
    },
  },
  claims: {
    org_id: (v) => ({ name: "org_id", value: v }),
    project_id: (v) => ({ name: "prj_id", value: v }),
    pipeline_id: (v) => ({ name: "def_id", value: v }),
    repo_id: (v) => ({ name: "rpo_id", value: v }),
    ref: (v) => ({ name: "rpo_ref", value: v }),
  },
  pin: {
    claims: ["org_id"],
    pinsRule: (r) => r.operator === "eq" && r.claim === "org_id" && !r.prefix,
    fix: "validate[] = azure-devops org_id=<organization id>",
  },
  recommended: ["azure-devops project_id=<project id>"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: { prj_id: "every pipeline of project id", org_id: "every project and pipeline of organization id" },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^p:\/\/([^/]+\/[^/]+)\/$/,
        message: (m) => `matches every pipeline of project ${m[1]}`,
      },
    ],
  },
  token: {
    detect: ["SYSTEM_OIDCREQUESTURI"],
    needsAudience: false,
    steps: [
      {
        via: "http",
        request: {
          method: "POST",
          url: { env: "SYSTEM_OIDCREQUESTURI" },
          query: { "api-version": "7.1-preview.1" },
          headers: { Authorization: { env: "SYSTEM_ACCESSTOKEN", prefix: "Bearer " }, Accept: "application/json" },
          answer: { json: "oidcToken" },
          service: "Azure DevOps' OIDC token service",
          refused:
            "Check that the step maps SYSTEM_ACCESSTOKEN: $(System.AccessToken) and that the pipeline's token may be used.",
        },
      },
    ],
    how: "Map the job's access token into the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)); wif-exchange then POSTs to $(System.OidcRequestUri) for the pipeline's token (audience api://AzureADTokenExchange, fixed).",
    unavailable:
      "so Azure DevOps will not issue an OIDC token. Run in an Azure Pipelines job and map env: SYSTEM_ACCESSTOKEN: $(System.AccessToken) into the step",
    snippet: "docs/ci/azure-pipelines.yml",
  },
  sources: [
    "https://learn.microsoft.com/en-us/rest/api/azure/devops/distributedtask/oidctoken/create",
    "https://learn.microsoft.com/en-us/azure/devops/pipelines/release/configure-workload-identity",
  ],
};
