import { readBoundedText, type FileRefusedError } from "./bounded-file";
import { hasCode, WifError, type ErrorCode, type ErrorKind } from "./errors";
import { decodeUtf8 } from "./text-encoding";

/**
 * Reading JSON from outside the process — an HTTP answer, a stack, a plan, a record file — with bounds that hold
 * before `JSON.parse` runs: the text must be UTF-8, nest at most {@link JSON_LIMITS.maxDepth} levels (checked on
 * the raw text, so a 100,000-deep array is refused without building anything or recursing), hold no key twice in
 * one object (JSON.parse would silently keep the last, so two readers could see two values) and no `__proto__` key
 * (which `Object.assign` and friends would treat as a prototype). A leading byte order mark is ignored, as RFC 8259
 * allows. Every refusal is one line naming the source and the place, and never quotes the text: JSON.parse's own
 * messages quote a piece of the input, which may be a secret.
 *
 * This module imports no package, so the broker function can bundle it (functions/ may share core/).
 */

/** Bounds of every JSON document we read. */
export const JSON_LIMITS = {
  /**
   * Nesting. Terraform's plan JSON is the deepest we read (a resource's nested blocks under
   * `resource_changes[].change.before`); 128 is far above it and far below a stack overflow.
   */
  maxDepth: 128,
} as const;

/** Data from outside that is not what it must be: too large, too slow, not JSON, or of the wrong shape. */
export class DataError extends WifError {
  constructor(
    /** Where the data came from, as messages name it (`GET https://…/admin/v1/Apps`, a file path). */
    public readonly source: string,
    /** What is wrong, completing "<source>: …". */
    public readonly reason: string,
    kind: ErrorKind = "failed",
    code: ErrorCode = "WIF-E-DATA",
  ) {
    super(code, kind, `${source}: ${reason}.`);
    this.name = "DataError";
  }

  /** `<source>: <reason>` without the full stop, for a caller that goes on with its own fix. */
  public get clause(): string {
    return `${this.source}: ${this.reason}`;
  }
}

/** Where a document came from, and what kind of failure a bad one is (bad input for files the user named). */
export interface JsonSource {
  /** Names the source in messages. */
  readonly source: string;
  /** The name of the document's root in field paths: `answer` gives `answer.Resources[3].id`. @default "" */
  readonly root?: string;
  /** @default "failed" (exit 1); files the user named are "badInput" (exit 2) */
  readonly kind?: ErrorKind;
  /** @default JSON_LIMITS.maxDepth */
  readonly maxDepth?: number;
}

/**
 * Parses JSON text (or bytes, which must be UTF-8: core/text-encoding.ts names another encoding) within the bounds
 * above.
 * @throws DataError naming the source and what is wrong
 */
export function parseJson(input: string | Uint8Array, where: JsonSource): unknown {
  const fail = (reason: string) => new DataError(where.source, reason, where.kind);
  let text: string;
  if (typeof input === "string") text = input;
  else {
    const decoded = decodeUtf8(input, "; JSON must be UTF-8");
    if ("reason" in decoded) throw fail(decoded.reason);
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const found = scan(text, where.maxDepth ?? JSON_LIMITS.maxDepth, where.root ?? "");
  if (found.tooDeep !== undefined)
    throw fail(
      `nests deeper than ${where.maxDepth ?? JSON_LIMITS.maxDepth} levels (${lineColumn(text, found.tooDeep)}); refused before parsing`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail(syntaxReason(text, err));
  }
  if (found.problem) throw fail(found.problem);
  return value;
}

/** How {@link readJsonFile} reads a file's text. */
export type TextReader = (path: string, maxBytes: number) => string;

/**
 * Reads a JSON file of at most `maxBytes`, then {@link parseJson}. By default through core/bounded-file.ts (a
 * regular UTF-8 file only, never read past the limit); a file a user named is read through core/place.ts's
 * `readNamedText` instead, which also refuses a link out of its folder. A missing, unreadable or refused file is a
 * DataError too (code WIF-E-FILE), saying which.
 */
export function readJsonFile(
  path: string,
  maxBytes: number,
  where: Omit<JsonSource, "source"> & { readonly source?: string; readonly read?: TextReader },
): unknown {
  const source = where.source ?? path;
  const kind = where.kind ?? "badInput";
  let text: string;
  try {
    text = (where.read ?? readBoundedText)(path, maxBytes);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new DataError(source, err.reason, kind, "WIF-E-FILE");
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(
      source,
      code === "ENOENT" ? "not found" : `cannot be read (${code ?? String(err)})`,
      kind,
      "WIF-E-FILE",
    );
  }
  return parseJson(text, { root: where.root, maxDepth: where.maxDepth, source, kind });
}

/** A syntax error in words, with line and column, never with the text around it. */
function syntaxReason(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (/Unexpected end of JSON input/i.test(message) || text.trim() === "")
    return text.trim() === "" ? "is empty, not JSON" : "ends before the JSON is complete (cut off?)";
  const m = /position (\d+)/.exec(message);
  return m ? `is not valid JSON (${lineColumn(text, Number(m[1]))})` : "is not valid JSON";
}

/** `line 3, column 7` of an offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

interface Frame {
  readonly object: boolean;
  /** Keys seen so far, for an object. */
  readonly keys?: Set<string>;
  /** The current key (object) or index (array), for paths. */
  at: string | number;
  expectKey: boolean;
}

/**
 * One pass over the raw text: the nesting depth (stopping at the first level past the limit), duplicate and
 * `__proto__` keys. Tolerates malformed text (JSON.parse reports that); only strings and brackets matter here.
 */
function scan(text: string, maxDepth: number, root: string): { tooDeep?: number; problem?: string } {
  const stack: Frame[] = [];
  let problem: string | undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        const raw = text.slice(start + 1, i);
        const key = raw.includes("\\") ? decodeKey(text.slice(start, i + 1)) : raw;
        if (key !== undefined) {
          top.at = key;
          if (problem === undefined) {
            if (key === "__proto__") problem = `${pathOf(root, stack)}: the key "__proto__" is not accepted`;
            else if (top.keys!.has(key)) problem = `${pathOf(root, stack)}: the key is given twice in one object`;
          }
          top.keys!.add(key);
        }
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { tooDeep: i };
      const object = c === 0x7b;
      stack.push({ object, keys: object ? new Set() : undefined, at: object ? "" : 0, expectKey: object });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return { problem };
}

function decodeKey(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined; // malformed: JSON.parse reports it
  }
}

/** `answer.Resources[3].displayName`, from the frames of the scan. */
function pathOf(root: string, stack: readonly Frame[]): string {
  return formatPath(
    root,
    stack.map((f) => f.at),
  );
}

/**
 * A field path as messages show it: `root.key[3]["odd key"]`. Keys come from the data, so a key that is not a
 * plain name is quoted as JSON (control characters escaped) and cut at 64 characters.
 */
export function formatPath(root: string, keys: ReadonlyArray<string | number>): string {
  let out = root;
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$:-]{0,63}$/.test(k)) out += out === "" ? k : `.${k}`;
    else out += `[${JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k)}]`;
  }
  return out;
}
