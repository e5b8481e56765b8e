#!/usr/bin/env node
// A stand-in for the terraform binary, for tests of the deploy path on machines without Terraform or without the
// oracle/oci provider (CI has neither provider nor network). It follows what the deploy path relies on, as
// Terraform documents it: `init` records the backend in .terraform/terraform.tfstate and writes a lock file when
// providers are required, and refuses a changed backend without -migrate-state or -reconfigure; `plan -json -out`
// streams machine-readable UI messages (version, planned_change, change_summary, diagnostic) and saves a plan;
// `show -json` prints the saved plan or the state; `apply -json <plan>` streams apply_start/apply_complete and
// writes the state (mode 0644, as Terraform leaves it); `output -json <name>` prints an output of the state.
// Every call is appended to $STANDIN_LOG when set. It plans every resource of cdk.tf.json not in the state as a
// create, with the configured values as `after`.
"use strict";
const { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { resolve } = require("node:path");

const [command, ...args] = process.argv.slice(2);
if (process.env.STANDIN_LOG) appendFileSync(process.env.STANDIN_LOG, `${[command, ...args].join(" ")}\n`);
const stack = () => JSON.parse(readFileSync("cdk.tf.json", "utf8"));
const tf = () => stack().terraform ?? {};
const backendOf = () => {
  const [type, config] = Object.entries(tf().backend ?? { local: {} })[0];
  return { type, config: { ...config } };
};
const statePath = () => resolve(backendOf().config.path ?? "terraform.tfstate");
const readState = () => (existsSync(statePath()) ? JSON.parse(readFileSync(statePath(), "utf8")) : undefined);
const ui = (type, message, extra = {}) =>
  process.stdout.write(`${JSON.stringify({ "@level": "info", "@message": message, type, ...extra })}\n`);
const diagnostic = (summary, detail) => {
  ui("diagnostic", `Error: ${summary}`, { "@level": "error", diagnostic: { severity: "error", summary, detail } });
  process.stderr.write(`Error: ${summary}\n\n${detail}\n`);
  process.exit(1);
};
const providers = () => Object.keys(tf().required_providers ?? {});

/**
 * What a real first plan leaves unknown: every computed attribute the configuration does not set, from the provider
 * schema named by $STANDIN_SCHEMA (`terraform providers schema -json`, as committed under schema/).
 */
function unknownsOf(type, values) {
  const unknown = { id: true };
  // A reference to another resource's attribute is unknown until that resource exists.
  for (const [name, v] of Object.entries(values)) if (JSON.stringify(v).includes("${")) unknown[name] = true;
  if (!process.env.STANDIN_SCHEMA) return unknown;
  const doc = JSON.parse(readFileSync(process.env.STANDIN_SCHEMA, "utf8"));
  for (const p of Object.values(doc.provider_schemas ?? {})) {
    const block = p.resource_schemas?.[type]?.block;
    for (const [name, a] of Object.entries(block?.attributes ?? {}))
      if (a.computed && !(name in values)) unknown[name] = true;
    for (const name of Object.keys(block?.block_types ?? {})) if (!(name in values)) unknown[name] = true;
  }
  return unknown;
}

function addresses() {
  const out = [];
  for (const [type, byName] of Object.entries(stack().resource ?? {}))
    for (const [name, all] of Object.entries(byName)) {
      // What Terraform keeps of a resource block: its arguments, not cdktf's metadata or meta-arguments.
      const values = Object.fromEntries(
        Object.entries(all).filter(
          ([k]) => !["//", "lifecycle", "depends_on", "provider", "provisioner", "count", "for_each"].includes(k),
        ),
      );
      out.push({ address: `${type}.${name}`, type, name, values });
    }
  return out;
}

switch (command) {
  case "version":
    process.stdout.write("Terraform v1.11.4 (stand-in)\n");
    break;
  case "init": {
    if (process.env.STANDIN_INIT_FAIL) {
      process.stderr.write("Error: Failed to query available provider packages\n");
      process.exit(1);
    }
    const recorded = existsSync(".terraform/terraform.tfstate")
      ? JSON.parse(readFileSync(".terraform/terraform.tfstate", "utf8")).backend
      : undefined;
    const now = backendOf();
    const changed = recorded && JSON.stringify(recorded.config) !== JSON.stringify(now.config);
    if (changed && !args.includes("-migrate-state") && !args.includes("-reconfigure")) {
      process.stderr.write("Error: Backend configuration changed\n");
      process.exit(1);
    }
    if (changed && args.includes("-migrate-state")) {
      const from = resolve(recorded.config.path ?? "terraform.tfstate");
      if (existsSync(from)) writeFileSync(statePath(), readFileSync(from), { mode: 0o644 });
    }
    mkdirSync(".terraform", { recursive: true });
    writeFileSync(".terraform/terraform.tfstate", JSON.stringify({ version: 3, backend: now }));
    if (providers().length)
      writeFileSync(
        ".terraform.lock.hcl",
        providers()
          .map((p) => `provider "${p}" {}\n`)
          .join(""),
      );
    process.stdout.write("Terraform has been successfully initialized!\n");
    break;
  }
  case "plan": {
    const out = args.find((a) => a.startsWith("-out="))?.slice(5);
    ui("version", "Terraform 1.11.4", { terraform: "1.11.4", ui: "1.2" });
    if (!existsSync(".terraform")) diagnostic('Backend initialization required, please run "terraform init"', "");
    if (providers().length && !existsSync(".terraform.lock.hcl"))
      diagnostic(
        "Inconsistent dependency lock file",
        "The following dependency selections recorded in the lock file are inconsistent with the current configuration.",
      );
    const state = readState();
    const have = new Set((state?.resources ?? []).map((r) => r.address));
    const changes = addresses()
      .filter((r) => !have.has(r.address))
      .map((r) => ({
        address: r.address,
        type: r.type,
        name: r.name,
        change: {
          actions: ["create"],
          before: null,
          after: Object.fromEntries(Object.entries(r.values).filter(([, v]) => !JSON.stringify(v).includes("${"))),
          after_unknown: unknownsOf(r.type, r.values),
          after_sensitive: {},
        },
      }));
    for (const c of changes)
      ui("planned_change", `${c.address}: Plan to create`, {
        change: { resource: { addr: c.address }, action: "create" },
      });
    ui("change_summary", `Plan: ${changes.length} to add, 0 to change, 0 to destroy.`, {
      changes: { add: changes.length, change: 0, import: 0, remove: 0, operation: "plan" },
    });
    const doc = { format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes, output_changes: {} };
    if (out) writeFileSync(out, JSON.stringify(doc));
    break;
  }
  case "show": {
    const file = args.find((a) => !a.startsWith("-"));
    if (file) process.stdout.write(readFileSync(file, "utf8"));
    else process.stdout.write(JSON.stringify({ format_version: "1.0", values: readState()?.values ?? {} }));
    break;
  }
  case "apply": {
    const file = args.find((a) => !a.startsWith("-"));
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const state = readState() ?? { resources: [], values: { outputs: {} } };
    for (const c of doc.resource_changes) {
      const resource = { addr: c.address };
      ui("apply_start", `${c.address}: Creating...`, { hook: { resource, action: "create" } });
      if (process.env.STANDIN_APPLY_FAIL === c.address || process.env.STANDIN_APPLY_FAIL === "first") {
        // Terraform persists what it applied before an error.
        writeFileSync(statePath(), JSON.stringify(state), { mode: 0o644 });
        ui("apply_errored", `${c.address}: Creation errored`, {
          hook: { resource, action: "create", elapsed_seconds: 0 },
        });
        diagnostic("creating failed", `${c.address}: the service said no`);
      }
      ui("apply_complete", `${c.address}: Creation complete after 0s`, {
        hook: { resource, action: "create", id_key: "id", id_value: "x", elapsed_seconds: 0 },
      });
      state.resources.push({ address: c.address });
    }
    writeFileSync(statePath(), JSON.stringify(state), { mode: 0o644 });
    writeFileSync(`${statePath()}.backup`, JSON.stringify(state), { mode: 0o644 });
    const n = doc.resource_changes.length;
    ui("change_summary", `Apply complete! Resources: ${n} added, 0 changed, 0 destroyed.`, {
      changes: { add: n, change: 0, import: 0, remove: 0, operation: "apply" },
    });
    break;
  }
  case "output": {
    const name = args.find((a) => !a.startsWith("-"));
    const value = readState()?.values?.outputs?.[name]?.value;
    if (value === undefined) {
      process.stderr.write(`Error: Output "${name}" not found\n`);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(value));
    break;
  }
  default:
    process.stderr.write(`stand-in terraform: ${command} is not implemented\n`);
    process.exit(1);
}
