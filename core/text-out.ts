/**
 * The one writer of values into Markdown and terminals. A value from a user or a remote system (a rule, a user
 * name, a plan address, an endpoint's error text) goes through the function for the context it lands in, and
 * nothing else: each first removes secrets and writes control, bidi and invisible characters as `\u{…}`
 * ({@link redact}), then escapes what that context would read as markup.
 *
 * Markdown contexts (CommonMark 0.31, plus GitHub's tables):
 * - {@link mdCode}: an inline code span that the value cannot close (a fence longer than any backtick run in it);
 * - {@link mdText}: plain text in a paragraph, a heading or a list item: no HTML, link, image, emphasis, and
 *   nothing at its start that opens a block (`#`, `>`, `-`, `1.`);
 * - `{ table: true }` on a code span inside a table cell (`|` escaped, as GitHub's tables require even in code);
 * - {@link mdRich}: our own sentences that mark values as code with backticks ({@link codeSpan}), as the review's
 *   diff writes them: the spans are found as CommonMark finds them and each part rendered as code or text.
 * A line break in a value is never a line break in the output (it is shown as `\u{000A}`), so a value cannot start a
 * heading or a new table row.
 *
 * Terminal: {@link terminal} for a line, {@link terminalBlock} for text of several lines, and {@link processOutput}
 * for the process's own standard output and error, which every command writes through.
 */
import { redact } from "./redact";

/** Where a Markdown value lands. */
export interface MdContext {
  /** Inside a GitHub table cell: `|` is escaped even in code spans. @default false */
  readonly table?: boolean;
}

/**
 * A value as an inline code span in plain text (no redaction, no escaping): the fence is one backtick longer than
 * the longest backtick run inside, padded with a space when the value starts or ends with a backtick or a space
 * (CommonMark strips one space on each side, so what is shown is exactly the value). For sentences that are later
 * rendered with {@link mdRich}, and read as they are in JSON and terminals.
 */
export function codeSpan(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  if (value === "") return "` `";
  const pad = /^[` ]|[` ]$/.test(value) ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A value as inline code in Markdown: redacted, control characters escaped, unclosable. */
export function mdCode(value: string, context: MdContext = {}): string {
  const span = codeSpan(redact(value));
  return context.table ? span.replace(/\|/g, "\\|") : span;
}

/**
 * A value as plain Markdown text: redacted, control characters escaped, and every character that could start
 * markup escaped: `\ \` * _ ~ |` with a backslash, `<` `>` as entities, `&` before an entity name, a `(` or `[`
 * right after `]` (no inline or reference link, no image), and at its start `#`, `+`, `-`, `=`, `[` or a number
 * followed by `.` or `)` (no heading, list, quote or link definition). Renders as exactly the value's printable
 * text, in a paragraph, a heading, a list item or a table cell alike.
 */
export function mdText(value: string): string {
  return escapeBlockStart(escapeInline(redact(value)));
}

function escapeInline(text: string): string {
  return text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
    .replace(/[\\`*_~|]/g, (c) => `\\${c}`)
    .replace(/\](?=[([])/g, "]\\")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function escapeBlockStart(text: string): string {
  return text.replace(/^(\s*)([#+=[-])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * One of our sentences with values marked as code spans ({@link codeSpan}): each span found as CommonMark finds it
 * (a run of backticks closed by the next run of the same length) is rendered with {@link mdCode}, everything else
 * with {@link mdText}. A backtick in a value that was not put in a span by {@link codeSpan} cannot open one: it is
 * escaped as text.
 */
export function mdRich(text: string, context: MdContext = {}): string {
  let out = "";
  let plain = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      plain += text[i++];
      continue;
    }
    let run = 0;
    while (text[i + run] === "`") run++;
    const close = closingRun(text, i + run, run);
    if (close < 0) {
      plain += "`".repeat(run);
      i += run;
      continue;
    }
    out += text_(plain, out === "") + mdCode(spanContent(text.slice(i + run, close)), context);
    plain = "";
    i = close + run;
  }
  return out + text_(plain, out === "");
}

/** A plain part of {@link mdRich}: escaped as {@link mdText}, with the start-of-line rules only when it is first. */
function text_(plain: string, first: boolean): string {
  const inline = escapeInline(redact(plain));
  return first ? escapeBlockStart(inline) : inline;
}

/** Where the next backtick run of exactly `length` starts at or after `from`, or -1. */
function closingRun(text: string, from: number, length: number): number {
  for (let j = text.indexOf("`", from); j >= 0; ) {
    let run = 0;
    while (text[j + run] === "`") run++;
    if (run === length) return j;
    j = text.indexOf("`", j + run);
  }
  return -1;
}

/**
 * A code span's value, the inverse of {@link codeSpan}: one padding space stripped on each side. A line break stays
 * (CommonMark would show it as a space): {@link mdCode} shows it as `\u{000A}`, as everywhere else.
 */
function spanContent(raw: string): string {
  return raw.length > 1 && raw.startsWith(" ") && raw.endsWith(" ") && raw.trim() !== "" ? raw.slice(1, -1) : raw;
}

/** One line for a terminal or a log: secrets removed, every control character (line breaks too) escaped. */
export function terminal(line: string): string {
  return redact(line);
}

/** Text of several lines for a terminal: as {@link terminal}, but `\n` stays a line break. */
export function terminalBlock(text: string): string {
  return redact(text, true);
}

/** Writers of whole lines to a stream; each line goes through {@link terminal}. */
export interface LineOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The process's standard output and error, one line per call, through {@link terminal}. */
export function processOutput(): LineOutput {
  return {
    out: (line) => process.stdout.write(`${terminal(line)}\n`),
    err: (line) => process.stderr.write(`${terminal(line)}\n`),
  };
}

/** A {@link LineOutput} whose lines go through {@link terminal} before reaching `to` (a test's capture, a stream). */
export function redactedOutput<T extends LineOutput>(to: T): T {
  return { ...to, out: (line: string) => to.out(terminal(line)), err: (line: string) => to.err(terminal(line)) };
}
