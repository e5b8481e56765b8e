/**
 * A synthesized stack (cdktf.out/stacks/<name>/cdk.tf.json) as wif-review and wif-explain read it: resources with
 * their Terraform address and construct path, outputs, and the suppressions `app/wif-stack.ts` writes under
 * `"//".wif.suppressions`. The one reader of cdk.tf.json files; nothing here knows about OCI (review/model.ts and
 * client/trust-model.ts build on it).
 */
import { FILE_LIMITS } from "./bounded-file";
import { readJsonFile, type DataError } from "./bounded-json";
import * as v from "valibot";
import { readNamedText } from "./place";
import { checkShape, dict, list as listOf, obj, str, type Shape } from "./schema";
import { hasCode, UsageError } from "./errors";
import { expressionsIn } from "./terraform-expressions";

/** Thrown for input the review cannot work with; the CLI prints it in one or two lines and exits 2. */
export class InputError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** One `resource.<type>.<name>` of a stack. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`: what Terraform state and plans call it. */
  readonly address: string;
  /** The construct path from `"//".metadata.path`, or the address for hand-written JSON without one. */
  readonly path: string;
  /** The resource's arguments, as synthesized (the `"//"` metadata removed). */
  readonly body: Readonly<Record<string, unknown>>;
}

/** One `output.<name>` of a stack. */
export interface StackOutput {
  readonly name: string;
  readonly address: string;
  /** `<stack>/<output id>`: cdktf gives outputs no metadata path, so this is rebuilt from `"//".outputs`. */
  readonly path: string;
  readonly sensitive: boolean;
  readonly value: unknown;
}

/** A `[Suppress <rule>]` of the config, as written into the stack. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Parts of construct paths; empty for the whole stack. */
  readonly appliesTo: readonly string[];
  /** Index in `"//".wif.suppressions`, for messages. */
  readonly index: number;
}

/** A parsed stack. */
export interface Stack {
  /** The stack's name: `"//".metadata.stackName`, else its directory's name. */
  readonly name: string;
  /** The file it was read from, as given (for messages). */
  readonly file: string;
  readonly resources: readonly StackResource[];
  readonly outputs: readonly StackOutput[];
  /** Names of `locals`. Their values are never exposed: the runtimeConfig.ini template lives there. */
  readonly localNames: readonly string[];
  /** Local name → the resource addresses and locals its value refers to (values themselves are not kept). */
  readonly localReferences: ReadonlyMap<string, readonly Reference[]>;
  readonly suppressions: readonly Suppression[];
}

/** A reference inside a `${…}` expression: `oci_identity_domains_user.X.id`, or `local.X`. */
export interface Reference {
  /** A resource type, or `local`. */
  readonly type: string;
  readonly name: string;
  /** The attribute read, when there is one. */
  readonly attribute?: string;
}

/**
 * What the review and wif-explain read of a cdk.tf.json, with the types they expect: resources and outputs as
 * objects, and the metadata and suppressions `app/wif-stack.ts` writes under `"//"`. A gate: the values themselves
 * (resource arguments, locals) are read as they are.
 */
export const STACK_SCHEMA = obj({
  resource: v.optional(
    dict(dict(obj({ "//": v.optional(obj({ metadata: v.optional(obj({ path: v.optional(str(4096)) })) })) }))),
  ),
  output: v.optional(dict(obj({ sensitive: v.optional(v.boolean()) }))),
  locals: v.optional(dict(v.unknown())),
  "//": v.optional(
    obj({
      metadata: v.optional(obj({ stackName: v.optional(str(256)) })),
      wif: v.optional(
        obj({
          suppressions: v.optional(
            listOf(obj({ rule: str(64), reason: str(4096), applies_to: v.optional(listOf(str(4096))) }), 10_000),
          ),
        }),
      ),
    }),
  ),
});
type StackShape = Shape<typeof STACK_SCHEMA>;

/**
 * Reads a parsed cdk.tf.json into a {@link Stack}.
 * @param fallbackName the stack's name when the JSON carries none (its directory's name)
 * @throws InputError when the JSON is not a Terraform JSON configuration
 */
export function parseStack(doc: unknown, file: string, fallbackName: string): Stack {
  const root = asRecord(doc);
  if (!root || (!("resource" in root) && !("terraform" in root) && !("output" in root))) {
    throw new InputError(
      `${file}: not a synthesized Terraform stack (no "resource", "output" or "terraform" key). Point at cdktf.out, a stack directory or its cdk.tf.json.`,
    );
  }
  try {
    checkShape(STACK_SCHEMA, root, { source: file, kind: "badInput" });
  } catch (err) {
    if (hasCode<DataError>(err, "WIF-E-DATA"))
      throw new InputError(`${err.clause}. Synthesize again with \`npm run synth\`.`);
    throw err;
  }
  const meta = asRecord(asRecord(root["//"])?.metadata);
  const name = typeof meta?.stackName === "string" ? meta.stackName : fallbackName;

  const resources: StackResource[] = [];
  for (const [type, byName] of Object.entries(asRecord(root.resource) ?? {})) {
    for (const [id, raw] of Object.entries(asRecord(byName) ?? {})) {
      const body = { ...(asRecord(raw) ?? {}) };
      const path = asRecord(asRecord(body["//"])?.metadata)?.path;
      delete body["//"];
      resources.push({
        type,
        name: id,
        address: `${type}.${id}`,
        path: typeof path === "string" ? path : `${type}.${id}`,
        body,
      });
    }
  }

  const outputPaths = new Map<string, string>();
  const walkOutputs = (node: unknown, prefix: string[]) => {
    for (const [k, v] of Object.entries(asRecord(node) ?? {})) {
      if (typeof v === "string") outputPaths.set(v, [...prefix, k].join("/"));
      else walkOutputs(v, [...prefix, k]);
    }
  };
  walkOutputs(asRecord(root["//"])?.outputs, []);
  const outputs: StackOutput[] = Object.entries(asRecord(root.output) ?? {}).map(([id, raw]) => {
    const o = asRecord(raw) ?? {};
    return {
      name: id,
      address: `output.${id}`,
      path: outputPaths.get(id) ?? `${name}/${id}`,
      sensitive: o.sensitive === true,
      value: o.value,
    };
  });

  const locals = asRecord(root.locals) ?? {};
  const localReferences = new Map<string, Reference[]>();
  for (const [k, v] of Object.entries(locals)) localReferences.set(k, referencesIn(v));

  // STACK_SCHEMA checked their types above.
  const rawSuppressions = (root["//"] as StackShape["//"])?.wif?.suppressions ?? [];
  const suppressions: Suppression[] = rawSuppressions.map((r, index) => ({
    rule: r.rule.toUpperCase(),
    reason: r.reason.trim(),
    appliesTo: (r.applies_to ?? []).filter((a) => a !== ""),
    index,
  }));
  return { name, file, resources, outputs, localNames: Object.keys(locals), localReferences, suppressions };
}

