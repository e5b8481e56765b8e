import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readManifest, SCHEMA_DIR } from "../../scripts/schema/provider-schema";
import { stripDocs, subsetSchema } from "../../scripts/schema/schema-subset";

describe("subsetSchema", () => {
  test("cut from a fuller, documented schema, gives back the committed subset exactly", () => {
    const manifest = readManifest();
    const committed = JSON.parse(readFileSync(join(SCHEMA_DIR, manifest.schema), "utf8"));
    const current = committed.provider_schemas[manifest.fqpn];
    // What `terraform providers schema -json` prints: more types, and documentation on blocks and attributes.
    const mapValues = (o: any, f: (v: any) => any) =>
      Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, f(v)]));
    const documentBlock = (block: any): any => ({
      ...block,
      description: "doc",
      description_kind: "markdown",
      ...(block.attributes
        ? { attributes: mapValues(block.attributes, (a) => ({ ...a, description: "doc", description_kind: "plain" })) }
        : {}),
      ...(block.block_types
        ? { block_types: mapValues(block.block_types, (b) => ({ ...b, block: documentBlock(b.block) })) }
        : {}),
    });
    const documented = (schemas: any) => mapValues(schemas, (r) => ({ ...r, block: documentBlock(r.block) }));
    const full = {
      format_version: committed.format_version,
      provider_schemas: {
        [manifest.fqpn]: {
          provider: { ...current.provider, block: documentBlock(current.provider.block) },
          resource_schemas: { ...documented(current.resource_schemas), oci_core_vcn: { block: { attributes: {} } } },
          data_source_schemas: {
            ...documented(current.data_source_schemas),
            oci_core_vcns: { block: { attributes: {} } },
          },
        },
      },
    };
    const { schema, missing } = subsetSchema(full, manifest.fqpn, {
      resources: Object.keys(current.resource_schemas),
      dataSources: Object.keys(current.data_source_schemas),
    });
    expect(missing).toEqual([]);
    expect(schema.provider_schemas).toEqual(committed.provider_schemas);
  });

  test("drops documentation but keeps an attribute called description", () => {
    const block = {
      description: "doc",
      description_kind: "plain",
      attributes: {
        description: {
          type: "string",
          required: true,
          description: "the policy's description",
          description_kind: "plain",
        },
      },
      block_types: { description: { nesting_mode: "list", block: { description: "doc", attributes: {} } } },
    };
    expect(stripDocs(block)).toEqual({
      attributes: { description: { type: "string", required: true } },
      block_types: { description: { nesting_mode: "list", block: { attributes: {} } } },
    });
  });

  test("keeps a field called description inside an object type", () => {
    const attribute = {
      type: ["list", ["object", { description: "string", value: "string" }]],
      computed: true,
      description: "doc",
    };
    expect(stripDocs({ attributes: { roles: attribute } })).toEqual({
      attributes: { roles: { type: ["list", ["object", { description: "string", value: "string" }]], computed: true } },
    });
  });

  test("names the types the new schema lacks", () => {
    const full = { provider_schemas: { p: { resource_schemas: { a: { block: {} } }, data_source_schemas: {} } } };
    expect(subsetSchema(full, "p", { resources: ["a", "gone"], dataSources: ["d"] }).missing).toEqual([
      "data source d",
      "resource gone",
    ]);
  });
});
