/**
 * Spacelift. Source: https://docs.spacelift.io/integrations/cloud-providers/oidc/ (issuer, JWKS, audience, `sub`,
 * claims, `$SPACELIFT_OIDC_TOKEN` and `/mnt/workspace/spacelift.oidc`).
 */
import { checkPlainValue, RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

export const spacelift: IssuerFamily = {
  id: "spacelift",
  title: "Spacelift",
  platform: "Spacelift",
  issuers: [
    {
      name: "account",
      example: "https://<account>.app.spacelift.io",
      pattern: /^https:\/\/[a-z0-9-]+\.app\.spacelift\.io$/,
      shared: false,
      jwks: (issuer) => `${issuer.replace(/\/$/, "")}/.well-known/jwks`,
    },
    // Self-hosted: FEDERATION_CUSTOM_ISSUER and FEDERATION_CUSTOM_JWKS_URI say both; provider = spacelift.
    { name: "self-hosted", example: "https://spacelift.example.com", shared: false },
  ],
  rule: {
    example: "spacelift space=root stack=oci-prod run_type=TRACKED scope=write",
    options: ["space", "stack", "module", "run_type", "scope"],
    build: (o) => {
      const problems: string[] = [];
      if (o.space === undefined) problems.push("a spacelift rule needs space=<space ID>");
      else checkPlainValue("space", o.space, problems);
      const kinds = (["stack", "module"] as const).filter((k) => o[k] !== undefined);
      if (kinds.length !== 1) problems.push("give one of stack=<stack ID> or module=<module ID>");
      const kind = kinds[0];
      if (kind) checkPlainValue(kind, o[kind]!, problems);
      if (o.run_type !== undefined && !["PROPOSED", "TRACKED", "TASK", "TESTING", "DESTROY"].includes(o.run_type))
        problems.push(
          `run_type must be PROPOSED, TRACKED, TASK, TESTING or DESTROY; got ${JSON.stringify(o.run_type)}`,
        );
      if (o.scope !== undefined && !["read", "write"].includes(o.scope))
        problems.push(`scope must be read or write; got ${JSON.stringify(o.scope)}`);
      if (o.scope !== undefined && o.run_type === undefined) problems.push("scope combines only with run_type");
      if (problems.length) throw new RuleError(problems);
      const base = `space:${o.space}:${kind}:${o[kind!]}:`;
      const value = o.run_type === undefined ? `${base}*` : `${base}run_type:${o.run_type}:scope:${o.scope ?? "*"}`;
      return {
        expressions: [`sub eq ${value}`],
        summary: `Spacelift ${kind} ${o[kind!]}${o.run_type ? `, ${o.run_type} runs` : ""}${o.scope ? ` (${o.scope})` : ""}`,
      };
    },
  },
  claims: {
    space: (v) => ({ name: "spaceId", value: v }),
    caller_type: (v) => ({ name: "callerType", value: v }),
    caller_id: (v) => ({ name: "callerId", value: v }),
    run_type: (v) => ({ name: "runType", value: v }),
    scope: (v) => ({ name: "scope", value: v }),
  },
  pin: { claims: [], pinsRule: () => false, fix: "the account's own issuer, which already pins it" },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: { spaceId: "every stack and module of space" },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^space:([^:]+):(stack|module):([^:]+):$/,
        message: (m) => `matches every run (read and write) of ${m[2]} ${m[3]}`,
      },
      { claim: "sub", pattern: /^space:([^:]+):$/, message: (m) => `matches every stack and module of space ${m[1]}` },
    ],
  },
  token: {
    detect: ["SPACELIFT_OIDC_TOKEN"],
    needsAudience: false,
    steps: [
      { via: "env", name: "SPACELIFT_OIDC_TOKEN" },
      { via: "file", path: "/mnt/workspace/spacelift.oidc" },
    ],
    how: "Runs of a paid account get $SPACELIFT_OIDC_TOKEN (audience <account>.app.spacelift.io, the trust's audience).",
    unavailable: "so the run has no Spacelift OIDC token (OIDC needs a paid account)",
    snippet: "docs/ci/spacelift-hooks.yml",
  },
  sources: ["https://docs.spacelift.io/integrations/cloud-providers/oidc/"],
};
