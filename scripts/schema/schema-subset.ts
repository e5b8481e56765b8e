import type { ProvidersSchema } from "./provider-schema";

/**
 * Cuts a full `terraform providers schema -json` document down to the provider block and the given resource and
 * data-source types, and drops documentation (`description` and `description_kind` strings of blocks and
 * attribute definitions) — never an attribute or block that is itself called `description`.
 */
export function subsetSchema(
  full: ProvidersSchema,
  fqpn: string,
  types: { resources: readonly string[]; dataSources: readonly string[] },
): { schema: ProvidersSchema; missing: string[] } {
  const provider = full.provider_schemas[fqpn];
  if (!provider)
    throw new Error(
      `the schema has no provider "${fqpn}"; it has ${Object.keys(full.provider_schemas).join(", ") || "none"}`,
    );
  const missing: string[] = [];
  const pick = (from: Record<string, unknown> | undefined, names: readonly string[], kind: string) =>
    Object.fromEntries(
      [...names].sort().flatMap((n) => {
        if (!from?.[n]) {
          missing.push(`${kind} ${n}`);
          return [];
        }
        return [[n, stripDocs(from[n])]];
      }),
    );
  const schema = {
    format_version: full.format_version,
    provider_schemas: {
      [fqpn]: {
        data_source_schemas: pick(provider.data_source_schemas, types.dataSources, "data source"),
        provider: stripDocs(provider.provider),
        resource_schemas: pick(provider.resource_schemas, types.resources, "resource"),
      },
    },
  } as ProvidersSchema;
  return { schema, missing };
}

/** Removes documentation strings from a schema node, keeping every attribute and block whatever its name. */
export function stripDocs(node: unknown): any {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "description" || key === "description_kind") && typeof value === "string") continue;
    // A type expression such as ["list", ["object", {"description": "string"}]] names fields, not docs: keep it whole.
    if (key === "type") {
      out[key] = value;
      continue;
    }
    if ((key === "attributes" || key === "block_types") && value && typeof value === "object") {
      // The keys here are names chosen by the provider: keep them all, strip inside each definition.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, def]) => [name, stripDocs(def)]));
    } else {
      out[key] = stripDocs(value);
    }
  }
  return out;
}
