/**
 * An independent reader of what Terraform evaluates in a synthesized stack, for the tests of the literal step
 * (constructs/literal.ts): a scanner of Terraform's template syntax, and a checker that accepts an interpolation only
 * when it is an expression our code builds — a reference to something the document declares, or a call of a
 * function our code calls, with string literals that are themselves literal. It shares no code with what it checks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** One template's parts: the expressions of its interpolations, and its directives (`%{…}`), as source text. */
export interface TemplateParts {
  readonly interpolations: string[];
  readonly directives: string[];
  /** The text the template evaluates to, with each interpolation or directive written as `\u0000`. */
  readonly text: string;
}

/** Index just past the `}` that closes an expression starting at `start`; strings and nested braces skipped. */
function expressionEnd(src: string, start: number): number {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === '"') i = quotedEnd(src, i + 1) - 1;
    else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(src)}`);
}

/** Index just past the `"` that closes a quoted template whose content starts at `start`. */
function quotedEnd(src: string, start: number): number {
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === '"') return i + 1;
    else if ((c === "$" || c === "%") && src[i + 1] === c && src[i + 2] === "{") i += 2;
    else if ((c === "$" || c === "%") && src[i + 1] === "{") i = expressionEnd(src, i + 2) - 1;
  }
  throw new Error(`unterminated string in ${JSON.stringify(src)}`);
}

/**
 * Scans a string as Terraform reads it in JSON syntax (and, with `quoted`, as the inside of an HCL quoted string):
 * `$${` and `%%{` are the literal `${` and `%{`; `${` opens an interpolation and `%{` a directive.
 */
export function scanTemplate(src: string, quoted = false): TemplateParts {
  const interpolations: string[] = [];
  const directives: string[] = [];
  let text = "";
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted && c === "\\") {
      const e = src[i + 1];
      if (e === "u") {
        text += String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        text += ({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
        i++;
      }
    } else if ((c === "$" || c === "%") && src[i + 1] === c && src[i + 2] === "{") {
      text += `${c}{`;
      i += 2;
    } else if ((c === "$" || c === "%") && src[i + 1] === "{") {
      const end = expressionEnd(src, i + 2);
      (c === "$" ? interpolations : directives).push(src.slice(i + 2, end - 1).trim());
      text += "\u0000";
      i = end - 1;
    } else text += c;
  }
  return { interpolations, directives, text };
}

/** What the document declares, and the functions our code calls: what an interpolation may use. */
export interface Allowed {
  /** `type.name` of every resource, `data.type.name` of every data source, `local.x`, `var.x`. */
  readonly addresses: ReadonlySet<string>;
  readonly functions: ReadonlySet<string>;
}

/** The addresses a synthesized document declares. */
export function addressesOf(doc: any): Set<string> {
  const out = new Set<string>();
  for (const [type, all] of Object.entries<Record<string, unknown>>(doc.resource ?? {}))
    for (const name of Object.keys(all)) out.add(`${type}.${name}`);
  for (const [type, all] of Object.entries<Record<string, unknown>>(doc.data ?? {}))
    for (const name of Object.keys(all)) out.add(`data.${type}.${name}`);
  for (const name of Object.keys(doc.locals ?? {})) out.add(`local.${name}`);
  for (const name of Object.keys(doc.variable ?? {})) out.add(`var.${name}`);
  out.add("self"); // provisioners of a resource refer to it as self
  return out;
}

