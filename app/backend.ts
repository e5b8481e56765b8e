import { LocalBackend, type TerraformStack } from "cdktf";
import { backendBlock } from "../config/backend";
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
