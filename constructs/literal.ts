/**
 * The one place where strings become Terraform: a step every stack holding our constructs runs when it is
 * synthesized, so that every string it writes is literal text unless the code made it a reference.
 *
 * Terraform reads every string in cdk.tf.json as a template: `${…}` is an interpolation and `%{…}` a directive, so
 * a description of `${file("/etc/passwd")}` would print the runner's file in a plan. cdktf writes references as
 * tokens (`${TfToken[TOKEN.n]}` markers in strings, or objects with a `resolve()`), and turns them into
 * expressions only when the stack is resolved. So the rule is applied to the stack's elements *before* they are
 * resolved, where text and tokens can still be told apart:
 *
 * - **Text is literal.** In every string of every element — resources, data sources, providers, backends,
 *   outputs, locals, variables, import and moved blocks, element and stack overrides, keys as well as values —
 *   `${` is written `$${` and `%{` `%%{`, so Terraform evaluates it to the text as written.
 * - **Tokens stay live.** A cdktf reference, property access or function call is an expression the code built; it
 *   is left as it is. To write a Terraform expression by hand, make it a token (`Token.asString(ref("self.x"))`);
 *   a `${…}` typed into a string is text.
 * - **Operands of expressions are string literals.** A string passed to `Fn.*`, `conditional`, an operator or a
 *   property access is written by cdktf inside quotes, where it escapes `${` but not `%{`, `"` or `\` (a quote would
 *   end the literal and let the rest run as an expression), and map keys not at all; here both are escaped as HCL
 *   wants: `\u0024{`, `%%{`, `\"`, `\\`, `\n`, `\uNNNN` for other control characters (docs/oci-facts.md#hcl-escapes).
 * - **What a `Lazy` produces is text too**, escaped when it is produced at resolution time; what the producer
 *   resolves itself through its context (cdktf's iterators and dynamic blocks do) is already Terraform and is kept.
 *
 * A string that holds a real token marker cannot be told from a reference the code built, so text from a user or a
 * remote system must never carry one: the config loader and the import-file check refuse values holding a cdktf
 * marker (see `cdktfMarkerIn` in core/terraform-expressions.ts). cdktf's HCL output (`SYNTH_HCL_OUTPUT`) escapes
 * neither quotes nor heredoc ends, so a stack with this step refuses it.
 *
 * The step is installed by {@link literalStack}. `WifStack` calls it on itself, and then it covers every element of
 * the stack. Every construct of this library calls it on itself, and then it covers the elements under that
 * construct: in a library user's own `TerraformStack` our constructs' elements are literal, while the user's own
 * elements are written as the user gave them (a `${var.x}` the user typed stays an interpolation there). Stack
 * overrides (`stack.addOverride`) are made literal in both cases. Installing it twice does nothing. It patches the
 * stack object (and, at synthesis, each covered element's `toTerraform`). It leans on the engine's internals
 * (pinned exactly): how a stack resolves its elements, and the fields of its expression classes;
 * test/constructs/literal.test.ts pins each of them, and runs under both engines (cdktf 0.21 and CDK Terrain 0.24,
 * which also resolves every element once ahead of synthesis, through `_runPreparingResolve`; see
 * docs/cdk-terrain.md).
 * @see docs/terraform-text.md for the rule as users read it.
 */
import {
  call,
  conditional,
  OperatorExpression,
  propertyAccess,
  ref,
  TerraformElement,
  TerraformStack,
  Token,
  Tokenization,
  type IResolvable,
  type IResolveContext,
} from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { UsageError, WifError } from "../core/errors";
import { CDKTF_MARKER } from "../core/terraform-expressions";

/** Where a string lands: a Terraform template (an attribute value in JSON), or inside an HCL quoted string. */
type Mode = "template" | "quoted";

const INSTALLED = Symbol.for("oci-wif-cdktf.literalStack");
const PATCHED = Symbol.for("oci-wif-cdktf.literalElement");
/** On a stack: the constructs whose elements the step covers, or "all" when the stack itself asked. */
const COVERED = Symbol.for("oci-wif-cdktf.literalScopes");

/** A CDK Terrain stack: its resolution of every element ahead of synthesis (cdktf 0.21 has no such method). */
type PreparingStack = { _runPreparingResolve?: () => void };

