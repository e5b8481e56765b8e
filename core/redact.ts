/**
 * The one place that knows secrets, and the one redaction function for every line we print: config errors and
 * warnings, construct errors, runtime-config errors, token-endpoint bodies, explain and exchange output, the plan
 * command, the review, the Action's log and the crash handlers.
 *
 * Two kinds of knowledge:
 * - the **registry**: whatever reads a secret (a config's client secret, a token from a file, the environment or an
 *   endpoint, a generated key, a plan's sensitive values) calls {@link registerSecret} at that moment. The secret is
 *   then removed from everything printed: whole, each of its lines (a PEM key), each segment of a JWT (an echo may
 *   carry one), and any part of it of {@link SECRET_PART_MIN} characters or more (an echo may cut it short).
 * - **shapes** no registration is needed for: PEM blocks (and a lone BEGIN line or a bare base64 key body), JWTs,
 *   credentials in URLs, OCI client secrets (`idcscs-…`), and whatever follows a key whose name says secret
 *   ({@link isSecretName}). Each is replaced by its kind in brackets, so the message still says what was there.
 *
 * Then control characters (C0, DEL, C1) and invisible or direction-changing characters are written as `\u{…}`,
 * so a value cannot move the cursor, recolour the terminal, or print a fake line.
 *
 * The registry lives on `globalThis` under a `Symbol.for` key: a bundled command and the crash handler that
 * bin/run.cjs loads from dist/ are two copies of this module in one process, and must know the same secrets.
 */

/**
 * The shortest part of a registered secret that is still removed wherever it appears. A secret shorter than this
 * (only ever a test's: OCI's are far longer) is removed only where it stands alone, between characters that are
 * not letters or digits, so `abc` as a secret does not cut every word holding those letters.
 */
export const SECRET_PART_MIN = 8;

interface Registry {
  /** Every registered value and part, longest first when matched. */
  readonly exact: Set<string>;
  /** Parts shorter than {@link SECRET_PART_MIN}: matched only as a whole word. */
  readonly short: Set<string>;
  /** Every {@link SECRET_PART_MIN}-character window of every long part: finds a cut-off echo. */
  readonly windows: Set<string>;
  /** {@link windowHash} of every window: most positions of a text are ruled out without making a string. */
  readonly windowHashes: Set<number>;
  /**
   * Every window, distinctive or not: a run found by a distinctive window grows through these, so the digits at a
   * secret's end (`…3447109`, too plain to be looked for alone) go with the rest of it.
   */
  readonly edges: Set<string>;
  /** Whether a window holds white space (a secret with a space in it); else white space separates candidates. */
  windowsHaveSpace: boolean;
  /** Called with each new part, e.g. to emit `::add-mask::` before anything could print it. */
  readonly listeners: Set<(part: string) => void>;
  /** `exact` sorted longest first, rebuilt when it changes. */
  sorted?: string[];
}

const REGISTRY = Symbol.for("oci-wif-cdktf.secret-registry");

function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  g[REGISTRY] ??= {
    exact: new Set(),
    short: new Set(),
    windows: new Set(),
    windowHashes: new Set(),
    edges: new Set(),
    windowsHaveSpace: false,
    listeners: new Set(),
  };
  return g[REGISTRY];
}

const PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----$/;
// A compact JWS or JWE: its header is base64url JSON, so it starts with the encoding of `{` (`e`, then one of
// w–z, 0–9, - or _). Any other dotted value (an OCID, a host name, a version) is not cut into its labels: they would
// be registered as words (`vault`, `iad`, `com`) and cut out of every later line.
const JWT_SHAPE = /^e[w-z0-9_-][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}$/;

/**
 * The parts of a secret that an echo may carry on their own: the whole (trimmed), each line (a PEM key's body
 * lines, without its BEGIN/END armour), the body of a PEM written on one line (with `\n` escapes or none), and each
 * segment of a JWT (header, payload, signature).
 */
