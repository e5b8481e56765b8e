/**
 * env0. Source: https://docs.envzero.com/guides/integrations/oidc-integrations (issuer, JWKS, claims,
 * `$ENV0_OIDC_TOKEN`). `https://login.app.env0.com/` signs every env0 customer's tokens, so a trust pins the
 * organization (`organizationId`). The token's `iss` ends with `/`, which the trust's issuer must too.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily, RuleView } from "./types";

const ID = /^[A-Za-z0-9-]{1,64}$/;
const ID_CLAIMS = ["organizationId", "projectId", "environmentId", "templateId"];

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq" || r.prefix || r.value === "") return false;
  // sub is one OIDC user per organization, so an exact sub pins it too.
  return ID_CLAIMS.includes(r.claim) || r.claim === "sub";
}

export const env0: IssuerFamily = {
  id: "env0",
  title: "env0",
  platform: "env0",
  issuers: [
    {
      name: "login.app.env0.com",
      example: "https://login.app.env0.com/",
      pattern: /^https:\/\/login\.app\.env0\.com$/,
      shared: true,
      jwks: () => "https://login.app.env0.com/.well-known/jwks.json",
    },
  ],
  rule: {
    example: "env0 project=<project ID>",
    options: ["organization", "project", "environment"],
    build: (o) => {
      const given = (["organization", "project", "environment"] as const).filter((k) => o[k] !== undefined);
      if (given.length !== 1) throw new RuleError(["give one of organization=, project= or environment= (an env0 ID)"]);
      const key = given[0];
      if (!ID.test(o[key]!)) throw new RuleError([`${key} must be an env0 ID; got ${JSON.stringify(o[key])}`]);
      return { expressions: [`${key}Id eq ${o[key]}`], summary: `env0 ${key} ${o[key]}` };
    },
  },
  claims: {
    organization: (v) => ({ name: "organizationId", value: v }),
    project: (v) => ({ name: "projectId", value: v }),
    environment: (v) => ({ name: "environmentId", value: v }),
    template: (v) => ({ name: "templateId", value: v }),
  },
  pin: { claims: ["organizationId"], pinsRule, fix: "validate[] = env0 organization=<organization ID>" },
  recommended: ["env0 organization=<organization ID>"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["projectName", "environmentName"],
    wholeClaims: { organizationId: "every project and environment of organization" },
    broadPrefixes: [],
  },
  token: {
    detect: ["ENV0_OIDC_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "ENV0_OIDC_TOKEN" }],
    how: "With OIDC enabled for the organization, deployments get $ENV0_OIDC_TOKEN (its audience is fixed: read it from a token with wif-explain and set the trust's audience to it).",
    unavailable: "so the deployment has no env0 OIDC token. Enable OIDC in the organization's policies",
    snippet: "docs/ci/env0.yml",
  },
  sources: ["https://docs.envzero.com/guides/integrations/oidc-integrations"],
};
