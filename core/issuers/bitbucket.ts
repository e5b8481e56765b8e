/**
 * Bitbucket Pipelines. Sources: https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
 * (`oidc: true`, `$BITBUCKET_STEP_OIDC_TOKEN`), https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/
 * (issuer, default audience), https://developer.atlassian.com/cloud/bitbucket/rest/api-group-pipelines/ (discovery
 * and keys). The claims (`repositoryUuid`, `deploymentEnvironmentUuid`, …) and the `sub` layout come from a
 * third-party implementation (docs/oci-facts.md#issuers says which).
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily, RuleView } from "./types";

/** A Bitbucket UUID as its tokens carry it: braces around the lower-case UUID. */
const UUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

function braced(name: string, value: string, problems: string[]): string {
  const m = UUID.exec(value);
  if (!m) {
    problems.push(`${name} must be a UUID, with or without braces; got ${JSON.stringify(value)}`);
    return value;
  }
  return `{${m[1].toLowerCase()}}`;
}

export const bitbucket: IssuerFamily = {
  id: "bitbucket",
  title: "Bitbucket Pipelines",
  platform: "Bitbucket",
  issuers: [
    {
      name: "workspace",
      example: "https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc",
      pattern: /^https:\/\/api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/,
      shared: false,
    },
  ],
  rule: {
    example: "bitbucket repo_uuid={a1b2c3d4-…} environment_uuid={…}",
    options: ["repo_uuid", "environment_uuid"],
    build: (o) => {
      const problems: string[] = [];
      if (!o.repo_uuid) throw new RuleError(["a bitbucket rule needs repo_uuid=<the repository's UUID>"]);
      const repo = braced("repo_uuid", o.repo_uuid, problems);
      const env = o.environment_uuid !== undefined ? braced("environment_uuid", o.environment_uuid, problems) : "";
      if (problems.length) throw new RuleError(problems);
      // `sub` is {repo}:{step} or, in a deployment step, {repo}:{environment}:{step}; the step changes every run.
      return {
        expressions: [`sub eq ${repo}:${env ? `${env}:` : ""}*`],
        summary: `Bitbucket repository ${repo}${env ? `, deployment environment ${env}` : ", every step"}`,
      };
    },
  },
  claims: {
    workspace_uuid: (v) => ({ name: "workspaceUuid", value: v }),
    repo_uuid: (v) => ({ name: "repositoryUuid", value: v }),
    environment_uuid: (v) => ({ name: "deploymentEnvironmentUuid", value: v }),
    branch: (v) => ({ name: "branchName", value: v }),
  },
  pin: {
    claims: ["workspaceUuid"],
    pinsRule: (r: RuleView) => r.operator === "eq" && r.claim === "workspaceUuid" && !r.prefix,
    fix: "validate[] = bitbucket workspace_uuid={<uuid>}",
  },
  recommended: ["bitbucket repo_uuid={<uuid>}"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {
      workspaceUuid: "every repository and step of workspace",
      repositoryUuid: "every step of repository",
    },
    broadPrefixes: [
      { claim: "sub", pattern: /^(\{[^}]+\}):$/, message: (m) => `matches every step of repository ${m[1]}` },
    ],
  },
  token: {
    detect: ["BITBUCKET_STEP_OIDC_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "BITBUCKET_STEP_OIDC_TOKEN" }],
    how: "Set oidc: true on the step (and oidc: audiences: [<the trust's audience>] for another audience than the default); Bitbucket puts the token in $BITBUCKET_STEP_OIDC_TOKEN.",
    unavailable: "so the step has no OIDC token. Set oidc: true on the step",
    snippet: "docs/ci/bitbucket-pipelines.yml",
  },
  sources: [
    "https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/",
    "https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/",
  ],
};
