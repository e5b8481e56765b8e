/**
 * Terraform with the real oracle/oci provider, offline, and a state "as applied" for a synthesized stack without an
 * OCI to apply it to. The state is built by Terraform and the provider themselves: plan the stack with
 * `-refresh=false`, take each resource's planned values, give every value only OCI would know (an OCID, a client
 * secret, a time) a made-up one of the right type, write that state and plan again, until the plan has no resource
 * change; then an apply records the outputs (no resource is touched, so nothing reaches OCI). It ends when
 * `terraform plan -refresh=false -detailed-exitcode` of the same stack exits 0: a state that this stack's own plan
 * calls up to date — made-up identifiers in it, which a plan without refresh never looks up.
 *
 * The provider comes from Terraform's plugin folder (`~/.terraform.d/plugins`, a filesystem mirror, no registry);
 * its configuration reads an OCI config file from TF_HOME_OVERRIDE (internal/utils/helpers.go of the provider), a
 * throwaway one with a key made here. Refresh is off, so no request is ever made.
 */
import { execFile } from "node:child_process";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { providerMirror } from "../../testing/local-oci/provider";

/** The implicit mirror folder holding the oracle/oci 8.28.0 binary (normally `~/.terraform.d/plugins`), if any. */
export const PLUGINS = providerMirror();

/** Whether `terraform` runs here. */
export function hasTerraform(): Promise<boolean> {
  return new Promise((ok) => execFile("terraform", ["version"], (err) => ok(!err)));
}

/** A home for Terraform and the provider in `dir`: a CLI config with the mirror, an OCI config with a fresh key. */
export function terraformHome(dir: string): NodeJS.ProcessEnv {
  mkdirSync(join(dir, ".oci"), { recursive: true });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyFile = join(dir, ".oci", "key.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(
    join(dir, ".oci", "config"),
    [
      "[DEFAULT]",
      "user=ocid1.user.oc1..aaaaaaaamigrationtestuser",
      "fingerprint=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff",
      "tenancy=ocid1.tenancy.oc1..aaaaaaaamigrationtesttenancy",
      "region=eu-frankfurt-1",
      `key_file=${keyFile}`,
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const rc = join(dir, "terraform.rc");
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(PLUGINS ?? "")}\n  }\n}\n`,
  );
  return {
    PATH: process.env.PATH,
    HOME: dir,
    TF_CLI_CONFIG_FILE: rc,
    TF_HOME_OVERRIDE: dir,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

/** One terraform command in `cwd`; resolves with its exit code and output. */
export function terraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) =>
    execFile(
      "terraform",
      [...args],
      { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => ok({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function must(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await terraform(args, cwd, env);
  if (r.code !== 0)
    throw new Error(`terraform ${args.join(" ")} failed (${r.code}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The state file a stack's local backend names (our stacks always have one). */
export function statePath(stackDir: string): string {
  const doc = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  const path = doc.terraform?.backend?.local?.path;
  if (typeof path !== "string") throw new Error(`${stackDir}: the stack has no local backend.`);
  return resolve(stackDir, path);
}

/** The providers a stack requires (`terraform.required_providers`). */
export function requiredProviders(stackDir: string): string[] {
  const doc = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  return Object.keys(doc.terraform?.required_providers ?? {}).sort();
}

type Block = {
  attributes?: Record<string, { type: unknown }>;
  block_types?: Record<string, { nesting_mode: string; block: Block }>;
};

/** A made-up value of a Terraform type, the same for the same place (so a second pass makes the same state). */
function madeUp(type: unknown, place: string): unknown {
  if (type === "string") return `made-up-${createHash("sha256").update(place).digest("hex").slice(0, 16)}`;
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set")) return [];
  if (Array.isArray(type) && type[0] === "map") return {};
  return null;
}

/** `after` with each value `unknown` marks given a made-up one, following the resource's schema. */
function known(after: any, unknown: any, block: Block | undefined, place: string): any {
  if (unknown === true) return madeUp(undefined, place);
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    return (Array.isArray(unknown) ? unknown : list).map((u: any, i: number) =>
      known(list[i] ?? {}, u, block, `${place}.${i}`),
    );
  }
  if (!unknown || typeof unknown !== "object") return after;
  const out: Record<string, unknown> = { ...(after ?? {}) };
  for (const [key, u] of Object.entries(unknown)) {
    const attribute = block?.attributes?.[key];
    const nested = block?.block_types?.[key];
    if (u === true) out[key] = attribute ? madeUp(attribute.type, `${place}.${key}`) : nested ? [] : null;
    else if (u && typeof u === "object") out[key] = known(out[key], u, nested?.block, `${place}.${key}`);
  }
  return out;
}

