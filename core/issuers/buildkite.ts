/**
 * Buildkite. Sources: https://buildkite.com/docs/agent/v3/cli-oidc (issuer, JWKS, `buildkite-agent oidc
 * request-token`, `sub`, claims), https://buildkite.com/docs/apis/workload-identity-federation/buildkite-agents (the
 * issuer is shared by every organization, which must be pinned).
 */
import { checkRefName, RuleError } from "../rule-grammar";
import { ORGANIZATION_SUB, type IssuerFamily, type RuleView } from "./types";

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** `organization:<org>:…`, a subject that names its organization. */
const ORG_IN_SUB = /^organization:[^:*]+:/;

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq") return false;
  if (r.claim === "sub") return ORG_IN_SUB.test(r.value);
  return ["organization_slug", "organization_id", "pipeline_id"].includes(r.claim) && !r.prefix && r.value !== "";
}

export const buildkite: IssuerFamily = {
  id: "buildkite",
  title: "Buildkite",
  platform: "Buildkite",
  issuers: [
    {
      name: "agent.buildkite.com",
      example: "https://agent.buildkite.com",
      pattern: /^https:\/\/agent\.buildkite\.com$/,
      shared: true,
      jwks: () => "https://agent.buildkite.com/.well-known/jwks",
    },
  ],
  rule: {
    example: "buildkite org=acme pipeline=deploy branch=main",
    options: ["org", "pipeline", "branch", "tag"],
    build: (o) => {
      const problems: string[] = [];
      for (const key of ["org", "pipeline"] as const) {
        if (o[key] === undefined || !SLUG.test(o[key]!))
          problems.push(
            `${key} must be the ${key === "org" ? "organization" : "pipeline"}'s slug; got ${JSON.stringify(o[key] ?? "")}`,
          );
      }
      if (o.branch !== undefined && o.tag !== undefined) problems.push("give branch or tag, not both");
      const refName = o.branch ?? o.tag;
      if (o.branch !== undefined) checkRefName("branch", o.branch, problems);
      if (o.tag !== undefined) checkRefName("tag", o.tag, problems);
      if (problems.length) throw new RuleError(problems);
      const base = `organization:${o.org}:pipeline:${o.pipeline}:`;
      if (refName === undefined) {
        return { expressions: [`sub eq ${base}*`], summary: `Buildkite ${o.org}/${o.pipeline}, any ref` };
      }
      const ref = `ref:refs/${o.branch !== undefined ? "heads" : "tags"}/${refName}`;
      // sub goes on with :commit:<sha>:step:<key>; a ref pattern's own "*" already covers them.
      const value = refName.endsWith("*") ? `${base}${ref}` : `${base}${ref}:*`;
      return {
        expressions: [`sub eq ${value}`],
        summary: `Buildkite ${o.org}/${o.pipeline}, ${o.branch !== undefined ? "branch" : "tag"} ${refName}`,
      };
    },
  },
  claims: {
    org: (v) => ({ name: "organization_slug", value: v }),
    org_id: (v) => ({ name: "organization_id", value: v }),
    pipeline: (v) => ({ name: "pipeline_slug", value: v }),
    pipeline_id: (v) => ({ name: "pipeline_id", value: v }),
    branch: (v) => ({ name: "build_branch", value: v }),
  },
  pin: {
    claims: ["organization_slug", "organization_id"],
    pinsRule,
    fix: "validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id)",
  },
  recommended: ["buildkite org=<slug>"],
  subjects: {
    ownerPrefixes: [ORGANIZATION_SUB],
    ownerScopedClaims: ["sub", "organization_slug", "pipeline_slug"],
    wholeClaims: {
      organization_slug: "every pipeline of organization",
      organization_id: "every pipeline of organization id",
    },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^organization:([^:]+):pipeline:([^:]+):$/,
        message: (m) => `matches every branch, tag and step of pipeline ${m[1]}/${m[2]}`,
      },
      {
        claim: "sub",
        pattern: /^organization:([^:]+):$/,
        message: (m) => `matches every pipeline of organization ${m[1]}`,
      },
    ],
  },
  token: {
    detect: ["BUILDKITE_AGENT_ACCESS_TOKEN"],
    needsAudience: true,
    steps: [{ via: "command", argv: ["buildkite-agent", "oidc", "request-token", "--audience", "{audience}"] }],
    how: "wif-exchange runs buildkite-agent oidc request-token --audience <the trust's audience> in the step (the agent must be on PATH).",
    unavailable: "so this is not a Buildkite job step. Run wif-exchange in a step of a pipeline",
    snippet: "docs/ci/buildkite-pipeline.yml",
  },
  sources: [
    "https://buildkite.com/docs/agent/v3/cli-oidc",
    "https://buildkite.com/docs/apis/workload-identity-federation/buildkite-agents",
  ],
};