export function secretParts(secret: string): string[] {
  const whole = secret.trim();
  if (!whole) return [];
  const parts = new Set<string>([whole]);
  // A PEM written on one line may carry its line breaks as `\n` escapes (from JSON, a CI variable).
  for (const raw of whole.split(whole.includes("-----BEGIN") ? /\r\n|\r|\n|\\n/ : /\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || PEM_ARMOUR.test(line)) continue;
    // A PEM pasted on one line: its body between the armours.
    const body = line.replace(/-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----/g, " ").trim();
    if (body === line) parts.add(line);
    else for (const piece of body.split(/\s+/)) if (piece) parts.add(piece);
  }
  if (JWT_SHAPE.test(whole)) for (const segment of whole.split(".")) if (segment) parts.add(segment);
  return [...parts];
}

/**
 * Registers a secret the moment it is read: every later {@link redact} removes it (see {@link secretParts}), and
 * every listener ({@link onSecretRegistered}) hears of each new part. Any length is registered: a value from a
 * secret field is a secret even when short; see {@link SECRET_PART_MIN} for how a short one is matched.
 */
export function registerSecret(secret: string | undefined | null): void {
  if (typeof secret !== "string") return;
  const r = registry();
  for (const part of secretParts(secret)) {
    if (r.exact.has(part) || r.short.has(part)) continue;
    if (part.length < SECRET_PART_MIN) r.short.add(part);
    else {
      r.exact.add(part);
      // Windows of the body only: a PEM's armour and line breaks are in its lines' parts, and are no secret.
      if (!/[\r\n]|-----/.test(part))
        for (let i = 0; i + SECRET_PART_MIN <= part.length; i++) {
          const window = part.slice(i, i + SECRET_PART_MIN);
          r.edges.add(window);
          if (!isDistinctive(window)) continue;
          r.windows.add(window);
          r.windowHashes.add(windowHash(window, 0));
          if (/\s/.test(window)) r.windowsHaveSpace = true;
        }
    }
    r.sorted = undefined;
    for (const listener of r.listeners) listener(part);
  }
}

/**
 * Whether a window of a secret is distinctive enough to be removed wherever it appears: not only digits (dates,
 * ports, counters) and at least four different characters (not `AAAAAAAA`, common in key bodies and elsewhere).
 */
function isDistinctive(window: string): boolean {
  return !/^[0-9]+$/.test(window) && new Set(window).size >= 4;
}

/** A private key (PKCS#1, PKCS#8, OpenSSH, encrypted) anywhere in a text, complete or cut short. */
const PRIVATE_PEM = /-----BEGIN ([A-Z0-9 ]{0,30}PRIVATE KEY)-----([\s\S]*?)(?:-----END \1-----|$)/g;

/** A value that is never secret material, whatever its key is called: a switch, a number, a placeholder. */
const NOT_SECRET_VALUE = /^(?:true|false|null|yes|no|-?\d+(?:\.\d+)?|<[^>]*>|\[[^\]]*\])$/i;

/**
 * Registers the secrets in a text that was just read: every private key (a config file, a key file; its body lines
 * are then redacted when a parse error quotes one line of a key pasted where it does not belong), and with
 * `assignments`, the value of every `key = value` (or `key: value`) line whose key is a secret's name
 * ({@link isSecretName}), as written and with configparser's `%%` read as `%` (a runtimeConfig.ini from Terraform's
 * output). Without `assignments`, names are not trusted: `api_key = generate` in setupConfig.ini is no secret.
 */