/** A recursive-descent reader of the expressions our code makes; anything else is refused with a reason. */
class ExpressionChecker {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly allowed: Allowed,
    private readonly problems: string[],
  ) {}

  public check(): void {
    this.expression();
    this.space();
    if (this.i < this.src.length) this.fail("unexpected text");
  }

  private fail(why: string): never {
    throw new Error(`${why} at ${this.i} of \${${this.src}}`);
  }

  private space(): void {
    while (/\s/.test(this.src[this.i] ?? "")) this.i++;
  }

  private eat(s: string): boolean {
    this.space();
    if (this.src.startsWith(s, this.i)) {
      this.i += s.length;
      return true;
    }
    return false;
  }

  private identifier(): string {
    this.space();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.i));
    if (!m) this.fail("expected a name");
    this.i += m[0].length;
    return m[0];
  }

  private expression(): void {
    this.space();
    const c = this.src[this.i];
    if (c === '"') this.quoted();
    else if (c === "{") this.object();
    else if (c === "[") this.list();
    else if (/[0-9]/.test(c ?? "")) this.i += /^[0-9.]+/.exec(this.src.slice(this.i))![0].length;
    else this.named();
  }

  /** A literal (`true`, `false`, `null`), a call, or a reference. */
  private named(): void {
    const name = this.identifier();
    if (["true", "false", "null"].includes(name)) return;
    if (!this.eat("(")) {
      this.reference(name);
      return;
    }
    if (!this.allowed.functions.has(name)) this.fail(`the function ${name}() is not one our code calls`);
    if (!this.eat(")")) {
      do this.expression();
      while (this.eat(","));
      if (!this.eat(")")) this.fail("expected )");
    }
    this.postfix();
  }

  private reference(root: string): void {
    const parts = [root];
    const want = root === "data" ? 3 : root === "self" ? 1 : 2;
    while (parts.length < want) {
      if (!this.eat(".")) this.fail("expected .");
      parts.push(this.identifier());
    }
    const address = parts.join(".");
    if (!this.allowed.addresses.has(address)) this.fail(`${address} is not declared in the stack`);
    this.postfix();
  }

  private postfix(): void {
    for (;;) {
      if (this.eat(".")) this.identifier();
      else if (this.eat("[")) {
        this.expression();
        if (!this.eat("]")) this.fail("expected ]");
      } else return;
    }
  }

  private object(): void {
    this.eat("{");
    if (this.eat("}")) return;
    do {
      this.quoted();
      if (!this.eat("=")) this.fail("expected =");
      this.expression();
    } while (this.eat(","));
    if (!this.eat("}")) this.fail("expected }");
  }

  private list(): void {
    this.eat("[");
    if (this.eat("]")) return;
    do this.expression();
    while (this.eat(","));
    if (!this.eat("]")) this.fail("expected ]");
  }

  /** A string literal: a quoted template, whose own interpolations must pass and which holds no directive. */
  private quoted(): void {
    this.space();
    if (this.src[this.i] !== '"') this.fail('expected "');
    const end = quotedEnd(this.src, this.i + 1);
    const inner = this.src.slice(this.i + 1, end - 1);
    this.i = end;
    checkParts(scanTemplate(inner, true), this.allowed, this.problems);
  }
}

function checkParts(parts: TemplateParts, allowed: Allowed, problems: string[]): void {
  for (const d of parts.directives) problems.push(`a live directive %{${d}}`);
  for (const e of parts.interpolations) {
    try {
      new ExpressionChecker(e, allowed, problems).check();
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
}

/** Every problem of one string read as a Terraform template: live directives and interpolations we do not make. */
export function templateProblems(src: string, allowed: Allowed): string[] {
  const problems: string[] = [];
  try {
    checkParts(scanTemplate(src), allowed, problems);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

/** Every string of a document (keys too), with its JSON path. */
export function stringsWithPaths(doc: unknown, path = "$"): Array<[string, string]> {
  if (typeof doc === "string") return [[path, doc]];
  if (Array.isArray(doc)) return doc.flatMap((v, i) => stringsWithPaths(v, `${path}[${i}]`));
  if (doc && typeof doc === "object")
    return Object.entries(doc).flatMap(([k, v]) => [
      [`${path} (key)`, k] as [string, string],
      ...stringsWithPaths(v, `${path}.${k}`),
    ]);
  return [];
}

/** Every problem of a synthesized document, as `<path>: <problem>`. */
export function documentProblems(doc: unknown, functions: ReadonlySet<string>): string[] {
  const allowed = { addresses: addressesOf(doc), functions };
  return stringsWithPaths(doc).flatMap(([path, s]) => templateProblems(s, allowed).map((p) => `${path}: ${p}`));
}

/** The number of interpolations in a document, so a check over it can be seen to have had something to check. */
export function interpolationCount(doc: unknown): number {
  return stringsWithPaths(doc).reduce((n, [, s]) => {
    try {
      return n + scanTemplate(s).interpolations.length;
    } catch {
      return n;
    }
  }, 0);
}

/** Terraform functions our code calls: each `Fn.x(` in constructs/ and app/, named as Terraform names it. */
export function ourFunctions(): Set<string> {
  const names = new Set<string>();
  for (const dir of ["constructs", "app"])
    for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith(".ts")))
      for (const m of readFileSync(join(ROOT, dir, f), "utf8").matchAll(/\bFn\.([a-z0-9]+)\(/g)) names.add(m[1]);
  // cdktf's own accessor writes tolist() when our code reads one element of a computed list (`.get(0)` in
  // constructs/workload-grant.ts); nothing else of cdktf's adds a call.
  if (/\.get\(0\)/.test(readFileSync(join(ROOT, "constructs", "workload-grant.ts"), "utf8"))) names.add("tolist");
  return names;
}
