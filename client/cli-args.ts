import { parseArgs } from "node:util";
import { suggest } from "../config/spec";
import { UsageError } from "./errors";

/** One flag of a command: `--name <value>` when it takes a string, `--name` alone otherwise. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  /** `<path>`, `<seconds>`… shown in the help. */
  readonly value?: string;
  readonly help: string;
  /** A string flag that may be given more than once; its value is then every one, in order. */
  readonly multiple?: boolean;
}

/** Parsed flags by name; strings for `string` flags, `true` for boolean ones given. */
/** `--help` (also `-h`) and `--version`, which every command takes; spread last into a command's flags. */
export const STANDARD_FLAGS: Readonly<Record<"help" | "version", FlagSpec>> = {
  help: { type: "boolean", help: "show this help (also -h)" },
  version: { type: "boolean", help: "print the version" },
};

export type Flags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/**
 * Parses `argv` strictly: unknown flags, missing values and stray arguments are errors (exit 2) that name the
 * flag and suggest the nearest known one, instead of Node's longer messages.
 */
export function parseFlags(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): Flags {
  // -h is the one short flag: every command has --help, and it is what people type first.
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, ...(name === "help" ? { short: "h" } : {}), ...(s.multiple ? { multiple: true } : {}) },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Flags;
  } catch (err) {
    const e = err as { code?: string; message: string };
    const names = Object.keys(specs).map((n) => `--${n}`);
    const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? "";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = quoted.split("=")[0];
      const hint = suggest(flag, names);
      throw new UsageError(`unknown flag ${flag}.${hint ? ` Did you mean ${hint}?` : ""} See --help.`);
    }
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const flag = quoted.split(/[ =]/)[0];
      const spec = specs[flag.replace(/^-+/, "")];
      throw new UsageError(
        spec?.type === "boolean"
          ? `${flag} takes no value.`
          : `${flag} needs a value: ${flag} ${spec?.value ?? "<value>"}.`,
      );
    }
    if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(
        `unexpected argument ${JSON.stringify(quoted)}: every input is given with a flag. See --help.`,
      );
    }
    throw err;
  }
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
      `--${name} must be a ${integer ? "whole number" : "number"} from ${min} to ${max}; got ${JSON.stringify(text)}.`,
    );
  }
  return n;
}
