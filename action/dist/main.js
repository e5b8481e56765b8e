"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/ini/lib/ini.js
var require_ini = __commonJS({
  "node_modules/ini/lib/ini.js"(exports2, module2) {
    var { hasOwnProperty } = Object.prototype;
    var encode = (obj2, opt = {}) => {
      if (typeof opt === "string") {
        opt = { section: opt };
      }
      opt.align = opt.align === true;
      opt.newline = opt.newline === true;
      opt.sort = opt.sort === true;
      opt.whitespace = opt.whitespace === true || opt.align === true;
      opt.platform = opt.platform || typeof process !== "undefined" && process.platform;
      opt.bracketedArray = opt.bracketedArray !== false;
      const eol = opt.platform === "win32" ? "\r\n" : "\n";
      const separator = opt.whitespace ? " = " : "=";
      const children = [];
      const keys = opt.sort ? Object.keys(obj2).sort() : Object.keys(obj2);
      let padToChars = 0;
      if (opt.align) {
        padToChars = safe(
          keys.filter((k) => obj2[k] === null || Array.isArray(obj2[k]) || typeof obj2[k] !== "object").map((k) => Array.isArray(obj2[k]) ? `${k}[]` : k).concat([""]).reduce((a, b) => safe(a).length >= safe(b).length ? a : b)
        ).length;
      }
      let out = "";
      const arraySuffix = opt.bracketedArray ? "[]" : "";
      for (const k of keys) {
        const val = obj2[k];
        if (val && Array.isArray(val)) {
          for (const item of val) {
            out += safe(`${k}${arraySuffix}`).padEnd(padToChars, " ") + separator + safe(item) + eol;
          }
        } else if (val && typeof val === "object") {
          children.push(k);
        } else {
          out += safe(k).padEnd(padToChars, " ") + separator + safe(val) + eol;
        }
      }
      if (opt.section && out.length) {
        out = "[" + safe(opt.section) + "]" + (opt.newline ? eol + eol : eol) + out;
      }
      for (const k of children) {
        const nk = splitSections(k, ".").join("\\.");
        const section = (opt.section ? opt.section + "." : "") + nk;
        const child = encode(obj2[k], {
          ...opt,
          section
        });
        if (out.length && child.length) {
          out += eol;
        }
        out += child;
      }
      return out;
    };
    function splitSections(str2, separator) {
      var lastMatchIndex = 0;
      var lastSeparatorIndex = 0;
      var nextIndex = 0;
      var sections = [];
      do {
        nextIndex = str2.indexOf(separator, lastMatchIndex);
        if (nextIndex !== -1) {
          lastMatchIndex = nextIndex + separator.length;
          if (nextIndex > 0 && str2[nextIndex - 1] === "\\") {
            continue;
          }
          sections.push(str2.slice(lastSeparatorIndex, nextIndex));
          lastSeparatorIndex = nextIndex + separator.length;
        }
      } while (nextIndex !== -1);
      sections.push(str2.slice(lastSeparatorIndex));
      return sections;
    }
    var decode = (str2, opt = {}) => {
      opt.bracketedArray = opt.bracketedArray !== false;
      const out = /* @__PURE__ */ Object.create(null);
      let p = out;
      let section = null;
      const re = /^\[([^\]]*)\]\s*$|^([^=]+)(=(.*))?$/i;
      const lines = str2.split(/[\r\n]+/g);
      const duplicates = {};
      for (const line of lines) {
        if (!line || line.match(/^\s*[;#]/) || line.match(/^\s*$/)) {
          continue;
        }
        const match = line.match(re);
        if (!match) {
          continue;
        }
        if (match[1] !== void 0) {
          section = unsafe2(match[1]);
          if (section === "__proto__") {
            p = /* @__PURE__ */ Object.create(null);
            continue;
          }
          p = out[section] = out[section] || /* @__PURE__ */ Object.create(null);
          continue;
        }
        const keyRaw = unsafe2(match[2]);
        let isArray;
        if (opt.bracketedArray) {
          isArray = keyRaw.length > 2 && keyRaw.slice(-2) === "[]";
        } else {
          duplicates[keyRaw] = (duplicates?.[keyRaw] || 0) + 1;
          isArray = duplicates[keyRaw] > 1;
        }
        const key = isArray && keyRaw.endsWith("[]") ? keyRaw.slice(0, -2) : keyRaw;
        if (key === "__proto__") {
          continue;
        }
        const valueRaw = match[3] ? unsafe2(match[4]) : true;
        const value = valueRaw === "true" || valueRaw === "false" || valueRaw === "null" ? JSON.parse(valueRaw) : valueRaw;
        if (isArray) {
          if (!hasOwnProperty.call(p, key)) {
            p[key] = [];
          } else if (!Array.isArray(p[key])) {
            p[key] = [p[key]];
          }
        }
        if (Array.isArray(p[key])) {
          p[key].push(value);
        } else {
          p[key] = value;
        }
      }
      const remove = [];
      for (const k of Object.keys(out)) {
        if (!hasOwnProperty.call(out, k) || typeof out[k] !== "object" || Array.isArray(out[k])) {
          continue;
        }
        const parts = splitSections(k, ".");
        p = out;
        const l = parts.pop();
        const nl = l.replace(/\\\./g, ".");
        for (const part of parts) {
          if (part === "__proto__") {
            continue;
          }
          if (!hasOwnProperty.call(p, part) || typeof p[part] !== "object") {
            p[part] = /* @__PURE__ */ Object.create(null);
          }
          p = p[part];
        }
        if (p === out && nl === l) {
          continue;
        }
        p[nl] = out[k];
        remove.push(k);
      }
      for (const del of remove) {
        delete out[del];
      }
      return out;
    };
    var isQuoted = (val) => {
      return val.startsWith('"') && val.endsWith('"') || val.startsWith("'") && val.endsWith("'");
    };
    var safe = (val) => {
      if (typeof val !== "string" || val.match(/[=\r\n]/) || val.match(/^\[/) || val.length > 1 && isQuoted(val) || val !== val.trim()) {
        return JSON.stringify(val);
      }
      return val.split(";").join("\\;").split("#").join("\\#");
    };
    var unsafe2 = (val) => {
      val = (val || "").trim();
      if (isQuoted(val)) {
        if (val.charAt(0) === "'") {
          val = val.slice(1, -1);
        }
        try {
          val = JSON.parse(val);
        } catch {
        }
      } else {
        let esc = false;
        let unesc = "";
        for (let i = 0, l = val.length; i < l; i++) {
          const c = val.charAt(i);
          if (esc) {
            if ("\\;#".indexOf(c) !== -1) {
              unesc += c;
            } else {
              unesc += "\\" + c;
            }
            esc = false;
          } else if (";#".indexOf(c) !== -1) {
            break;
          } else if (c === "\\") {
            esc = true;
          } else {
            unesc += c;
          }
        }
        if (esc) {
          unesc += "\\";
        }
        return unesc.trim();
      }
      return val;
    };
    module2.exports = {
      parse: decode,
      decode,
      stringify: encode,
      encode,
      safe,
      unsafe: unsafe2
    };
  }
});

// action/main.ts
var main_exports = {};
__export(main_exports, {
  input: () => input,
  runAction: () => runAction,
  runStep: () => runStep
});
module.exports = __toCommonJS(main_exports);
var import_node_fs9 = require("node:fs");
var import_node_path8 = require("node:path");

// core/redact.ts
var SECRET_PART_MIN = 8;
var REGISTRY = /* @__PURE__ */ Symbol.for("oci-wif-cdktf.secret-registry");
function registry() {
  const g = globalThis;
  g[REGISTRY] ??= {
    exact: /* @__PURE__ */ new Set(),
    short: /* @__PURE__ */ new Set(),
    windows: /* @__PURE__ */ new Set(),
    windowHashes: /* @__PURE__ */ new Set(),
    windowsHaveSpace: false,
    listeners: /* @__PURE__ */ new Set()
  };
  return g[REGISTRY];
}
var PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----$/;
var JWT_SHAPE = /^[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){2,4}$/;
function secretParts(secret) {
  const whole = secret.trim();
  if (!whole) return [];
  const parts = /* @__PURE__ */ new Set([whole]);
  for (const raw of whole.split(whole.includes("-----BEGIN") ? /\r\n|\r|\n|\\n/ : /\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || PEM_ARMOUR.test(line)) continue;
    const body = line.replace(/-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----/g, " ").trim();
    if (body === line) parts.add(line);
    else for (const piece of body.split(/\s+/)) if (piece) parts.add(piece);
  }
  if (JWT_SHAPE.test(whole)) {
    for (const segment of whole.split(".")) if (segment) parts.add(segment);
  }
  return [...parts];
}
function registerSecret(secret) {
  if (typeof secret !== "string") return;
  const r = registry();
  for (const part of secretParts(secret)) {
    if (r.exact.has(part) || r.short.has(part)) continue;
    if (part.length < SECRET_PART_MIN) r.short.add(part);
    else {
      r.exact.add(part);
      if (!/[\r\n]|-----/.test(part))
        for (let i = 0; i + SECRET_PART_MIN <= part.length; i++) {
          const window = part.slice(i, i + SECRET_PART_MIN);
          if (!isDistinctive(window)) continue;
          r.windows.add(window);
          r.windowHashes.add(windowHash(window, 0));
          if (/\s/.test(window)) r.windowsHaveSpace = true;
        }
    }
    r.sorted = void 0;
    for (const listener of r.listeners) listener(part);
  }
}
function isDistinctive(window) {
  return !/^[0-9]+$/.test(window) && new Set(window).size >= 4;
}
var PRIVATE_PEM = /-----BEGIN ([A-Z0-9 ]{0,30}PRIVATE KEY)-----([\s\S]*?)(?:-----END \1-----|$)/g;
var NOT_SECRET_VALUE = /^(?:true|false|null|yes|no|-?\d+(?:\.\d+)?|<[^>]*>|\[[^\]]*\])$/i;
function registerSecretsIn(text, options = {}) {
  if (options.assignments)
    for (const m of text.matchAll(/^[ \t]*["']?([A-Za-z_][\w.-]{0,100})["']?[ \t]*[=:][ \t]*(.*?)[ \t]*$/gm)) {
      const value = m[2].replace(/^"(.*)"$/, "$1");
      if (!value || NOT_SECRET_VALUE.test(value) || !isSecretName(m[1])) continue;
      registerSecret(value);
      if (value.includes("%%")) registerSecret(value.replace(/%%/g, "%"));
    }
  if (!text.includes("-----BEGIN")) return;
  for (const m of text.matchAll(PRIVATE_PEM)) {
    const body = [];
    for (const line of m[2].split(/\r\n|\r|\n|\\n/)) {
      const t = line.trim();
      if (!t || /^[A-Za-z-]+: /.test(t)) continue;
      if (!/^[A-Za-z0-9+/=]+$/.test(t)) break;
      body.push(t);
    }
    if (body.length) registerSecret(body.join("\n"));
  }
}
function onSecretRegistered(listener) {
  const r = registry();
  for (const part of [...r.exact, ...r.short]) listener(part);
  r.listeners.add(listener);
  return () => {
    r.listeners.delete(listener);
  };
}
function isSecretName(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length) return false;
  const joined = words.join("");
  if (!SECRET_WORD.test(joined)) return false;
  return !NOT_SECRET_LAST_WORD.has(words[words.length - 1]);
}
var SECRET_WORD = /secret|password|passwd|passphrase|credential|privatekey|apikey|accesskey|token|assertion|authorization|signature/;
var NOT_SECRET_LAST_WORD = /* @__PURE__ */ new Set([
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
  "status"
]);
var PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----(?:[\s\S]*?-----END \1-----|(?:\\n|\s)*[A-Za-z0-9+/=]{16,}[\s\S]*$)/g;
var JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
var URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi;
var OCI_CLIENT_SECRET = /\bidcscs-[A-Za-z0-9-]{8,}/g;
var ASSIGNMENT = /\b([A-Za-z_][\w.-]{0,100})(\s*=\s*"?)([^\s"'&,;]+)/g;
var JSON_MEMBER = /("([^"\\]{1,100})"\s*:\s*")((?:[^"\\]|\\.)+)/g;
var ESCAPED_JSON_MEMBER = /(\\"([^"\\]{1,100})\\"\s*:\s*\\")((?:[^"\\]|\\[^"])+)/g;
var PLACEHOLDER = /^[[(<]/;
var AUTH_SCHEME = /\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9._~+/=-]{6,}/g;
var BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
var PATH_SEGMENT = /^(?:[0-9]{1,10}|[A-Za-z][a-z]*(?:[A-Z][a-z]*)*[0-9]{0,4}|[0-9a-f]{1,64})$/;
function isKeyMaterial(run2) {
  if (run2.includes("/") && run2.split("/").every((s) => s === "" || PATH_SEGMENT.test(s))) return false;
  return /[A-Z]/.test(run2) && /[a-z]/.test(run2) && /[0-9]/.test(run2) && !/^[0-9a-f]+$/i.test(run2);
}
var WORD_CHAR = /[A-Za-z0-9]/;
function replaceShort(text, secret) {
  let out = "";
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const before = text[at - 1] ?? "";
    const after = text[at + secret.length] ?? "";
    const glued = WORD_CHAR.test(before) && WORD_CHAR.test(secret[0]) || WORD_CHAR.test(after) && WORD_CHAR.test(secret[secret.length - 1]);
    if (glued) continue;
    out += `${text.slice(from, at)}[secret]`;
    from = at + secret.length;
  }
  return out + text.slice(from);
}
function windowHash(text, at) {
  let h = 0;
  for (let i = 0; i < SECRET_PART_MIN; i++) h = Math.imul(h, HASH_BASE) + text.charCodeAt(at + i) >>> 0;
  return h;
}
var HASH_BASE = 31;
var HASH_TOP = Array.from({ length: SECRET_PART_MIN - 1 }).reduce((h) => Math.imul(h, HASH_BASE) >>> 0, 1);
function replaceWindows(text, r) {
  if (!r.windows.size || text.length < SECRET_PART_MIN) return text;
  const runs = [];
  const scan2 = (from2, to) => {
    let h = windowHash(text, from2);
    for (let p = from2; p + SECRET_PART_MIN <= to; p++) {
      if (p > from2)
        h = Math.imul(h - Math.imul(text.charCodeAt(p - 1), HASH_TOP) >>> 0, HASH_BASE) + text.charCodeAt(p + SECRET_PART_MIN - 1) >>> 0;
      if (!r.windowHashes.has(h) || !r.windows.has(text.slice(p, p + SECRET_PART_MIN))) continue;
      const last = runs[runs.length - 1];
      if (last && p <= last[1]) last[1] = p + SECRET_PART_MIN;
      else runs.push([p, p + SECRET_PART_MIN]);
    }
  };
  if (r.windowsHaveSpace) scan2(0, text.length);
  else for (const m of text.matchAll(/\S{8,}/g)) scan2(m.index, m.index + m[0].length);
  if (!runs.length) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    out += `${text.slice(from, start)}[secret]`;
    from = end;
  }
  return out + text.slice(from);
}
function redactRegistered(text) {
  const r = registry();
  if (!r.exact.size && !r.short.size) return text;
  r.sorted ??= [...r.exact].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of r.sorted) if (out.includes(s)) out = out.split(s).join("[secret]");
  for (const s of r.short) if (out.includes(s)) out = replaceShort(out, s);
  return replaceWindows(out, r).replace(/(?:\[secret\]){2,}/g, "[secret]");
}
function redactSecrets(text) {
  return redactRegistered(text).replace(PEM_BLOCK, (_m, kind) => `[PEM ${kind.trim().toLowerCase()}]`).replace(JWT, "[JWT]").replace(URL_CREDENTIALS, (_m, scheme) => `${scheme}[URL credentials]@`).replace(OCI_CLIENT_SECRET, "[client secret]").replace(AUTH_SCHEME, (_m, scheme) => `${scheme} [secret]`).replace(
    JSON_MEMBER,
    (m, head, key, value) => isSecretName(key) && !PLACEHOLDER.test(value) ? `${head}[secret]` : m
  ).replace(
    ESCAPED_JSON_MEMBER,
    (m, head, key, value) => isSecretName(key) && !PLACEHOLDER.test(value) ? `${head}[secret]` : m
  ).replace(
    ASSIGNMENT,
    (m, key, sep2, value) => PLACEHOLDER.test(value) || NOT_SECRET_VALUE.test(value) || !isSecretName(key) ? m : `${key}${sep2}[secret]`
  ).replace(BASE64_RUN, (run2) => isKeyMaterial(run2) ? "[key material]" : run2);
}
var INVISIBLE = "\\u00ad\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb";
var UNPRINTABLE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");
var UNPRINTABLE_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");
var ONE_UNPRINTABLE = new RegExp(`^[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]$`);
function printable(text, keepNewlines = false) {
  return text.replace(
    keepNewlines ? UNPRINTABLE_BUT_NEWLINE : UNPRINTABLE,
    (ch) => `\\u{${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}}`
  );
}
function redact(text, keepNewlines = false) {
  return printable(redactSecrets(text), keepNewlines);
}

