import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** An attribute of a block, as `terraform providers schema -json` prints it. */
export interface AttributeSchema {
  readonly type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** A nested block type. */
export interface BlockTypeSchema {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly min_items?: number;
  readonly max_items?: number;
  readonly block: BlockSchema;
}

/** A block: attributes and nested block types. */
export interface BlockSchema {
  readonly attributes?: Record<string, AttributeSchema>;
  readonly block_types?: Record<string, BlockTypeSchema>;
}

/** One provider's schema. */
export interface ProviderSchema {
  readonly provider?: { readonly block?: BlockSchema };
  readonly resource_schemas?: Record<string, { readonly block: BlockSchema }>;
  readonly data_source_schemas?: Record<string, { readonly block: BlockSchema }>;
}

/** The JSON document `terraform providers schema -json` prints. */
export interface ProvidersSchema {
  readonly format_version?: string;
  readonly provider_schemas: Record<string, ProviderSchema>;
}

/** schema/provider.json: which schema file, and the constraint the synthesized stacks pin. */
export interface ProviderManifest {
  readonly source: string;
  readonly fqpn: string;
  readonly version: string;
  readonly constraint: string;
  readonly schema: string;
}

/** An attribute the schema file lost and a patch puts back (see schema/patches/). */
interface AttributePatch {
  readonly kind: "resource" | "data_source" | "provider";
  readonly type: string;
  readonly path: readonly string[];
  readonly name?: string;
  readonly flags: Record<string, boolean>;
  readonly type_expr: unknown;
  readonly source: string;
}

export const SCHEMA_DIR = join(__dirname, "..", "..", "schema");

export function readManifest(schemaDir = SCHEMA_DIR): ProviderManifest {
  return JSON.parse(readFileSync(join(schemaDir, "provider.json"), "utf8"));
}

/**
 * The OCI provider schema that bindings are generated from and stacks are checked against: the committed
 * schema file with every patch in schema/patches/ applied. Returns the schema and a hash of all inputs.
 */
export function loadOciSchema(schemaDir = SCHEMA_DIR): { schema: ProvidersSchema; manifest: ProviderManifest; hash: string } {
  const manifest = readManifest(schemaDir);
  const text = readFileSync(join(schemaDir, manifest.schema), "utf8");
  const hash = createHash("sha256").update(text).update(manifest.constraint).update(manifest.source);
  const schema = JSON.parse(text) as ProvidersSchema;
  const provider = schema.provider_schemas[manifest.fqpn];
  if (!provider) throw new Error(`schema/${manifest.schema} has no provider "${manifest.fqpn}"; check schema/provider.json.`);

  const patchDir = join(schemaDir, "patches");
  const patchFiles = existsSync(patchDir) ? readdirSync(patchDir).filter((f) => f.endsWith(".json")).sort() : [];
  for (const file of patchFiles) {
    const patchText = readFileSync(join(patchDir, file), "utf8");
    hash.update(file).update(patchText);
    for (const patch of (JSON.parse(patchText).attributes ?? []) as AttributePatch[]) applyPatch(provider, patch, file);
  }
  return { schema, manifest, hash: hash.digest("hex") };
}

/** Terraform's built-in provider (terraform_data), captured by scripts/capture-builtin-schema.ts. */
export function loadBuiltinSchema(schemaDir = SCHEMA_DIR): ProvidersSchema {
  return JSON.parse(readFileSync(join(schemaDir, "terraform-builtin.json"), "utf8"));
}

/** hashicorp/tls, for the broker's generated key pair (see the file's `captured_with`). */
export function loadTlsSchema(schemaDir = SCHEMA_DIR): ProvidersSchema {
  return JSON.parse(readFileSync(join(schemaDir, "hashicorp-tls.json"), "utf8"));
}

/** Every schema a synthesized stack is checked against: OCI (patched), Terraform's built-in provider, TLS. */
export function loadAllSchemas(schemaDir = SCHEMA_DIR): ProvidersSchema[] {
  return [loadOciSchema(schemaDir).schema, loadBuiltinSchema(schemaDir), loadTlsSchema(schemaDir)];
}

function applyPatch(provider: ProviderSchema, patch: AttributePatch, file: string): void {
  const where = `${file}: ${patch.kind} ${patch.type} ${patch.path.join(".")}`;
  let block: BlockSchema | undefined =
    patch.kind === "provider"
      ? provider.provider?.block
      : (patch.kind === "resource" ? provider.resource_schemas : provider.data_source_schemas)?.[patch.type]?.block;
  for (const name of patch.path) block = block?.block_types?.[name]?.block;
  if (!block) throw new Error(`schema patch ${where}: no such block in the schema`);
  const attributes = ((block as { attributes?: Record<string, AttributeSchema> }).attributes ??= {});
  const name = patch.name ?? "description";
  if (attributes[name]) throw new Error(`schema patch ${where}: attribute "${name}" already exists`);
  attributes[name] = { type: patch.type_expr, ...patch.flags };
}
