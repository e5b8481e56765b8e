/**
 * Whether the end-to-end tier (the real `oracle/oci` provider against the local OCI) can run on this machine. It
 * needs `terraform` on PATH and the provider in Terraform's implicit local mirror (`~/.terraform.d/plugins`, the
 * unpacked layout `terraform init` links from without a registry), or `WIF_E2E=1` where `terraform init` may
 * download it. Shared by the tests and `.ci/run`, which says whether the tier ran.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const PROVIDER_VERSION = "8.28.0";

/**
 * Terraform's implicit local mirror directories on Linux, in its search order (Terraform, "Provider Installation":
 * implicit local mirror directories).
 */
function mirrorDirs(): string[] {
  const home = homedir();
  return [
    join(home, ".terraform.d", "plugins"),
    join(process.env.XDG_DATA_HOME ?? join(home, ".local", "share"), "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
}

/** Where the provider binary lies in mirror directory `dir` (the unpacked layout). */
function binaryIn(dir: string): string {
  const name = `terraform-provider-oci_v${PROVIDER_VERSION}`;
  return join(dir, "registry.terraform.io", "oracle", "oci", PROVIDER_VERSION, "linux_amd64", name);
}

/**
 * The implicit mirror directory that holds the provider binary (not merely its version folder, which a build in
 * progress has already made), or undefined. Tests that run the provider offline point a filesystem mirror at it.
 */
export function providerMirror(): string | undefined {
  return mirrorDirs().find((d) => existsSync(binaryIn(d)));
}

/** The provider binary in the first implicit mirror that has it, or where it would go. */
export function mirroredProvider(): string {
  return binaryIn(providerMirror() ?? mirrorDirs()[0]);
}

/**
 * Whether the tier can run, or the one line that says why not. It runs where the provider is in the local mirror,
 * or with `WIF_E2E=1` where `terraform init` may download it.
 */
export function e2eSkipReason(): string | undefined {
  const terraform = process.env.PATH?.split(":").some((d) => d && existsSync(join(d, "terraform")));
  if (!terraform) return "end-to-end tier skipped: terraform is not on PATH";
  if (process.env.WIF_E2E === "1" || existsSync(mirroredProvider())) return undefined;
  return `end-to-end tier skipped: the oracle/oci ${PROVIDER_VERSION} provider is not in ${mirroredProvider().replace(homedir(), "~")}; build it from source (docs/testing.md) or set WIF_E2E=1 to let terraform init download it`;
}