export function registerSecretsIn(text: string, options: { readonly assignments?: boolean } = {}): void {
  if (options.assignments)
    for (const m of text.matchAll(/^[ \t]*["']?([A-Za-z_][\w.-]{0,100})["']?[ \t]*[=:][ \t]*(.*?)[ \t]*$/gm)) {
      const value = m[2].replace(/^"(.*)"$/, "$1");
      if (!value || NOT_SECRET_VALUE.test(value) || !isSecretName(m[1])) continue;
      registerSecret(value);
      if (value.includes("%%")) registerSecret(value.replace(/%%/g, "%"));
    }
  if (!text.includes("-----BEGIN")) return;
  for (const m of text.matchAll(PRIVATE_PEM)) {
    // The body runs until the first line that is not base64 (or a PEM header such as Proc-Type).
    const body: string[] = [];
    for (const line of m[2].split(/\r\n|\r|\n|\\n/)) {
      const t = line.trim();
      if (!t || /^[A-Za-z-]+: /.test(t)) continue;
      if (!/^[A-Za-z0-9+/=]+$/.test(t)) break;
      body.push(t);
    }
    if (body.length) registerSecret(body.join("\n"));
  }
}

/**
 * Registers the secrets of a JSON document just received (an identity domain's answer may carry an app's
 * `clientSecret`): every string under a member whose name says secret ({@link isSecretName}), and every private key.
 * Walks at most `maxDepth` levels.
 */
export function registerSecretsInJson(doc: unknown, maxDepth = 64): void {
  const walk = (v: unknown, secretName: boolean, depth: number): void => {
    if (depth > maxDepth) return;
    if (typeof v === "string") {
      if (secretName && !NOT_SECRET_VALUE.test(v.trim())) registerSecret(v);
      else registerSecretsIn(v);
    } else if (Array.isArray(v)) for (const item of v) walk(item, secretName, depth + 1);
    // A member's name covers its own value (or list of values), not every member of an object below it.
    else if (v !== null && typeof v === "object")
      for (const [k, item] of Object.entries(v)) walk(item, isSecretName(k), depth + 1);
  };
  walk(doc, false, 0);
}

/** Environment variables that hold a secret whatever their value looks like. */
const SECRET_VARIABLES = [
  "OCI_TOKEN_EXCHANGE_CLIENT_SECRET",
  "WIF_BROKER_CLIENT_SECRET",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "TF_HTTP_PASSWORD",
  "AWS_SECRET_ACCESS_KEY",
];

/**
 * Registers the secrets of an environment a child process is given (terraform reads the provider's client secret,
 * a backend's password, … from it): the variables above, and any other whose name says secret
 * ({@link isSecretName}) and whose value has at least {@link SECRET_PART_MIN} characters (a short value under such a
 * name, `TOKENIZERS_PARALLELISM=true`, is a setting, not a credential).
 */
export function registerEnvironmentSecrets(env: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_VARIABLES.includes(name)) registerSecret(value);
    else if (value.trim().length >= SECRET_PART_MIN && !NOT_SECRET_VALUE.test(value.trim()) && isSecretName(name))
      registerSecret(value);
  }
}

/**
 * Calls `listener` with every part registered so far and every part registered later (the Action turns each into
 * an `::add-mask::` line). Returns the function that stops it.
 */
export function onSecretRegistered(listener: (part: string) => void): () => void {
  const r = registry();
  for (const part of [...r.exact, ...r.short]) listener(part);
  r.listeners.add(listener);
  return () => {
    r.listeners.delete(listener);
  };
}

/** Forgets every registered secret (tests; a long-lived process between jobs). Listeners stay. */
export function forgetSecrets(): void {
  const r = registry();
  r.exact.clear();
  r.short.clear();
  r.windows.clear();
  r.windowHashes.clear();
  r.edges.clear();
  r.windowsHaveSpace = false;
  r.sorted = undefined;
}

/**
 * Whether a name (an attribute, a key, an output, a variable) says its value is a secret, in any case and with any
 * separator: `client_secret`, `clientSecret`, `CLIENT-SECRET`, `oauthclientsecret`, `api_key`, `private_key_pem`,
 * `client_credential`, `subject_token`, `password`. A name whose last word says it is about a secret rather than the
 * secret itself is not: `access_token_expiry`, `token_exchange_app_name`, `secret_id`, `token_file`, `wif_token_path`.
 */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!words.length) return false;
  const joined = words.join("");
  if (!SECRET_WORD.test(joined)) return false;
  return !NOT_SECRET_LAST_WORD.has(words[words.length - 1]);
}

