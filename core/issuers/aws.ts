/**
 * AWS IAM outbound identity federation (`sts:GetWebIdentityToken`). Sources:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (the call),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html (issuer, `sub`),
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html (discovery and
 * JWKS). The request must be signed with AWS Signature Version 4; rather than carry a signer, wif-exchange runs the
 * AWS CLI, which signs with whatever credentials the job has.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;

export const aws: IssuerFamily = {
  id: "aws",
  title: "AWS outbound identity federation",
  platform: "AWS",
  issuers: [
    {
      name: "account",
      example: "https://<uuid>.tokens.sts.global.api.aws",
      pattern: /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/,
      shared: false,
      jwks: (issuer) => `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`,
    },
  ],
  rule: {
    example: "aws role=arn:aws:iam::123456789012:role/deployer",
    options: ["role"],
    build: (o) => {
      if (o.role === undefined || !ROLE_ARN.test(o.role))
        throw new RuleError([
          `role must be an IAM role ARN, arn:aws:iam::<account>:role/<name>; got ${JSON.stringify(o.role ?? "")}`,
        ]);
      return { expressions: [`sub eq ${o.role}`], summary: `AWS role ${o.role}` };
    },
  },
  pin: { claims: [], pinsRule: () => false, fix: "the account's own issuer, which already pins it" },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^arn:[^:]+:iam::([0-9]{12}):role\/$/,
        message: (m) => `matches every role of account ${m[1]}`,
      },
    ],
  },
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "command",
        argv: [
          "aws",
          "sts",
          "get-web-identity-token",
          "--audience",
          "{audience}",
          "--signing-algorithm",
          "RS256",
          "--query",
          "WebIdentityToken",
          "--output",
          "text",
        ],
      },
    ],
    how: "wif-exchange runs the AWS CLI (aws sts get-web-identity-token --audience <the trust's audience> --signing-algorithm RS256) with the job's AWS credentials: outbound federation enabled in the account, sts:GetWebIdentityToken allowed, and a regional STS endpoint (set AWS_REGION).",
    unavailable: "so there is no AWS token",
    snippet: "docs/ci/aws.sh",
  },
  sources: [
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html",
  ],
};
