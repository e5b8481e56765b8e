/**
 * CircleCI. Source: https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/ (issuer,
 * audience, `sub` forms, claims, `$CIRCLE_OIDC_TOKEN` / `$CIRCLE_OIDC_TOKEN_V2`). The JWKS path is known only from a
 * third party, so `jwk_uri` is required.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const circleci: IssuerFamily = {
  id: "circleci",
  title: "CircleCI",
  platform: "CircleCI",
  issuers: [
    {
      name: "organization",
      example: "https://oidc.circleci.com/org/<organization id>",
      pattern: /^https:\/\/oidc\.circleci\.com\/org\/[0-9a-f-]{36}$/,
      shared: false,
    },
  ],
  rule: {
    example: "circleci org_id=<uuid> project_id=<uuid>",
    options: ["org_id", "project_id"],
    build: (o) => {
      const problems: string[] = [];
      for (const key of ["org_id", "project_id"] as const) {
        if (o[key] === undefined || !UUID.test(o[key]!))
          problems.push(
            `${key} must be the ${key === "org_id" ? "organization" : "project"}'s UUID; got ${JSON.stringify(o[key] ?? "")}`,
          );
      }
      if (problems.length) throw new RuleError(problems);
      // sub is org/<org>/project/<project>/user/<user>[/vcs-origin/…/vcs-ref/<ref>]: the user comes before the ref,
      // so one OCI rule can narrow to a project (any user, any ref) but not to a ref of it.
      return {
        expressions: [`sub eq org/${o.org_id}/project/${o.project_id}/*`],
        summary: `CircleCI project ${o.project_id}`,
      };
    },
  },
  pin: {
    claims: [],
    pinsRule: () => false,
    fix: "the organization's own issuer (https://oidc.circleci.com/org/<id>), which already pins it",
  },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      { claim: "sub", pattern: /^org\/([^/]+)\/$/, message: (m) => `matches every project of organization ${m[1]}` },
      {
        claim: "sub",
        pattern: /^org\/[^/]+\/project\/([^/]+)\/$/,
        message: (m) => `matches every user and ref of project ${m[1]}`,
      },
    ],
  },
  token: {
    detect: ["CIRCLE_OIDC_TOKEN_V2"],
    needsAudience: false,
    steps: [
      { via: "env", name: "CIRCLE_OIDC_TOKEN_V2" },
      { via: "env", name: "CIRCLE_OIDC_TOKEN" },
    ],
    how: "A job that uses a context gets $CIRCLE_OIDC_TOKEN_V2, whose audience is the organization ID: set the trust's audience to it.",
    unavailable:
      "so the job has no CircleCI OIDC token. Give the job a context (forked pull requests get one only when secrets are passed to forks)",
    snippet: "docs/ci/circleci.yml",
  },
  sources: ["https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/"],
};
