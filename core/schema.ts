import * as v from "valibot";
import { DataError, formatPath, parseJson, readJsonFile, type JsonSource, type TextReader } from "./bounded-json";
import type { HttpResponse } from "./bounded-http";

/**
 * The shape checks of data from outside (HTTP answers, stacks, plans, records), declared once per document as a
 * schema and checked by {@link checkShape}, which turns the first wrong value into one line naming its field path:
 * `GET https://…/admin/v1/Apps: answer.Resources[3].displayName: expected a string, got an array`. The value
 * itself is never shown (it may be a secret); only its kind is.
 *
 * Built on valibot (MIT, no dependencies; about 10 KB of the client bundle for what we use, against 32 KB for
 * zod/mini and 266 KB for ajv with its code generation; see docs/review.md#external-data). Its object schemas
 * accept arrays, so {@link obj} and {@link dict} check for a plain object first. Unknown keys are dropped from
 * the output: code reads only what the schema declares.
 */

/** Any schema of this module. */
export type Schema = v.GenericSchema;
/** What a schema gives when the value passes. */
export type Shape<S extends Schema> = v.InferOutput<S>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const PLAIN = "plain-object";

/** A JSON object (not an array) with these fields; other fields are ignored. */
export function obj<E extends v.ObjectEntries>(entries: E) {
  return v.pipe(v.custom<Record<string, unknown>>(isPlainObject, PLAIN), v.object(entries));
}

/** A JSON object used as a map: any keys, every value of one schema. */
export function dict<S extends Schema>(value: S) {
  return v.pipe(v.custom<Record<string, unknown>>(isPlainObject, PLAIN), v.record(v.string(), value));
}

/** A list of at most `max` items, each of one schema. */
export function list<S extends Schema>(item: S, max = 100_000) {
  return v.pipe(v.array(item), v.maxLength(max, `has more than ${max} items`));
}

/** A string of at most `max` characters. */
export function str(max = 1024 * 1024) {
  return v.pipe(v.string(), v.maxLength(max, `is longer than ${max} characters`));
}

/** An optional field that may also be `null` (as SCIM sends an unset attribute); both read as undefined. */
export function maybe<S extends Schema>(schema: S) {
  return v.pipe(
    v.nullish(schema),
    v.transform((x) => (x === null ? undefined : x) as Exclude<v.InferOutput<S>, null> | undefined),
  );
}

/** Where a value came from, for messages. */
export type Where = JsonSource;

/**
 * The value, checked against the schema; unknown fields dropped.
 * @throws DataError `<source>: <path>: expected <kind>, got <kind>` (or the check's own words)
 */
export function checkShape<S extends Schema>(schema: S, value: unknown, where: Where): Shape<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const keys = (issue.path ?? []).map((p) => p.key as string | number);
  const path = formatPath(where.root ?? "", keys) || "the document";
  const actual = valueAt(value, keys);
  const reason =
    issue.kind === "validation"
      ? issue.message
      : `expected ${describe(schemaAt(schema, keys)) ?? issue.expected ?? "something else"}, got ${kindOf(actual)}`;
  throw new DataError(where.source, `${path}: ${reason}`, where.kind);
}

/** {@link parseJson} then {@link checkShape}: JSON text or bytes from outside, bounded and typed. */
export function parseJsonShape<S extends Schema>(schema: S, input: string | Uint8Array, where: Where): Shape<S> {
  return checkShape(schema, parseJson(input, where), where);
}

/** {@link readJsonFile} then {@link checkShape}. */
export function readJsonFileShape<S extends Schema>(
  schema: S,
  path: string,
  maxBytes: number,
  where: Omit<Where, "source"> & { readonly source?: string; readonly read?: TextReader },
): Shape<S> {
  const { read, ...rest } = where;
  const source = rest.source ?? path;
  return checkShape(schema, readJsonFile(path, maxBytes, { ...rest, source, read }), {
    ...rest,
    source,
    kind: rest.kind ?? "badInput",
  });
}

