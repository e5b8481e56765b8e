// The construct library's public surface: every construct, the rule builder they take, and the OCI provider class
// a stack needs next to them. Only re-exports live here.
export * from "./broker-account";
export * from "./dynamic-resource-group";
export * from "./group-policy";
export * from "./identity-domain";
export * from "../core/impersonation-rule";
export * from "./oauth-client";
export * from "./propagation-trust";
export * from "./remote-backend";
export * from "./resource-server";
export * from "./runtime-config-file";
export * from "./service-user";
export * from "./token-exchange-client";
export * from "./upst-broker";
export * from "./workload-grant";
export * from "./validation";
export { WARNING, type WarningId } from "../core/warnings";
// The base of every error the library throws (RuleError, ConstructValidationError, ConfigError), and its exit codes.
export { ERROR_CODES, EXIT, type ErrorCode, type ErrorKind, type ExitCode, WifError } from "../core/errors";
export { OciProvider, type OciProviderConfig } from "../.gen/providers/oci/provider";
