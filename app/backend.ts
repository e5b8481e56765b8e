import { LocalBackend, type TerraformStack } from "cdktf";
import type { BackendSettings, LocalBackendSettings } from "../config/backend";
import type { WifConfig } from "../config/model";
import { RemoteBackend } from "../constructs/remote-backend";

/**
 * Adds the stack's state backend from `[Backend]`: without one (or with `type = local`) the local file next to the
 * config, exactly as before `[Backend]` existed; otherwise the remote backend, with the Terraform version it needs.
 * @param fromWorkdir turns an absolute path into one relative to Terraform's working directory
 */
export function addBackend(stack: TerraformStack, config: WifConfig, fromWorkdir: (p: string) => string): void {
  const b = config.backend;
  if (!b || b.type === "local") {
    new LocalBackend(stack, {
      path: fromWorkdir(b?.path ?? `${config.baseDir}/terraform.${config.stackName}.tfstate`),
    });
    return;
  }
  const { block, requiredVersion } = backendBlock(b);
  const [type, body] = Object.entries(block)[0];
  new RemoteBackend(stack, {
    type,
    config: body as Record<string, unknown>,
    requiredTerraformVersion: requiredVersion,
  });
}

/** The backend block and the Terraform version it needs, as Terraform JSON. */
export function backendBlock(b: Exclude<BackendSettings, LocalBackendSettings>): {
  block: Record<string, unknown>;
  requiredVersion?: string;
} {
  switch (b.type) {
    case "oci":
      return {
        // The native backend arrived in Terraform 1.12 (docs/oci-facts.md#backend).
        requiredVersion: ">= 1.12.0",
        block: {
          oci: compact({
            bucket: b.bucket,
            namespace: b.namespace,
            key: b.key,
            region: b.region,
            auth: b.auth,
            config_file_profile: b.configFileProfile,
            kms_key_id: b.kmsKeyId,
            workspace_key_prefix: b.workspaceKeyPrefix,
          }),
        },
      };
    case "s3":
      return {
        // endpoints{}, use_path_style and skip_s3_checksum need the S3 backend of Terraform 1.6; 1.6.4 fixed
        // skip_requesting_account_id with custom endpoints (hashicorp/terraform#33983).
        requiredVersion: ">= 1.6.4",
        block: {
          s3: compact({
            bucket: b.bucket,
            key: b.key,
            region: b.region,
            workspace_key_prefix: b.workspaceKeyPrefix,
            endpoints: { s3: b.endpoint },
            use_path_style: true,
            skip_region_validation: true,
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            skip_s3_checksum: true,
          }),
        },
      };
    case "http":
      return {
        block: { http: compact({ address: b.address, lock_address: b.lockAddress, unlock_address: b.unlockAddress }) },
      };
  }
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
