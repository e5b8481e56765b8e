// The construct library's public surface, by name: every construct with its props and the interfaces it takes,
// the rule and claim builders, the errors the library throws, the warning IDs, and the OCI provider class a stack
// needs next to them. Only re-exports live here. What only our own code uses stays out (constructs/private/, and
// helpers of core/), so that changing it is not a breaking change; test/packaging/public-api.test.ts pins this list.
export { BrokerAccount, type BrokerAccountProps } from "./broker-account";
export { DynamicResourceGroup, type DynamicResourceGroupProps } from "./dynamic-resource-group";
export { GroupPolicy, type GroupPolicyProps, type PolicySubject } from "./group-policy";
export { IdentityDomain, type IIdentityDomain } from "./identity-domain";
export { OAuthClient, type OAuthClientProps, type ScopeGrant } from "./oauth-client";
export {
  PropagationTrust,
  type IImpersonationTarget,
  type IOAuthClient,
  type ImpersonationMapping,
  type PropagationTrustProps,
} from "./propagation-trust";
export { RemoteBackend, type RemoteBackendProps } from "./remote-backend";
export {
  ResourceServer,
  type IResourceServer,
  type ResourceServerProps,
  type ScopeDefinition,
} from "./resource-server";
export { RuntimeConfigFile, type RuntimeConfigFileProps } from "./runtime-config-file";
export { ServiceUser, type IGroup, type ServiceUserProps } from "./service-user";
export { TokenExchangeClient, type TokenExchangeClientProps } from "./token-exchange-client";
export {
  UpstBroker,
  type BrokerFunctionOptions,
  type BrokerGatewayOptions,
  type ExistingVault,
  type UpstBrokerProps,
} from "./upst-broker";
export { DomainOcidLookup, WorkloadGrant, type DomainOcidLookupProps, type WorkloadGrantProps } from "./workload-grant";
export { ConstructValidationError } from "./validation";
// What the constructs take: rules for PropagationTrust.addImpersonation, claim conditions for claimValidations and
// WorkloadGrant, the trust modes, and the runtimeConfig.ini trusts of RuntimeConfigFile.
export {
  ImpersonationRule,
  RuleError,
  type GitHubRuleOptions,
  type GitHubSubjectFormat,
  type GitLabRuleOptions,
  type RuleOperator,
} from "../core/impersonation-rule";
export { GitHubClaims, GitLabClaims, type ClaimCondition, type TrustMode } from "../core/trust-modes";
export type { RuntimeTrust } from "../core/runtime-config";
export { WARNING, type WarningId } from "../core/warnings";
// The base of every error the library throws (RuleError, ConstructValidationError, ConfigError), and its exit codes.
export { ERROR_CODES, EXIT, type ErrorCode, type ErrorKind, type ExitCode, WifError } from "../core/errors";
export { OciProvider, type OciProviderConfig } from "../.gen/providers/oci/provider";
