import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { parseConfig } from "../../config/load-config";
import type { WifConfig } from "../../config/model";
import { ConfigError, formatProblem, type ConfigProblem } from "../../core/problems";
import { WifStack } from "../../app/wif-stack";

export const ROOT = join(__dirname, "..", "..");
export const FIXTURES = join(__dirname, "..", "fixtures");

/** Parses ini text as if it were `setupConfig.ini` in the fixtures directory. */
export function configFrom(
  text: string,
  file = "setupConfig.ini",
): { config: WifConfig; warnings: readonly ConfigProblem[] } {
  return parseConfig(text, file, FIXTURES);
}

/** The messages a config produces, one line each, or [] when it loads. */
export function errorsOf(text: string): string[] {
  try {
    configFrom(text);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map(formatProblem);
  }
}

/** Loads test/fixtures/<name>.ini. */
export function fixture(name: string): { config: WifConfig; warnings: readonly ConfigProblem[]; text: string } {
  const text = readFileSync(join(FIXTURES, `${name}.ini`), "utf8");
  return { ...parseConfig(text, `${name}.ini`, FIXTURES), text };
}

/**
 * Builds the stack of a config in a testing app. The working directory is fixed under the config's directory,
 * as with `cdktf synth` run next to the file, so relative paths come out the same on every machine.
 */
export function buildStack(config: WifConfig): WifStack {
  const app = Testing.app();
  return new WifStack(app, { config, workingDirectory: join(config.baseDir, "cdktf.out", "stacks", config.stackName) });
}

/**
 * JSON text with sorted keys and two-space indentation, an empty object or list written over two lines: the text
 * cdktf 0.21's Testing.synth gives (json-stable-stringify), which the snapshots hold. CDK Terrain's Testing.synth
 * writes the same values with another library, which writes an empty object as `{}`; writing the text here keeps
 * the snapshots a comparison of what is synthesized, under either engine, not of how the engine spaces it.
 */
export function stableJson(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((v) => stableJson(v, inner))
    : Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k], inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}${entries.map((e) => `\n${inner}${e}`).join(",")}\n${indent}${close}`;
}

/** The synthesized JSON of a config's stack, as a string (for the cdktf matchers) and parsed. */
export function synth(config: WifConfig): { json: string; doc: any; stack: WifStack } {
  const stack = buildStack(config);
  const doc = JSON.parse(Testing.synth(stack));
  return { json: stableJson(doc), doc, stack };
}

/** All resources of one type in a synthesized stack, by logical ID. */
export function resources(doc: any, type: string): Record<string, any> {
  return doc.resource?.[type] ?? {};
}

/** The only resource of a type; fails the test if there is not exactly one. */
export function only(doc: any, type: string): any {
  const all = Object.values(resources(doc, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/**
 * Makes synthesized output safe and stable to snapshot: machine paths become placeholders, and anything that
 * looks like a private key, JWT or client secret is replaced (none should be there; this is the backstop).
 */
export function scrub(text: string): string {
  return text
    .split(ROOT)
    .join("<repo>")
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "<private-key>")
    .replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/g, "<jwt>")
    .replace(/idcscs-[0-9a-f-]{20,}/g, "<client-secret>");
}

/** A bare stack to put single constructs in. */
export function testStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

/** What a construct synthesizes to, on its own in a stack. */
export function synthOf<T>(build: (stack: TerraformStack) => T): {
  built: T;
  json: string;
  doc: any;
  stack: TerraformStack;
} {
  const stack = testStack();
  const built = build(stack);
  const json = Testing.synth(stack);
  return { built, json, doc: JSON.parse(json), stack };
}

export const DOMAIN = {
  url: "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
  name: "Default",
};
