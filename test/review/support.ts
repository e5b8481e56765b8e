import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { loadStacks } from "../../review/load";
import { buildModel, type StackModel } from "../../review/model";
import { parseStack, type Stack } from "../../core/stack";
import { FIXTURES } from "../support/stacks";

export const REVIEW_FIXTURES = join(FIXTURES, "review");

const dirs: string[] = [];

/** A fresh temporary directory, removed by {@link cleanUp}. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wif-review-"));
  dirs.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made; call it from afterAll. */
export function cleanUp(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * Synthesizes a config with the project's own `synthesize()` (as `npm run synth` does) into a temporary
 * cdktf.out, and returns that directory. The config is written next to it, so its relative paths stay inside.
 */
export function synthToDir(iniText: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "setupConfig.ini"), iniText);
  const log: string[] = [];
  const result = synthesize({
    configPath: join(dir, "setupConfig.ini"),
    outdir: join(dir, "cdktf.out"),
    log: (l) => log.push(l),
  });
  if (result.exitCode !== 0) throw new Error(`synthesis failed:\n${log.join("\n")}`);
  return join(dir, "cdktf.out");
}

/**
 * Synthesizes test/fixtures/<name>.ini where it lies (for fixtures that name files next to them, such as the
 * broker's public key) into a temporary cdktf.out, and returns that directory.
 */
export function synthFixture(name: string): string {
  const outdir = join(tempDir(), "cdktf.out");
  const log: string[] = [];
  const result = synthesize({ configPath: join(FIXTURES, `${name}.ini`), outdir, log: (l) => log.push(l) });
  if (result.exitCode !== 0) throw new Error(`synthesis failed:\n${log.join("\n")}`);
  return outdir;
}

/** The text of test/fixtures/<name>.ini. */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.ini`), "utf8");
}

/** Synthesizes ini text and reads its only stack back. */
export function synthStack(iniText: string): Stack {
  const stacks = loadStacks(synthToDir(iniText), "--outdir");
  if (stacks.length !== 1) throw new Error(`expected one stack, got ${stacks.length}`);
  return stacks[0];
}

/** test/fixtures/review/broker.cdk.tf.json, parsed afresh (so a test may change it). */
export function brokerDoc(): any {
  return JSON.parse(readFileSync(join(REVIEW_FIXTURES, "broker.cdk.tf.json"), "utf8"));
}

/** The model of a stack document. */
export function modelOf(doc: unknown, name = "test"): StackModel {
  return buildModel(parseStack(doc, `${name}/cdk.tf.json`, name));
}

/** A synthesized stack as a plain document, for tests that change it by hand. */
export function docOf(outdir: string, stack = "wif"): any {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** The first resource of a type in a document. */
export function first(doc: any, type: string): any {
  return Object.values(doc.resource[type])[0];
}

/** The only stack's config: test/fixtures/github.ini with `edit` applied to its text. */
export function githubWith(edit: (text: string) => string): string {
  return edit(fixtureText("github"));
}