// core/errors.ts
var EXIT = {
  /** Done; for reviews: no error-level finding; for wif-explain: exactly one service user. */
  ok: 0,
  /** The work failed (an exchange, a network call) or a review found errors; wif-explain: the token is refused. */
  failed: 1,
  /** Bad input (flags, config, files). Nothing was sent and nothing was written. */
  badInput: 2,
  /** A bug: something none of the above expected. CI can tell it from a finding. */
  internal: 70
};
var BRAND = /* @__PURE__ */ Symbol.for("oci-wif-cdktf.WifError");
var WifError = class extends Error {
  constructor(code, kind, lines) {
    const all = (typeof lines === "string" ? [lines] : lines).map((l) => redact(l));
    super(all.join("\n"));
    this.code = code;
    this.kind = kind;
    this.lines = all;
    Object.defineProperty(this, BRAND, { value: true });
  }
  code;
  kind;
  /** True for any {@link WifError}, also one thrown by another copy of this package. */
  static is(value) {
    return typeof value === "object" && value !== null && value[BRAND] === true;
  }
  /** The lines to print, without the `error: ` prefix. */
  lines;
  /** The exit code this error ends a command with. */
  get exitCode() {
    return this.kind === "badInput" ? EXIT.badInput : EXIT.failed;
  }
};
var UsageError = class extends WifError {
  constructor(lines, code = "WIF-E-USAGE") {
    super(code, "badInput", lines);
    this.name = "UsageError";
  }
};
var ExchangeError = class extends WifError {
  constructor(lines, status, code = "WIF-E-EXCHANGE") {
    super(code, "failed", lines);
    this.status = status;
    this.name = "ExchangeError";
  }
  status;
};
function hasCode(value, code) {
  return WifError.is(value) && value.code === code;
}

// client/exchange-plan.ts
var import_node_path5 = require("node:path");

// core/constants.ts
var GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
var REGION = /^[a-z]{2,}(?:-[a-z]+)+-[0-9]+$/;
var SUBJECT_TOKEN_PLACEHOLDER = "<your-subject-token-here>";

// core/runtime-config.ts
var import_node_fs3 = require("node:fs");

// core/ini-file.ts
var ini = __toESM(require_ini());

// core/warnings.ts
var WARNING = {
  /** A trust accepts tokens minted for any audience. */
  trustWithoutAudience: "WIF-W-TRUST-NO-AUDIENCE",
  /** A GitHub rule matches only the name form of `sub`, not the immutable-ID form. */
  githubNameSubject: "WIF-W-RULE-NAME-SUBJECT",
  /** A resource server's access-token lifetime is above what user flows get. */
  accessTokenCapped: "WIF-W-TOKEN-CAPPED",
  /** A scope is glued to an audience that does not end with "/". */
  scopeJoinsAudience: "WIF-W-SCOPE-JOINS-AUDIENCE",
  /** An OAuth client mixes OCI IAM's own scopes with custom ones, which caps its tokens at 3600 s. */
  iamScopeCap: "WIF-W-IAM-SCOPE-CAP",
  /** An ini value is cut at an inline comment character. */
  valueCutAtComment: "WIF-W-INI-COMMENT",
  /** runtimeConfig.ini has a section this version does not know. */
  unknownSection: "WIF-W-UNKNOWN-SECTION",
  /** runtimeConfig.ini has a key this version does not know. */
  unknownKey: "WIF-W-UNKNOWN-KEY",
  /** A GitHub trust in mode user or resource has no claim validation pinning the repository owner. */
  githubOwnerNotPinned: "WIF-W-GITHUB-OWNER",
  /** A user-context trust maps on a claim the token's holder may be able to set (email, …). */
  userClaimSettable: "WIF-W-USER-CLAIM",
  /** The domain URL is a local test OCI (http to 127.0.0.1 or localhost); the review fails such a stack. */
  loopbackDomain: "WIF-W-LOOPBACK-DOMAIN"
};

// core/ini-file.ts
var SECTION = /^\[(.*)\]$/;
function parseIni(text, file, problems, syntax = "ini") {
  registerSecretsIn(text);
  const state = {
    file,
    problems,
    syntax,
    sections: [],
    byName: /* @__PURE__ */ new Map(),
    inRefusedSection: false,
    lastKeyLine: -1,
    emptyLines: 0
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
        fix: "Put comments on their own line."
      });
      state.current = void 0;
      state.inRefusedSection = true;
    } else {
      readEntry(state, raw, line);
    }
  });
  return { file, sections: state.sections };
}
function continueValue(state, raw, trimmed) {
  const indent = raw.length - raw.trimStart().length;
  if (state.continued && indent > state.continued.indent) {
    const values = state.continued.entry.values;
    values[values.length - 1] += "\n".repeat(state.emptyLines + 1) + trimmed;
    state.emptyLines = 0;
    return true;
  }
  state.continued = void 0;
  state.emptyLines = 0;
  return false;
}
function readHeader(state, rawName, line) {
  const { file, problems } = state;
  const name = rawName.trim().replace(/\s+/g, " ");
  state.current = void 0;
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
      fix: "Use '-' or '_' instead."
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
      fix: "Merge the two sections into one."
    });
    return;
  }
  const [type, ...rest] = name.split(" ");
  const section = {
    name,
    type: type.toLowerCase(),
    label: rest.length ? rest.join(" ") : void 0,
    line,
    entries: /* @__PURE__ */ new Map()
  };
  state.byName.set(key, section);
  state.sections.push(section);
  state.current = section;
  state.inRefusedSection = false;
  state.lastKeyLine = -1;
}
function readEntry(state, raw, line) {
  const { file, problems, current } = state;
  const eq = state.syntax === "configparser" ? firstDelimiter(raw) : raw.indexOf("=");
  if (eq < 0) {
    const continuation = /^\s/.test(raw) && state.lastKeyLine > 0;
    problems.error({
      file,
      line,
      section: current?.name,
      message: continuation ? "continuation lines are not supported" : `expected "key = value"; got ${/secret|password|token|private/i.test(raw) ? "a line that names a secret (not shown)" : JSON.stringify(raw.trim())}`,
      fix: continuation ? "Write a list key once per value: rule[] = \u2026" : "Add '= value' or remove the line."
    });
    return;
  }
  const rawKey = raw.slice(0, eq).trim();
  const rawValue = raw.slice(eq + 1);
  if (!current) {
    if (!state.inRefusedSection) {
      problems.error({
        file,
        line,
        key: rawKey,
        message: "key outside any section",
        fix: "Move it under a [Section] header."
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
  let value;
  if (state.syntax === "ini") {
    warnOnCutValue(rawValue, { file, line, section: current.name, key }, problems);
    value = ini.unsafe(rawValue);
  } else {
    value = rawValue.trim();
  }
  state.lastKeyLine = line;
  const entry = current.entries.get(key);
  if (!entry) {
    const created = { key, values: [value], isList, line, lines: [line] };
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
      fix: isList || entry.isList ? `Write every value as ${key}[] = \u2026` : `For several values write each line as ${key}[] = \u2026; otherwise keep one of the two lines.`
    });
    return;
  }
  entry.values.push(value);
  entry.lines.push(line);
}
function warnOnCutValue(rawValue, where, problems) {
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
          fix: /^allow(\[\])?$/i.test(where.key) ? `A policy statement has no '${c}': give each statement its own allow[] = \u2026 line.` : `Put the whole value in double quotes ("\u2026") to keep a literal '${c}'.`
        });
      }
      return;
    }
  }
}
function firstDelimiter(raw) {
  const eq = raw.indexOf("=");
  const colon = raw.indexOf(":");
  if (eq < 0) return colon;
  if (colon < 0) return eq;
  return Math.min(eq, colon);
}

// core/limits.ts
var MAX_PRINTED_PROBLEMS = 50;

// core/problems.ts
function formatLocation(loc) {
  let out = loc.line !== void 0 ? `${loc.file}:${loc.line}` : loc.file;
  if (loc.section !== void 0) out += ` [${loc.section}]`;
  if (loc.key !== void 0) out += ` ${loc.key}`;
  return out;
}
function formatProblem(p) {
  let out = `${p.code ? `${p.code} ` : ""}${formatLocation(p)}: ${p.message}`;
  if (p.value !== void 0) out += `; got ${JSON.stringify(p.value)}`;
  out += ".";
  if (p.fix) out += ` ${p.fix}`;
  return redact(out);
}
var ConfigError = class extends WifError {
  problems;
  constructor(problems) {
    const n = problems.length;
    super("WIF-E-CONFIG", "badInput", [
      `${n} problem${n === 1 ? "" : "s"} in the config:`,
      ...printableProblems(problems).map((l) => `  ${l}`)
    ]);
    this.name = "ConfigError";
    this.problems = problems;
  }
};
function printableProblems(problems) {
  const shown = problems.slice(0, MAX_PRINTED_PROBLEMS).map(formatProblem);
  const more = problems.length - shown.length;
  return more > 0 ? [...shown, `\u2026 and ${more} more problem${more === 1 ? "" : "s"}`] : shown;
}
var ProblemList = class {
  errorList = [];
  notes = [];
  /** Records an error. */
  error(p) {
    this.errorList.push(p);
  }
  /** Records a warning or a note: printed, but synthesis goes on. Give it a `code` from core/warnings.ts. */
  warn(p) {
    this.notes.push(p);
  }
  get hasErrors() {
    return this.errorList.length > 0;
  }
  get errorCount() {
    return this.errorList.length;
  }
  get warnings() {
    return this.notes;
  }
  /** The errors recorded so far, in file order. */
  get errors() {
    return sortProblems(this.errorList);
  }
  /** Throws a {@link ConfigError} with every error recorded so far, if there is any. */
  throwIfAny() {
    if (this.errorList.length > 0) throw new ConfigError(this.errors);
  }
};
function sortProblems(problems) {
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

// core/endpoint-url.ts
var LOOPBACK_HOSTS = /* @__PURE__ */ new Set(["127.0.0.1", "localhost", "[::1]"]);
function isLoopback(url) {
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}
function checkServiceUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return { problem: "must be an https URL" };
  }
  if (url.protocol === "http:" && !isLoopback(url)) {
    return { problem: "must be an https URL (plain http is accepted only for 127.0.0.1, localhost and [::1])" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "must be an https URL" };
  if (url.username || url.password) return { problem: "must not carry a user name or password" };
  if (url.hash) return { problem: "must not carry a #fragment" };
  return url;
}

// core/bounded-file.ts
var import_node_fs = require("node:fs");

