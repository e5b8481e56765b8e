import * as v from "valibot";
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FILE_LIMITS, readBoundedText } from "./bounded-file";
import { hasCode } from "./errors";
import { readNamedText } from "./place";
import { writeFilesAtomically } from "./secret-file";
import { list, obj, readJsonFileShape, str, type DataError } from "./schema";

/**
 * Which files a synthesized stack came from, and their hashes, in `wif-source.json` beside cdk.tf.json (Terraform
 * reads only `*.tf.json`, so it ignores the file). Every stack carries one — with `[Environments]`, each
 * environment's stack records the base config and its overlay — and the review and the plan refuse a stack whose
 * record is missing, unreadable, of the wrong shape, or whose files have changed since: failing closed, so an old
 * stack is never reviewed as if it were current. A failed synthesis removes the stack it would have replaced.
 */
export const STACK_SOURCE_FILE = "wif-source.json";

/** One file a stack was synthesized from. */
export interface StackInput {
  /** Absolute path. */
  readonly file: string;
  readonly sha256: string;
}

/** The record: the config's absolute path and the SHA-256 of its text, and the other files read with it. */
export interface StackSource {
  readonly config: string;
  readonly sha256: string;
  /** Overlays ([Environments]), public keys, the imports file: whatever the config loader read besides the config. */
  readonly inputs?: readonly StackInput[];
}

const SHA256 = v.pipe(str(64), v.regex(/^[0-9a-f]{64}$/, "is not a SHA-256 digest (64 hex digits)"));
/** wif-source.json, as {@link writeStackSource} writes it. */
export const STACK_SOURCE_SCHEMA = obj({
  config: str(4096),
  sha256: SHA256,
  inputs: v.optional(list(obj({ file: str(4096), sha256: SHA256 }), 1000)),
});

/** SHA-256 of text as UTF-8, hex. */
export function sha256Of(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

let collecting: Map<string, string> | undefined;

/**
 * Notes a file the config loader read, with its text, for the record of the stack being synthesized (a no-op
 * outside {@link collectInputs}). Every reader of a file that shapes a stack calls this with what it read.
 */
export function noteInput(path: string, text: string): void {
  collecting?.set(resolve(path), sha256Of(text));
}

/** Runs `work` (loading a config) and returns what it gives with every file it noted. */
export function collectInputs<T>(work: () => T): { value: T; inputs: StackInput[] } {
  const outer = collecting;
  collecting = new Map();
  try {
    const value = work();
    return { value, inputs: [...collecting].map(([file, sha256]) => ({ file, sha256 })) };
  } finally {
    collecting = outer;
  }
}

/** Writes the record next to a stack's cdk.tf.json, through the one atomic writer (never through a link). */
export function writeStackSource(stackDir: string, source: StackSource): void {
  writeFilesAtomically([
    { path: join(stackDir, STACK_SOURCE_FILE), content: `${JSON.stringify(source, null, 2)}\n`, mode: 0o644 },
  ]);
}

/** The record of a stack directory, when there is a readable one of the right shape. */
export function readStackSource(stackDir: string): StackSource | undefined {
  try {
    return readRecord(stackDir);
  } catch {
    return undefined;
  }
}

function readRecord(stackDir: string): StackSource {
  return readJsonFileShape(STACK_SOURCE_SCHEMA, join(stackDir, STACK_SOURCE_FILE), FILE_LIMITS.record, {
    source: STACK_SOURCE_FILE,
    read: readNamedText, // written by us beside the stack: a link out of the stack's folder is not ours
  });
}

/**
 * Why the stack of `stackFile` may not be reviewed or planned, or undefined when its record says it is current:
 * no record, a record that cannot be read or has the wrong shape, or a recorded file that is gone or has changed.
 * The reason completes "<stack file>: …"; the fix is always to synthesize again.
 */
export function staleReason(stackFile: string): string | undefined {
  const dir = dirname(stackFile);
  if (!existsSync(join(dir, STACK_SOURCE_FILE)))
    return `has no ${STACK_SOURCE_FILE} beside it, so which config it came from is unknown (it was not written by npm run synth, or by an older version)`;
  let source: StackSource;
  try {
    source = readRecord(dir);
  } catch (err) {
    if (hasCode<DataError>(err, "WIF-E-DATA") || hasCode<DataError>(err, "WIF-E-FILE"))
      return `its record ${err.clause}`;
    throw err;
  }
  for (const input of [{ file: source.config, sha256: source.sha256 }, ...(source.inputs ?? [])]) {
    let text: string;
    try {
      text = readBoundedText(input.file, FILE_LIMITS.config);
    } catch {
      return `stale: it was synthesized from ${input.file}, which can no longer be read`;
    }
    if (sha256Of(text) !== input.sha256) return `stale: ${input.file} has changed since this stack was synthesized`;
  }
  return undefined;
}

/** Removes a stack's cdk.tf.json and record (after a failed synthesis that would have replaced it). */
export function removeStack(stackDir: string): boolean {
  const file = join(stackDir, "cdk.tf.json");
  const existed = existsSync(file);
  rmSync(file, { force: true });
  rmSync(join(stackDir, STACK_SOURCE_FILE), { force: true });
  return existed;
}
