import { WifError } from "./errors";
import { redact } from "./redact";
import { MAX_PRINTED_PROBLEMS } from "./limits";

/**
 * Where in a config file something was found: the file, the line, the `[section]` and the key.
 * Every message we print about a config file starts with this, so an admin can jump straight to it.
 */
export interface ConfigLocation {
  readonly file: string;
  readonly section?: string;
  readonly key?: string;
  readonly line?: number;
}

/** One thing wrong (or worth a warning) in a config file. */
export interface ConfigProblem extends ConfigLocation {
  /** What is wrong, without the location, e.g. `must be an https URL`. */
  readonly message: string;
  /** The value we got, when there was one. Never set for secret-bearing keys. */
  readonly value?: string;
  /** What to do about it, as one sentence. */
  readonly fix?: string;
  /** A stable ID (`WIF-W-…` from core/warnings.ts for warnings), printed first so logs can be searched for it. */
  readonly code?: string;
}

/** Formats a location as `file:line [Section] key`. */
export function formatLocation(loc: ConfigLocation): string {
  let out = loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file;
  if (loc.section !== undefined) out += ` [${loc.section}]`;
  if (loc.key !== undefined) out += ` ${loc.key}`;
  return out;
}

/**
 * Formats a problem as one line (two when it has a fix that does not fit):
 * `setupConfig.ini:12 [Trust github] issuer: must be an https URL; got "http://x". Use https://….`
 * A problem with a code starts with it: `WIF-W-UNKNOWN-KEY runtimeConfig.ini:3 [IdentityDomain] colour: …`.
 */
export function formatProblem(p: ConfigProblem): string {
  let out = `${p.code ? `${p.code} ` : ""}${formatLocation(p)}: ${p.message}`;
  if (p.value !== undefined) out += `; got ${JSON.stringify(p.value)}`;
  out += ".";
  if (p.fix) out += ` ${p.fix}`;
  // Values are what the file holds: a pasted key, a token or terminal escapes must not reach the screen.
  return redact(out);
}

/**
 * Thrown when a config file has one or more errors. It carries all of them, so the admin fixes the file in
 * one pass instead of one error per run.
 */
export class ConfigError extends WifError {
  public readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const n = problems.length;
    super("WIF-E-CONFIG", "badInput", [
      `${n} problem${n === 1 ? "" : "s"} in the config:`,
      ...printableProblems(problems).map((l) => `  ${l}`),
    ]);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** The problems formatted one per line, at most {@link MAX_PRINTED_PROBLEMS}, then `… and N more`. */
export function printableProblems(problems: readonly ConfigProblem[]): string[] {
  const shown = problems.slice(0, MAX_PRINTED_PROBLEMS).map(formatProblem);
  const more = problems.length - shown.length;
  return more > 0 ? [...shown, `… and ${more} more problem${more === 1 ? "" : "s"}`] : shown;
}

/** Collects problems while a file is read, then throws them all at once. */
export class ProblemList {
  private readonly errorList: ConfigProblem[] = [];
  private readonly notes: ConfigProblem[] = [];

  /** Records an error. */
  public error(p: ConfigProblem): void {
    this.errorList.push(p);
  }

  /** Records a warning or a note: printed, but synthesis goes on. Give it a `code` from core/warnings.ts. */
  public warn(p: ConfigProblem): void {
    this.notes.push(p);
  }

  public get hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  public get errorCount(): number {
    return this.errorList.length;
  }

  public get warnings(): readonly ConfigProblem[] {
    return this.notes;
  }

  /** The errors recorded so far, in file order. */
  public get errors(): readonly ConfigProblem[] {
    return sortProblems(this.errorList);
  }

  /** Throws a {@link ConfigError} with every error recorded so far, if there is any. */
  public throwIfAny(): void {
    if (this.errorList.length > 0) throw new ConfigError(this.errors);
  }
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  // File order first, so the list reads top to bottom like the file.
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}