// core/text-encoding.ts
var strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
var BOMS = [
  [[255, 254, 0, 0], "UTF-32LE"],
  [[0, 0, 254, 255], "UTF-32BE"],
  [[255, 254], "UTF-16LE"],
  [[254, 255], "UTF-16BE"]
];
var SNIFF_BYTES = 4096;
function bomEncoding(bytes) {
  return BOMS.find(([mark]) => mark.length <= bytes.length && mark.every((b, i) => bytes[i] === b))?.[1];
}
function nulPattern(bytes) {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  const patterns = [
    ["UTF-32LE", 4, [false, true, true, true]],
    ["UTF-32BE", 4, [true, true, true, false]],
    ["UTF-16LE", 2, [false, true]],
    ["UTF-16BE", 2, [true, false]]
  ];
  for (const [name, size, nul] of patterns) {
    let units = 0;
    let matching = 0;
    for (let i = 0; i + size <= n; i += size) {
      units++;
      if (nul.every((isNul, k) => bytes[i + k] === 0 === isNul)) matching++;
    }
    if (units && matching * 2 >= units) return name;
  }
  return void 0;
}
function lineOf(bytes, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}
function firstInvalidUtf8(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 128 ? 1 : b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      strict.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return -1;
}
function cutShort(bytes, at) {
  const b = bytes[at];
  const len = b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
  if (len === 0 || at + len <= bytes.length) return false;
  for (let i = at + 1; i < bytes.length; i++) if (bytes[i] < 128 || bytes[i] > 191) return false;
  return true;
}
function decodeUtf8(bytes, save = "; save it as UTF-8") {
  const wide = bomEncoding(bytes) ?? nulPattern(bytes);
  if (wide) return { reason: `looks like ${wide}${save}` };
  let text;
  try {
    text = strict.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const byte = bytes[Math.max(at, 0)];
    if (cutShort(bytes, at))
      return { reason: `ends in the middle of a UTF-8 character on line ${lineOf(bytes, at)} (it was cut short)` };
    const kind = bytes.some((b) => b >= 128 && b <= 159) ? "Windows-1252" : "Latin-1 (ISO-8859-1) or Windows-1252";
    return {
      reason: `looks like ${kind}, not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${lineOf(bytes, at)})${save}`
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0)
    return { reason: `holds a NUL byte on line ${text.slice(0, nul).split("\n").length}, so it is not a text file` };
  return { text };
}

// core/bounded-file.ts
var FILE_LIMITS = {
  /** setupConfig.ini and runtimeConfig.ini. 10,000 service users with two rules each are about 1.5 MB. */
  config: 4 * 1024 * 1024,
  /** A PEM public key or certificate. */
  pem: 64 * 1024,
  /** A token file (a JWT is a few KB). */
  token: 64 * 1024,
  /** A synthesized cdk.tf.json or a plan's JSON. */
  stack: 256 * 1024 * 1024,
  /** A small JSON record we write ourselves: a stack's wif-source.json. */
  record: 64 * 1024,
  /** wif-imports.json (`npm run import`): one line per adopted resource. */
  imports: 1024 * 1024
};
var FileRefusedError = class extends WifError {
  constructor(path, reason, refusal = "kind") {
    super("WIF-E-FILE", "badInput", `${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
    this.refusal = refusal;
    this.name = "FileRefusedError";
  }
  path;
  reason;
  refusal;
};
function kindOf(stat) {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}
function readBoundedText(path, maxBytes, opts = {}) {
  const decoded = decodeUtf8(readBoundedBytes(path, maxBytes, opts));
  if ("reason" in decoded) throw new FileRefusedError(path, decoded.reason, "encoding");
  return decoded.text;
}
function readBoundedBytes(path, maxBytes, opts = {}) {
  const flags = import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NONBLOCK | (import_node_fs.constants.O_NOCTTY ?? 0) | (opts.noFollow ? import_node_fs.constants.O_NOFOLLOW ?? 0 : 0);
  const fd = (0, import_node_fs.openSync)(path, flags);
  try {
    const stat = (0, import_node_fs.fstatSync)(fd);
    if (!stat.isFile()) throw new FileRefusedError(path, `is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes)
      throw new FileRefusedError(path, `is ${stat.size} bytes; the limit is ${maxBytes}`, "size");
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let got = 0;
    for (let n; got < buf.length && (n = (0, import_node_fs.readSync)(fd, buf, got, buf.length - got, null)) > 0; ) got += n;
    if (got > maxBytes) throw new FileRefusedError(path, `is more than ${maxBytes} bytes`, "size");
    return buf.subarray(0, got);
  } finally {
    (0, import_node_fs.closeSync)(fd);
  }
}

// core/place.ts
var import_node_fs2 = require("node:fs");
var import_node_path = require("node:path");
var PlaceError = class extends WifError {
  constructor(label, value, refusal) {
    super("WIF-E-PATH", "badInput", `${label} ${refusal.message}; got ${shownValue(value)}. ${refusal.fix}`);
    this.label = label;
    this.refusal = refusal;
    this.name = "PlaceError";
  }
  label;
  refusal;
};
var SHOWN_CHARS = 80;
function shownValue(value) {
  return JSON.stringify(truncatedValue(value));
}
function truncatedValue(value) {
  const chars = [...value];
  return chars.length <= SHOWN_CHARS ? value : `${chars.slice(0, SHOWN_CHARS).join("")}\u2026 (${chars.length} characters)`;
}
var PROFILE_NAME = {
  what: "a profile name",
  chars: /[A-Za-z0-9_.@-]/,
  allowed: "letters, digits, '.', '_', '@' or '-'",
  maxLength: 64,
  example: "wif"
};
var CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
var INVISIBLE2 = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
function nameRefusal(value, rule) {
  const fix = `Use ${rule.allowed}, at most ${rule.maxLength} characters, e.g. ${rule.example}.`;
  const refuse = (message) => ({ message, fix });
  if (value === "") return refuse(`must be ${rule.what}, not empty`);
  if (value === "." || value === "..") return refuse(`must be ${rule.what}, not '${value}' (a folder)`);
  if (CONTROL.test(value)) return refuse(`must be ${rule.what}; it holds a control character or a line break`);
  if (/[/\\]/.test(value)) return refuse(`must be ${rule.what}, one path segment without '/' or '\\'`);
  const length = [...value].length;
  if (length > rule.maxLength)
    return refuse(`must be ${rule.what} of at most ${rule.maxLength} characters, not ${length}`);
  if (rule.first && !rule.first.test(value[0]))
    return refuse(`must be ${rule.what}; it may not start with ${JSON.stringify(value[0])}`);
  const bad = [...value].find((c) => !rule.chars.test(c));
  if (bad !== void 0) return refuse(`must be ${rule.what}; ${JSON.stringify(bad)} is not allowed in one`);
  return void 0;
}
function checkName(value, rule, label) {
  const refusal = nameRefusal(value, rule);
  if (refusal) throw new PlaceError(label, value, refusal);
  return value;
}
var MAX_PATH_CHARS = 1024;
var MAX_SEGMENT_BYTES = 255;
function checkPlace(root, value, rule) {
  const refuse = (message, fix = `Give ${rule.expected}.`) => ({ refusal: { message, fix } });
  if (value.trim() === "") return refuse("must not be empty");
  if (CONTROL.test(value)) return refuse("holds a control character or a line break");
  if (INVISIBLE2.test(value)) return refuse("holds an invisible or direction-changing character");
  if ([...value].length > MAX_PATH_CHARS) return refuse(`is longer than ${MAX_PATH_CHARS} characters`);
  if (value.includes("\\")) return refuse("holds a '\\'", `Separate folders with '/'; give ${rule.expected}.`);
  if (value.startsWith("~")) return refuse("starts with '~', which is not expanded here");
  const segments = value.split("/");
  if (segments.includes("..")) return refuse(`must not contain '..' (it must stay under ${rule.rootName})`);
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    return refuse(`has a path segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  if ((0, import_node_path.isAbsolute)(value)) {
    if (!rule.absolute) return refuse(`is an absolute path; it must be under ${rule.rootName}`);
    return checkAbsolute((0, import_node_path.normalize)(value), rule, refuse);
  }
  const path = (0, import_node_path.resolve)(root, value);
  if (path === (0, import_node_path.resolve)(root)) return refuse(`names ${rule.rootName} itself`);
  return walk((0, import_node_path.resolve)(root), (0, import_node_path.relative)((0, import_node_path.resolve)(root), path).split(import_node_path.sep), rule, refuse);
}
function walk(root, segments, rule, refuse) {
  const rootReal = realOrUndefined(root);
  if (rootReal !== void 0 && !(0, import_node_fs2.statSync)(rootReal).isDirectory())
    return refuse(`is under ${rule.rootName}, which is not a folder`);
  let current = root;
  let stat;
  let real;
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    current = (0, import_node_path.join)(current, segments[i]);
    const shown = segments.slice(0, i + 1).join("/");
    let link;
    try {
      link = rootReal === void 0 ? void 0 : (0, import_node_fs2.lstatSync)(current, { throwIfNoEntry: false });
    } catch (err) {
      return refuse(`cannot be checked (${err.code ?? String(err)} at ${shown})`);
    }
    if (!link) {
      stat = void 0;
      real = void 0;
      break;
    }
    if (link.isSymbolicLink()) {
      if (last && rule.write)
        return refuse(
          "is a symbolic link; nothing holding a secret is written through one",
          `Remove the link ${shown} (or name another place).`
        );
      real = realOrUndefined(current);
      if (real === void 0 || !isInside(rootReal, real))
        return refuse(
          `is or goes through a symbolic link (${shown}) that leads outside ${rule.rootName} or nowhere`,
          `Replace the link with the real ${last && rule.kind !== "directory" ? "file" : "folder"}, under ${rule.rootName}.`
        );
      stat = (0, import_node_fs2.statSync)(real);
    } else {
      stat = link;
      real = last ? (0, import_node_path.join)(realOrUndefined((0, import_node_path.dirname)(current)) ?? (0, import_node_path.dirname)(current), segments[i]) : void 0;
    }
    if (!last && !stat.isDirectory()) return refuse(`goes through ${shown}, which is not a folder`);
  }
  return finish((0, import_node_path.join)(root, ...segments), stat, real, rule, refuse);
}
function checkAbsolute(path, rule, refuse) {
  let link;
  try {
    link = (0, import_node_fs2.lstatSync)(path, { throwIfNoEntry: false });
  } catch (err) {
    return refuse(`cannot be checked (${err.code ?? String(err)})`);
  }
  let stat = link;
  let real = link ? path : void 0;
  if (link?.isSymbolicLink()) {
    if (rule.write)
      return refuse(
        "is a symbolic link; nothing holding a secret is written through one",
        "Remove the link (or name another place)."
      );
    real = realOrUndefined(path);
    const folder = realOrUndefined((0, import_node_path.dirname)(path));
    if (real === void 0 || folder === void 0 || !isInside(folder, real))
      return refuse("is a symbolic link that leads out of its folder or nowhere", "Name the file itself.");
    stat = (0, import_node_fs2.statSync)(real);
  }
  return finish(path, stat, real, rule, refuse);
}
function finish(path, stat, real, rule, refuse) {
  if (!stat) {
    if (rule.mustExist) return refuse("does not exist");
    return { place: { path, exists: false } };
  }
  if (rule.kind === "file" && !stat.isFile()) return refuse(`is ${kindOf(stat)}, not a regular file`);
  if (rule.kind === "directory" && !stat.isDirectory()) return refuse("is not a folder");
  return { place: { path, real, exists: true } };
}
function realOrUndefined(path) {
  try {
    return (0, import_node_fs2.realpathSync)(path);
  } catch {
    return void 0;
  }
}
function isInside(root, path) {
  const rel = (0, import_node_path.relative)(root, path);
  return rel === "" || !rel.startsWith(`..${import_node_path.sep}`) && rel !== ".." && !(0, import_node_path.isAbsolute)(rel);
}
function placeUnder(root, value, rule, label) {
  const checked = checkPlace(root, value, rule);
  if (checked.refusal) throw new PlaceError(label, value, checked.refusal);
  return checked.place;
}
function readNamedText(path, maxBytes) {
  const absolute = (0, import_node_path.resolve)(path);
  const checked = checkPlace((0, import_node_path.dirname)(absolute), (0, import_node_path.basename)(absolute), {
    rootName: "the file's folder",
    expected: "the file itself (a link may only point within its folder)",
    kind: "file"
  });
  if (checked.refusal) throw new FileRefusedError(path, checked.refusal.message);
  return checked.place.exists ? readPlaceText(checked.place, maxBytes) : readBoundedText(absolute, maxBytes);
}
function readPlaceText(place, maxBytes) {
  return readBoundedText(place.real ?? place.path, maxBytes, { noFollow: true });
}

// core/runtime-config.ts
var SECRET_KEYS = /* @__PURE__ */ new Set(["oauthclientsecret", "subjecttoken"]);
var KNOWN = {
  identitydomain: ["iam_guid"],
  wifconfig: ["oauthclientid", "oauthclientsecret", "subjecttoken"],
  oci: ["tenancy", "region", "profile"],
  trust: ["issuer", "audience"]
};
var TENANCY_OCID = /^ocid1\.tenancy\.oc[0-9]+\.[a-z0-9-]*\.[a-z0-9]+$/;
function readRuntimeConfig(path, display = path) {
  let text;
  const warnings = [];
  try {
    text = readNamedText(path, FILE_LIMITS.config);
    const mode = (0, import_node_fs3.statSync)(path).mode & 511;
    if (mode & 63) {
      warnings.push(
        `${display}: holds the client secret but other users may read it (mode 0${mode.toString(8)}). Run chmod 600 ${display}.`
      );
    }
  } catch (err) {
    if (hasCode(err, "WIF-E-FILE"))
      throw new UsageError(
        `${display}: ${err.reason}.${err.refusal === "encoding" ? "" : " Pass --runtime-config <runtimeConfig.ini>."}`
      );
    const code = err.code;
    throw new UsageError(
      code === "ENOENT" ? `${display}: file not found. Pass --runtime-config <path>, or run from the directory where wif-deploy wrote runtimeConfig.ini.` : `${display}: cannot be read (${code ?? String(err)}).`
    );
  }
  return parseRuntimeConfig(text, display, warnings);
}
function parseRuntimeConfig(text, file, warnings = []) {
  const problems = new ProblemList();
  const doc = parseIni(text, file, problems, "configparser");
  for (const section of doc.sections)
    for (const key of SECRET_KEYS)
      for (const v of section.entries.get(key)?.values ?? [])
        if (v !== SUBJECT_TOKEN_PLACEHOLDER) [v, v.replace(/%%/g, "%")].forEach(registerSecret);
  refuseSetupConfig(doc, file);
  const { bySection, trustSections } = knownSections(doc, file, problems);
  const value = valueReader(file, bySection, problems);
  const domainUrl = readDomainUrl(file, bySection, problems, value);
  const clientId = value(
    "wifconfig",
    "oauthclientid",
    "Set it to the token-exchange app's client ID (`terraform output token_exchange_client_id`)."
  );
  const clientSecret = value(
    "wifconfig",
    "oauthclientsecret",
    "Set it to the token-exchange app's client secret (`terraform output -raw token_exchange_client_secret`)."
  );
  const subject = value("wifconfig", "subjecttoken", void 0);
  const subjectToken = subject === void 0 || subject === SUBJECT_TOKEN_PLACEHOLDER ? void 0 : subject;
  const check = (type, key, pattern, what) => {
    const v = value(type, key, void 0);
    if (v !== void 0 && !pattern.test(v)) {
      problems.error({ ...entryWhere(file, bySection.get(type), key), value: v, message: `must be ${what}` });
      return void 0;
    }
    return v;
  };
  const tenancy = check("oci", "tenancy", TENANCY_OCID, "a tenancy OCID, ocid1.tenancy.oc1..<id>");
  const region = check("oci", "region", REGION, "a region identifier such as us-ashburn-1");
  const profile = value("oci", "profile", void 0);
  const profileRefusal = profile === void 0 ? void 0 : nameRefusal(profile, PROFILE_NAME);
  if (profileRefusal) {
    problems.error({
      ...entryWhere(file, bySection.get("oci"), "profile"),
      value: truncatedValue(profile),
      message: profileRefusal.message,
      fix: profileRefusal.fix
    });
  }
  const trusts = readTrusts(file, trustSections, problems);
  if (problems.hasErrors) {
    const list = problems.errors;
    const n = list.length;
    throw new UsageError([
      `${n} problem${n === 1 ? "" : "s"} in ${file}; nothing was sent.`,
      ...list.map((p) => `  ${formatProblem(p)}`)
    ]);
  }
  for (const w of problems.warnings) warnings.push(formatProblem(w));
  return {
    file,
    domainUrl,
    clientId,
    clientSecret,
    subjectToken,
    tenancy,
    region,
    profile: profileRefusal ? void 0 : profile,
    trusts,
    warnings
  };
}
var SETUP_ONLY = /* @__PURE__ */ new Set([
  "ociconfig",
  "trustconfiguration",
  "serviceuserconfig",
  "serviceuser",
  "workload",
  "upstbroker",
  "environments",
  "backend",
  "suppress",
  "adopt"
]);
function refuseSetupConfig(doc, file) {
  const own = doc.sections.find((s) => SETUP_ONLY.has(s.type));
  if (!own) return;
  throw new UsageError([
    `${file} is a setupConfig.ini (it has a [${own.name}] section), the config wif-synth and wif-plan read; the exchange reads the runtimeConfig.ini that wif-deploy writes.`,
    "Pass --runtime-config <that runtimeConfig.ini>, or write it from the Terraform state with wif-runtime-config (npm run runtime-config)."
  ]);
}
function knownSections(doc, file, problems) {
  const bySection = /* @__PURE__ */ new Map();
  const trustSections = [];
  for (const section of doc.sections) {
    const known = KNOWN[section.type];
    if (!known || section.type === "trust" !== (section.label !== void 0)) {
      problems.warn({
        file,
        line: section.line,
        section: section.name,
        message: "unknown section, ignored",
        code: WARNING.unknownSection
      });
      continue;
    }
    for (const entry of section.entries.values()) {
      if (!known.includes(entry.key)) {
        problems.warn({
          file,
          line: entry.line,
          section: section.name,
          key: entry.key,
          message: "unknown key, ignored",
          code: WARNING.unknownKey
        });
      }
    }
    if (section.type === "trust") trustSections.push(section);
    else bySection.set(section.type, section);
  }
  return { bySection, trustSections };
}
function valueReader(file, bySection, problems) {
  return (type, key, required) => {
    const section = bySection.get(type);
    const entry = section?.entries.get(key);
    const raw = entry?.values[0]?.trim();
    if (raw === void 0 || raw === "") {
      if (required) {
        problems.error({
          file,
          line: entry?.line ?? section?.line,
          section: section?.name ?? sectionTitle(type),
          key,
          message: section ? "is missing" : "is missing (and so is its section)",
          fix: required
        });
      }
      return void 0;
    }
    return unescapePercent(raw, { file, line: entry.line, section: section.name, key }, problems);
  };
}
function readDomainUrl(file, bySection, problems, value) {
  const domainText = value(
    "identitydomain",
    "iam_guid",
    "Set it to the identity domain URL, https://idcs-\u2026.identity.oraclecloud.com."
  );
  if (domainText === void 0) return void 0;
  const where = entryWhere(file, bySection.get("identitydomain"), "iam_guid");
  const url = checkServiceUrl(domainText);
  if ("problem" in url) {
    problems.error({
      ...where,
      value: domainText,
      message: url.problem,
      fix: "Use the domain URL from the console: Identity & Security > Domains > your domain."
    });
  } else if (url.pathname !== "/" && url.pathname !== "" || url.search) {
    problems.error({
      ...where,
      value: domainText,
      message: "must be the domain URL only, without a path",
      fix: `Use ${url.origin}.`
    });
  } else {
    return url.origin;
  }
  return void 0;
}
function readTrusts(file, trustSections, problems) {
  const trusts = [];
  for (const section of trustSections) {
    const issuerEntry = section.entries.get("issuer");
    const where = { file, section: section.name };
    if (!issuerEntry || issuerEntry.values[0].trim() === "") {
      problems.error({
        ...where,
        line: section.line,
        key: "issuer",
        message: "is missing",
        fix: "Set it to the issuer URL of the tokens (the iss claim)."
      });
      continue;
    }
    const issuer = unescapePercent(
      issuerEntry.values[0].trim(),
      { ...where, line: issuerEntry.line, key: "issuer" },
      problems
    );
    const audienceEntry = section.entries.get("audience");
    const audiences = audienceEntry ? unescapePercent(audienceEntry.values[0], { ...where, line: audienceEntry.line, key: "audience" }, problems).split(",").map((a) => a.trim()).filter((a) => a !== "") : [];
    trusts.push({ label: section.label, issuer, audiences });
  }
  return trusts;
}
function entryWhere(file, section, key) {
  return { file, line: section.entries.get(key)?.line ?? section.line, section: section.name, key };
}
function sectionTitle(type) {
  return { identitydomain: "IdentityDomain", wifconfig: "WIFConfig", oci: "OCI" }[type] ?? type;
}
function unescapePercent(value, where, problems) {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    if (value[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    const interpolation = value[i + 1] === "(";
    problems.error({
      ...where,
      value: SECRET_KEYS.has(where.key) ? void 0 : value,
      message: interpolation ? "uses configparser interpolation %(\u2026)s, which is not supported" : `has a '%' that is not written as '%%'${SECRET_KEYS.has(where.key) ? " (value not shown: it is a secret)" : ""}`,
      fix: "The file is read as Python's configparser reads it: write every literal '%' as '%%'."
    });
    return value;
  }
  return out;
}
function renderRuntimeConfig(v) {
  const lines = [
    "; Written by `cdktf deploy`. It holds the token-exchange client secret: keep it private (mode 0600),",
    "; never commit it. Delete it and run `npm run runtime-config` to write it again from Terraform state.",
    "[IdentityDomain]",
    `iam_guid = ${escapePercent(v.domainUrl)}`,
    "",
    "[WIFConfig]",
    `oauthclientid = ${escapePercent(v.clientId)}`,
    `oauthclientsecret = ${v.clientSecret}`,
    `subjecttoken = ${SUBJECT_TOKEN_PLACEHOLDER}`,
    "",
    "[OCI]",
    ...v.tenancyOcid ? [`tenancy = ${escapePercent(v.tenancyOcid)}`] : [],
    ...v.region ? [`region = ${escapePercent(v.region)}`] : [],
    `profile = ${escapePercent(v.profileName)}`
  ];
  for (const t of v.trusts) {
    lines.push("", `[Trust ${t.label}]`, `issuer = ${escapePercent(t.issuer)}`);
    if (t.audiences.length) lines.push(`audience = ${escapePercent(t.audiences.join(","))}`);
  }
  return lines.join("\n") + "\n";
}
function escapePercent(value) {
  return value.replace(/%/g, "%%");
}

// cli/flags.ts
var import_node_util = require("node:util");

// core/suggest.ts
function suggest(word, candidates) {
  let best;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== void 0 && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : void 0;
}
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

// cli/flags.ts
var STANDARD_FLAGS = {
  help: { type: "boolean", help: "show this help (also -h)" },
  version: { type: "boolean", help: "print the version" }
};
function parseFlags(argv, specs, options = {}) {
  const parserOptions = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, ...name === "help" ? { short: "h" } : {}, ...s.multiple ? { multiple: true } : {} }
    ])
  );
  let parsed;
  try {
    parsed = (0, import_node_util.parseArgs)({ args: [...argv], options: parserOptions, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw usageErrorOf(err, specs);
  }
  const values = { ...parsed.values };
  const seen = /* @__PURE__ */ new Map();
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
  if (bare.length > 0 && target && bare.length === 1 && values[target] === void 0) values[target] = bare[0];
  else if (bare.length > 0) {
    const extra = target ? bare[bare.length - 1] : bare[0];
    const why = target ? `one ${target} at most, as an argument or with --${target}` : "every input is given with a flag";
    throw new UsageError(
      `unexpected argument ${shownValue(extra)}: ${why}.${suggestFlagFor(extra, specs)} See --help.`
    );
  }
  return values;
}
function suggestFlagFor(word, specs) {
  if (word.startsWith("-")) return "";
  const hint = suggest(word, Object.keys(specs));
  return hint ? ` Did you mean --${hint}?` : "";
}
function usageErrorOf(e, specs) {
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
      spec?.type === "boolean" ? `${flag} takes no value.` : `${flag} needs a value: ${flag} ${spec?.value ?? "<value>"}.`
    );
  }
  return e;
}
function flagHelp(specs) {
  const heads = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ""}`, s.help]);
  const width = Math.max(...heads.map(([h]) => h.length));
  return heads.map(([h, text]) => `  ${h.padEnd(width)}  ${text}`);
}
function stringFlag(flags, name) {
  const v = flags[name];
  return typeof v === "string" ? v : void 0;
}
function numberFlag(flags, name, min, max, fallback, integer = false) {
  const text = stringFlag(flags, name);
  if (text === void 0) return fallback;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < min || n > max || integer && !Number.isInteger(n)) {
    throw new UsageError(
      `--${name} must be a ${integer ? "whole number" : "number"} from ${min} to ${max}; got ${shownValue(text)}.`
    );
  }
  return n;
}

