import { createHash } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FILE_LIMITS, readBoundedText } from "./bounded-file";

/**
 * Which config a synthesized stack came from, and its hash, in `wif-source.json` beside cdk.tf.json (Terraform
 * reads only `*.tf.json`, so it ignores the file). The review refuses a stack whose config has changed since, and
 * a failed synthesis removes the stack it would have replaced, so an old stack is never reviewed as if current.
 */
export const STACK_SOURCE_FILE = "wif-source.json";

/** The record: the config's absolute path and the SHA-256 of its bytes. */
export interface StackSource {
  readonly config: string;
  readonly sha256: string;
}

/** SHA-256 of text as UTF-8, hex. */
export function sha256Of(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Writes the record next to a stack's cdk.tf.json, atomically. */
export function writeStackSource(stackDir: string, source: StackSource): void {
  const file = join(stackDir, STACK_SOURCE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(source, null, 2) + "\n");
  renameSync(temp, file);
}

/** The record of a stack directory, when there is a readable one. */
export function readStackSource(stackDir: string): StackSource | undefined {
  const file = join(stackDir, STACK_SOURCE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const doc = JSON.parse(readBoundedText(file, 64 * 1024)) as Partial<StackSource>;
    return typeof doc.config === "string" && typeof doc.sha256 === "string"
      ? { config: doc.config, sha256: doc.sha256 }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the stack of `stackFile` is stale, or undefined when it is current or carries no record (a stack built by
 * other means). Stale: its config is gone, or its bytes hash differently now.
 */
export function staleReason(stackFile: string): string | undefined {
  const source = readStackSource(dirname(stackFile));
  if (!source) return undefined;
  let text: string;
  try {
    text = readBoundedText(source.config, FILE_LIMITS.config);
  } catch {
    return `it was synthesized from ${source.config}, which can no longer be read`;
  }
  return sha256Of(text) === source.sha256 ? undefined : `${source.config} has changed since this stack was synthesized`;
}

/** Removes a stack's cdk.tf.json and record (after a failed synthesis that would have replaced it). */
export function removeStack(stackDir: string): boolean {
  const file = join(stackDir, "cdk.tf.json");
  const existed = existsSync(file);
  rmSync(file, { force: true });
  rmSync(join(stackDir, STACK_SOURCE_FILE), { force: true });
  return existed;
}
