import { parseArgs } from "node:util";
import { UsageError } from "../core/errors";
import { suggest } from "../core/suggest";
import { checkName, shownValue, STACK_NAME, truncatedValue } from "../core/place";

/**
 * The one flag parser of every command (wif-synth, wif-init, wif-plan, wif-deploy, wif-runtime-config, wif-review,
 * wif-import, wif-exchange, wif-explain, wif-broker). Strict: an unknown flag, a missing value, a flag given twice
 * and a stray argument are bad input (exit 2, `WIF-E-USAGE`), each in one line that names the flag and suggests the
 * nearest known one, so every command refuses the same mistakes with the same words.
 */

/** One flag of a command: `--name <value>` when it takes a string, `--name` alone otherwise. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  /** `<path>`, `<seconds>`… shown in the help. */
  readonly value?: string;
  readonly help: string;
  /** A string flag that may be given more than once; its value is then every one, in order. */
  readonly multiple?: boolean;
}

/** `--help` (also `-h`) and `--version`, which every command takes; added by the command frame (cli/command.ts). */
export const STANDARD_FLAGS: Readonly<Record<"help" | "version", FlagSpec>> = {
  help: { type: "boolean", help: "show this help (also -h)" },
  version: { type: "boolean", help: "print the version" },
};

/** `--config <path>` of the commands that synthesize setupConfig.ini. */
export const CONFIG_FLAG: FlagSpec = {
  type: "string",
  value: "<path>",
  help: "the setupConfig.ini to read (default: $WIF_CONFIG, else ./setupConfig.ini)",
};

/** `--outdir <dir>` of the commands that write stacks (`write`) or read what was written (`read`). */
export const OUTDIR_FLAG: Readonly<Record<"write" | "read", FlagSpec>> = {
  write: {
    type: "string",
    value: "<dir>",
    help: "where to write the stacks (default: $CDKTF_OUTDIR, else ./cdktf.out)",
  },
  read: { type: "string", value: "<dir>", help: "where the stacks are (default: $CDKTF_OUTDIR, else ./cdktf.out)" },
};

/** Parsed flags by name; strings for `string` flags, `true` for boolean ones given. */
export type Flags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What else a command takes besides flags. */
export interface ParseOptions {
  /**
   * The string flag that one bare argument stands for (`wif-plan wif-dev` is `wif-plan --stack wif-dev`), so the
   * npm script aliases keep `npm run plan -- <stack>`. Without it, a bare argument is an error.
   */
  readonly positional?: string;
}

/** Parses `argv` strictly; throws {@link UsageError} naming the flag and the fix. */
export function parseFlags(
  argv: readonly string[],
  specs: Readonly<Record<string, FlagSpec>>,
  options: ParseOptions = {},
): Flags {
  // -h is the one short flag: every command has --help, and it is what people type first.
  const parserOptions = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, ...(name === "help" ? { short: "h" } : {}), ...(s.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parserOptions, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw usageErrorOf(err as { code?: string; message: string }, specs);
  }
  const values = { ...parsed.values } as Record<string, string | boolean | readonly string[] | undefined>;
  const seen = new Map<string, string | boolean | undefined>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const spec = specs[token.name];
    if (!spec?.multiple && seen.has(token.name)) {
      const [a, b] = [seen.get(token.name), token.value];
      const both = typeof a === "string" && typeof b === "string" ? ` (${shownValue(a)} and ${shownValue(b)})` : "";
      throw new UsageError(`--${token.name} is given twice${both}; give it once.`);
    }
    seen.set(token.name, token.value ?? true);
    if (spec?.type === "string" && token.value === "")
      throw new UsageError(`--${token.name} needs a value: --${token.name} ${spec.value ?? "<value>"}.`);
  }
  const bare = parsed.positionals;
  const target = options.positional;
  if (bare.length > 0 && target && bare.length === 1 && values[target] === undefined) values[target] = bare[0];
  else if (bare.length > 0) {
    const extra = target ? bare[bare.length - 1] : bare[0];
    const why = target
      ? `one ${target} at most, as an argument or with --${target}`
      : "every input is given with a flag";
    throw new UsageError(
      `unexpected argument ${shownValue(extra)}: ${why}.${suggestFlagFor(extra, specs)} See --help.`,
    );
  }
  return values;
}

/** " Did you mean --x?" when a bare argument looks like a flag written without its dashes. */
function suggestFlagFor(word: string, specs: Readonly<Record<string, FlagSpec>>): string {
  if (word.startsWith("-")) return "";
  const hint = suggest(word, Object.keys(specs));
  return hint ? ` Did you mean --${hint}?` : "";
}

function usageErrorOf(e: { code?: string; message: string }, specs: Readonly<Record<string, FlagSpec>>): Error {
  const names = Object.keys(specs).map((n) => `--${n}`);
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? "";
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = quoted.split("=")[0];
    const hint = suggest(flag.replace(/^-(?=[^-])/, "--"), names);
    return new UsageError(`unknown flag ${truncatedValue(flag)}.${hint ? ` Did you mean ${hint}?` : ""} See --help.`);
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = quoted.split(/[ =]/)[0];
    const spec = specs[flag.replace(/^-+/, "")];
    return new UsageError(
      spec?.type === "boolean"
        ? `${flag} takes no value.`
        : `${flag} needs a value: ${flag} ${spec?.value ?? "<value>"}.`,
    );
  }
  return e as Error;
}

/** The flags as help lines: `  --name <value>  help`. */
export function flagHelp(specs: Readonly<Record<string, FlagSpec>>): string[] {
  const heads = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ""}`, s.help] as const);
  const width = Math.max(...heads.map(([h]) => h.length));
  return heads.map(([h, text]) => `  ${h.padEnd(width)}  ${text}`);
}

/** A string flag's value, or undefined. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * `--stack`'s value checked as a stack's folder name under cdktf.out/stacks (one plain name, core/place.ts), or
 * undefined when not given.
 */
export function stackFlag(flags: Flags): string | undefined {
  const given = stringFlag(flags, "stack");
  return given === undefined ? undefined : checkName(given, STACK_NAME, "--stack");
}

/** Every value of a `multiple` string flag, in order ([] when absent). */
export function listFlag(flags: Flags, name: string): readonly string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** A number flag within bounds, or `fallback` when absent. */
export function numberFlag(
  flags: Flags,
  name: string,
  min: number,
  max: number,
  fallback: number,
  integer = false,
): number {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${name} must be a ${integer ? "whole number" : "number"} from ${min} to ${max}; got ${shownValue(text)}.`,
    );
  }
  return n;
}