// core/bounded-http.ts
var import_node_http = require("node:http");
var import_node_https = require("node:https");
var HTTP_LIMITS = {
  /** A token endpoint or broker answer: a few KB; an error page rarely more than tens. */
  tokenAnswerBytes: 1024 * 1024,
  /** One page of an identity domain's SCIM list, or of IAM policies. */
  pageBytes: 20 * 1024 * 1024,
  /** One request of `wif-import`. */
  importDeadlineMs: 3e4
};
var NetworkError = class extends Error {
  constructor(message, code, errno) {
    super(message);
    this.code = code;
    this.errno = errno;
    this.name = "NetworkError";
  }
  code;
  errno;
};
function sendBounded(req, limits) {
  return new Promise((resolve6, reject) => {
    const body = req.body === void 0 ? void 0 : Buffer.from(req.body, "utf8");
    const headers = { ...req.headers };
    if (body) headers["Content-Length"] = String(body.length);
    const call = req.url.protocol === "https:" ? import_node_https.request : import_node_http.request;
    let settled = false;
    let received = 0;
    const finish2 = (fn) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail2 = (err) => {
      finish2(() => reject(err));
      r.destroy();
      response?.destroy();
    };
    let response;
    const r = call(req.url, { method: req.method, headers }, (res) => {
      response = res;
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        return fail2(
          new NetworkError(
            `the answer declares ${declared} bytes; the limit is ${limits.maxBytes}, so none of it was read`,
            "too-large"
          )
        );
      }
      const chunks = [];
      res.on("data", (chunk) => {
        if (settled) return;
        received += chunk.length;
        if (received > limits.maxBytes) {
          return fail2(
            new NetworkError(
              `the answer is larger than ${limits.maxBytes} bytes; stopped reading at the limit`,
              "too-large"
            )
          );
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        if (!res.complete) return;
        const bytes = Buffer.concat(chunks);
        finish2(
          () => resolve6({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes })
        );
      });
      res.on("aborted", () => fail2(cut(received)));
      res.on("error", (err) => fail2(res.complete ? toNetworkError(err, req.url) : cut(received, err)));
      res.on("close", () => {
        if (!res.complete) fail2(cut(received));
      });
    });
    const timer = setTimeout(
      () => fail2(
        new NetworkError(
          `no complete answer within ${formatSeconds(limits.deadlineMs)}${received ? ` (${received} bytes of it had arrived)` : ""}`,
          "timeout"
        )
      ),
      Math.max(1, limits.deadlineMs)
    );
    r.on("error", (err) => fail2(toNetworkError(err, req.url)));
    r.end(body);
  });
}
function cut(received, err) {
  const errno = err?.code;
  return new NetworkError(
    `the connection was closed after ${received} bytes of the answer, before it was complete; try again`,
    "cut",
    errno
  );
}
var TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO|HOSTNAME_MISMATCH)/;
function toNetworkError(err, url) {
  const errno = err.code;
  if (errno === "ECONNRESET" || /socket hang up/i.test(err.message))
    return new NetworkError(
      `the connection was reset (${errno ?? "socket hang up"}); try again, and check any proxy or firewall in between`,
      "reset",
      errno
    );
  if (errno === "ECONNREFUSED")
    return new NetworkError("the connection was refused (ECONNREFUSED); check the URL and port", "refused", errno);
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN" || errno === "EAI_NONAME")
    return new NetworkError(
      `the host name ${url.hostname} does not resolve (${errno}); check the URL and this machine's DNS`,
      "dns",
      errno
    );
  if (errno?.startsWith("HPE_"))
    return new NetworkError(
      `the answer is not well-formed HTTP (${errno}): its Content-Length does not match its body, or a proxy in between is broken`,
      "network",
      errno
    );
  if (errno && TLS_CODES.test(errno))
    return new NetworkError(
      `TLS failed (${errno}): the server's certificate is not trusted or does not match its name; if a proxy inspects TLS, give its CA in NODE_EXTRA_CA_CERTS`,
      "tls",
      errno
    );
  return new NetworkError(
    `the request failed (${errno ?? "network error"}); check the URL and this machine's network access`,
    "network",
    errno
  );
}
function formatSeconds(ms) {
  const s = ms / 1e3;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

// client/retry.ts
var send = (req, timeoutMs) => sendBounded(req, { deadlineMs: timeoutMs, maxBytes: HTTP_LIMITS.tokenAnswerBytes });
var DEFAULT_RETRY_POLICY = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8e3,
  retryAfterCapMs: 3e4,
  timeoutMs: 6e4
};
function isRetryable(status) {
  return status === 429 || status >= 500 && status <= 599;
}
async function sendWithRetries(request, policy, clock, onRetry = () => {
}, transport = send) {
  const deadline = clock.now() + policy.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new NetworkError(`no answer within ${formatSeconds(policy.timeoutMs)}`, "timeout");
    const response = await transport(request, remaining);
    if (!isRetryable(response.status)) return { response, attempts: attempt };
    if (attempt >= policy.maxAttempts) {
      return { response, attempts: attempt, gaveUp: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}` };
    }
    const retryAfter = parseRetryAfter(response.headers["retry-after"], clock.now());
    const delayMs = retryAfter !== void 0 ? Math.min(retryAfter, policy.retryAfterCapMs) : backoff(attempt, policy, clock.random());
    if (clock.now() + delayMs >= deadline) {
      return {
        response,
        attempts: attempt,
        gaveUp: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}: the next wait (${formatSeconds(delayMs)}) would pass the ${formatSeconds(policy.timeoutMs)} timeout`
      };
    }
    onRetry({ attempt, status: response.status, delayMs, fromRetryAfter: retryAfter !== void 0 });
    await clock.delay(delayMs);
  }
}
function backoff(attempt, policy, random) {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random * step / 2);
}
function parseRetryAfter(header, now) {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === void 0 || value.trim() === "") return void 0;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1e3;
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}

// client/session-files.ts
var import_node_fs5 = require("node:fs");
var import_node_path3 = require("node:path");

// core/secret-file.ts
var import_node_crypto = require("node:crypto");
var import_node_fs4 = require("node:fs");
var import_node_path2 = require("node:path");
function writeSecretFile(path, content) {
  const target = (0, import_node_path2.resolve)(path);
  (0, import_node_fs4.mkdirSync)((0, import_node_path2.dirname)(target), { recursive: true, mode: 448 });
  writeFilesAtomically([{ path: target, content, mode: 384 }]);
  return target;
}
function writeFilesAtomically(files) {
  for (const file of files) {
    const stat = (0, import_node_fs4.lstatSync)(file.path, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink())
      throw new FileRefusedError(
        file.path,
        "is a symbolic link, and nothing is written through one: nothing was written. Remove the link"
      );
    if (stat && !stat.isFile())
      throw new FileRefusedError(file.path, "is not a regular file: nothing was written. Remove it");
  }
  const suffix = `${process.pid}-${(0, import_node_crypto.randomBytes)(4).toString("hex")}`;
  const staged = [];
  const done = [];
  try {
    for (const file of files) {
      const temp = (0, import_node_path2.join)((0, import_node_path2.dirname)(file.path), `.${(0, import_node_path2.basename)(file.path)}.tmp-${suffix}`);
      const fd = (0, import_node_fs4.openSync)(temp, import_node_fs4.constants.O_WRONLY | import_node_fs4.constants.O_CREAT | import_node_fs4.constants.O_EXCL, file.mode);
      staged.push({ temp, file });
      try {
        (0, import_node_fs4.writeSync)(fd, typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content);
        (0, import_node_fs4.fsyncSync)(fd);
      } finally {
        (0, import_node_fs4.closeSync)(fd);
      }
      (0, import_node_fs4.chmodSync)(temp, file.mode);
    }
    for (const { temp, file } of staged) {
      let backup;
      if ((0, import_node_fs4.lstatSync)(file.path, { throwIfNoEntry: false })) {
        backup = (0, import_node_path2.join)((0, import_node_path2.dirname)(file.path), `.${(0, import_node_path2.basename)(file.path)}.bak-${suffix}`);
        try {
          (0, import_node_fs4.linkSync)(file.path, backup);
        } catch {
          (0, import_node_fs4.copyFileSync)(file.path, backup, import_node_fs4.constants.COPYFILE_EXCL);
        }
      }
      (0, import_node_fs4.renameSync)(temp, file.path);
      done.push({ file, backup });
    }
  } catch (err) {
    for (const { file, backup } of done.reverse()) {
      try {
        if (backup) (0, import_node_fs4.renameSync)(backup, file.path);
        else (0, import_node_fs4.unlinkSync)(file.path);
      } catch {
      }
    }
    for (const { temp } of staged) removeQuietly(temp);
    throw err;
  }
  for (const { backup } of done) if (backup) removeQuietly(backup);
}
function removeQuietly(path) {
  try {
    (0, import_node_fs4.unlinkSync)(path);
  } catch {
  }
}

