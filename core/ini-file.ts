import * as ini from "ini";
import { ProblemList } from "./problems";
import { registerSecretsIn } from "./redact";
import { WARNING } from "./warnings";

/** One `key = value` (or every `key[] = value` of a list) in a section. */
export interface IniEntry {
  /** The key in lower case, without `[]`: keys are case-insensitive, as in Python's configparser. */
  readonly key: string;
  /** The values in file order; one for a plain key. */
  readonly values: string[];
  /** Whether the key was written as a list (`key[] = …`). */
  readonly isList: boolean;
  /** Line of the first occurrence (1-based). */
  readonly line: number;
  /** Line of each value. */
  readonly lines: number[];
}

/** A `[section]` with its entries. */
export interface IniSection {
  /** The header as written, without brackets and surrounding spaces, e.g. `Trust github`. */
  readonly name: string;
  /** The header's first word in lower case (`trust`), which says what the section describes. */
  readonly type: string;
  /** The rest of the header (`github`), naming one of several sections of the same type. */
  readonly label?: string;
  readonly line: number;
  readonly entries: Map<string, IniEntry>;
}

/** A parsed ini file that still knows where everything came from. */
export interface IniDocument {
  readonly file: string;
  readonly sections: IniSection[];
}

const SECTION = /^\[(.*)\]$/;

/**
 * How values are read:
 * - `ini`: as the `ini` package decodes them (quotes, `\;` escapes, `;` and `#` comments) — setupConfig.ini;
 * - `configparser`: as Python's configparser with its defaults reads them: the rest of the line, trimmed, with no
 *   inline comments and quotes kept — runtimeConfig.ini, which the seed's Python script also reads.
 */
export type IniValueSyntax = "ini" | "configparser";

/**
 * Reads an ini file, keeping what `ini.decode` throws away: line numbers, keys that were set twice, sections that
 * appear twice, and case-insensitive keys. Structural mistakes are recorded in `problems`; nothing is thrown.
 */
export function parseIni(
  text: string,
  file: string,
  problems: ProblemList,
  syntax: IniValueSyntax = "ini",
): IniDocument {
  // A private key pasted into the file: its lines are secrets before any of them is quoted in a problem.
  registerSecretsIn(text);
  const state: ParseState = {
    file,
    problems,
    syntax,
    sections: [],
    byName: new Map(),
    inRefusedSection: false,
    lastKeyLine: -1,
    emptyLines: 0,
  };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (syntax === "configparser" && trimmed === "") {
      if (state.continued) state.emptyLines++;
      return;
    }
    if (trimmed === "" || trimmed.startsWith(";") || trimmed.startsWith("#")) return;
    if (syntax === "configparser" && continueValue(state, raw, trimmed)) return;
    const header = SECTION.exec(trimmed);
    if (header) {
      readHeader(state, header[1], line);
    } else if (trimmed.startsWith("[")) {
      problems.error({
        file,
        line,
        message: `a section header must stand alone on its line; got ${JSON.stringify(trimmed)}`,
        fix: "Put comments on their own line.",
      });
      state.current = undefined;
      state.inRefusedSection = true;
    } else {
      readEntry(state, raw, line);
    }
  });
  return { file, sections: state.sections };
}

/** What {@link parseIni} knows while it walks the lines. */
interface ParseState {
  readonly file: string;
  readonly problems: ProblemList;
  readonly syntax: IniValueSyntax;
  readonly sections: IniSection[];
  /** By lower-case name, to find a section that appears twice. */
  readonly byName: Map<string, IniSection>;
  /** The section that keys go to; undefined before the first header and after a refused one. */
  current?: IniSection;
  /** True after a refused header: its keys are not reported again one by one. */
  inRefusedSection: boolean;
  lastKeyLine: number;
  /** configparser only: the entry a continuation line extends, and the indentation of its key. */
  continued?: { entry: IniEntry; indent: number };
  /** configparser only: empty lines since, kept inside a value when a continuation follows (empty_lines_in_values). */
  emptyLines: number;
}

/** configparser: a line indented deeper than the last key continues its value. True when it did. */
function continueValue(state: ParseState, raw: string, trimmed: string): boolean {
  const indent = raw.length - raw.trimStart().length;
  if (state.continued && indent > state.continued.indent) {
    const values = state.continued.entry.values;
    values[values.length - 1] += "\n".repeat(state.emptyLines + 1) + trimmed;
    state.emptyLines = 0;
    return true;
  }
  state.continued = undefined;
  state.emptyLines = 0;
  return false;
}

