// Generates the typed OCI provider bindings under .gen/providers/oci from the committed schema
// (schema/provider.json names the file and the version constraint). Offline: no `cdktf get`, no registry.
//
//   npm run gen                                        regenerate
//   npx tsx scripts/generate-bindings.ts --if-stale    only when .gen is absent or was made from other inputs
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadOciSchema } from "./schema/provider-schema";

const root = join(__dirname, "..");
const target = join(root, ".gen");
const stampFile = join(target, "providers", "oci", ".schema-sha256");

async function main(): Promise<number> {
  const started = Date.now();
  const { schema, manifest, hash } = loadOciSchema();
  if (process.argv.includes("--if-stale") && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === hash) {
    return 0;
  }

  let generator: typeof import("@cdktf/provider-generator/lib/get/generator/provider-generator");
  try {
    // The package's index also loads the jsii tooling that `cdktf get` needs for other languages; the provider
    // generator itself does not need it.
    generator = require("@cdktf/provider-generator/lib/get/generator/provider-generator");
  } catch (err) {
    if (existsSync(stampFile)) return 0;
    // An install without dev dependencies (say, a CI job that only runs wif-exchange) must not fail here; synthesis
    // will say what is missing if it is ever attempted.
    console.warn(
      `generate-bindings: skipped, @cdktf/provider-generator is not installed (${(err as NodeJS.ErrnoException).code ?? err}). ` +
        "Synthesis needs .gen/providers/oci: install with dev dependencies and run `npm run gen`.",
    );
    return 0;
  }
  const { CodeMaker } = require("codemaker");
  const commons = require("@cdktf/commons");

  const code = new CodeMaker();
  // No `provider_versions` in the schema on purpose: with it, cdktf pins required_providers to that exact
  // version instead of the constraint, and users could not take provider patch releases.
  new generator.TerraformProviderGenerator(code, schema as never).generate(
    new commons.ConstructsMakerProviderTarget(
      new commons.TerraformProviderConstraint({ source: manifest.source, version: manifest.constraint, name: "oci" }),
      commons.LANGUAGES[0],
    ),
  );

  // Write beside the target and swap, so an interrupted run never leaves half a binding tree.
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await code.save(staging);
  mkdirSync(join(staging, "providers", "oci"), { recursive: true });
  writeFileSync(join(staging, "providers", "oci", ".schema-sha256"), `${hash}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);

  const provider = schema.provider_schemas[manifest.fqpn];
  const count = (o?: object) => Object.keys(o ?? {}).length;
  console.log(
    `generate-bindings: .gen/providers/oci from schema/${manifest.schema} ` +
      `(${count(provider.resource_schemas)} resources, ${count(provider.data_source_schemas)} data sources, ` +
      `"${manifest.source}" "${manifest.constraint}") in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`generate-bindings: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
