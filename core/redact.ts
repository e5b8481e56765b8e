/**
 * The one redaction function for every line we print: config errors and warnings, construct errors,
 * runtime-config errors, token-endpoint bodies, explain and exchange output, the plan command.
 *
 * What is never shown, whatever the message: PEM blocks (and a lone BEGIN line or a bare base64 key body),
 * JWT-shaped values, credentials in URLs, OCI client secrets (`idcscs-…`), every secret the process was told
 * about (the configured client secret, the subject token, …) and whatever follows a key whose name says
 * secret/password/token/authorization/private key. Each is replaced by its kind in brackets, so the message
 * still says what was there and where (the message names the file, section and key).
 *
 * Then control characters (C0, DEL, C1) and invisible or direction-changing characters are written as `\u{…}`,
 * so a value cannot move the cursor, recolour the terminal, or print a fake line.
 */

/** Secrets this process knows (the configured client secret, tokens it holds). Shorter than 8 are ignored. */
const known = new Set<string>();

/** Adds a secret every later {@link redact} call removes (and each line of it, for a PEM). */
export function registerSecret(secret: string | undefined): void {
  if (!secret) return;
  for (const s of [secret, ...secret.split(/\r?\n/)]) {
    const t = s.trim();
    if (t.length >= 8) known.add(t);
  }
}

/** Forgets every registered secret (tests; a long-lived process between jobs). */
export function forgetSecrets(): void {
  known.clear();
}

// A whole block, or a BEGIN line followed by key content without its END (a paste cut short). A header alone, as
// help text writes it, is not a secret and stays.
const PEM_BLOCK =
  /-----BEGIN ([A-Z0-9 ]{1,40})-----(?:[\s\S]*?-----END \1-----|(?:\\n|\s)*[A-Za-z0-9+/=]{16,}[\s\S]*$)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi;
const OCI_CLIENT_SECRET = /\bidcscs-[A-Za-z0-9-]{8,}/g;
// A key naming a secret, then its value: `key = value` (ini, query strings), `"key": "value"` (JSON). A location
// such as `[WIFConfig] oauthclientsecret: is required` is not a value, so `key:` followed by a space is left alone.
const SECRET_KEY = "[\\w.-]*(?:secret|password|passwd|passphrase|token|assertion|private[_-]?key|api[_-]?key)[\\w.-]*";
const SECRET_ASSIGNMENT = new RegExp(`\\b(${SECRET_KEY})(\\s*=\\s*"?)([^\\s"'&,;]+)`, "gi");
const SECRET_JSON = new RegExp(`("${SECRET_KEY}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)+)`, "gi");
// Keys that name a secret's name, lifetime or place, not the secret: `token_exchange_app_name`, `access_token_expiry`.
const NOT_SECRET_KEY = /(?:_name|_expiry|_seconds|_file|_path|_url|_uri|_endpoint|_claim|_type|_stdin)$/i;
const AUTH_SCHEME = /\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9._~+/=-]{6,}/g;
// A long base64 run that mixes upper case, lower case and digits is key material or a token body; OCIDs, hashes
// and fingerprints are one case or hex, so they stay readable.
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

/** Placeholders this module writes; tests check that no snapshot holds one (a leak would hide there). */
export const REDACTION_PLACEHOLDERS = [
  "[PEM ",
  "[JWT]",
  "[URL credentials]",
  "[client secret]",
  "[secret]",
  "[key material]",
] as const;

// A URL path or file path (`37297/admin/v1/IdentityPropagationTrusts`) is a base64-alphabet run too; its segments are
// numbers and camel-case words, which a random key body of 40 or more characters essentially never is throughout.
const PATH_SEGMENT = /^(?:[0-9]{1,10}|[A-Za-z][a-z]*(?:[A-Z][a-z]*)*[0-9]{0,4})$/;

function isKeyMaterial(run: string): boolean {
  if (run.includes("/") && run.split("/").every((s) => s === "" || PATH_SEGMENT.test(s))) return false;
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && !/^[0-9a-f]+$/i.test(run);
}

/** Removes secrets from text; see the module comment. Leaves control characters alone ({@link printable} escapes). */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of [...known].sort((a, b) => b.length - a.length))
    if (out.includes(s)) out = out.split(s).join("[secret]");
  return out
    .replace(PEM_BLOCK, (_m, kind: string) => `[PEM ${kind.trim().toLowerCase()}]`)
    .replace(JWT, "[JWT]")
    .replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}[URL credentials]@`)
    .replace(OCI_CLIENT_SECRET, "[client secret]")
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} [secret]`)
    .replace(SECRET_JSON, (_m, head: string) => `${head}[secret]`)
    .replace(SECRET_ASSIGNMENT, (m, key: string, sep: string, value: string) =>
      /^(\[|<)/.test(value) || NOT_SECRET_KEY.test(key) ? m : `${key}${sep}[secret]`,
    )
    .replace(BASE64_RUN, (run) => (isKeyMaterial(run) ? "[key material]" : run));
}

// Invisible or direction-changing: zero-width, bidi controls, word joiner, BOM, soft hyphen, and line/paragraph
// separators that some terminals honour.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;

/** True for a character that must not reach a terminal as it is. */
export function isUnprintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || INVISIBLE.test(ch);
}

/** Escapes control and invisible characters as `\u{XXXX}`; with `keepNewlines`, `\n` stays (multi-line output). */
export function printable(text: string, keepNewlines = false): string {
  let out = "";
  for (const ch of text) {
    if (keepNewlines && ch === "\n") out += ch;
    else if (isUnprintable(ch)) out += `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;
    else out += ch;
  }
  return out;
}

/** The text safe to print: secrets removed, then control characters escaped. */
export function redact(text: string, keepNewlines = false): string {
  return printable(redactSecrets(text), keepNewlines);
}