const SECRET_WORD =
  /secret|password|passwd|passphrase|credential|privatekey|apikey|accesskey|token|assertion|authorization|signature/;
/** Last words that make a secret-sounding name about a secret: its name, lifetime, type, place or a switch. */
const NOT_SECRET_LAST_WORD = new Set([
  "name",
  "names",
  "id",
  "ids",
  "ocid",
  "ocids",
  "expiry",
  "expires",
  "expiration",
  "lifetime",
  "seconds",
  "minutes",
  "ttl",
  "type",
  "types",
  "file",
  "files",
  "path",
  "paths",
  "dir",
  "url",
  "uri",
  "endpoint",
  "claim",
  "claims",
  "stdin",
  "env",
  "count",
  "length",
  "enabled",
  "validation",
  "version",
  "label",
  "labels",
  "prefix",
  "fingerprint",
  "location",
  "locations",
  "places",
  "ref",
  "algo",
  "algorithm",
  "scheme",
  "header",
  "param",
  "policy",
  "policies",
  "rule",
  "rules",
  "interval",
  "number",
  "context",
  "template",
  "attributes",
  "mode",
  "format",
  "status",
]);

// A whole block, or a BEGIN line followed by key content without its END (a paste cut short). A header alone, as
// help text writes it, is not a secret and stays.
const PEM_BLOCK =
  /-----BEGIN ([A-Z0-9 ]{1,40})-----(?:[\s\S]*?-----END \1-----|(?:\\n|\s)*[A-Za-z0-9+/=]{16,}[\s\S]*$)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi;
