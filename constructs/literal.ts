/**
 * The one place where text from a config file or a construct prop becomes Terraform configuration.
 *
 * Terraform reads every string in cdk.tf.json as a template: `${…}` is an interpolation and `%{…}` a directive,
 * so a description of `${file("/etc/hostname")}` would print the runner's file in a plan. Every string we did not
 * build as a reference ourselves must reach Terraform as literal text: `${` is written `$${` and `%{` `%%{`.
 *
 * cdktf's own references are tokens, strings of the form `${TfToken[TOKEN.n]}`, replaced by expressions only when
 * the stack is resolved; they are left alone, so a reference the code builds stays live. That also makes the
 * escaping safe to apply twice: what was escaped once contains no `${` or `%{` outside a token marker any more,
 * except the `$${`/`%%{` escapes themselves, which is why {@link literal} must see the caller's text only once —
 * constructs apply it to the config object of a provider resource or output, never to their own exposed fields.
 */

// cdktf's string-token marker (cdktf/lib/tokens/private/encoding.js, BEGIN_STRING_TOKEN_MARKER and VALID_KEY_CHARS).
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** `${` → `$${` and `%{` → `%%{` in text that holds no token. */
function escapeTemplate(text: string): string {
  // Replacement functions, because `$$` in a replacement string means one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** True when the text would be read as a template by Terraform. */
export function hasTemplateSyntax(text: string): boolean {
  if (!text.includes("{")) return false; // the common case, without a regular expression
  return /[$%]\{/.test(text.replace(STRING_TOKEN, ""));
}

/** One string as literal text for a Terraform attribute; cdktf token markers inside it stay live. */
export function literalText(text: string): string {
  if (!hasTemplateSyntax(text)) return text;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(STRING_TOKEN)) {
    out += escapeTemplate(text.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + escapeTemplate(text.slice(last));
}

/**
 * A string argument of a cdktf function (`Fn.jsonencode`, `Fn.replace`, …). cdktf writes such a string as an HCL
 * string literal and escapes `${` there itself, but not `%{`, which is a live directive inside quotes too.
 */
export function literalArgument(text: string): string {
  return text.replace(/%\{/g, () => "%%{");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A resource's or output's config with every string in it (and in its plain objects and arrays, keys included)
 * made literal. Anything else (constructs, resolvables, numbers) is passed through unchanged.
 */
export function literal<T>(config: T): T {
  if (typeof config === "string") return literalText(config) as T;
  if (Array.isArray(config)) return config.map((v) => literal(v)) as T;
  if (isPlainObject(config)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) out[literalText(k)] = literal(v);
    return out as T;
  }
  return config;
}
