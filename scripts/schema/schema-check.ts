import type { AttributeSchema, BlockSchema, ProviderSchema, ProvidersSchema } from "./provider-schema";
import { expressionsIn } from "../../core/terraform-expressions";

/** One way a synthesized stack does not fit the provider schema, at a JSON path into cdk.tf.json. */
export interface SchemaProblem {
  /** `$.resource.oci_identity_domains_app.Wif_App_1234.based_on_template` */
  readonly path: string;
  readonly message: string;
}

// Arguments Terraform itself handles on every resource or data block, outside the provider's schema.
const RESOURCE_META = new Set([
  "//",
  "count",
  "for_each",
  "depends_on",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
]);
const PROVIDER_META = new Set(["//", "alias"]);
const LIFECYCLE_KEYS = new Set([
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
]);

/**
 * Checks a synthesized stack (the parsed cdk.tf.json) against provider schemas, the way `terraform validate`
 * would for structure: unknown resource types and attributes, computed-only attributes set, missing required
 * attributes and blocks, blocks with the wrong nesting or too many or too few items, values of the wrong
 * primitive type, and references to resources, locals or attributes that do not exist.
 * It does not evaluate expressions: a `${…}` string is accepted wherever a value is.
 */
export function checkStackAgainstSchema(stack: unknown, schemas: readonly ProvidersSchema[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const json = asObject(stack) ?? {};
  const providers = schemas.flatMap((s) => Object.entries(s.provider_schemas));
  const resourceTypes = new Map<string, BlockSchema>();
  const dataTypes = new Map<string, BlockSchema>();
  const providerBlocks = new Map<string, BlockSchema | undefined>();
  for (const [fqpn, p] of providers) {
    for (const [t, r] of Object.entries(p.resource_schemas ?? {})) resourceTypes.set(t, r.block);
    for (const [t, r] of Object.entries(p.data_source_schemas ?? {})) dataTypes.set(t, r.block);
    providerBlocks.set(fqpn.split("/").pop()!, (p as ProviderSchema).provider?.block);
  }

  const required = asObject(asObject(json.terraform)?.required_providers) ?? {};
  for (const [name, req] of Object.entries(required)) {
    const source = String(asObject(req)?.source ?? "");
    const fqpn = source.split("/").length === 2 ? `registry.terraform.io/${source}` : source;
    if (!providers.some(([p]) => p === fqpn)) {
      problems.push({
        path: `$.terraform.required_providers.${name}.source`,
        message: `no schema for provider ${JSON.stringify(source)}`,
      });
    }
  }

  for (const [name, configs] of Object.entries(asObject(json.provider) ?? {})) {
    const path = `$.provider.${name}`;
    if (!providerBlocks.has(name)) {
      problems.push({ path, message: `unknown provider "${name}"` });
      continue;
    }
    toArray(configs).forEach((c, i) =>
      checkBlock(providerBlocks.get(name) ?? {}, c, `${path}[${i}]`, PROVIDER_META, problems),
    );
  }

  const declared = {
    resource: new Set<string>(),
    data: new Set<string>(),
    local: new Set(Object.keys(asObject(json.locals) ?? {})),
  };
  for (const [section, types] of [
    ["resource", resourceTypes],
    ["data", dataTypes],
  ] as const) {
    for (const [type, byName] of Object.entries(asObject(json[section]) ?? {})) {
      const block = types.get(type);
      const typePath = `$.${section}.${type}`;
      if (!block) {
        problems.push({
          path: typePath,
          message: `unknown ${section === "data" ? "data source" : "resource"} type "${type}"`,
        });
        continue;
      }
      for (const [name, body] of Object.entries(asObject(byName) ?? {})) {
        declared[section].add(`${type}.${name}`);
        const path = `${typePath}.${name}`;
        checkBlock(block, body, path, RESOURCE_META, problems);
        checkLifecycle(block, asObject(body)?.lifecycle, `${path}.lifecycle`, problems);
      }
    }
  }

  checkReferences(json, "$", { resourceTypes, dataTypes, declared }, problems);
  return problems;
}

function checkBlock(
  schema: BlockSchema,
  value: unknown,
  path: string,
  meta: ReadonlySet<string>,
  problems: SchemaProblem[],
): void {
  const body = asObject(value);
  if (!body) {
    problems.push({ path, message: `must be an object (a block); got ${describe(value)}` });
    return;
  }
  const attributes = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  for (const [key, v] of Object.entries(body)) {
    if (meta.has(key)) continue;
    const at = `${path}.${key}`;
    const attribute = attributes[key];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) {
        problems.push({ path: at, message: `"${key}" is computed by the provider and cannot be set` });
      } else if (v !== null) {
        checkType(attribute, v, at, problems);
      }
      continue;
    }
    const blockType = blocks[key];
    if (blockType) {
      checkNestedBlock(key, blockType, v, at, problems);
      continue;
    }
    if (key === "dynamic") continue; // dynamic blocks are expanded by Terraform; their content is an expression
    const hint = closest(key, [...Object.keys(attributes), ...Object.keys(blocks)]);
    problems.push({
      path: at,
      message: `unknown attribute or block "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
    });
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[key] === undefined || body[key] === null)) {
      problems.push({ path: `${path}.${key}`, message: `required attribute "${key}" is missing` });
    }
  }
  for (const [key, blockType] of Object.entries(blocks)) {
    if ((blockType.min_items ?? 0) > 0 && body[key] === undefined && !hasDynamic(body, key)) {
      problems.push({
        path: `${path}.${key}`,
        message: `required block "${key}" is missing (at least ${blockType.min_items})`,
      });
    }
  }
}

function checkNestedBlock(
  key: string,
  blockType: { nesting_mode: string; min_items?: number; max_items?: number; block: BlockSchema },
  value: unknown,
  path: string,
  problems: SchemaProblem[],
): void {
  if (blockType.nesting_mode === "single" || blockType.nesting_mode === "group") {
    if (Array.isArray(value)) {
      if (value.length > 1) problems.push({ path, message: `"${key}" is a single block; got ${value.length}` });
      value.forEach((v, i) => checkBlock(blockType.block, v, `${path}[${i}]`, new Set(), problems));
    } else {
      checkBlock(blockType.block, value, path, new Set(), problems);
    }
    return;
  }
  if (blockType.nesting_mode === "map") {
    for (const [k, v] of Object.entries(asObject(value) ?? {}))
      checkBlock(blockType.block, v, `${path}.${k}`, new Set(), problems);
    return;
  }
  // list or set: Terraform's JSON syntax takes one object or an array of objects.
  const items = Array.isArray(value) ? value : [value];
  if (blockType.max_items !== undefined && items.length > blockType.max_items) {
    problems.push({
      path,
      message: `"${key}" allows at most ${blockType.max_items} block${blockType.max_items === 1 ? "" : "s"}; got ${items.length}`,
    });
  }
  if (blockType.min_items !== undefined && items.length < blockType.min_items) {
    problems.push({
      path,
      message: `"${key}" needs at least ${blockType.min_items} block${blockType.min_items === 1 ? "" : "s"}; got ${items.length}`,
    });
  }
  items.forEach((v, i) =>
    checkBlock(blockType.block, v, Array.isArray(value) ? `${path}[${i}]` : path, new Set(), problems),
  );
}

function checkType(attribute: AttributeSchema, value: unknown, path: string, problems: SchemaProblem[]): void {
  const problem = typeMismatch(attribute.type, value);
  if (problem) problems.push({ path, message: problem });
}

/** Why `value` cannot be of Terraform type `type`, or undefined if it can. Expressions are accepted anywhere. */
function typeMismatch(type: unknown, value: unknown): string | undefined {
  if (isExpression(value) || type === "dynamic" || type === undefined) return undefined;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? undefined
          : `must be a string; got ${describe(value)}`;
      case "number":
        return typeof value === "number" ||
          (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
          ? undefined
          : `must be a number; got ${describe(value)}`;
      case "bool":
        return typeof value === "boolean" || value === "true" || value === "false"
          ? undefined
          : `must be a bool; got ${describe(value)}`;
      default:
        return undefined;
    }
  }
  if (Array.isArray(type)) {
    const [kind, inner] = type as [string, unknown];
    if (kind === "list" || kind === "set") {
      if (!Array.isArray(value)) return `must be a ${kind}; got ${describe(value)}`;
      for (const [i, item] of value.entries()) {
        const p = typeMismatch(inner, item);
        if (p) return `[${i}] ${p}`;
      }
      return undefined;
    }
    if (kind === "map") {
      const o = asObject(value);
      if (!o) return `must be a map; got ${describe(value)}`;
      for (const [k, item] of Object.entries(o)) {
        const p = typeMismatch(inner, item);
        if (p) return `[${JSON.stringify(k)}] ${p}`;
      }
      return undefined;
    }
    if (kind === "object") {
      const o = asObject(value);
      if (!o) return `must be an object; got ${describe(value)}`;
      const fields = inner as Record<string, unknown>;
      for (const k of Object.keys(o)) if (!(k in fields)) return `has no field "${k}"`;
      return undefined;
    }
  }
  return undefined;
}

function checkLifecycle(schema: BlockSchema, lifecycle: unknown, path: string, problems: SchemaProblem[]): void {
  const body = asObject(lifecycle);
  if (!body) return;
  for (const key of Object.keys(body)) {
    if (!LIFECYCLE_KEYS.has(key))
      problems.push({ path: `${path}.${key}`, message: `unknown lifecycle argument "${key}"` });
  }
  const ignored = body.ignore_changes;
  if (Array.isArray(ignored)) {
    ignored.forEach((name, i) => {
      const root = String(name).split(/[.[]/)[0];
      if (!(root in (schema.attributes ?? {})) && !(root in (schema.block_types ?? {}))) {
        problems.push({
          path: `${path}.ignore_changes[${i}]`,
          message: `ignores "${name}", which the resource does not have`,
        });
      }
    });
  }
}

interface ReferenceContext {
  resourceTypes: Map<string, BlockSchema>;
  dataTypes: Map<string, BlockSchema>;
  declared: { resource: Set<string>; data: Set<string>; local: Set<string> };
}

const REFERENCE = /(?<![\w.])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?/g;

/** Follows `${…}` references to resources, data sources and locals: each must exist, with the attribute named. */
function checkReferences(value: unknown, path: string, ctx: ReferenceContext, problems: SchemaProblem[]): void {
  if (typeof value === "string") {
    for (const expression of expressionsIn(value)) {
      for (const m of expression.matchAll(REFERENCE)) {
        const [text, data, type, name, attribute] = m;
        if (type === "local" && !data) {
          if (!ctx.declared.local.has(name))
            problems.push({ path, message: `refers to local "${name}", which is not declared` });
          continue;
        }
        const types = data ? ctx.dataTypes : ctx.resourceTypes;
        const schema = types.get(type);
        if (!schema) continue; // a function, var., self., each., count., path. …
        if (!(data ? ctx.declared.data : ctx.declared.resource).has(`${type}.${name}`)) {
          problems.push({ path, message: `refers to ${text.replace(/\.[a-z_0-9]*$/, "")}, which is not declared` });
        } else if (
          attribute &&
          !(attribute in (schema.attributes ?? {})) &&
          !(attribute in (schema.block_types ?? {}))
        ) {
          problems.push({
            path,
            message: `refers to attribute "${attribute}" of ${type}, which has no such attribute`,
          });
        }
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkReferences(v, `${path}[${i}]`, ctx, problems));
    return;
  }
  const o = asObject(value);
  if (!o) return;
  for (const [k, v] of Object.entries(o)) {
    if (k === "//") continue;
    checkReferences(v, `${path}.${k}`, ctx, problems);
  }
}

function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function hasDynamic(body: Record<string, unknown>, key: string): boolean {
  return Boolean(asObject(body.dynamic)?.[key]);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : JSON.stringify(value);
}

function closest(word: string, candidates: string[]): string | undefined {
  const near = candidates.filter(
    (c) => c.includes(word) || word.includes(c) || c.replace(/_/g, "") === word.replace(/_/g, ""),
  );
  return near.sort((a, b) => Math.abs(a.length - word.length) - Math.abs(b.length - word.length))[0];
}