/**
 * Reads and parses one cdk.tf.json file.
 * @param flag the command-line flag the path came from, for messages
 * @param display the path as the user gave it, for messages (default: `file`)
 * @throws InputError naming the flag, the file and the fix
 */
export function readStackFile(file: string, fallbackName: string, flag: string, display = file): Stack {
  let doc: unknown;
  try {
    // A place (a link out of its folder is refused), read within bounds, parsed as bounded JSON; checked below.
    doc = readJsonFile(file, FILE_LIMITS.stack, { source: `${flag} ${display}`, read: readNamedText });
  } catch (err) {
    if (hasCode<DataError>(err, "WIF-E-DATA") || hasCode<DataError>(err, "WIF-E-FILE"))
      throw new InputError(`${err.clause}. Synthesize again with \`npm run synth\`.`);
    throw err;
  }
  try {
    return parseStack(doc, display, fallbackName);
  } catch (err) {
    if (hasCode<InputError>(err, "WIF-E-USAGE")) throw new InputError(`${flag} ${err.message}`);
    throw err;
  }
}

const REFERENCE =
  /(?<![\w.])(?:(local)\.([A-Za-z_][\w-]*)|([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([a-z_][a-z0-9_]*))?)/g;
const NOT_RESOURCES = new Set(["var", "self", "each", "count", "path", "terraform", "module", "data"]);

/** Every resource or local reference inside the `${…}` expressions of a value (strings, lists, objects). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      for (const expression of expressionsIn(v)) {
        for (const m of expression.matchAll(REFERENCE)) {
          if (m[1]) out.push({ type: "local", name: m[2] });
          else if (!NOT_RESOURCES.has(m[3]) && m[3].includes("_"))
            out.push({ type: m[3], name: m[4], attribute: m[5] });
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/** The single reference a value is made of (`${type.name.attr}`), or undefined. */
export function soleReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([a-z_][a-z0-9_]*))?\}$/.exec(value.trim());
  return m ? { type: m[1], name: m[2], attribute: m[3] } : undefined;
}

/** A plain object, or undefined. */
export function asRecord(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, any>)
    : undefined;
}

/**
 * A max-one block: cdktf writes it as an object, hand-written JSON (and `terraform show`) as a one-item list.
 */
export function block(value: unknown): Record<string, any> | undefined {
  return Array.isArray(value) ? asRecord(value[0]) : asRecord(value);
}

/** A list or set attribute, or a repeated block, as an array (a lone object becomes one item). */
export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** String items of a list attribute. */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}
