import type { OciProviderConfig } from "../.gen/providers/oci/provider";
import type { WifConfig } from "../config/model";
import { RPST_TOKEN_TYPE, UPST_TOKEN_TYPE } from "../core/trust-modes";

/**
 * The OCI provider's authentication arguments. With `auth = WorkloadIdentityFederation` the provider exchanges the
 * pipeline's OIDC token itself [src: provider workload_identity_federation.go], so no API key or profile is used;
 * the client secret is left out on purpose: the provider falls back to OCI_TOKEN_EXCHANGE_CLIENT_SECRET in the
 * environment [src: provider.go], which keeps it out of cdk.tf.json and the plan. Other auths keep the profile.
 */
export function providerAuthArgs(
  config: WifConfig,
): Pick<
  OciProviderConfig,
  | "configFileProfile"
  | "auth"
  | "workloadIdentityTokenPath"
  | "tokenExchangeDomainUrl"
  | "tokenExchangeRequestedTokenType"
  | "tokenExchangeClientId"
  | "tokenExchangeResourceType"
> {
  const d = config.deployAuth;
  if (!d) return { configFileProfile: config.oci.profile, auth: config.oci.auth };
  return {
    auth: "WorkloadIdentityFederation",
    workloadIdentityTokenPath: d.tokenPath,
    tokenExchangeDomainUrl: d.domainUrl,
    tokenExchangeRequestedTokenType: d.tokenType === "rpst" ? RPST_TOKEN_TYPE : UPST_TOKEN_TYPE,
    tokenExchangeClientId: d.clientId,
    tokenExchangeResourceType: d.resourceType,
  };
}
