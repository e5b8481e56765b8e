/**
 * Microsoft Entra ID tokens, e.g. of an Azure managed identity. Sources:
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens (v1 and v2 issuers, keys),
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference (`oid`, `tid`, `appid`),
 * https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token (IMDS).
 * The issuer is per tenant, so it pins the tenant; rules pin the identity by its immutable `oid`.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KEYS = () => "https://login.microsoftonline.com/common/discovery/v2.0/keys";

export const entra: IssuerFamily = {
  id: "entra",
  title: "Microsoft Entra ID",
  platform: "Microsoft Entra ID",
  issuers: [
    {
      name: "v2.0",
      example: "https://login.microsoftonline.com/<tenant id>/v2.0",
      pattern: /^https:\/\/login\.microsoftonline\.com\/[0-9a-fA-F-]{36}\/v2\.0$/,
      shared: false,
      jwks: KEYS,
    },
    {
      name: "v1.0",
      example: "https://sts.windows.net/<tenant id>/",
      pattern: /^https:\/\/sts\.windows\.net\/[0-9a-fA-F-]{36}$/,
      shared: false,
      jwks: KEYS,
    },
  ],
  rule: {
    example: "entra object_id=<the managed identity's object ID>",
    options: ["object_id"],
    build: (o) => {
      if (o.object_id === undefined || !GUID.test(o.object_id))
        throw new RuleError([
          `object_id must be the identity's object ID (a GUID); got ${JSON.stringify(o.object_id ?? "")}`,
        ]);
      return {
        expressions: [`oid eq ${o.object_id.toLowerCase()}`],
        summary: `Entra identity ${o.object_id.toLowerCase()}`,
      };
    },
  },
  claims: {
    tenant: (v) => ({ name: "tid", value: v }),
    object_id: (v) => ({ name: "oid", value: v }),
    app_id: (v) => ({ name: "appid", value: v }),
  },
  pin: { claims: ["tid"], pinsRule: () => false, fix: "the tenant's own issuer, which already pins it" },
  recommended: ["entra tenant=<tenant id>"],
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: { fixed: "http://169.254.169.254/metadata/identity/oauth2/token" },
          originEnv: "AZURE_POD_IDENTITY_AUTHORITY_HOST",
          query: { "api-version": "2018-02-01", resource: "{audience}" },
          headers: { Metadata: "true" },
          answer: { json: "access_token" },
          plainHttpHosts: ["169.254.169.254"],
          service: "Azure's instance metadata service (IMDS)",
          refused:
            "Check that the VM has a managed identity and that {audience} is the application ID URI or client ID of an app in your tenant.",
        },
      },
    ],
    how: "On an Azure VM with a managed identity, wif-exchange asks the instance metadata service for a token for the trust's audience (an Entra app's ID URI or client ID).",
    unavailable: "so there is no Entra token",
    snippet: "docs/ci/azure-vm.sh",
  },
  sources: [
    "https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens",
    "https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token",
  ],
};