/**
 * An HTTP answer's JSON body (core/bounded-http.ts read it within its limits), checked against the schema; its
 * root is called `answer` in messages.
 */
export function readAnswer<S extends Schema>(
  schema: S,
  response: Pick<HttpResponse, "body" | "bytes">,
  where: Omit<Where, "root"> & { readonly root?: string },
): Shape<S> {
  return parseJsonShape(schema, response.bytes ?? Buffer.from(response.body, "utf8"), { root: "answer", ...where });
}

/**
 * The top-level string fields of an error answer, each cut to one line of at most 300 characters, when its body is
 * a JSON object (within the JSON bounds); none when it is anything else (an HTML error page): an error answer is
 * read for words to show, and its shape is never a reason to fail.
 */
export function answerStrings(response: Pick<HttpResponse, "body" | "bytes">): Readonly<Record<string, string>> {
  let doc: unknown;
  try {
    doc = parseJson(response.bytes ?? Buffer.from(response.body, "utf8"), { source: "answer" });
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  if (!isPlainObject(doc)) return out;
  for (const [k, value] of Object.entries(doc)) {
    if (typeof value !== "string") continue;
    const line = value
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 300);
    if (line !== "") out[k] = line;
  }
  return out;
}

/** The kind of a JSON value, never the value. */
export function kindOf(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

function valueAt(value: unknown, keys: ReadonlyArray<string | number>): unknown {
  let at = value;
  for (const k of keys) {
    if (at === null || typeof at !== "object") return undefined;
    at = Object.hasOwn(at, k) ? (at as Record<string | number, unknown>)[k] : undefined;
  }
  return at;
}

type AnySchema = v.GenericSchema & {
  readonly type: string;
  readonly pipe?: readonly unknown[];
  readonly wrapped?: AnySchema;
  readonly entries?: Record<string, AnySchema>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
  readonly options?: readonly unknown[];
  readonly literal?: unknown;
  readonly message?: unknown;
};

/** The schema of the value at a path (through optional, pipes, objects, arrays, maps), if it can be told. */
function schemaAt(schema: Schema, keys: ReadonlyArray<string | number>): AnySchema | undefined {
  let at: AnySchema | undefined = schema as AnySchema;
  for (const k of keys) {
    at = unwrap(at);
    const inner = at && structural(at);
    if (!inner) return undefined;
    at = inner.entries ? inner.entries[String(k)] : (inner.item ?? inner.value);
  }
  return at;
}

function unwrap(s: AnySchema | undefined): AnySchema | undefined {
  while (s?.wrapped) s = s.wrapped;
  return s;
}

/** The object, array or record schema a schema is, or has in its pipe. */
function structural(s: AnySchema): AnySchema | undefined {
  if (s.entries || s.item || s.value) return s;
  for (const p of s.pipe ?? []) {
    const q = p as AnySchema;
    if (q.kind === "schema" && (q.entries || q.item || q.value)) return q;
  }
  return undefined;
}

/** A schema's kind in words: `a string`, `an object`, `"eq" or "co"`. */
function describe(s: AnySchema | undefined): string | undefined {
  if (!s) return undefined;
  switch (s.type) {
    case "optional":
    case "exact_optional":
    case "non_optional":
      return describe(s.wrapped);
    case "nullable":
    case "nullish": {
      const inner = describe(s.wrapped);
      return inner && `${inner} or null`;
    }
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "array":
      return "an array";
    case "object":
    case "loose_object":
    case "strict_object":
    case "record":
      return "an object";
    case "custom":
      return s.message === PLAIN ? "an object" : undefined;
    case "literal":
      return JSON.stringify(s.literal);
    case "picklist":
      return (s.options ?? []).map((o) => JSON.stringify(o)).join(" or ");
    case "union": {
      const parts = (s.options ?? []).map((o) => describe(o as AnySchema));
      return parts.every(Boolean) ? parts.join(" or ") : undefined;
    }
    default:
      return undefined;
  }
}

export { DataError };