type StackWithStep = TerraformStack & { [INSTALLED]?: boolean; [COVERED]?: Set<IConstruct> | "all" };

/** Whether the step covers `element`: every element of a whole stack, or one under a construct that asked. */
function isCovered(stack: StackWithStep, element: IConstruct): boolean {
  const covered = stack[COVERED];
  if (covered === "all") return true;
  return element.node.scopes.some((s) => covered?.has(s) === true);
}

/** A token that resolves to fixed Terraform text: the escapes a template needs next to live tokens. */
class FixedText implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly text: string) {}
  public resolve(): string {
    return this.text;
  }
  public toString(): string {
    return Token.asString(this);
  }
}

// In a string that also holds a token, cdktf reads a `${` that starts no token marker as an escape of its own (and
// renders tokens after it without their braces), so the escaped `$${` is written there as a token of its own; a `$`
// right before a token would make Terraform read `$${` as an escape, so it becomes `${"$"}`; and Terraform 1.11
// leaves an interpolation after a lone carriage return as text (seen with a real apply, templates-terraform.test.ts),
// so a carriage return is written `${"\r"}`.
const DOLLAR_BRACE = new FixedText("$${");
const LONE_DOLLAR = new FixedText('${"$"}');
const CARRIAGE_RETURN = new FixedText('${"\\r"}');

