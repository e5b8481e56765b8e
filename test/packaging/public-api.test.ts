// The library's public surface, pinned: the names each entry point of package.json exports, read from the built
// declarations as a consumer's compiler sees them. A change to this list is a decision (see CONTRIBUTING.md's
// semver policy), not an accident: update the list in the same commit and say why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entryPoints, publicApi, type PublicApi } from "../support/public-api";
import { ROOT, sh } from "../support/packages";

const PUBLIC_NAMES: Record<string, string[]> = {
  ".": [
    "API_KEY_SCHEMA",
    "APP_SCHEMA",
    "BrokerAccount",
    "BrokerAccountProps",
    "BrokerFunctionOptions",
    "BrokerGatewayOptions",
    "CAPABILITIES_SCHEMA",
    "ClaimCondition",
    "ConstructValidationError",
    "DELETE_SCRIPT",
    "DYNAMIC_GROUP_SCHEMA",
    "DomainOcidLookup",
    "DomainOcidLookupProps",
    "DynamicResourceGroup",
    "DynamicResourceGroupProps",
    "ERROR_CODES",
    "EXIT",
    "ErrorCode",
    "ErrorKind",
    "ExistingVault",
    "ExitCode",
    "GROUP_SCHEMA",
    "GitHubClaims",
    "GitHubRuleOptions",
    "GitHubSubjectFormat",
    "GitLabClaims",
    "GitLabRuleOptions",
    "GroupPolicy",
    "GroupPolicyProps",
    "IGroup",
    "IIdentityDomain",
    "IImpersonationTarget",
    "IOAuthClient",
    "IResourceServer",
    "IdentityDomain",
    "ImpersonationMapping",
    "ImpersonationRule",
    "OAuthClient",
    "OAuthClientProps",
    "OciProvider",
    "OciProviderConfig",
    "PolicySubject",
    "PropChecker",
    "PropagationTrust",
    "PropagationTrustProps",
    "RemoteBackend",
    "RemoteBackendProps",
    "ResourceServer",
    "ResourceServerProps",
    "RuleError",
    "RuleOperator",
    "RuntimeConfigFile",
    "RuntimeConfigFileProps",
    "RuntimeConfigValues",
    "RuntimeTrust",
    "SUBJECT_TOKEN_PLACEHOLDER",
    "ScopeDefinition",
    "ScopeGrant",
    "ServiceUser",
    "ServiceUserProps",
    "TRUST_SCHEMA",
    "TokenExchangeClient",
    "TokenExchangeClientProps",
    "TrustMode",
    "USER_EXTENSION_SCHEMA",
    "USER_SCHEMA",
    "UpstBroker",
    "UpstBrokerProps",
    "WARNING",
    "WRITE_SCRIPT",
    "WarningId",
    "WifError",
    "WorkloadGrant",
    "WorkloadGrantProps",
    "checkUserAndGroupNames",
    "domainJwksUri",
    "evaluatedForm",
    "isGitHubNameSubject",
    "isHttpsUrl",
    "renderRuntimeConfig",
    "soleMemberGroup",
    "splitExpression",
    "unquote",
  ],
  "./federation": ["WorkloadIdentityFederation", "WorkloadIdentityFederationProps", "trustId", "trustIds"],
  "./config": [
    "BackendSettings",
    "ConfigError",
    "ConfigLocation",
    "ConfigProblem",
    "DeployAuthSettings",
    "GITHUB_ISSUER",
    "GITLAB_ISSUER",
    "HttpBackendSettings",
    "LoadedConfig",
    "LocalBackendSettings",
    "OAuthClientSettings",
    "OciBackendSettings",
    "ParseOptions",
    "ResourceServerSettings",
    "RetiredSettings",
    "RuleSettings",
    "S3BackendSettings",
    "SEED_TRUST_LABEL",
    "ScopeGrantSettings",
    "ServiceUserSettings",
    "SuppressionSettings",
    "TrustProvider",
    "TrustSettings",
    "UpstBrokerSettings",
    "WifConfig",
    "WorkloadSettings",
    "loadConfig",
    "parseConfig",
  ],
  "./oci": [
    "apigatewayDeployment",
    "apigatewayGateway",
    "dataOciIdentityCompartment",
    "dataOciIdentityCompartments",
    "dataOciIdentityDomain",
    "dataOciIdentityDomains",
    "dataOciIdentityDomainsApp",
    "dataOciIdentityDomainsAppRoles",
    "dataOciIdentityDomainsApps",
    "dataOciIdentityDomainsGroups",
    "dataOciIdentityDomainsUser",
    "dataOciIdentityDomainsUsers",
    "dataOciIdentityRegionSubscriptions",
    "dataOciIdentityRegions",
    "dataOciIdentityTenancy",
    "dataOciKmsVault",
    "dataOciObjectstorageNamespace",
    "dataOciSecretsSecretbundle",
    "dataOciVaultSecrets",
    "functionsApplication",
    "functionsFunction",
    "identityCompartment",
    "identityDomain",
    "identityDomainsApiKey",
    "identityDomainsApp",
    "identityDomainsAppRole",
    "identityDomainsDynamicResourceGroup",
    "identityDomainsGrant",
    "identityDomainsGroup",
    "identityDomainsIdentityPropagationTrust",
    "identityDomainsUser",
    "identityDynamicGroup",
    "identityPolicy",
    "identityTag",
    "identityTagNamespace",
    "kmsKey",
    "kmsVault",
    "loggingLog",
    "loggingLogGroup",
    "objectstorageBucket",
    "provider",
    "vaultSecret",
  ],
};

// CDK Terrain's entry points (`./cdktn/…`) are the same library built for cdktn: each exports exactly what its
// cdktf counterpart exports, so the lists are not written twice.
for (const entry of [".", "./federation", "./config", "./oci"])
  PUBLIC_NAMES[entry === "." ? "./cdktn" : `./cdktn/${entry.slice(2)}`] = PUBLIC_NAMES[entry];

let api: PublicApi;
beforeAll(() => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  api = publicApi();
}, 120_000);

describe("the library's public surface", () => {
  test("package.json's entry points are the ones pinned", () => {
    expect(Object.keys(entryPoints()).sort()).toEqual(Object.keys(PUBLIC_NAMES).sort());
  });

  test.each(Object.keys(PUBLIC_NAMES))("%s exports exactly the pinned names", (entry) => {
    expect(api.names[entry]).toEqual(PUBLIC_NAMES[entry]);
  });

  test("every type of ours that a public signature names is exported by an entry point", () => {
    // Else a user receives a value whose type they cannot write down (WifConfig once was one).
    expect(api.unexported).toEqual([]);
  });

  test("every subpath entry point has typesVersions, for TypeScript's node10 resolution (cdktf's template)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const subpaths = Object.entries(entryPoints())
      .filter(([entry]) => entry !== ".")
      .map(([entry, types]) => [entry.replace(/^\.\//, ""), [types.slice(ROOT.length + 1)]]);
    expect(pkg.typesVersions).toEqual({ "*": Object.fromEntries(subpaths) });
    expect(pkg.types).toBe(pkg.exports["."].types.replace(/^\.\//, ""));
  });
});
