// Cuts a full `terraform providers schema -json` output down to the types this project uses (those of the current
// subset), keeping attributes named "description", and writes schema/oracle-oci-<version>.subset.json.
//
//   terraform providers schema -json > /tmp/full.json      (in a directory that `terraform init`ed oracle/oci)
//   npm run schema:subset -- /tmp/full.json 8.30.0
//
// Then set "schema", "version" and "constraint" in schema/provider.json, and run `npm run gen && npm test`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readManifest, SCHEMA_DIR } from "./schema/provider-schema";
import { subsetSchema } from "./schema/schema-subset";

const [input, version] = process.argv.slice(2);
if (!input || !/^\d+\.\d+\.\d+$/.test(version ?? "")) {
  console.error(
    "usage: npm run schema:subset -- <terraform providers schema -json output (.json or .json.gz)> <provider version, e.g. 8.30.0>",
  );
  process.exit(2);
}
const manifest = readManifest();
const current = JSON.parse(readFileSync(join(SCHEMA_DIR, manifest.schema), "utf8")).provider_schemas[manifest.fqpn];
let raw: Buffer;
try {
  raw = readFileSync(input);
} catch (err) {
  console.error(`schema:subset: cannot read ${input} (${(err as NodeJS.ErrnoException).code}).`);
  process.exit(2);
}
const full = JSON.parse((input.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8"));
const { schema, missing } = subsetSchema(full, manifest.fqpn, {
  resources: Object.keys(current.resource_schemas ?? {}),
  dataSources: Object.keys(current.data_source_schemas ?? {}),
});
const out = join(SCHEMA_DIR, `oracle-oci-${version}.subset.json`);
writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
console.log(`wrote ${out}${missing.length ? `; not in the new schema: ${missing.join(", ")}` : ""}`);