function readHeader(state: ParseState, rawName: string, line: number): void {
  const { file, problems } = state;
  const name = rawName.trim().replace(/\s+/g, " ");
  state.current = undefined;
  state.inRefusedSection = true;
  if (name === "") {
    problems.error({ file, line, message: "empty section header", fix: "Name the section, e.g. [IdentityDomain]." });
    return;
  }
  if (name.includes(".")) {
    problems.error({
      file,
      line,
      section: name,
      message: "section names may not contain '.' (the ini format reads it as a nested section)",
      fix: "Use '-' or '_' instead.",
    });
    return;
  }
  const key = name.toLowerCase();
  const previous = state.byName.get(key);
  if (previous) {
    problems.error({
      file,
      line,
      section: name,
      message: `section appears twice (first at line ${previous.line})`,
      fix: "Merge the two sections into one.",
    });
    return;
  }
  const [type, ...rest] = name.split(" ");
  const section: IniSection = {
    name,
    type: type.toLowerCase(),
    label: rest.length ? rest.join(" ") : undefined,
    line,
    entries: new Map(),
  };
  state.byName.set(key, section);
  state.sections.push(section);
  state.current = section;
  state.inRefusedSection = false;
  state.lastKeyLine = -1;
}

function readEntry(state: ParseState, raw: string, line: number): void {
  const { file, problems, current } = state;
  // configparser splits at the first '=' or ':'; the ini package at the first '='.
  const eq = state.syntax === "configparser" ? firstDelimiter(raw) : raw.indexOf("=");
  if (eq < 0) {
    const continuation = /^\s/.test(raw) && state.lastKeyLine > 0;
    problems.error({
      file,
      line,
      section: current?.name,
      message: continuation
        ? "continuation lines are not supported"
        : `expected "key = value"; got ${/secret|password|token|private/i.test(raw) ? "a line that names a secret (not shown)" : JSON.stringify(raw.trim())}`,
      fix: continuation ? "Write a list key once per value: rule[] = …" : "Add '= value' or remove the line.",
    });
    return;
  }
  const rawKey = raw.slice(0, eq).trim();
  const rawValue = raw.slice(eq + 1);
  if (!current) {
    // Keys under a refused header were reported with the header.
    if (!state.inRefusedSection) {
      problems.error({
        file,
        line,
        key: rawKey,
        message: "key outside any section",
        fix: "Move it under a [Section] header.",
      });
    }
    return;
  }
  const isList = state.syntax === "ini" && rawKey.endsWith("[]");
  const key = (isList ? rawKey.slice(0, -2) : rawKey).trim().toLowerCase();
  if (key === "") {
    problems.error({ file, line, section: current.name, message: "empty key", fix: "Write key = value." });
    return;
  }
  let value: string;
  if (state.syntax === "ini") {
    warnOnCutValue(rawValue, { file, line, section: current.name, key }, problems);
    value = ini.unsafe(rawValue);
  } else {
    value = rawValue.trim();
  }
  state.lastKeyLine = line;

  const entry = current.entries.get(key);
  if (!entry) {
    const created: IniEntry = { key, values: [value], isList, line, lines: [line] };
    current.entries.set(key, created);
    if (state.syntax === "configparser")
      state.continued = { entry: created, indent: raw.length - raw.trimStart().length };
    return;
  }
  if (!isList || !entry.isList) {
    problems.error({
      file,
      line,
      section: current.name,
      key,
      message: `set twice (first at line ${entry.line})`,
      fix:
        isList || entry.isList
          ? `Write every value as ${key}[] = …`
          : `For several values write each line as ${key}[] = …; otherwise keep one of the two lines.`,
    });
    return;
  }
  entry.values.push(value);
  entry.lines.push(line);
}

/**
 * `ini` ends a value at the first `;` or `#`, even inside a word (`a;b` reads as `a`). A comment after a
 * space is intended; one glued to the value almost never is, so say so instead of silently truncating.
 */
function warnOnCutValue(
  rawValue: string,
  where: { file: string; line: number; section: string; key: string },
  problems: ProblemList,
): void {
  const trimmed = rawValue.trim();
  if (trimmed.length > 1 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed.endsWith(trimmed[0])) return;
  for (let i = 0; i < rawValue.length; i++) {
    const c = rawValue[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === ";" || c === "#") {
      const before = rawValue.slice(0, i);
      if (before.trim() !== "" && !/\s$/.test(before)) {
        problems.warn({
          ...where,
          code: WARNING.valueCutAtComment,
          message: `the value ends at '${c}' (it starts a comment), so only ${JSON.stringify(before.trim())} is used`,
          // A policy statement never holds ';' or '#': several statements are several lines. Elsewhere quoting the
          // whole value keeps it as written (configparser and our reader both take a quoted value whole).
          fix: /^allow(\[\])?$/i.test(where.key)
            ? `A policy statement has no '${c}': give each statement its own allow[] = … line.`
            : `Put the whole value in double quotes ("…") to keep a literal '${c}'.`,
        });
      }
      return;
    }
  }
}

/** Index of the first `=` or `:` in a line, or -1 (configparser's default delimiters). */
function firstDelimiter(raw: string): number {
  const eq = raw.indexOf("=");
  const colon = raw.indexOf(":");
  if (eq < 0) return colon;
  if (colon < 0) return eq;
  return Math.min(eq, colon);
}
