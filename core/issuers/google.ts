/**
 * Google Cloud service account ID tokens. Sources:
 * https://cloud.google.com/compute/docs/instances/verifying-instance-identity (issuer, the metadata server request,
 * lifetime), https://developers.google.com/identity/openid-connect/reference (the discovery document that names the
 * JWKS). `https://accounts.google.com` signs every Google customer's tokens, so a trust pins one service account by
 * its numeric ID (`sub`) or its email.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily, RuleView } from "./types";

const NUMERIC_ID = /^[0-9]{6,30}$/;
const SA_EMAIL = /^[a-z0-9][a-z0-9._-]{0,99}@[a-z0-9][a-z0-9.-]{0,199}\.gserviceaccount\.com$/;

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq" || r.prefix || r.value === "") return false;
  return r.claim === "sub" || r.claim === "azp" || r.claim === "email";
}

export const google: IssuerFamily = {
  id: "google",
  title: "Google Cloud",
  platform: "Google",
  issuers: [
    {
      name: "accounts.google.com",
      example: "https://accounts.google.com",
      pattern: /^https:\/\/accounts\.google\.com$/,
      shared: true,
      jwks: () => "https://www.googleapis.com/oauth2/v3/certs",
    },
  ],
  rule: {
    example: "google service_account_id=<the service account's numeric unique ID>",
    options: ["service_account_id", "email"],
    build: (o) => {
      const given = (["service_account_id", "email"] as const).filter((k) => o[k] !== undefined);
      if (given.length !== 1)
        throw new RuleError(["give one of service_account_id=<numeric ID> or email=<service account email>"]);
      if (o.service_account_id !== undefined) {
        if (!NUMERIC_ID.test(o.service_account_id))
          throw new RuleError([
            `service_account_id must be the numeric unique ID; got ${JSON.stringify(o.service_account_id)}`,
          ]);
        return {
          expressions: [`sub eq ${o.service_account_id}`],
          summary: `Google service account ${o.service_account_id}`,
        };
      }
      if (!SA_EMAIL.test(o.email!))
        throw new RuleError([
          `email must be a service account's email (…gserviceaccount.com); got ${JSON.stringify(o.email)}`,
        ]);
      return { expressions: [`email eq ${o.email}`], summary: `Google service account ${o.email}` };
    },
  },
  claims: {
    service_account_id: (v) => ({ name: "sub", value: v }),
    email: (v) => ({ name: "email", value: v }),
  },
  pin: {
    claims: ["sub", "azp", "email"],
    pinsRule,
    fix: "validate[] = google service_account_id=<numeric ID>",
  },
  recommended: ["google service_account_id=<numeric ID>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^/,
        // No prefix of a numeric ID names one account: every prefix rule on sub reaches other customers.
        complete: /(?!)/,
        message: (v) =>
          `matches other Google customers' service accounts too: a prefix of the numeric ID ("${v}*") names no account`,
      },
    ],
    ownerScopedClaims: ["sub", "email"],
    wholeClaims: {},
    broadPrefixes: [],
  },
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: {
            fixed: "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity",
          },
          originEnv: "GCE_METADATA_HOST",
          query: { audience: "{audience}", format: "full" },
          headers: { "Metadata-Flavor": "Google" },
          answer: "text",
          plainHttpHosts: ["metadata.google.internal", "169.254.169.254"],
          service: "Google's metadata server",
          refused: "Check that the instance runs as a service account and that {audience} is the audience you meant.",
        },
      },
    ],
    how: "On Compute Engine, GKE, Cloud Run or Cloud Build, wif-exchange asks the metadata server for an ID token for the trust's audience.",
    unavailable: "so there is no Google ID token",
    snippet: "docs/ci/google-cloud.sh",
  },
  sources: [
    "https://cloud.google.com/compute/docs/instances/verifying-instance-identity",
    "https://developers.google.com/identity/openid-connect/reference",
  ],
};