const OCI_CLIENT_SECRET = /\bidcscs-[A-Za-z0-9-]{8,}/g;
// A key, then its value: `key = value` (ini, query strings, HCL), `"key": "value"` (JSON), `\"key\":\"value\"` (JSON
// inside a JSON string, as Terraform shows a jsonencode()d attribute). Redacted when isSecretName(key). A location
// such as `[WIFConfig] oauthclientsecret: is required` is not a value, so `key:` followed by a space is left alone.
const ASSIGNMENT = /\b([A-Za-z_][\w.-]{0,100})(\s*=\s*"?)([^\s"'&,;]+)/g;
const JSON_MEMBER = /("([^"\\]{1,100})"\s*:\s*")((?:[^"\\]|\\.)+)/g;
const ESCAPED_JSON_MEMBER = /(\\"([^"\\]{1,100})\\"\s*:\s*\\")((?:[^"\\]|\\[^"])+)/g;
/** A value that stands for a secret instead of being one: `[secret]`, `(secret)`, `<your-token>`, `(sensitive value)`. */
const PLACEHOLDER = /^[[(<]/;
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
// numbers, camel-case words and hex ids in one case (an identity domain resource's location ends in its SCIM id, 32
// hex digits: `/admin/v1/Apps/8950d624…`; an EKS cluster's issuer in `/id/<32 upper-case hex digits>`), which a
// random key body of 40 or more characters essentially never is throughout.
const PATH_SEGMENT = /^(?:[0-9]{1,10}|[A-Za-z][a-z]*(?:[A-Z][a-z]*)*[0-9]{0,4}|[0-9a-f]{1,64}|[0-9A-F]{1,64})$/;

function isKeyMaterial(run: string): boolean {
  if (run.includes("/") && run.split("/").every((s) => s === "" || PATH_SEGMENT.test(s))) return false;
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && !/^[0-9a-f]+$/i.test(run);
}

const WORD_CHAR = /[A-Za-z0-9]/;

/** `text` with every occurrence of a short secret that stands alone (not inside a longer word) replaced. */
function replaceShort(text: string, secret: string): string {
  let out = "";
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const before = text[at - 1] ?? "";
    const after = text[at + secret.length] ?? "";
    const glued =
      (WORD_CHAR.test(before) && WORD_CHAR.test(secret[0])) ||
      (WORD_CHAR.test(after) && WORD_CHAR.test(secret[secret.length - 1]));
    if (glued) continue;
    out += `${text.slice(from, at)}[secret]`;
    from = at + secret.length;
  }
  return out + text.slice(from);
}

/** A 32-bit polynomial hash of the {@link SECRET_PART_MIN} characters from `at`, the one {@link replaceWindows} rolls. */
function windowHash(text: string, at: number): number {
  let h = 0;
  for (let i = 0; i < SECRET_PART_MIN; i++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(at + i)) >>> 0;
  return h;
}

const HASH_BASE = 31;
/** HASH_BASE to the power SECRET_PART_MIN - 1, modulo 2^32: what the character leaving a window weighed. */
const HASH_TOP = Array.from({ length: SECRET_PART_MIN - 1 }).reduce<number>((h) => Math.imul(h, HASH_BASE) >>> 0, 1);

/** `text` with every run made of windows of registered secrets replaced: a secret cut short is still found. */
function replaceWindows(text: string, r: Registry): string {
  if (!r.windows.size || text.length < SECRET_PART_MIN) return text;
  const runs: Array<[number, number]> = [];
  const scan = (from: number, to: number) => {
    let h = windowHash(text, from);
    for (let p = from; p + SECRET_PART_MIN <= to; p++) {
      if (p > from)
        h =
          (Math.imul((h - Math.imul(text.charCodeAt(p - 1), HASH_TOP)) >>> 0, HASH_BASE) +
            text.charCodeAt(p + SECRET_PART_MIN - 1)) >>>
          0;
      if (!r.windowHashes.has(h) || !r.windows.has(text.slice(p, p + SECRET_PART_MIN))) continue;
      const last = runs[runs.length - 1];
      if (last && p + SECRET_PART_MIN <= last[1]) continue; // inside a run already grown
      let start = p;
      let end = p + SECRET_PART_MIN;
      while (end < to && r.edges.has(text.slice(end + 1 - SECRET_PART_MIN, end + 1))) end++;
      while (start > from && r.edges.has(text.slice(start - 1, start - 1 + SECRET_PART_MIN))) start--;
      runs.push([start, end]);
    }
  };
  // A window never spans white space unless a secret holds some: then only runs without it need looking at.
  if (r.windowsHaveSpace) scan(0, text.length);
  else for (const m of text.matchAll(/\S{8,}/g)) scan(m.index, m.index + m[0].length);
  if (!runs.length) return text;
  // Grown runs may overlap (a plain stretch between two pieces of a secret): each stretch is replaced once.
  runs.sort((a, b) => a[0] - b[0]);
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    if (start >= from) out += `${text.slice(from, start)}[secret]`;
    from = Math.max(from, end);
  }
  return out + text.slice(from);
}

/** Removes registered secrets only (no shapes): for text whose shape must stay, such as a plan's value. */
export function redactRegistered(text: string): string {
  const r = registry();
  if (!r.exact.size && !r.short.size) return text;
  r.sorted ??= [...r.exact].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of r.sorted) if (out.includes(s)) out = out.split(s).join("[secret]");
  for (const s of r.short) if (out.includes(s)) out = replaceShort(out, s);
  // Pieces found one after another (a segment, then the rest of a token cut short) read as one.
  return replaceWindows(out, r).replace(/(?:\[secret\]){2,}/g, "[secret]");
}

/** Removes secrets from text; see the module comment. Leaves control characters alone ({@link printable} escapes). */
export function redactSecrets(text: string): string {
  return redactShapes(redactRegistered(text));
}

