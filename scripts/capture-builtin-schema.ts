// Captures the schema of Terraform's built-in provider (terraform_data) from the local `terraform` binary, which
// needs no download, and writes schema/terraform-builtin.json for the offline schema check.
//   npx tsx scripts/capture-builtin-schema.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "tf-builtin-"));
try {
  writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "probe" {}\n');
  const run = (args: string[]) =>
    execFileSync("terraform", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  run(["init", "-input=false", "-backend=false"]);
  const full = JSON.parse(run(["providers", "schema", "-json"]));
  const version = JSON.parse(run(["version", "-json"])).terraform_version;
  const provider = full.provider_schemas["terraform.io/builtin/terraform"];
  const out = {
    format_version: full.format_version,
    captured_with: `terraform ${version}`,
    provider_schemas: {
      "terraform.io/builtin/terraform": {
        provider: provider.provider,
        resource_schemas: { terraform_data: stripDocs(provider.resource_schemas.terraform_data) },
      },
    },
  };
  writeFileSync(join(__dirname, "..", "schema", "terraform-builtin.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(`schema/terraform-builtin.json from terraform ${version}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Drops documentation only: `description` and `description_kind` of a block or an attribute definition,
// never an attribute that happens to be called "description".
function stripDocs(node: any): any {
  if (Array.isArray(node) || node === null || typeof node !== "object") return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "description" || k === "description_kind") {
      if (typeof v === "string") continue;
    }
    out[k] =
      k === "attributes" || k === "block_types"
        ? Object.fromEntries(Object.entries(v as object).map(([name, def]) => [name, stripDocs(def)]))
        : stripDocs(v);
  }
  return out;
}