// client/session-files.ts
var SESSION_FILES = ["oci_api_key.pem", "token", "rpst", "rpst_private_key.pem"];
function expandPath(path, home, cwd) {
  if (path === "~") return home;
  if (path.startsWith("~/")) return (0, import_node_path3.join)(home, path.slice(2));
  return (0, import_node_path3.isAbsolute)(path) ? path : (0, import_node_path3.resolve)(cwd, path);
}
function prepareSession(configFile, profile, profileLabel = "--profile") {
  checkName(profile, PROFILE_NAME, profileLabel);
  let target = configFile;
  try {
    target = (0, import_node_fs5.realpathSync)(configFile);
  } catch {
  }
  const root = (0, import_node_path3.dirname)(target);
  const sessionDir = (0, import_node_path3.join)(root, "sessions", profile);
  const paths = {
    configFile: target,
    sessionDir,
    keyFile: (0, import_node_path3.join)(sessionDir, "oci_api_key.pem"),
    tokenFile: (0, import_node_path3.join)(sessionDir, "token")
  };
  for (const dir of [(0, import_node_path3.dirname)(target), sessionDir]) {
    const existing = nearestExisting(dir);
    try {
      if (!(0, import_node_fs5.statSync)(existing).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
      (0, import_node_fs5.accessSync)(existing, import_node_fs5.constants.W_OK | import_node_fs5.constants.X_OK);
    } catch (err) {
      const code = err.code ?? String(err);
      throw new UsageError(`cannot write under ${existing} (${code}); nothing was sent. Check --config-file.`);
    }
  }
  const rule = (kind) => ({
    rootName: `the OCI config's folder (${root})`,
    expected: `a profile whose sessions/${profile} is a plain folder`,
    kind,
    write: true
  });
  placeUnder(root, `sessions/${profile}`, rule("directory"), "the session folder");
  for (const name of SESSION_FILES) placeUnder(sessionDir, name, rule("file"), "the session file");
  const { text: configText, mode: configMode } = readConfigFile(target, "nothing was sent");
  return { paths, configText, configMode };
}
function readConfigFile(path, consequence) {
  try {
    return { text: readBoundedText(path, FILE_LIMITS.config), mode: (0, import_node_fs5.statSync)(path).mode & 511 };
  } catch (err) {
    if (hasCode(err, "WIF-E-FILE"))
      throw new UsageError(`${path}: ${err.reason}; ${consequence}. Check --config-file.`);
    const code = err.code;
    if (code === "ENOENT") return { text: "", mode: 384 };
    throw new UsageError(`${path}: cannot be read (${code ?? String(err)}); ${consequence}. Check --config-file.`);
  }
}
function makeSessionDirs(paths) {
  (0, import_node_fs5.mkdirSync)((0, import_node_path3.dirname)(paths.configFile), { recursive: true, mode: 448 });
  (0, import_node_fs5.mkdirSync)(paths.sessionDir, { recursive: true, mode: 448 });
  (0, import_node_fs5.chmodSync)(paths.sessionDir, 448);
}
function nearestExisting(dir) {
  let d = dir;
  while (!(0, import_node_fs5.existsSync)(d) && (0, import_node_path3.dirname)(d) !== d) d = (0, import_node_path3.dirname)(d);
  return d;
}
var STALE_LOCK_MS = 6e4;
async function withFileLock(path, fn, clock, attempts = 100) {
  const lock = `${path}.lock`;
  for (let attempt = 1; ; attempt++) {
    try {
      (0, import_node_fs5.closeSync)((0, import_node_fs5.openSync)(lock, "wx", 384));
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    let age = 0;
    try {
      age = clock.now() - (0, import_node_fs5.statSync)(lock).mtimeMs;
    } catch {
      continue;
    }
    if (age > STALE_LOCK_MS) {
      removeQuietly(lock);
      continue;
    }
    if (attempt >= attempts) {
      throw new ExchangeError(
        `another wif-exchange is updating ${path} (lock file ${lock}); nothing was written. Try again, or delete the lock file if no run is active.`
      );
    }
    await clock.delay(100);
  }
  try {
    return fn();
  } finally {
    removeQuietly(lock);
  }
}

// client/token-source.ts
var import_node_path4 = require("node:path");

// node_modules/valibot/dist/index.mjs
var store$4;
var DEFAULT_CONFIG = {
  lang: void 0,
  message: void 0,
  abortEarly: void 0,
  abortPipeEarly: void 0
};
// @__NO_SIDE_EFFECTS__
function getGlobalConfig(config$1) {
  if (!config$1 && !store$4) return DEFAULT_CONFIG;
  return {
    lang: config$1?.lang ?? store$4?.lang,
    message: config$1?.message,
    abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
    abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
  };
}
var store$3;
// @__NO_SIDE_EFFECTS__
function getGlobalMessage(lang) {
  return store$3?.get(lang);
}
var store$2;
// @__NO_SIDE_EFFECTS__
function getSchemaMessage(lang) {
  return store$2?.get(lang);
}
var store$1;
// @__NO_SIDE_EFFECTS__
function getSpecificMessage(reference, lang) {
  return store$1?.get(reference)?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function _stringify(input2) {
  const type = typeof input2;
  if (type === "string") return `"${input2}"`;
  if (type === "number" || type === "bigint" || type === "boolean") return `${input2}`;
  if (type === "object" || type === "function") return (input2 && Object.getPrototypeOf(input2)?.constructor?.name) ?? "null";
  return type;
}
function _addIssue(context, label, dataset, config$1, other) {
  const input2 = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input2);
  const issue = {
    kind: context.kind,
    type: context.type,
    input: input2,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context.kind === "schema";
  const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
  if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}
function _standardSchema(schema) {
  schema["~standard"] = {
    version: 1,
    vendor: "valibot",
    validate: (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig())
  };
  return schema;
}
var EMOJI_REGEX = new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$", "u");
// @__NO_SIDE_EFFECTS__
function maxLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_length",
    reference: maxLength,
    async: false,
    expects: `<=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema, dataset, config$1) {
  return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema, dataset, config$1) {
  return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
}
// @__NO_SIDE_EFFECTS__
function custom(check$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "custom",
    reference: custom,
    expects: "unknown",
    async: false,
    check: check$1,
    message: message$1,
    "~run"(dataset, config$1) {
      if (this.check(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function object(entries$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "object",
    reference: object,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    "~run"(dataset, config$1) {
      const input2 = dataset.value;
      if (input2 && typeof input2 === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input2 || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input2 ? input2[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input: input2,
                key,
                value: value$1
              };
              for (const issue of valueDataset.issues) {
                if (issue.path) issue.path.unshift(pathItem);
                else issue.path = [pathItem];
                dataset.issues?.push(issue);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input: input2,
                key,
                value: input2[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function string(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "string",
    reference: string,
    expects: "string",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "string") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function pipe(...pipe$1) {
  return _standardSchema({
    ...pipe$1[0],
    pipe: pipe$1,
    "~run"(dataset, config$1) {
      for (const item of pipe$1) if (item.kind !== "metadata") {
        if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
          dataset.typed = false;
          break;
        }
        if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
      }
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function safeParse(schema, input2, config$1) {
  const dataset = schema["~run"]({ value: input2 }, /* @__PURE__ */ getGlobalConfig(config$1));
  return {
    typed: dataset.typed,
    success: !dataset.issues,
    output: dataset.value,
    issues: dataset.issues
  };
}

// core/bounded-json.ts
var JSON_LIMITS = {
  /**
   * Nesting. Terraform's plan JSON is the deepest we read (a resource's nested blocks under
   * `resource_changes[].change.before`); 128 is far above it and far below a stack overflow.
   */
  maxDepth: 128
};
var DataError = class extends WifError {
  constructor(source, reason, kind = "failed", code = "WIF-E-DATA") {
    super(code, kind, `${source}: ${reason}.`);
    this.source = source;
    this.reason = reason;
    this.name = "DataError";
  }
  source;
  reason;
  /** `<source>: <reason>` without the full stop, for a caller that goes on with its own fix. */
  get clause() {
    return `${this.source}: ${this.reason}`;
  }
};
function parseJson(input2, where) {
  const fail2 = (reason) => new DataError(where.source, reason, where.kind);
  let text;
  if (typeof input2 === "string") text = input2;
  else {
    const decoded = decodeUtf8(input2, "; JSON must be UTF-8");
    if ("reason" in decoded) throw fail2(decoded.reason);
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 65279) text = text.slice(1);
  const found = scan(text, where.maxDepth ?? JSON_LIMITS.maxDepth, where.root ?? "");
  if (found.tooDeep !== void 0)
    throw fail2(
      `nests deeper than ${where.maxDepth ?? JSON_LIMITS.maxDepth} levels (${lineColumn(text, found.tooDeep)}); refused before parsing`
    );
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail2(syntaxReason(text, err));
  }
  if (found.problem) throw fail2(found.problem);
  return value;
}
function syntaxReason(text, err) {
  const message = err instanceof Error ? err.message : "";
  if (/Unexpected end of JSON input/i.test(message) || text.trim() === "")
    return text.trim() === "" ? "is empty, not JSON" : "ends before the JSON is complete (cut off?)";
  const m = /position (\d+)/.exec(message);
  return m ? `is not valid JSON (${lineColumn(text, Number(m[1]))})` : "is not valid JSON";
}
function lineColumn(text, offset) {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}
function scan(text, maxDepth, root) {
  const stack = [];
  let problem;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        const raw = text.slice(start + 1, i);
        const key = raw.includes("\\") ? decodeKey(text.slice(start, i + 1)) : raw;
        if (key !== void 0) {
          top.at = key;
          if (problem === void 0) {
            if (key === "__proto__") problem = `${pathOf(root, stack)}: the key "__proto__" is not accepted`;
            else if (top.keys.has(key)) problem = `${pathOf(root, stack)}: the key is given twice in one object`;
          }
          top.keys.add(key);
        }
      }
    } else if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) return { tooDeep: i };
      const object2 = c === 123;
      stack.push({ object: object2, keys: object2 ? /* @__PURE__ */ new Set() : void 0, at: object2 ? "" : 0, expectKey: object2 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.at = top.at + 1;
    }
  }
  return { problem };
}
function decodeKey(quoted) {
  try {
    return JSON.parse(quoted);
  } catch {
    return void 0;
  }
}
function pathOf(root, stack) {
  return formatPath(
    root,
    stack.map((f) => f.at)
  );
}
function formatPath(root, keys) {
  let out = root;
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$:-]{0,63}$/.test(k)) out += out === "" ? k : `.${k}`;
    else out += `[${JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}\u2026` : k)}]`;
  }
  return out;
}

// core/schema.ts
function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
var PLAIN = "plain-object";
function obj(entries) {
  return pipe(custom(isPlainObject, PLAIN), object(entries));
}
function str(max = 1024 * 1024) {
  return pipe(string(), maxLength(max, `is longer than ${max} characters`));
}
function checkShape(schema, value, where) {
  const result = safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const keys = (issue.path ?? []).map((p) => p.key);
  const path = formatPath(where.root ?? "", keys) || "the document";
  const actual = valueAt(value, keys);
  const reason = issue.kind === "validation" ? issue.message : `expected ${describe(schemaAt(schema, keys)) ?? issue.expected ?? "something else"}, got ${kindOf2(actual)}`;
  throw new DataError(where.source, `${path}: ${reason}`, where.kind);
}
function parseJsonShape(schema, input2, where) {
  return checkShape(schema, parseJson(input2, where), where);
}
function readAnswer(schema, response, where) {
  return parseJsonShape(schema, response.bytes ?? Buffer.from(response.body, "utf8"), { root: "answer", ...where });
}
function answerStrings(response) {
  let doc;
  try {
    doc = parseJson(response.bytes ?? Buffer.from(response.body, "utf8"), { source: "answer" });
  } catch {
    return {};
  }
  const out = {};
  if (!isPlainObject(doc)) return out;
  for (const [k, value] of Object.entries(doc)) {
    if (typeof value !== "string") continue;
    const line = value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
    if (line !== "") out[k] = line;
  }
  return out;
}
function kindOf2(value) {
  if (value === void 0) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}
function valueAt(value, keys) {
  let at = value;
  for (const k of keys) {
    if (at === null || typeof at !== "object") return void 0;
    at = Object.hasOwn(at, k) ? at[k] : void 0;
  }
  return at;
}
function schemaAt(schema, keys) {
  let at = schema;
  for (const k of keys) {
    at = unwrap(at);
    const inner = at && structural(at);
    if (!inner) return void 0;
    at = inner.entries ? inner.entries[String(k)] : inner.item ?? inner.value;
  }
  return at;
}
function unwrap(s) {
  while (s?.wrapped) s = s.wrapped;
  return s;
}
function structural(s) {
  if (s.entries || s.item || s.value) return s;
  for (const p of s.pipe ?? []) {
    const q = p;
    if (q.kind === "schema" && (q.entries || q.item || q.value)) return q;
  }
  return void 0;
}
function describe(s) {
  if (!s) return void 0;
  switch (s.type) {
    case "optional":
    case "exact_optional":
    case "non_optional":
      return describe(s.wrapped);
    case "nullable":
    case "nullish": {
      const inner = describe(s.wrapped);
      return inner && `${inner} or null`;
    }
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "array":
      return "an array";
    case "object":
    case "loose_object":
    case "strict_object":
    case "record":
      return "an object";
    case "custom":
      return s.message === PLAIN ? "an object" : void 0;
    case "literal":
      return JSON.stringify(s.literal);
    case "picklist":
      return (s.options ?? []).map((o) => JSON.stringify(o)).join(" or ");
    case "union": {
      const parts = (s.options ?? []).map((o) => describe(o));
      return parts.every(Boolean) ? parts.join(" or ") : void 0;
    }
    default:
      return void 0;
  }
}

// client/jwt.ts
var SEGMENT = /^[A-Za-z0-9_-]+$/;
var MAX_JWT_CHARS = 64 * 1024;
function looksLikeJwt(text) {
  const parts = text.split(".");
  return parts.length === 3 && SEGMENT.test(parts[0]) && SEGMENT.test(parts[1]) && (parts[2] === "" || SEGMENT.test(parts[2]));
}
function decodeJwt(token) {
  if (token.length > MAX_JWT_CHARS)
    return { error: `is ${token.length} characters long; a JWT is at most ${MAX_JWT_CHARS} here` };
  if (!looksLikeJwt(token)) {
    return { error: "is not a JWT (expected three base64url parts separated by '.')" };
  }
  const [h, p] = token.split(".");
  const header = parseSegment(h);
  const claims = parseSegment(p);
  if (!header) return { error: "is not a JWT (its header is not base64url-encoded JSON)" };
  if (!claims) return { error: "is not a JWT (its payload is not base64url-encoded JSON)" };
  return { header, claims };
}
function parseSegment(segment) {
  try {
    const value = parseJson(Buffer.from(segment, "base64url"), { source: "segment" });
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}
function numericDate(claims, name) {
  const v = claims[name];
  return typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= MAX_DATE_SECONDS ? v : void 0;
}
var MAX_DATE_SECONDS = 864e10;
function isoTime(seconds) {
  return Number.isFinite(seconds) && Math.abs(seconds) <= MAX_DATE_SECONDS ? new Date(seconds * 1e3).toISOString() : void 0;
}
function formatTime(seconds) {
  const iso = isoTime(seconds);
  return iso ? iso.replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : `${seconds} s after the epoch (not a date)`;
}
function formatDuration(seconds) {
  const s = Math.round(Math.abs(seconds));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// client/token-source.ts
var GITHUB_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
var GITHUB_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
function chooseTokenSource(flags, env, options) {
  const given = [
    ["--token-file", flags.tokenFile !== void 0],
    ["--token-env", flags.tokenEnv !== void 0],
    ["--token-stdin", Boolean(flags.tokenStdin)],
    ["--github", Boolean(flags.github)]
  ].filter(([, on]) => on).map(([name]) => name);
  if (given.length > 1) throw new UsageError(`give one token source; got ${given.join(" and ")}.`);
  if (flags.tokenFile !== void 0) return flags.tokenFile === "-" ? "stdin" : "file";
  if (flags.tokenEnv !== void 0) return "env";
  if (flags.tokenStdin) return "stdin";
  if (flags.github) return "github";
  if (options.github && env[GITHUB_REQUEST_URL]) return "github";
  if (options.runtimeToken) return "runtime-config";
  throw new UsageError([
    "no subject token. Give one of:",
    options.github ? "  --token-file <path> | --token-env <NAME> (GitLab id_tokens) | --token-stdin | --github (GitHub Actions, needs permissions: id-token: write)" : "  --token-file <path> | --token-env <NAME> | --token-stdin"
  ]);
}
async function readLocalToken(kind, flags, io) {
  let text;
  let source;
  if (kind === "file") {
    const path = flags.tokenFile;
    source = `--token-file ${path}`;
    try {
      text = readNamedText((0, import_node_path4.resolve)(io.cwd, path), FILE_LIMITS.token);
    } catch (err) {
      if (hasCode(err, "WIF-E-FILE")) throw new UsageError(`${source}: ${err.reason}.`);
      const code = err.code;
      throw new UsageError(
        `${source}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`}.`
      );
    }
  } else if (kind === "env") {
    const name = flags.tokenEnv;
    source = `--token-env ${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(
        `--token-env must name an environment variable (letters, digits, '_'); got ${JSON.stringify(name)}.`
      );
    }
    text = io.env[name] ?? "";
    if (text.trim() === "") {
      throw new UsageError(
        `${source}: the variable is not set or is empty. In GitLab CI, declare it under id_tokens: { ${name}: { aud: <audience> } }.`
      );
    }
  } else {
    source = "standard input";
    if (io.stdinIsTty)
      throw new UsageError("--token-stdin: standard input is a terminal; pipe the token in, or use --token-file.");
    text = await io.readStdin();
  }
  registerSecret(text);
  return checkToken(text.trim(), source, (message) => new UsageError(message));
}
function runtimeConfigToken(token, file) {
  return checkToken(token, `${file} [WIFConfig] subjecttoken`, (message) => new UsageError(message));
}
async function fetchGitHubToken(audience, io, policy, onRetry) {
  const urlText = io.env[GITHUB_REQUEST_URL];
  const bearer = io.env[GITHUB_REQUEST_TOKEN];
  registerSecret(bearer);
  if (!urlText || !bearer) {
    const missing = !urlText ? GITHUB_REQUEST_URL : GITHUB_REQUEST_TOKEN;
    throw new UsageError(
      `--github: ${missing} is not set, so GitHub will not issue an OIDC token. Give the job permissions: id-token: write (see docs/exchange.md).`
    );
  }
  const requestUrl = urlText + (urlText.includes("?") ? "&" : "?") + "audience=" + encodeURIComponent(audience);
  const url = checkServiceUrl(requestUrl);
  if ("problem" in url) throw new UsageError(`${GITHUB_REQUEST_URL} ${url.problem}.`);
  const source = `GitHub Actions (audience ${audience})`;
  let response;
  try {
    ({ response } = await sendWithRetries(
      { method: "GET", url, headers: { Authorization: `bearer ${bearer}`, Accept: "application/json" } },
      policy,
      io,
      (n) => onRetry(
        `GitHub's OIDC token service answered HTTP ${n.status}; retrying in ${(n.delayMs / 1e3).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`
      )
    ));
  } catch (err) {
    if (err instanceof NetworkError)
      throw new ExchangeError(`could not get an OIDC token from GitHub (${url.host}): ${err.message}.`);
    throw err;
  }
  if (response.status !== 200) {
    throw new ExchangeError(
      `GitHub's OIDC token service answered HTTP ${response.status}. Check that the job has permissions: id-token: write and that the audience ${JSON.stringify(audience)} is what you meant.`,
      response.status
    );
  }
  const { value } = readAnswer(GITHUB_TOKEN_ANSWER, response, { source: "GitHub's OIDC token service" });
  registerSecret(value);
  return checkToken(value.trim(), source, (message) => new ExchangeError(message));
}
var GITHUB_TOKEN_ANSWER = obj({ value: str(MAX_JWT_CHARS) });
function checkToken(token, source, fail2) {
  const decoded = decodeJwt(token);
  if ("error" in decoded) throw fail2(`the subject token from ${source} ${decoded.error}.`);
  return { token, decoded, source };
}

// client/exchange-plan.ts
var DEFAULT_RENEW_FOR_SECONDS = 6 * 3600;
function planExchange(flags, io) {
  const runtimePath = stringFlag(flags, "runtime-config") ?? io.env.WIF_RUNTIME_CONFIG ?? "runtimeConfig.ini";
  const runtime = readRuntimeConfig((0, import_node_path5.resolve)(io.cwd, runtimePath), runtimePath);
  for (const w of runtime.warnings) io.err(`warning: ${w}`);
  const profileFlag = stringFlag(flags, "profile");
  const profile = checkName(
    profileFlag ?? runtime.profile ?? "wif",
    PROFILE_NAME,
    profileFlag === void 0 ? `[OCI] profile in ${runtime.file}` : "--profile"
  );
  const region = stringFlag(flags, "region") ?? runtime.region;
  if (region === void 0) {
    throw new UsageError(
      `no region for the profile: pass --region <region> (e.g. us-ashburn-1), or set [OCI] region in ${runtime.file}.`
    );
  }
  if (!REGION.test(region))
    throw new UsageError(`--region must be a region identifier such as us-ashburn-1; got ${JSON.stringify(region)}.`);
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    timeoutMs: numberFlag(flags, "timeout", 0.1, 600, DEFAULT_RETRY_POLICY.timeoutMs / 1e3) * 1e3,
    maxAttempts: numberFlag(flags, "max-attempts", 1, 10, DEFAULT_RETRY_POLICY.maxAttempts, true)
  };
  if (flags["github-env"] && !io.env.GITHUB_ENV) {
    throw new UsageError(
      "--github-env: GITHUB_ENV is not set; it is only available inside a GitHub Actions job. Use --env elsewhere."
    );
  }
  const configFlag = stringFlag(flags, "config-file") ?? io.env.OCI_CLI_CONFIG_FILE ?? "~/.oci/config";
  const { paths } = prepareSession(expandPath(configFlag, io.home, io.cwd), profile);
  const sourceFlags = {
    tokenFile: stringFlag(flags, "token-file"),
    tokenEnv: stringFlag(flags, "token-env"),
    tokenStdin: Boolean(flags["token-stdin"]),
    github: Boolean(flags.github)
  };
  const kind = chooseTokenSource(sourceFlags, io.env, {
    github: true,
    runtimeToken: runtime.subjectToken !== void 0
  });
  const audienceFlag = stringFlag(flags, "audience");
  if (audienceFlag !== void 0 && kind !== "github") {
    throw new UsageError(
      "--audience applies only to a token fetched from GitHub Actions (--github); other tokens already carry theirs."
    );
  }
  const audience = kind === "github" ? audienceFlag ?? githubAudience(runtime) : void 0;
  return {
    runtime,
    profile,
    region,
    policy,
    configFlag,
    paths,
    kind,
    sourceFlags,
    audience,
    renewForSeconds: renewFor(flags, kind)
  };
}
function renewFor(flags, kind) {
  if (stringFlag(flags, "renew-for") !== void 0 && !flags.renew)
    throw new UsageError("--renew-for applies only with --renew.");
  if (!flags.renew) return void 0;
  if (kind === "stdin" || flags.env || flags["github-env"]) {
    throw new UsageError(
      "--renew keeps running in the background: it cannot read the token from standard input or print --env / --github-env lines; run wif-exchange once with those, then again with --renew &."
    );
  }
  return numberFlag(flags, "renew-for", 1, 7 * 24 * 3600, DEFAULT_RENEW_FOR_SECONDS);
}
function githubAudience(runtime) {
  const trust = runtime.trusts.find((t) => t.issuer.replace(/\/$/, "") === GITHUB_ISSUER);
  if (!trust || trust.audiences.length === 0) {
    throw new UsageError(
      `no audience to request from GitHub: ${runtime.file} has no [Trust \u2026] for ${GITHUB_ISSUER} with an audience. Pass --audience <aud> (the trust's client_claim_values).`
    );
  }
  return trust.audiences[0];
}

// client/exchange-report.ts
var import_node_fs6 = require("node:fs");
function announce(outcome, options, io) {
  const envLines = environmentLines(outcome);
  const say = options.env ? io.err : io.out;
  for (const line of summary(outcome, io.now(), options.configFlag, options.renewing)) say(line);
  if (options.env) for (const line of envLines) io.out(line);
  if (options.githubEnv) appendLines("GITHUB_ENV", io.env.GITHUB_ENV, envLines);
  if (io.env.GITHUB_OUTPUT) appendLines("GITHUB_OUTPUT", io.env.GITHUB_OUTPUT, stepOutputs(outcome));
}
function appendLines(variable, path, lines) {
  try {
    (0, import_node_fs6.appendFileSync)(path, lines.map((l) => l + "\n").join(""));
  } catch (err) {
    throw new UsageError(
      `the profile was written, but $${variable} (${path}) cannot be appended to (${err.code ?? String(err)}).`
    );
  }
}
function environmentLines(o) {
  return [
    `OCI_CLI_PROFILE=${o.profile}`,
    "OCI_CLI_AUTH=security_token",
    `OCI_CLI_CONFIG_FILE=${o.paths.configFile}`,
    // The TypeScript SDK's default config lookup reads this one.
    `OCI_CONFIG_FILE=${o.paths.configFile}`
  ];
}
function stepOutputs(o) {
  return [
    `profile=${o.profile}`,
    `config-file=${o.paths.configFile}`,
    `region=${o.region}`,
    `tenancy=${o.tenancy}`,
    `expires-at=${o.expiresAt === void 0 ? "" : isoTime(o.expiresAt) ?? ""}`
  ];
}
function expiryText(expiresAt, nowMs) {
  return expiresAt === void 0 ? "its expiry is unknown" : `valid until ${formatTime(expiresAt)}, ${expiresAt * 1e3 > nowMs ? `in ${formatDuration(expiresAt - nowMs / 1e3)}` : "already expired"}`;
}
function summary(o, nowMs, configFlag, renewing) {
  const defaultConfig = configFlag === "~/.oci/config";
  const configArg = defaultConfig ? "" : ` --config-file ${o.paths.configFile}`;
  return [
    `Wrote OCI profile [${o.profile}] to ${o.paths.configFile} (session token ${expiryText(o.expiresAt, nowMs)}).`,
    `  key_file            ${o.paths.keyFile} (mode 0600)`,
    `  security_token_file ${o.paths.tokenFile} (mode 0600)`,
    `  tenancy             ${o.tenancy}`,
    `  region              ${o.region}`,
    "Next steps:",
    `  OCI CLI:   oci${configArg} --profile ${o.profile} --auth security_token os ns get`,
    '  Terraform: provider "oci" {',
    '               auth                = "SecurityToken"',
    `               config_file_profile = "${o.profile}"`,
    `               region              = "${o.region}"`,
    "             }",
    ...defaultConfig ? [] : [`             (Terraform reads ~/.oci/config; this profile is in ${o.paths.configFile}.)`],
    `  SDKs:      session-token auth with profile "${o.profile}" of ${o.paths.configFile}`,
    renewing ? "Renewing: the key and token are replaced at half their lifetime while this keeps running." : "The session token is not renewed: run wif-exchange again with a fresh OIDC token before it expires, or use --renew."
  ];
}

// client/keys.ts
var import_node_crypto3 = require("node:crypto");

// client/early-key.ts
var import_node_crypto2 = require("node:crypto");
var EARLY = /* @__PURE__ */ Symbol.for("oci-wif-cdktf.early-session-key");
function generateRawKeyPair() {
  return new Promise(
    (resolve6, reject) => (0, import_node_crypto2.generateKeyPair)(
      "rsa",
      { modulusLength: 2048, publicExponent: 65537 },
      (err, publicKey, privateKey) => err ? reject(err) : resolve6({ publicKey, privateKey })
    )
  );
}
function takeEarlySessionKey() {
  const g = globalThis;
  const pending = g[EARLY];
  delete g[EARLY];
  return pending;
}

// client/keys.ts
async function makeSessionKeyPair() {
  const { publicKey, privateKey } = await (takeEarlySessionKey() ?? generateRawKeyPair());
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" });
  registerSecret(privateKeyPem);
  return {
    privateKeyPem,
    publicKeyDer: publicKey.export({ type: "spki", format: "der" }),
    publicKey
  };
}
function publicKeyParameter(publicKeyDer) {
  return publicKeyDer.toString("base64");
}
function ociFingerprint(publicKeyDer) {
  return (0, import_node_crypto3.createHash)("md5").update(publicKeyDer).digest("hex").replace(/(..)(?!$)/g, "$1:");
}
function checkKeyBinding(claims, keys, io, token = "session token", missing = "warning") {
  const raw = claims.jwk;
  if (raw === void 0) {
    io.err(`${missing}: the ${token} has no jwk claim, so its binding to the new key could not be checked.`);
    return;
  }
  let bound;
  try {
    const jwk = typeof raw === "string" ? parseJson(raw, { source: "jwk" }) : raw;
    bound = (0, import_node_crypto3.createPublicKey)({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
  } catch {
    io.err(
      `warning: the ${token}'s jwk claim is not a readable public key, so its binding to the new key could not be checked.`
    );
    return;
  }
  if (!bound.equals(keys.publicKeyDer)) {
    throw new ExchangeError(
      `the ${token} is bound to a different public key than the one sent, so it could not be used; nothing was written.`
    );
  }
}

// client/exchange.ts
var TOKEN_ANSWER = obj({ token: str(MAX_JWT_CHARS) });
var TOKEN_EXCHANGE = {
  path: "/oauth2/v1/token",
  grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
  requestedTokenType: "urn:oci:token-type:oci-upst",
  subjectTokenType: "jwt"
};
function buildExchangeRequest(input2) {
  const body = new URLSearchParams([
    ["grant_type", TOKEN_EXCHANGE.grantType],
    ["requested_token_type", input2.requestedTokenType ?? TOKEN_EXCHANGE.requestedTokenType],
    ["subject_token", input2.subjectToken],
    ["subject_token_type", TOKEN_EXCHANGE.subjectTokenType],
    ["public_key", publicKeyParameter(input2.publicKeyDer)],
    ...(input2.extraParams ?? []).map(([k, v]) => [k, v])
  ]).toString();
  const basic = Buffer.from(`${input2.clientId}:${input2.clientSecret}`, "utf8").toString("base64");
  registerSecret(basic);
  return {
    method: "POST",
    url: new URL(TOKEN_EXCHANGE.path, input2.domainUrl + "/"),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      Authorization: `Basic ${basic}`
    },
    body
  };
}
async function exchangeToken(input2, context, policy, clock, onRetry, transport = send) {
  const request = buildExchangeRequest(input2);
  let result;
  try {
    result = await sendWithRetries(request, policy, clock, onRetry, transport);
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new ExchangeError(
        err.code === "timeout" ? [
          `the token endpoint ${request.url.origin} did not answer within ${formatSeconds(policy.timeoutMs)} (--timeout).`
        ] : [
          `the token endpoint ${request.url.origin}: ${err.message}.`,
          `  Check [IdentityDomain] iam_guid in ${context.runtimeConfigFile} and this machine's network access.`
        ]
      );
    }
    throw err;
  }
  const { response, attempts, gaveUp } = result;
  if (response.status !== 200) throw new ExchangeError(explainFailure(response, context, gaveUp), response.status);
  const { token } = readAnswer(TOKEN_ANSWER, response, {
    source: `the token endpoint's HTTP 200 answer (nothing was written)`
  });
  registerSecret(token);
  const decoded = decodeJwt(token);
  if ("error" in decoded)
    throw new ExchangeError(`the session token the endpoint returned ${decoded.error}; nothing was written.`);
  return { token, decoded, attempts };
}
function explainFailure(response, context, gaveUp) {
  const { error, description } = oauthError(response);
  const detail = [error, description].filter(Boolean).join(": ");
  const status = `HTTP ${response.status}${detail ? `, ${detail}` : ""}`;
  const claims = context.subjectClaims;
  const show = (name) => claims[name] === void 0 ? "(none)" : JSON.stringify(claims[name]);
  if (response.status === 401) {
    return [
      `the token endpoint refused the client credentials (${status}).`,
      `  Check [WIFConfig] oauthclientid (${JSON.stringify(context.clientId)}) and oauthclientsecret in ${context.runtimeConfigFile}: they must be the`,
      "  token-exchange app's client ID and current secret (terraform output), and the app must be active.",
      `  If they are right, see whether the token itself is the problem: ${context.explainHint}`
    ];
  }
  if (response.status === 400) {
    const exp = numericDate(claims, "exp");
    return [
      `the token endpoint refused the exchange (${status}). OCI does not say which check failed; the usual causes are:`,
      `  - no impersonation rule of the trust matches the token (sub ${show("sub")});`,
      `  - no active trust has the token's issuer (iss ${show("iss")}), or the token's audience (aud ${show("aud")}) is not the trust's;`,
      `  - the token has expired (exp ${exp === void 0 ? "(none)" : formatTime(exp)}) or the trust cannot fetch the issuer's keys;`,
      `  - the client ${JSON.stringify(context.clientId)} is not one of the trust's oauth_clients.`,
      `  See which, offline: ${context.explainHint}`
    ];
  }
  if (response.status === 429 || response.status >= 500) {
    return [`the token endpoint is unavailable (${status})${gaveUp ? `; ${gaveUp}` : ""}. Try again later.`];
  }
  if (response.status === 404) {
    return [
      `the token endpoint was not found (${status}).`,
      `  Check [IdentityDomain] iam_guid in ${context.runtimeConfigFile}: it must be the identity domain URL.`
    ];
  }
  return [`the token endpoint refused the exchange (${status}).`, `  ${context.explainHint}`];
}
function oauthError(response) {
  const fields = answerStrings(response);
  return { error: fields.error?.slice(0, 200), description: fields.error_description?.slice(0, 200) };
}

// client/oci-config-file.ts
var PROFILE_KEYS = [
  "fingerprint",
  "key_file",
  "tenancy",
  "region",
  "security_token_file"
];
var STALE_KEYS = /* @__PURE__ */ new Set(["pass_phrase"]);
var HEADER = /^\s*\[([^\]]*)\]\s*$/;
var ENTRY = /^\s*([^=#;\s][^=]*?)\s*=/;
function upsertProfile(text, name, values) {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const start = lines.findIndex((l) => HEADER.exec(l)?.[1].trim() === name);
  const rendered = (key) => `${key}=${values[key]}`;
  if (start < 0) {
    const block = [`[${name}]`, ...PROFILE_KEYS.map(rendered)];
    const out = lines.length && lines[lines.length - 1].trim() !== "" ? [...lines, "", ...block] : [...lines, ...block];
    return out.join(eol) + eol;
  }
  let end = lines.findIndex((l, i) => i > start && HEADER.test(l));
  if (end < 0) end = lines.length;
  const seen = /* @__PURE__ */ new Set();
  const body = [];
  for (const line of lines.slice(start + 1, end)) {
    const key = ENTRY.exec(line)?.[1].toLowerCase();
    if (key && STALE_KEYS.has(key)) continue;
    if (key && PROFILE_KEYS.includes(key)) {
      if (!seen.has(key)) body.push(rendered(key));
      seen.add(key);
      continue;
    }
    body.push(line);
  }
  let insertAt = body.length;
  while (insertAt > 0 && body[insertAt - 1].trim() === "") insertAt--;
  body.splice(insertAt, 0, ...PROFILE_KEYS.filter((k) => !seen.has(k)).map(rendered));
  return [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join(eol) + eol;
}

// client/exchange-session.ts
async function acquireSubject(plan, io) {
  let subject;
  if (plan.kind === "github") {
    subject = await fetchGitHubToken(plan.audience, io, plan.policy, (line) => io.err(`note: ${line}`));
  } else if (plan.kind === "runtime-config") {
    subject = runtimeConfigToken(plan.runtime.subjectToken, plan.runtime.file);
  } else {
    subject = await readLocalToken(plan.kind, plan.sourceFlags, io);
  }
  refuseOutsideValidity(subject, io.now());
  for (const w of preflight(subject, plan.runtime)) io.err(`warning: ${w}`);
  return subject;
}
var SUBJECT_CLOCK_SKEW_SECONDS = 60;
function refuseOutsideValidity(subject, nowMs) {
  const claims = subject.decoded.claims;
  const now = nowMs / 1e3;
  const skew = SUBJECT_CLOCK_SKEW_SECONDS;
  const at = `now ${formatTime(Math.floor(now))}, ${skew} s of clock skew allowed`;
  const exp = numericDate(claims, "exp");
  const nbf = numericDate(claims, "nbf");
  const iat = numericDate(claims, "iat");
  let problem;
  if (exp !== void 0 && exp + skew <= now)
    problem = `expired at ${formatTime(exp)} (${formatDuration(now - exp)} ago; ${at}). Get a fresh token`;
  else if (nbf !== void 0 && nbf - skew > now)
    problem = `is not valid before ${formatTime(nbf)} (in ${formatDuration(nbf - now)}; ${at}). Wait, or check this machine's clock`;
  else if (iat !== void 0 && iat - skew > now)
    problem = `was issued at ${formatTime(iat)}, ${formatDuration(iat - now)} in the future (${at}). Check this machine's clock and the issuer's`;
  if (problem) throw new UsageError(`the subject token from ${subject.source} ${problem}; nothing was sent.`);
}
async function exchangeAndWrite(plan, subject, keys, io) {
  const { runtime, policy } = plan;
  registerSecret(keys.privateKeyPem);
  const result = await exchangeToken(
    {
      domainUrl: runtime.domainUrl,
      clientId: runtime.clientId,
      clientSecret: runtime.clientSecret,
      subjectToken: subject.token,
      publicKeyDer: keys.publicKeyDer
    },
    {
      runtimeConfigFile: runtime.file,
      clientId: runtime.clientId,
      subjectClaims: subject.decoded.claims,
      explainHint: explainHint(plan.kind, plan.sourceFlags)
    },
    policy,
    io,
    (n) => io.err(
      `note: the token endpoint answered HTTP ${n.status}; retrying in ${(n.delayMs / 1e3).toFixed(1)} s${n.fromRetryAfter ? " (its Retry-After)" : ""} (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`
    )
  );
  const tenancy = tokenTenancy(result, runtime, io);
  checkKeyBinding(result.decoded.claims, keys, io);
  const fingerprint = ociFingerprint(keys.publicKeyDer);
  await writeSession(plan, { fingerprint, tenancy, privateKeyPem: keys.privateKeyPem, token: result.token }, io);
  return {
    profile: plan.profile,
    region: plan.region,
    tenancy,
    expiresAt: numericDate(result.decoded.claims, "exp"),
    paths: plan.paths,
    fingerprint
  };
}
async function writeSession(plan, s, io) {
  const { paths } = plan;
  const write = () => {
    const current = readConfigFile(paths.configFile, "nothing was written");
    const configText = upsertProfile(current.text, plan.profile, {
      fingerprint: s.fingerprint,
      key_file: paths.keyFile,
      tenancy: s.tenancy,
      region: plan.region,
      security_token_file: paths.tokenFile
    });
    writeFilesAtomically([
      { path: paths.keyFile, content: s.privateKeyPem, mode: 384 },
      // No trailing newline: SDKs put the file's content after "ST$" in the signature's keyId as it is.
      { path: paths.tokenFile, content: s.token, mode: 384 },
      { path: paths.configFile, content: configText, mode: current.mode }
    ]);
  };
  try {
    makeSessionDirs(paths);
    await withFileLock(paths.configFile, write, io);
  } catch (err) {
    if (WifError.is(err)) throw err;
    throw new UsageError(
      `cannot write the session files under ${paths.sessionDir} and ${paths.configFile} (${err.code ?? String(err)}); nothing was written.`
    );
  }
}
function preflight(subject, runtime) {
  const warnings = [];
  const claims = subject.decoded.claims;
  if (runtime.trusts.length === 0) return warnings;
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const trust = runtime.trusts.find((t) => t.issuer.replace(/\/$/, "") === iss.replace(/\/$/, ""));
  if (!trust) {
    warnings.push(
      `the subject token's issuer ${JSON.stringify(iss)} matches no [Trust \u2026] in ${runtime.file} (${runtime.trusts.map((t) => t.issuer).join(", ")}); the exchange will likely be refused.`
    );
    return warnings;
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (trust.audiences.length && !aud.some((a) => typeof a === "string" && trust.audiences.includes(a))) {
    warnings.push(
      `the subject token's audience ${JSON.stringify(claims.aud ?? null)} is not one of [Trust ${trust.label}] audience (${trust.audiences.join(", ")}); the exchange will likely be refused. Request the token for ${JSON.stringify(trust.audiences[0])}.`
    );
  }
  return warnings;
}
function explainHint(kind, flags) {
  const token = kind === "file" ? `--token-file ${flags.tokenFile}` : kind === "env" ? `--token-env ${flags.tokenEnv}` : "--token-file <file holding the JWT>";
  return `wif-explain ${token} --stack cdktf.out/stacks/<stack>`;
}
function tokenTenancy(result, runtime, io) {
  const tenant = result.decoded.claims.tenant;
  if (typeof tenant === "string" && /^[A-Za-z0-9._:-]+$/.test(tenant)) {
    if (runtime.tenancy && runtime.tenancy !== tenant) {
      io.err(
        `warning: [OCI] tenancy in ${runtime.file} is ${runtime.tenancy}, but the session token is for ${tenant}; the profile uses the token's.`
      );
    }
    return tenant;
  }
  if (runtime.tenancy) return runtime.tenancy;
  throw new ExchangeError(
    `the session token has no usable tenant claim and ${runtime.file} has no [OCI] tenancy; nothing was written. Set [OCI] tenancy = <tenancy OCID>.`
  );
}

// client/renew.ts
var MIN_RENEW_DELAY_MS = 1e3;
function renewalDelay(expiresAt, nowMs) {
  if (expiresAt === void 0) return void 0;
  return Math.max(MIN_RENEW_DELAY_MS, (expiresAt * 1e3 - nowMs) / 2);
}
async function renewUntilDone(plan, first, startedMs, io, makeKeyPair) {
  const endMs = startedMs + plan.renewForSeconds * 1e3;
  let current = first;
  for (; ; ) {
    const delay = renewalDelay(current.expiresAt, io.now());
    if (delay === void 0) {
      io.err(
        "warning: the session token does not say when it expires, so it cannot be renewed at half its lifetime; stopping."
      );
      return EXIT.ok;
    }
    if (io.now() + delay >= endMs) {
      io.err(
        `Stopped renewing after ${Math.round((io.now() - startedMs) / 1e3)} s (--renew-for); the session token is ${expiryText(current.expiresAt, io.now())}.`
      );
      return EXIT.ok;
    }
    await io.delay(delay);
    try {
      const keysPromise = makeKeyPair();
      keysPromise.catch(() => {
      });
      const subject = await acquireSubject(plan, io);
      current = await exchangeAndWrite(plan, subject, await keysPromise, io);
      io.err(`Renewed OCI profile [${current.profile}]: session token ${expiryText(current.expiresAt, io.now())}.`);
    } catch (err) {
      if (!WifError.is(err)) throw err;
      const expired = current.expiresAt === void 0 || current.expiresAt * 1e3 <= io.now();
      if (expired) throw err;
      io.err(
        `warning: renewal failed, the current session token is still ${expiryText(current.expiresAt, io.now())}: ${err.message}`
      );
    }
  }
}

// client/rpst.ts
var import_node_fs7 = require("node:fs");
var import_node_path6 = require("node:path");

// core/trust-modes.ts
var RPST_TOKEN_TYPE = "urn:oci:token-type:oci-rpst";
var RPST_MAX_SECONDS = 43200;

// client/rpst.ts
var RPST_FLAGS = {
  rpst: {
    type: "boolean",
    help: "request a resource principal session token (RPST, trust mode resource) instead of a UPST"
  },
  "res-type": {
    type: "string",
    value: "<label>",
    help: "with --rpst: the trust's resource_label (sent as res_type; required)"
  },
  "rpst-exp": {
    type: "string",
    value: "<seconds>",
    help: `with --rpst: the RPST's lifetime, 300 to ${RPST_MAX_SECONDS} (default: the service's)`
  }
};
var RES_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
function rpstOptions(flags) {
  const resType = stringFlag(flags, "res-type");
  const exp = stringFlag(flags, "rpst-exp");
  if (flags.rpst && flags.renew) {
    throw new UsageError(
      "--renew renews UPST profiles; with --rpst ask for a longer token (--rpst-exp, up to 43200 s) instead."
    );
  }
  if (!flags.rpst) {
    if (resType !== void 0 || exp !== void 0)
      throw new UsageError("--res-type and --rpst-exp apply only with --rpst.");
    return void 0;
  }
  if (resType === void 0) {
    throw new UsageError(
      "--rpst needs --res-type <label>: the resource_label of the trust (its impersonating_resource)."
    );
  }
  if (!RES_TYPE.test(resType))
    throw new UsageError(
      `--res-type must be letters, digits, '.', '_' or '-' (at most 64); got ${JSON.stringify(resType)}.`
    );
  const lifetime = exp === void 0 ? void 0 : numberFlag(flags, "rpst-exp", 300, RPST_MAX_SECONDS, 0, true);
  return { resourceType: resType, lifetimeSeconds: lifetime };
}
function rpstParams(o) {
  return [
    ["res_type", o.resourceType],
    ...o.lifetimeSeconds === void 0 ? [] : [["rpst_exp", String(o.lifetimeSeconds)]]
  ];
}
function rpstPaths(paths) {
  return { tokenFile: (0, import_node_path6.join)(paths.sessionDir, "rpst"), keyFile: (0, import_node_path6.join)(paths.sessionDir, "rpst_private_key.pem") };
}
async function finishRpst(options, c) {
  const { io, plan } = c;
  const { runtime, policy, paths } = plan;
  registerSecret(c.keys.privateKeyPem);
  const result = await exchangeToken(
    {
      domainUrl: runtime.domainUrl,
      clientId: runtime.clientId,
      clientSecret: runtime.clientSecret,
      subjectToken: c.subject.token,
      publicKeyDer: c.keys.publicKeyDer,
      requestedTokenType: RPST_TOKEN_TYPE,
      extraParams: rpstParams(options)
    },
    {
      runtimeConfigFile: runtime.file,
      clientId: runtime.clientId,
      subjectClaims: c.subject.decoded.claims,
      explainHint: "wif-explain --token-file <file holding the JWT> --stack cdktf.out/stacks/<stack>"
    },
    policy,
    io,
    (n) => io.err(
      `note: the token endpoint answered HTTP ${n.status}; retrying in ${(n.delayMs / 1e3).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`
    )
  );
  checkKeyBinding(result.decoded.claims, c.keys, io, "RPST", "note");
  const tenancy = rpstTenancy(result, runtime);
  const files = rpstPaths(paths);
  try {
    makeSessionDirs(paths);
    writeFilesAtomically([
      { path: files.keyFile, content: c.keys.privateKeyPem, mode: 384 },
      { path: files.tokenFile, content: result.token, mode: 384 }
    ]);
  } catch (err) {
    if (WifError.is(err)) throw err;
    throw new UsageError(
      `cannot write the RPST files under ${paths.sessionDir} (${err.code ?? String(err)}); nothing was written.`
    );
  }
  report(options, files, tenancy, numericDate(result.decoded.claims, "exp"), c);
  return 0;
}
function report(options, files, tenancy, expiresAt, c) {
  const { io, flags } = c;
  const env = rpstEnvironment(files, c.plan.region);
  const say = flags.env ? io.err : io.out;
  const expiry = expiresAt === void 0 ? "its expiry is unknown" : `valid until ${formatTime(expiresAt)}, in ${formatDuration(expiresAt - io.now() / 1e3)}`;
  say(`Wrote a resource principal session token (${expiry}) for res_type ${options.resourceType}.`);
  say(`  token       ${files.tokenFile} (mode 0600)`);
  say(`  private key ${files.keyFile} (mode 0600)`);
  say(`  tenancy     ${tenancy ?? "unknown: the token has no res_tenant claim; pass it to clients yourself"}`);
  say("Next: export the variables below (--env, --github-env), then: oci --auth resource_principal os ns get");
  if (flags.env) for (const line of env) io.out(line);
  if (flags["github-env"]) append(io.env.GITHUB_ENV, env);
  if (io.env.GITHUB_OUTPUT) {
    append(io.env.GITHUB_OUTPUT, [
      "token-type=rpst",
      `rpst-file=${files.tokenFile}`,
      `private-pem-file=${files.keyFile}`,
      `region=${c.plan.region}`,
      `tenancy=${tenancy ?? ""}`,
      `expires-at=${expiresAt === void 0 ? "" : new Date(expiresAt * 1e3).toISOString()}`
    ]);
  }
}
function rpstEnvironment(files, region) {
  return [
    "OCI_RESOURCE_PRINCIPAL_VERSION=2.2",
    `OCI_RESOURCE_PRINCIPAL_RPST=${files.tokenFile}`,
    `OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM=${files.keyFile}`,
    `OCI_RESOURCE_PRINCIPAL_REGION=${region}`,
    "OCI_CLI_AUTH=resource_principal"
  ];
}
function append(path, lines) {
  try {
    (0, import_node_fs7.appendFileSync)(path, lines.map((l) => l + "\n").join(""));
  } catch (err) {
    throw new UsageError(
      `the RPST was written, but ${path} cannot be appended to (${err.code ?? String(err)}).`
    );
  }
}
function rpstTenancy(result, runtime) {
  for (const claim of ["res_tenant", "tenant"]) {
    const v = result.decoded.claims[claim];
    if (typeof v === "string" && /^[A-Za-z0-9._:-]+$/.test(v)) return v;
  }
  return runtime.tenancy;
}

// core/version.ts
var import_node_fs8 = require("node:fs");
var import_node_path7 = require("node:path");
function packageVersion(from = __dirname) {
  for (let dir = from; ; dir = (0, import_node_path7.dirname)(dir)) {
    const file = (0, import_node_path7.join)(dir, "package.json");
    if ((0, import_node_fs8.existsSync)(file)) {
      const version = JSON.parse((0, import_node_fs8.readFileSync)(file, "utf8")).version;
      return typeof version === "string" ? version : "unknown";
    }
    if ((0, import_node_path7.dirname)(dir) === dir) return "unknown";
  }
}

// core/text-out.ts
function terminal(line) {
  return redact(line);
}
function processOutput() {
  return {
    out: (line) => process.stdout.write(`${terminal(line)}
`),
    err: (line) => process.stderr.write(`${terminal(line)}
`)
  };
}
function redactedOutput(to) {
  return { ...to, out: (line) => to.out(terminal(line)), err: (line) => to.err(terminal(line)) };
}

// cli/crash.ts
function crashLines(err, env) {
  const message = err instanceof Error ? err.message : String(err);
  const debug = Boolean(env.WIF_DEBUG);
  const first = terminal(
    `error: unexpected failure (a bug; exit ${EXIT.internal}): ${message}${debug ? "" : " (WIF_DEBUG=1 shows where)"}`
  );
  if (!debug || !(err instanceof Error) || !err.stack) return [first];
  const head = `${err.name}: ${err.message}`;
  const trace = err.stack.startsWith(head) ? err.stack.slice(head.length) : err.stack.replace(/^[^\n]*/, "");
  return [
    first,
    ...trace.split("\n").filter((line) => line.trim()).map((line) => terminal(line))
  ];
}
function reportCrash(err, io) {
  for (const line of crashLines(err, io.env)) io.err(line);
  return EXIT.internal;
}

// cli/io.ts
var import_node_os = require("node:os");
var import_promises = require("node:timers/promises");
function processIo() {
  return {
    env: process.env,
    ...processOutput(),
    readStdin: async () => {
      const chunks = [];
      for await (const chunk of process.stdin) chunks.push(chunk);
      return Buffer.concat(chunks).toString("utf8");
    },
    stdinIsTty: Boolean(process.stdin.isTTY),
    home: (0, import_node_os.homedir)(),
    cwd: process.cwd(),
    now: () => Date.now(),
    delay: async (ms) => {
      await (0, import_promises.setTimeout)(ms);
    },
    random: Math.random
  };
}
function withProcessDefaults(io) {
  return io ? { ...processIo(), ...io } : processIo();
}

// cli/command.ts
function allFlags(spec) {
  return { ...spec.flags, ...STANDARD_FLAGS };
}
function renderUsage(spec) {
  return [
    `Usage: ${spec.name} ${spec.synopsis}`,
    ...spec.about,
    "",
    ...flagHelp(allFlags(spec)),
    ...spec.notes?.length ? ["", ...spec.notes] : [],
    "",
    `Exit codes: ${spec.exitCodes}, 70 a bug (WIF_DEBUG=1 shows where).`
  ];
}
async function runCommand(spec, argv, io, body) {
  const full = withProcessDefaults(io);
  const redacted = redactedOutput(full);
  try {
    const flags = parseFlags(argv, allFlags(spec), { positional: spec.positional });
    if (flags.help) {
      for (const line of renderUsage(spec)) redacted.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      redacted.out(`${spec.name} ${packageVersion()}`);
      return EXIT.ok;
    }
    return await body(flags, redacted);
  } catch (err) {
    return reportError(err, redacted);
  }
}
function reportError(err, io) {
  if (WifError.is(err)) {
    const [first, ...rest] = err.lines;
    io.err(`error: ${first}`);
    for (const line of rest) io.err(line);
    return err.exitCode;
  }
  return reportCrash(err, io);
}

// client/exchange-cli.ts
var FLAGS = {
  "runtime-config": {
    type: "string",
    value: "<path>",
    help: "runtimeConfig.ini to read (default: $WIF_RUNTIME_CONFIG, else ./runtimeConfig.ini)"
  },
  profile: { type: "string", value: "<name>", help: "OCI config profile to write (default: [OCI] profile, else wif)" },
  region: { type: "string", value: "<region>", help: "region of the profile (default: [OCI] region)" },
  "config-file": {
    type: "string",
    value: "<path>",
    help: "OCI config file (default: $OCI_CLI_CONFIG_FILE, else ~/.oci/config)"
  },
  "token-file": {
    type: "string",
    value: "<path>",
    help: "read the subject token (the CI's OIDC JWT) from a file; - reads standard input"
  },
  "token-env": { type: "string", value: "<NAME>", help: "read it from an environment variable (GitLab id_tokens)" },
  "token-stdin": { type: "boolean", help: "read it from standard input" },
  github: {
    type: "boolean",
    help: "fetch it from GitHub Actions (the default when ACTIONS_ID_TOKEN_REQUEST_URL is set)"
  },
  audience: {
    type: "string",
    value: "<aud>",
    help: "audience to request from GitHub (default: the first audience of the GitHub trust in runtimeConfig.ini)"
  },
  env: {
    type: "boolean",
    help: "print KEY=VALUE lines for the OCI CLI on standard output (the summary then goes to standard error)"
  },
  "github-env": { type: "boolean", help: "append those lines to $GITHUB_ENV, for the job's later steps" },
  renew: {
    type: "boolean",
    help: "keep running and renew the profile at half the session token's lifetime (a new OIDC token, key and exchange each time)"
  },
  "renew-for": {
    type: "string",
    value: "<seconds>",
    help: "with --renew: stop renewing after this long (default 21600, six hours)"
  },
  timeout: {
    type: "string",
    value: "<seconds>",
    help: `give up after this long, retries included (default ${DEFAULT_RETRY_POLICY.timeoutMs / 1e3})`
  },
  "max-attempts": {
    type: "string",
    value: "<n>",
    help: `attempts in all when the endpoint answers 429 or 5xx (default ${DEFAULT_RETRY_POLICY.maxAttempts})`
  },
  ...RPST_FLAGS
};
var COMMAND = {
  name: "wif-exchange",
  synopsis: "[flags]",
  about: [
    "Exchanges a CI job's OIDC token for an OCI session token (UPST) and writes an OCI config profile that uses it."
  ],
  flags: FLAGS,
  exitCodes: "0 done, 1 the exchange failed, 2 bad input (nothing was sent or written). See docs/exchange.md"
};
async function main(argv, rawIo, deps = {}) {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => run(flags, io, deps.makeKeyPair ?? makeSessionKeyPair));
}
async function run(flags, io, makeKeyPair) {
  const startedMs = io.now();
  const plan = planExchange(flags, io);
  const rpst = rpstOptions(flags);
  const keysPromise = makeKeyPair();
  keysPromise.catch(() => {
  });
  const subject = await acquireSubject(plan, io);
  if (rpst) return finishRpst(rpst, { flags, io, plan, subject, keys: await keysPromise });
  const outcome = await exchangeAndWrite(plan, subject, await keysPromise, io);
  const renewing = plan.renewForSeconds !== void 0;
  announce(
    outcome,
    { env: Boolean(flags.env), githubEnv: Boolean(flags["github-env"]), configFlag: plan.configFlag, renewing },
    io
  );
  if (!renewing) return EXIT.ok;
  return renewUntilDone(plan, outcome, startedMs, io, makeKeyPair);
}

// cli/process.ts
var guarded = false;
function ignoreClosedPipes() {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
      if (err?.code !== "EPIPE") throw err;
      stream.write = () => true;
    });
  }
}

// action/workflow-command.ts
function commandValue(value) {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function maskCommand(part) {
  return `::add-mask::${commandValue(part)}`;
}
function workflowCommand(command, message) {
  return `::${command}::${commandValue(terminal(message))}`;
}

// action/main.ts
var TOKEN_VARIABLE = "WIF_ACTION_SUBJECT_TOKEN";
function input(env, name) {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function fail(message) {
  process.stdout.write(`${workflowCommand("error", message)}
`);
  return EXIT.badInput;
}
async function runAction(env = process.env) {
  const stop = onSecretRegistered((part) => process.stdout.write(`${maskCommand(part)}
`));
  try {
    return await runMain(env);
  } finally {
    stop();
  }
}
async function runMain(env) {
  const say = (line) => process.stdout.write(`${terminal(line)}
`);
  const secret = input(env, "client-secret");
  registerSecret(secret);
  registerSecret(env[GITHUB_REQUEST_TOKEN]);
  const [domainUrl, clientId, audience, region] = ["domain-url", "client-id", "audience", "region"].map(
    (n) => input(env, n)
  );
  const missing = Object.entries({
    "domain-url": domainUrl,
    "client-id": clientId,
    "client-secret": secret,
    audience,
    region
  }).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length)
    return fail(
      `wif-exchange action: missing input${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (see action.yml).`
    );
  const broken = ["domain-url", "client-id", "client-secret", "audience", "region", "profile", "tenancy"].filter(
    (n) => /[\x00-\x1f\x7f]/.test(input(env, n))
  );
  if (broken.length)
    return fail(
      `wif-exchange action: input ${broken.join(", ")} contains a line break or another control character; give a single-line value.`
    );
  const profile = input(env, "profile") || "wif";
  const badProfile = nameRefusal(profile, PROFILE_NAME);
  if (badProfile)
    return fail(
      `wif-exchange action: input profile ${badProfile.message}; got ${shownValue(profile)}. ${badProfile.fix}`
    );
  if (!env.RUNNER_TEMP || !env.GITHUB_STATE || !env.GITHUB_ENV)
    return fail(
      "wif-exchange action: RUNNER_TEMP, GITHUB_STATE and GITHUB_ENV must be set; run it as a step of a GitHub Actions job."
    );
  const dir = (0, import_node_fs9.mkdtempSync)((0, import_node_path8.join)(env.RUNNER_TEMP, "oci-wif-"));
  (0, import_node_fs9.writeFileSync)(env.GITHUB_STATE, `dir=${dir}
`, { flag: "a" });
  const runtimeConfig = (0, import_node_path8.join)(dir, "runtimeConfig.ini");
  writeSecretFile(
    runtimeConfig,
    renderRuntimeConfig({
      domainUrl,
      clientId,
      clientSecret: secret.replace(/%/g, "%%"),
      tenancyOcid: input(env, "tenancy") || void 0,
      region,
      profileName: profile,
      trusts: [{ label: "github", issuer: GITHUB_ISSUER, audiences: [audience] }]
    })
  );
  const io = processIo();
  let token;
  try {
    ({ token } = await fetchGitHubToken(
      audience,
      { ...io, env },
      DEFAULT_RETRY_POLICY,
      (line) => say(`note: ${line}`)
    ));
  } catch (err) {
    return fail(`wif-exchange action: ${err instanceof Error ? err.message : String(err)}`);
  }
  const configFile = (0, import_node_path8.join)(dir, "config");
  const resourceType = input(env, "resource-type");
  const lifetime = input(env, "rpst-lifetime");
  const rpst = resourceType ? ["--rpst", "--res-type", resourceType, ...lifetime ? ["--rpst-exp", lifetime] : []] : [];
  const code = await main(
    [
      "--runtime-config",
      runtimeConfig,
      "--token-env",
      TOKEN_VARIABLE,
      "--config-file",
      configFile,
      "--profile",
      profile,
      "--github-env",
      ...rpst
    ],
    { ...io, env: { ...env, [TOKEN_VARIABLE]: token } }
  );
  return code;
}
async function runStep(env = process.env) {
  ignoreClosedPipes();
  try {
    return await runAction(env);
  } catch (err) {
    const [first, ...trace] = crashLines(err, env);
    fail(`wif-exchange action: ${first.replace(/^error: /, "")}`);
    for (const line of trace) process.stdout.write(`${line}
`);
    return 70;
  }
}
if (require.main === module) {
  runStep().then((code) => {
    process.exitCode = code;
  });
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  input,
  runAction,
  runStep
});
