// Generates the typed provider bindings, OCI's and hashicorp/tls's, from the committed schemas (schema/provider.json
// names OCI's file and version constraint; TLS_PROVIDER in scripts/schema/provider-schema.ts names TLS's), once per
// engine with that engine's own provider generator: .gen/providers/{oci,tls} for cdktf, and
// engines/cdktn/build/.gen/providers/{oci,tls} for cdktn (scripts/engines.ts). Offline: no `cdktf get`, no registry.
//
//   npm run gen                                                      regenerate both
//   npx tsx scripts/generate-bindings.ts --engine cdktn              one engine
//   npx tsx scripts/generate-bindings.ts --if-stale                  only when absent or made from other inputs
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ENGINES, type Engine, engineNamed, ROOT } from "./engines";
import { loadOciSchema, loadTlsSchema, TLS_PROVIDER } from "./schema/provider-schema";

/** The stamp that says from which inputs an engine's bindings were made (bin/run.cjs watches the cdktf one). */
export function stampFile(engine: Engine): string {
  return join(ROOT, engine.gen, "providers", "oci", ".schema-sha256");
}

/** A hash of everything the bindings are made from: both schemas, their constraints, the generator's version. */
function inputsHash(engine: Engine, ociHash: string, generatorVersion: string): string {
  return createHash("sha256")
    .update(ociHash)
    .update(readFileSync(join(ROOT, "schema", TLS_PROVIDER.schema)))
    .update(`${TLS_PROVIDER.source} ${TLS_PROVIDER.constraint}`)
    .update(`${engine.name} ${generatorVersion}`)
    .digest("hex");
}

/** The installed version of the engine's generator, or undefined when it is not installed. */
function generatorVersion(engine: Engine): string | undefined {
  const packageName = engine.generator.split("/").slice(0, 2).join("/");
  try {
    return createRequire(join(ROOT, "package.json"))(`${packageName}/package.json`).version;
  } catch {
    return undefined;
  }
}

/** Generates `engine`'s bindings unless they are current (with `ifStale`). Returns a line to print, or undefined. */
export async function generate(engine: Engine, ifStale: boolean): Promise<string | undefined> {
  const started = Date.now();
  const { schema, manifest, hash } = loadOciSchema();
  const version = generatorVersion(engine);
  const stamp = stampFile(engine);
  if (!version) {
    if (existsSync(stamp)) return undefined;
    // An install without dev dependencies (say, a CI job that only runs wif-exchange) must not fail here; synthesis
    // will say what is missing if it is ever attempted.
    console.warn(
      `generate-bindings: ${engine.name} skipped, its provider generator is not installed. ` +
        `Synthesis with ${engine.name} needs ${engine.gen}/providers: install with dev dependencies and run \`npm run gen\`.`,
    );
    return undefined;
  }
  const inputs = inputsHash(engine, hash, version);
  if (ifStale && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === inputs) return undefined;

  // The package's index also loads the jsii tooling that `get` needs for other languages; the provider generator
  // itself does not need it. Its helpers are taken from where the generator finds them (each engine has its own).
  const requireFromRoot = createRequire(join(ROOT, "package.json"));
  const generatorPath = requireFromRoot.resolve(engine.generator);
  const generator = requireFromRoot(generatorPath);
  const requireBesideGenerator = createRequire(generatorPath);
  const { CodeMaker } = requireBesideGenerator("codemaker");
  const commons = requireBesideGenerator(engine.commons);

  const code = new CodeMaker();
  const tls = loadTlsSchema();
  // One generator per provider: a generator names classes through one parser, which would file the second
  // provider's own class under the first one's folder.
  // No `provider_versions` in the schemas on purpose: with it, the generator pins required_providers to that exact
  // version instead of the constraint, and users could not take provider patch releases.
  for (const [name, source, constraint, providers] of [
    ["oci", manifest.source, manifest.constraint, schema],
    ["tls", TLS_PROVIDER.source, TLS_PROVIDER.constraint, tls],
  ] as const) {
    new generator.TerraformProviderGenerator(code, providers as never).generate(
      new commons.ConstructsMakerProviderTarget(
        new commons.TerraformProviderConstraint({ source, version: constraint, name }),
        commons.LANGUAGES[0],
      ),
    );
  }

  // Write beside the target and swap, so an interrupted run never leaves half a binding tree.
  const target = join(ROOT, engine.gen);
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await code.save(staging);
  mkdirSync(join(staging, "providers", "oci"), { recursive: true });
  writeFileSync(join(staging, "providers", "oci", ".schema-sha256"), `${inputs}\n`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, ".."), { recursive: true });
  renameSync(staging, target);

  const provider = schema.provider_schemas[manifest.fqpn];
  const count = (o?: object) => Object.keys(o ?? {}).length;
  return (
    `generate-bindings: ${engine.gen}/providers/{oci,tls} with ${engine.name}'s generator ${version} from ` +
    `schema/${manifest.schema} (${count(provider.resource_schemas)} resources, ` +
    `${count(provider.data_source_schemas)} data sources, "${manifest.source}" "${manifest.constraint}") and ` +
    `schema/${TLS_PROVIDER.schema} in ${((Date.now() - started) / 1000).toFixed(1)}s`
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf("--engine");
  const engines = at >= 0 ? [engineNamed(argv[at + 1] ?? "")] : Object.values(ENGINES);
  for (const engine of engines) {
    const line = await generate(engine, argv.includes("--if-stale"));
    if (line) console.log(line);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`generate-bindings: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
}