/** The type Terraform gives a JSON value written in configuration (objects and tuples, as in cdk.tf.json). */
function typeOfValue(value: unknown): unknown {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(typeOfValue)];
  if (value && typeof value === "object")
    return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOfValue(v)]))];
  return "dynamic";
}

/** The state keeps an attribute of dynamic type (terraform_data's input and output) with its type beside it. */
function withDynamicTypes(attributes: Record<string, unknown>, block: Block | undefined): Record<string, unknown> {
  const out = { ...attributes };
  for (const [key, attribute] of Object.entries(block?.attributes ?? {}))
    if (attribute.type === "dynamic" && out[key] !== null && out[key] !== undefined)
      out[key] = { value: out[key], type: typeOfValue(out[key]) };
  return out;
}

/** State paths (`[{type:"get_attr",value}|{type:"index",value}]`) of the values `marks` says are sensitive. */
function sensitivePaths(marks: any, path: object[] = []): object[][] {
  if (marks === true) return [path];
  if (Array.isArray(marks))
    return marks.flatMap((m, i) =>
      sensitivePaths(m, [...path, { type: "index", value: { value: i, type: "number" } }]),
    );
  if (marks && typeof marks === "object")
    return Object.entries(marks).flatMap(([k, m]) => sensitivePaths(m, [...path, { type: "get_attr", value: k }]));
  return [];
}

/**
 * Builds the state of `stackDir` as described in this module's comment and returns how many plans it took. Throws
 * when the plan does not settle.
 */
export async function settleState(stackDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  await must(["init", "-input=false", "-no-color"], stackDir, env);
  const schemas = JSON.parse(await must(["providers", "schema", "-json"], stackDir, env)).provider_schemas;
  const file = statePath(stackDir);
  const state: any = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [],
    check_results: null,
  };
  for (let pass = 1; pass <= 8; pass++) {
    await must(["plan", "-refresh=false", "-input=false", "-no-color", "-out=settle.plan"], stackDir, env);
    const plan = JSON.parse(await must(["show", "-json", "settle.plan"], stackDir, env));
    const changes = (plan.resource_changes ?? []).filter(
      (c: any) => c.mode === "managed" && c.change.actions[0] !== "no-op",
    );
    if (!changes.length) {
      // Only outputs are left: an apply records them without touching a resource.
      await must(
        ["apply", "-refresh=false", "-input=false", "-no-color", "-auto-approve", "settle.plan"],
        stackDir,
        env,
      );
      return pass;
    }
    for (const c of changes) {
      const schema = schemas[c.provider_name]?.resource_schemas?.[c.type];
      const instance = {
        schema_version: schema?.version ?? 0,
        attributes: withDynamicTypes(
          known(c.change.after, c.change.after_unknown, schema?.block, c.address),
          schema?.block,
        ),
        sensitive_attributes: sensitivePaths(c.change.after_sensitive),
      };
      state.resources = state.resources.filter((r: any) => `${r.type}.${r.name}` !== c.address);
      state.resources.push({
        mode: "managed",
        type: c.type,
        name: c.name,
        provider: `provider["${c.provider_name}"]`,
        instances: [instance],
      });
    }
    state.serial++;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }
  throw new Error(`${stackDir}: the plan did not settle in 8 passes.`);
}

/** `terraform plan -refresh=false -detailed-exitcode`: 0 no change, 2 changes (with the plan's text), 1 an error. */
export async function planChanges(stackDir: string, env: NodeJS.ProcessEnv): Promise<{ code: number; text: string }> {
  const r = await terraform(
    ["plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false"],
    stackDir,
    env,
  );
  return { code: r.code, text: `${r.stdout}\n${r.stderr}` };
}