/** Removes what looks like a secret, whether registered or not: keys, tokens, credentials, secret-named values. */
function redactShapes(text: string): string {
  return text
    .replace(PEM_BLOCK, (_m, kind: string) => `[PEM ${kind.trim().toLowerCase()}]`)
    .replace(JWT, "[JWT]")
    .replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}[URL credentials]@`)
    .replace(OCI_CLIENT_SECRET, "[client secret]")
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} [secret]`)
    .replace(JSON_MEMBER, (m, head: string, key: string, value: string) =>
      isSecretName(key) && !PLACEHOLDER.test(value) ? `${head}[secret]` : m,
    )
    .replace(ESCAPED_JSON_MEMBER, (m, head: string, key: string, value: string) =>
      isSecretName(key) && !PLACEHOLDER.test(value) ? `${head}[secret]` : m,
    )
    .replace(ASSIGNMENT, (m, key: string, sep: string, value: string) =>
      PLACEHOLDER.test(value) || NOT_SECRET_VALUE.test(value) || !isSecretName(key) ? m : `${key}${sep}[secret]`,
    )
    .replace(BASE64_RUN, (run) => (isKeyMaterial(run) ? "[key material]" : run));
}

/** Whether a value holds a secret: a registered one, or one of the shapes {@link redactSecrets} removes. */
export function holdsSecret(value: string): boolean {
  return redactSecrets(value) !== value;
}

/**
 * Registers the secrets a value holds by their shape alone (a value whose name and marks say nothing): each private
 * key, JWT, `idcscs-` secret, URL credential, bearer token, secret-named member or assignment, and run of key
 * material, as a piece of its own, never the value around it. A URL or a description that holds a key is not a
 * secret as a whole: registered whole, its windows (`https://`, ` Managed by`) would be found in every later line,
 * and every value holding them would look secret in turn.
 */
export function registerShapedSecrets(value: string): void {
  registerSecretsIn(value, { assignments: true });
  for (const m of value.matchAll(JWT)) registerSecret(m[0]);
  for (const m of value.matchAll(OCI_CLIENT_SECRET)) registerSecret(m[0]);
  for (const m of value.matchAll(URL_CREDENTIALS)) registerSecret(m[0].slice(m[1].length, -1));
  for (const m of value.matchAll(AUTH_SCHEME)) registerSecret(m[0].slice(m[1].length).trim());
  for (const re of [JSON_MEMBER, ESCAPED_JSON_MEMBER])
    for (const m of value.matchAll(re)) if (isSecretName(m[2]) && !PLACEHOLDER.test(m[3])) registerSecret(m[3]);
  for (const m of value.matchAll(ASSIGNMENT))
    if (isSecretName(m[1]) && !PLACEHOLDER.test(m[3]) && !NOT_SECRET_VALUE.test(m[3])) registerSecret(m[3]);
  for (const m of value.matchAll(BASE64_RUN)) if (isKeyMaterial(m[0])) registerSecret(m[0]);
}

// Invisible or direction-changing: zero-width, bidi controls, word joiner, BOM, soft hyphen, and line/paragraph
// separators that some terminals honour.
const INVISIBLE = "\\u00ad\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb";
/** Every character that must not reach a terminal as it is: C0, DEL, C1 and {@link INVISIBLE} (all in the BMP). */
const UNPRINTABLE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");
/** The same, but a line feed may stay (multi-line output). */
const UNPRINTABLE_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");

const ONE_UNPRINTABLE = new RegExp(`^[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]$`);

/** True for a character (one code point) that must not reach a terminal as it is. */
export function isUnprintable(ch: string): boolean {
  return ONE_UNPRINTABLE.test(ch);
}

/** Escapes control and invisible characters as `\u{XXXX}`; with `keepNewlines`, `\n` stays (multi-line output). */
export function printable(text: string, keepNewlines = false): string {
  return text.replace(
    keepNewlines ? UNPRINTABLE_BUT_NEWLINE : UNPRINTABLE,
    (ch) => `\\u{${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}}`,
  );
}

/** The text safe to print: secrets removed, then control characters escaped. */
export function redact(text: string, keepNewlines = false): string {
  return printable(redactSecrets(text), keepNewlines);
}