/** `${` → `$${`, `%{` → `%%{`: text as a Terraform template that evaluates to the text. */
function templateText(text: string): string {
  return text.replace(/[$%]\{/g, (m) => `${m[0]}${m}`);
}

const QUOTED_SPECIAL = /[\\"\u0000-\u001f\u007f]|[$%]\{/g;
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text as the inside of an HCL quoted string (cdktf writes the quotes). `${` is written `\u0024{`, not `$${`: cdktf
 * doubles a `${` it finds in a value (not in a key), and warns on the console, with the value, about one next to a
 * token.
 */
function quotedText(text: string): string {
  return text.replace(QUOTED_SPECIAL, (m) => {
    if (m === "${") return "\\u0024{";
    if (m === "%{") return "%%{";
    if (m === "\\" || m === '"') return `\\${m}`;
    return CONTROL_ESCAPES[m] ?? `\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function escapeText(text: string, mode: Mode): string {
  return mode === "template" ? templateText(text) : quotedText(text);
}

function needsWork(text: string, mode: Mode): boolean {
  if (mode === "template") return text.includes("{");
  QUOTED_SPECIAL.lastIndex = 0;
  return QUOTED_SPECIAL.test(text) || text.includes("{TfToken[");
}

/** A template fragment with `${` as {@link DOLLAR_BRACE}, for a string that also holds tokens. */
function templateFragment(text: string, beforeToken: boolean): string {
  let out = text
    .replace(/%\{/g, () => "%%{")
    .replace(/\$\{/g, () => DOLLAR_BRACE.toString())
    .replace(/\r/g, () => CARRIAGE_RETURN.toString());
  if (beforeToken && out.endsWith("$")) out = out.slice(0, -1) + LONE_DOLLAR.toString();
  return out;
}

// cdktf's string-token marker (cdktf/lib/tokens/private/encoding.js: BEGIN_STRING_TOKEN_MARKER, VALID_KEY_CHARS).
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** The text of a string and, between, the markers of its tokens as `mode` writes them; an unknown marker is text. */
function splitTokens(text: string, mode: Mode): Array<{ text: string } | { marker: string }> {
  const parts: Array<{ text: string } | { marker: string }> = [];
  let last = 0;
  for (const m of text.matchAll(STRING_TOKEN)) {
    const marker = literalMarker(m[0], mode);
    if (marker === null) continue;
    parts.push({ text: text.slice(last, m.index) }, { marker });
    last = m.index! + m[0].length;
  }
  parts.push({ text: text.slice(last) });
  return parts;
}

const literalMarkers: Record<Mode, Map<string, string | null>> = { template: new Map(), quoted: new Map() };

/**
 * The marker a token's marker becomes in `mode` — itself for a reference, another for an expression whose operands
 * were made literal or a `Lazy` — or null for a marker cdktf does not know. Remembered: a stack repeats its
 * references in many strings.
 */
function literalMarker(marker: string, mode: Mode): string | null {
  let out = literalMarkers[mode].get(marker);
  if (out === undefined) {
    const token = knownToken(marker);
    out = token ? Token.asString(literalToken(token, mode)) : null;
    literalMarkers[mode].set(marker, out);
  }
  return out;
}

/** The token a marker stands for; undefined for a marker cdktf does not know (it would stop synthesis). */
function knownToken(marker: string): IResolvable | undefined {
  try {
    return Tokenization.reverseString(marker).firstToken;
  } catch {
    return undefined;
  }
}

/**
 * Thrown when text (not a token) holds a cdktf token marker: cdktf would resolve it as the reference it names, even
 * escaped, because it resolves a stack's strings twice. Text from outside must never hold one (the config loader
 * refuses it first, with the file and key).
 */
export class TokenMarkerError extends WifError {
  constructor(public readonly where: string) {
    super(
      "WIF-E-TOKEN-MARKER",
      "badInput",
      `${where}: a string holds text that reads as a cdktf token marker ` +
        "(${TfToken[…]}, #{TfToken[…]} or &{TfToken[…]}), which cdktf would resolve as a reference. Remove it from " +
        "the value; text cannot carry one.",
    );
    this.name = "TokenMarkerError";
  }
}

/** One string: its text escaped for where it lands, its tokens kept (expressions' operands made literal). */
function literalString(text: string, mode: Mode): string {
  if (!needsWork(text, mode)) return text;
  if (!text.includes("{TfToken[")) return escapeText(text, mode);
  const parts = splitTokens(text, mode);
  for (const p of parts) if ("text" in p && CDKTF_MARKER.test(p.text)) throw new TokenMarkerError("stack");
  if (parts.length === 1) return escapeText(text, mode);
  return parts
    .map((p, i) => {
      if ("marker" in p) return p.marker;
      if (mode === "template") return templateFragment(p.text, i < parts.length - 1);
      const text = escapeText(p.text, mode);
      // Before a token, a `$` of text would make `$${`, the escape, of the interpolation cdktf writes for it.
      return i < parts.length - 1 && text.endsWith("$") ? `${text.slice(0, -1)}\\u0024` : text;
    })
    .join("");
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A value of an element's synthesized configuration (before resolution), with every string made literal for
 * where it lands. Unchanged parts are returned as they are (the same object), so nothing is copied for nothing.
 */
function literalValue(value: unknown, mode: Mode): unknown {
  if (typeof value === "string") return literalString(value, mode);
  if (typeof value === "number") {
    const token = Tokenization.reverseNumber(value);
    const lit = token && literalToken(token, mode);
    return lit && lit !== token ? Token.asNumber(lit) : value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (Tokenization.isResolvable(value)) return literalToken(value, mode);
  if (Array.isArray(value)) {
    const listToken = listTokenOf(value);
    if (listToken) {
      const lit = literalToken(listToken.token, mode);
      return lit === listToken.token ? value : listToken.encode(lit);
    }
    let changed = false;
    const out = value.map((v) => {
      const lit = literalValue(v, mode);
      changed ||= lit !== v;
      return lit;
    });
    return changed ? out : value;
  }
  if (!isPlainObject(value)) return value; // constructs, dates: cdktf handles them (or refuses them) itself
  const mapToken = Object.keys(value).length === 1 ? Tokenization.reverseMap(value) : undefined;
  if (mapToken) {
    const lit = literalToken(mapToken, mode);
    return lit === mapToken ? value : Token.asMap(lit, Object.values(value)[0]);
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = literalString(k, mode);
    const lit = literalValue(v, mode);
    changed ||= key !== k || lit !== v;
    out[key] = lit;
  }
  return changed ? out : value;
}

function listTokenOf(value: unknown[]): { token: IResolvable; encode: (t: IResolvable) => unknown } | undefined {
  if (value.length !== 1) return undefined;
  if (typeof value[0] === "string") {
    const token = Tokenization.reverseList(value as string[]);
    return token && { token, encode: (t) => Token.asList(t) };
  }
  if (typeof value[0] === "number") {
    const token = Tokenization.reverseNumberList(value as number[]);
    return token && { token, encode: (t) => Token.asNumberList(t) };
  }
  return undefined;
}

// cdktf's expression classes are not exported; their prototypes are taken from one instance each, made with the
// exported factories that also rebuild them.
const FUNCTION_CALL = Object.getPrototypeOf(call("f", []));
const CONDITIONAL = Object.getPrototypeOf(conditional(true, 1, 2));
const PROPERTY_ACCESS = Object.getPrototypeOf(propertyAccess(ref("x"), ["y"]));
const OPERATOR = OperatorExpression.prototype;

/** The jsii type name a class carries (`cdktf.TerraformStack`); classes of the engine have one. */
function jsiiName(type: unknown): string | undefined {
  return (type as Record<symbol, { fqn?: string } | undefined> | undefined)?.[Symbol.for("jsii.rtti")]?.fqn;
}

// The engine's own name for its Lazy base class: "cdktf.LazyBase" in cdktf, "cdktn.LazyBase" in CDK Terrain (the
// same library built under another jsii name), read off a class of the engine this module was built with.
const LAZY_FQN = `${jsiiName(TerraformStack)?.split(".")[0]}.LazyBase`;

function isLazy(token: IResolvable): boolean {
  return jsiiName(token.constructor) === LAZY_FQN;
}

/** The operands of a cdktf expression as string literals; the same expression when none changes. */
function literalExpression(token: IResolvable): IResolvable {
  const e = token as unknown as Record<string, unknown>;
  const q = (v: unknown) => literalValue(v, "quoted");
  const proto = Object.getPrototypeOf(token);
  if (proto === FUNCTION_CALL) {
    const args = e.args as unknown[];
    const lit = args.map(q);
    return lit.some((a, i) => a !== args[i]) ? call(e.name as string, lit) : token;
  }
  if (proto === CONDITIONAL) {
    const [c, t, f] = [e.condition, e.trueValue, e.falseValue];
    const [lc, lt, lf] = [q(c), q(t), q(f)];
    return lc !== c || lt !== t || lf !== f ? conditional(lc, lt, lf) : token;
  }
  if (proto === OPERATOR) {
    const [l, r] = [e.left, e.right];
    const [ll, lr] = [q(l), r === undefined ? undefined : q(r)];
    return ll !== l || lr !== r ? new OperatorExpression(e.operator as never, ll, lr) : token;
  }
  if (proto === PROPERTY_ACCESS) {
    const [target, args] = [e.target, e.args as unknown[]];
    const lt = Construct.isConstruct(target) ? target : q(target);
    const la = args.map((a) => (a === "*" ? a : q(a)));
    return lt !== target || la.some((a, i) => a !== args[i]) ? propertyAccess(lt, la) : token;
  }
  return token; // references, iterators, dependables, raw strings and other resolvables: Terraform by construction
}

/** A `Lazy` whose produced value is made literal when it is produced. */
class LiteralLazy implements IResolvable {
  public readonly creationStack: string[];
  constructor(
    private readonly inner: IResolvable,
    private readonly mode: Mode,
  ) {
    this.creationStack = inner.creationStack;
  }
  public resolve(context: IResolveContext): unknown {
    // What the producer resolves itself is Terraform already: it comes back wrapped, and the wrapper is not looked
    // into. Writes to the context (cdktf's iterators set iteratorContext) go through to the real one.
    const opaque = new Proxy(context, {
      get: (target, prop, receiver) =>
        prop === "resolve" ? (x: unknown) => new FixedValue(target.resolve(x)) : Reflect.get(target, prop, receiver),
    });
    return literalValue(this.inner.resolve(opaque), this.mode);
  }
  public toString(): string {
    return Token.asString(this);
  }
}

/** A value resolved already, handed back to cdktf as it is. */
class FixedValue implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly value: unknown) {}
  public resolve(): unknown {
    return this.value;
  }
}

const literalTokens: Record<Mode, WeakMap<IResolvable, IResolvable>> = {
  template: new WeakMap(),
  quoted: new WeakMap(),
};

function literalToken(token: IResolvable, mode: Mode): IResolvable {
  if (token instanceof FixedValue || token instanceof FixedText || token instanceof LiteralLazy) return token;
  const known = literalTokens[mode].get(token);
  if (known) return known;
  const lit = isLazy(token) ? new LiteralLazy(token, mode) : literalExpression(token);
  literalTokens[mode].set(token, lit);
  return lit;
}

/** The elements a stack synthesizes (not those of a stack nested in it), as cdktf's own toTerraform finds them. */
function elementsOf(node: IConstruct, stack: TerraformStack, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, stack, into);
  return into;
}

/** Runs `f`, naming `path` in a {@link TokenMarkerError} it throws. */
function withPath<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (WifError.is(err) && err.code === "WIF-E-TOKEN-MARKER") throw new TokenMarkerError(`'${path}'`);
    throw err;
  }
}

/** Makes each element's synthesized configuration literal; once per element, whenever the stack is synthesized. */
function patchElements(stack: TerraformStack): void {
  for (const element of elementsOf(stack, stack)) {
    const e = element as TerraformElement & Record<symbol, boolean>;
    if (e[PATCHED] || !isCovered(stack, element)) continue;
    Object.defineProperty(e, PATCHED, { value: true });
    const toTerraform = e.toTerraform;
    e.toTerraform = function (this: TerraformElement) {
      return withPath(this.node.path, () => literalValue(toTerraform.call(this), "template"));
    };
  }
}

/**
 * Makes the stack that `scope` is in write every string of the elements under `scope` as literal text (the rule
 * is in this module's JSDoc) and returns the stack: every element when `scope` is the stack itself (`WifStack`),
 * the elements under `scope` otherwise (each construct of this library calls it on itself). Calling it again for
 * the same scope does nothing.
 */
export function literalStack(scope: IConstruct): TerraformStack {
  const stack = TerraformStack.of(scope) as StackWithStep;
  const whole = (scope as IConstruct) === stack;
  if (!stack[COVERED]) Object.defineProperty(stack, COVERED, { value: new Set<IConstruct>(), writable: true });
  const covered = stack[COVERED] as Set<IConstruct> | "all";
  if (whole) stack[COVERED] = "all";
  else if (covered !== "all") covered.add(scope);
  if (stack[INSTALLED]) return stack;
  Object.defineProperty(stack, INSTALLED, { value: true });
  const { prepareStack, toTerraform } = stack;
  stack.prepareStack = function (this: TerraformStack) {
    patchElements(this);
    return prepareStack.call(this);
  };
  // CDK Terrain resolves every element once before synthesis through this method (its prepareStack calls it, and so
  // does Testing.synth with validations): the elements are made literal before that resolution too, so text is
  // never resolved as written, not even for the engine's own bookkeeping.
  const preparing = (stack as unknown as PreparingStack)._runPreparingResolve;
  if (typeof preparing === "function") {
    (stack as unknown as PreparingStack)._runPreparingResolve = function (this: TerraformStack) {
      patchElements(this);
      return preparing.call(this);
    };
  }
  stack.toTerraform = function (this: TerraformStack) {
    patchElements(this);
    // Overrides on the stack itself (`stack.addOverride`) are merged in by cdktf's toTerraform; they are made
    // literal for the call only, so the stack's own record is left as it was given.
    const self = this as unknown as { rawOverrides: Record<string, unknown> };
    const overrides = self.rawOverrides;
    self.rawOverrides = withPath(this.node.path, () => literalValue(overrides, "template")) as Record<string, unknown>;
    try {
      return toTerraform.call(this);
    } finally {
      self.rawOverrides = overrides;
    }
  };
  stack.toHclTerraform = () => {
    throw new UsageError(
      `stack '${stack.node.path}': cdktf's HCL output (SYNTH_HCL_OUTPUT) escapes neither quotes nor heredoc ends, so ` +
        "text could become Terraform code. Unset SYNTH_HCL_OUTPUT; the JSON output (cdk.tf.json) is what Terraform reads.",
      "WIF-E-HCL-OUTPUT",
    );
  };
  return stack;
}

/** True when {@link literalStack} has been installed on `stack`. */
export function isLiteralStack(stack: TerraformStack): boolean {
  return (stack as StackWithStep)[INSTALLED] === true;
}
