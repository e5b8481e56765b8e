import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
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

export const SCHEMA_DIR = join(__dirname, "..", "..", "schema");

export function readManifest(schemaDir = SCHEMA_DIR): ProviderManifest {
  return JSON.parse(readFileSync(join(schemaDir, "provider.json"), "utf8"));
}

/**
 * The OCI provider schema that bindings are generated from and stacks are checked against: the committed schema
 * file named by schema/provider.json. Returns the schema and a hash of all inputs.
 */
export function loadOciSchema(schemaDir = SCHEMA_DIR): {
  schema: ProvidersSchema;
  manifest: ProviderManifest;
  hash: string;
} {
  const manifest = readManifest(schemaDir);
  const text = readFileSync(join(schemaDir, manifest.schema), "utf8");
  const hash = createHash("sha256").update(text).update(manifest.constraint).update(manifest.source);
  const schema = JSON.parse(text) as ProvidersSchema;
  if (!schema.provider_schemas[manifest.fqpn]) {
    throw new Error(`schema/${manifest.schema} has no provider "${manifest.fqpn}"; check schema/provider.json.`);
  }
  return { schema, manifest, hash: hash.digest("hex") };
}

/** Terraform's built-in provider (terraform_data), captured by scripts/capture-builtin-schema.ts. */
export function loadBuiltinSchema(schemaDir = SCHEMA_DIR): ProvidersSchema {
  return JSON.parse(readFileSync(join(schemaDir, "terraform-builtin.json"), "utf8"));
}

/**
 * hashicorp/tls, for the broker's generated key pair: where the stacks say it comes from and the versions they
 * accept (any 4.x from 4.1 has tls_private_key as the broker uses it). Its bindings are generated from
 * schema/hashicorp-tls.json like OCI's, for each engine, rather than taken from the prebuilt @cdktf/provider-tls:
 * that package peers on cdktf (so a CDK Terrain project would get cdktf installed with it) and no prebuilt
 * @cdktn/provider-tls is on npm.
 */
export const TLS_PROVIDER = {
  source: "hashicorp/tls",
  fqpn: "registry.terraform.io/hashicorp/tls",
  constraint: "~> 4.1",
  schema: "hashicorp-tls.json",
} as const;

/** hashicorp/tls, for the broker's generated key pair (see the file's `captured_with`). */
export function loadTlsSchema(schemaDir = SCHEMA_DIR): ProvidersSchema {
  return JSON.parse(readFileSync(join(schemaDir, TLS_PROVIDER.schema), "utf8"));
}

/** Every schema a synthesized stack is checked against: OCI, Terraform's built-in provider, TLS. */
export function loadAllSchemas(schemaDir = SCHEMA_DIR): ProvidersSchema[] {
  return [loadOciSchema(schemaDir).schema, loadBuiltinSchema(schemaDir), loadTlsSchema(schemaDir)];
}
