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
var import_node_fs10 = require("node:fs");
var import_node_path9 = require("node:path");

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
    edges: /* @__PURE__ */ new Set(),
    windowsHaveSpace: false,
    listeners: /* @__PURE__ */ new Set()
  };
  return g[REGISTRY];
}
var PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----$/;
var JWT_SHAPE = /^e[w-z0-9_-][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}$/;
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
          r.edges.add(window);
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
var PATH_SEGMENT = /^(?:[0-9]{1,10}|[A-Za-z][a-z]*(?:[A-Z][a-z]*)*[0-9]{0,4}|[0-9a-f]{1,64}|[0-9A-F]{1,64})$/;
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
      if (last && p + SECRET_PART_MIN <= last[1]) continue;
      let start = p;
      let end = p + SECRET_PART_MIN;
      while (end < to && r.edges.has(text.slice(end + 1 - SECRET_PART_MIN, end + 1))) end++;
      while (start > from2 && r.edges.has(text.slice(start - 1, start - 1 + SECRET_PART_MIN))) start--;
      runs.push([start, end]);
    }
  };
  if (r.windowsHaveSpace) scan2(0, text.length);
  else for (const m of text.matchAll(/\S{8,}/g)) scan2(m.index, m.index + m[0].length);
  if (!runs.length) return text;
  runs.sort((a, b) => a[0] - b[0]);
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    if (start >= from) out += `${text.slice(from, start)}[secret]`;
    from = Math.max(from, end);
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
  return redactShapes(redactRegistered(text));
}
function redactShapes(text) {
  return text.replace(PEM_BLOCK, (_m, kind) => `[PEM ${kind.trim().toLowerCase()}]`).replace(JWT, "[JWT]").replace(URL_CREDENTIALS, (_m, scheme) => `${scheme}[URL credentials]@`).replace(OCI_CLIENT_SECRET, "[client secret]").replace(AUTH_SCHEME, (_m, scheme) => `${scheme} [secret]`).replace(
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
var import_node_path6 = require("node:path");

// core/runtime-config.ts
var import_node_fs3 = require("node:fs");

// core/constants.ts
var REGION = /^[a-z]{2,}(?:-[a-z]+)+-[0-9]+$/;
var SUBJECT_TOKEN_PLACEHOLDER = "<your-subject-token-here>";

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
  /**
   * A trust of an issuer that every customer of a platform shares (core/issuers/) has nothing that ties it to one
   * customer: neither a claim validation nor, in mode impersonation, a rule that names the tenant.
   */
  tenantNotPinned: "WIF-W-TENANT-PIN",
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
  return new Promise((resolve7, reject) => {
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
          () => resolve7({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes })
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

// core/url.ts
function withoutTrailingSlash(url) {
  return url.replace(/\/$/, "");
}

// core/rule-grammar.ts
var RuleError = class extends WifError {
  problems;
  constructor(problems) {
    super("WIF-E-RULE", "badInput", problems.join("; "));
    this.name = "RuleError";
    this.problems = problems;
  }
};
var BAD_REF_CHARS = /[\s~^:?[\\\x00-\x1f\x7f]/;
function checkWildcard(value, operator, problems) {
  const star = value.indexOf("*");
  if (star < 0) return;
  if (operator === "co") {
    problems.push(`"*" is a wildcard only with "eq"; "co" already matches part of the value, so drop the "*"`);
  } else if (star !== value.length - 1) {
    problems.push(`"*" may only end a value (as in Oracle's "username eq kafka*"); got ${JSON.stringify(value)}`);
  }
}
function checkRefName(name, value, problems) {
  if (value === "" || BAD_REF_CHARS.test(value) || value.startsWith("/") || value.endsWith("/") || value.includes("..")) {
    problems.push(`${name} must be a git ref name without spaces or ':'; got ${JSON.stringify(value)}`);
    return;
  }
  checkWildcard(value, "eq", problems);
}
function checkPlainValue(name, value, problems) {
  if (value === "" || /[\s:"]/.test(value)) {
    problems.push(`${name} must not be empty or contain spaces, ':' or '"'; got ${JSON.stringify(value)}`);
    return;
  }
  checkWildcard(value, "eq", problems);
}

// core/issuers/aws.ts
var ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
var aws = {
  id: "aws",
  title: "AWS outbound identity federation",
  platform: "AWS",
  issuers: [
    {
      name: "account",
      example: "https://<uuid>.tokens.sts.global.api.aws",
      pattern: /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/,
      shared: false,
      jwks: (issuer) => `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`
    }
  ],
  rule: {
    example: "aws role=arn:aws:iam::123456789012:role/deployer",
    options: ["role"],
    build: (o) => {
      if (o.role === void 0 || !ROLE_ARN.test(o.role))
        throw new RuleError([
          `role must be an IAM role ARN, arn:aws:iam::<account>:role/<name>; got ${JSON.stringify(o.role ?? "")}`
        ]);
      return { expressions: [`sub eq ${o.role}`], summary: `AWS role ${o.role}` };
    }
  },
  pin: { claims: [], pinsRule: () => false, fix: "the account's own issuer, which already pins it" },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^arn:[^:]+:iam::([0-9]{12}):role\/$/,
        message: (m) => `matches every role of account ${m[1]}`
      }
    ]
  },
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "command",
        argv: [
          "aws",
          "sts",
          "get-web-identity-token",
          "--audience",
          "{audience}",
          "--signing-algorithm",
          "RS256",
          "--query",
          "WebIdentityToken",
          "--output",
          "text"
        ]
      }
    ],
    how: "wif-exchange runs the AWS CLI (aws sts get-web-identity-token --audience <the trust's audience> --signing-algorithm RS256) with the job's AWS credentials: outbound federation enabled in the account, sts:GetWebIdentityToken allowed, and a regional STS endpoint (set AWS_REGION).",
    unavailable: "so there is no AWS token",
    snippet: "docs/ci/aws.sh"
  },
  sources: [
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html"
  ]
};

// core/issuers/azure-devops.ts
var NAME = /^[^/"\x00-\x1f\x7f]{1,256}$/;
function subjectValue(value) {
  return /\s/.test(value) ? `"${value}"` : value;
}
var azureDevops = {
  id: "azure-devops",
  title: "Azure DevOps Pipelines",
  platform: "Azure DevOps",
  issuers: [
    {
      name: "organization",
      example: "https://vstoken.dev.azure.com/<organization id>",
      pattern: /^https:\/\/vstoken\.dev\.azure\.com\/[0-9a-fA-F-]{36}$/,
      shared: false
    }
  ],
  rule: {
    example: "azure-devops org=contoso project=web pipeline=deploy",
    options: ["org", "project", "pipeline", "service_connection"],
    build: (o) => {
      const problems = [];
      for (const key of ["org", "project"]) {
        if (o[key] === void 0) problems.push(`an azure-devops rule needs ${key}=<name>`);
        else if (!NAME.test(o[key]))
          problems.push(`${key} must be a name without '/' or '"'; got ${JSON.stringify(o[key])}`);
      }
      const target = ["pipeline", "service_connection"].filter((k) => o[k] !== void 0);
      if (target.length !== 1) problems.push("give one of pipeline=<name> or service_connection=<name>");
      const [kind] = target;
      const name = kind && o[kind];
      if (name !== void 0 && !NAME.test(name))
        problems.push(`${kind} must be a name without '/' or '"'; got ${JSON.stringify(name)}`);
      if (problems.length) throw new RuleError(problems);
      const scheme = kind === "pipeline" ? "p" : "sc";
      return {
        expressions: [`sub eq ${subjectValue(`${scheme}://${o.org}/${o.project}/${name}`)}`],
        summary: `Azure DevOps ${o.org}/${o.project}, ${kind === "pipeline" ? "pipeline" : "service connection"} ${name}`
      };
    }
  },
  claims: {
    org_id: (v) => ({ name: "org_id", value: v }),
    project_id: (v) => ({ name: "prj_id", value: v }),
    pipeline_id: (v) => ({ name: "def_id", value: v }),
    repo_id: (v) => ({ name: "rpo_id", value: v }),
    ref: (v) => ({ name: "rpo_ref", value: v })
  },
  pin: {
    claims: ["org_id"],
    pinsRule: (r) => r.operator === "eq" && r.claim === "org_id" && !r.prefix,
    fix: "validate[] = azure-devops org_id=<organization id>"
  },
  recommended: ["azure-devops project_id=<project id>"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: { prj_id: "every pipeline of project id", org_id: "every project and pipeline of organization id" },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^p:\/\/([^/]+\/[^/]+)\/$/,
        message: (m) => `matches every pipeline of project ${m[1]}`
      }
    ]
  },
  token: {
    detect: ["SYSTEM_OIDCREQUESTURI"],
    needsAudience: false,
    steps: [
      {
        via: "http",
        request: {
          method: "POST",
          url: { env: "SYSTEM_OIDCREQUESTURI" },
          query: { "api-version": "7.1-preview.1" },
          headers: { Authorization: { env: "SYSTEM_ACCESSTOKEN", prefix: "Bearer " }, Accept: "application/json" },
          answer: { json: "oidcToken" },
          service: "Azure DevOps' OIDC token service",
          refused: "Check that the step maps SYSTEM_ACCESSTOKEN: $(System.AccessToken) and that the pipeline's token may be used."
        }
      }
    ],
    how: "Map the job's access token into the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)); wif-exchange then POSTs to $(System.OidcRequestUri) for the pipeline's token (audience api://AzureADTokenExchange, fixed).",
    unavailable: "so Azure DevOps will not issue an OIDC token. Run in an Azure Pipelines job and map env: SYSTEM_ACCESSTOKEN: $(System.AccessToken) into the step",
    snippet: "docs/ci/azure-pipelines.yml"
  },
  sources: [
    "https://learn.microsoft.com/en-us/rest/api/azure/devops/distributedtask/oidctoken/create",
    "https://learn.microsoft.com/en-us/azure/devops/pipelines/release/configure-workload-identity"
  ]
};

// core/issuers/bitbucket.ts
var UUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
function braced(name, value, problems) {
  const m = UUID.exec(value);
  if (!m) {
    problems.push(`${name} must be a UUID, with or without braces; got ${JSON.stringify(value)}`);
    return value;
  }
  return `{${m[1].toLowerCase()}}`;
}
var bitbucket = {
  id: "bitbucket",
  title: "Bitbucket Pipelines",
  platform: "Bitbucket",
  issuers: [
    {
      name: "workspace",
      example: "https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc",
      pattern: /^https:\/\/api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/,
      shared: false
    }
  ],
  rule: {
    example: "bitbucket repo_uuid={a1b2c3d4-\u2026} environment_uuid={\u2026}",
    options: ["repo_uuid", "environment_uuid"],
    build: (o) => {
      const problems = [];
      if (!o.repo_uuid) throw new RuleError(["a bitbucket rule needs repo_uuid=<the repository's UUID>"]);
      const repo = braced("repo_uuid", o.repo_uuid, problems);
      const env = o.environment_uuid !== void 0 ? braced("environment_uuid", o.environment_uuid, problems) : "";
      if (problems.length) throw new RuleError(problems);
      return {
        expressions: [`sub eq ${repo}:${env ? `${env}:` : ""}*`],
        summary: `Bitbucket repository ${repo}${env ? `, deployment environment ${env}` : ", every step"}`
      };
    }
  },
  claims: {
    workspace_uuid: (v) => ({ name: "workspaceUuid", value: v }),
    repo_uuid: (v) => ({ name: "repositoryUuid", value: v }),
    environment_uuid: (v) => ({ name: "deploymentEnvironmentUuid", value: v }),
    branch: (v) => ({ name: "branchName", value: v })
  },
  pin: {
    claims: ["workspaceUuid"],
    pinsRule: (r) => r.operator === "eq" && r.claim === "workspaceUuid" && !r.prefix,
    fix: "validate[] = bitbucket workspace_uuid={<uuid>}"
  },
  recommended: ["bitbucket repo_uuid={<uuid>}"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {
      workspaceUuid: "every repository and step of workspace",
      repositoryUuid: "every step of repository"
    },
    broadPrefixes: [
      { claim: "sub", pattern: /^(\{[^}]+\}):$/, message: (m) => `matches every step of repository ${m[1]}` }
    ]
  },
  token: {
    detect: ["BITBUCKET_STEP_OIDC_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "BITBUCKET_STEP_OIDC_TOKEN" }],
    how: "Set oidc: true on the step (and oidc: audiences: [<the trust's audience>] for another audience than the default); Bitbucket puts the token in $BITBUCKET_STEP_OIDC_TOKEN.",
    unavailable: "so the step has no OIDC token. Set oidc: true on the step",
    snippet: "docs/ci/bitbucket-pipelines.yml"
  },
  sources: [
    "https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/",
    "https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/"
  ]
};

// core/issuers/types.ts
var ORGANIZATION_SUB = {
  claim: "sub",
  form: /^organization:/,
  complete: /^organization:[^:]+:/,
  message: (v) => `matches other organizations too: its wildcard ends inside the organization name ("${v}*")`
};

// core/issuers/buildkite.ts
var SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
var ORG_IN_SUB = /^organization:[^:*]+:/;
function pinsRule(r) {
  if (r.operator !== "eq") return false;
  if (r.claim === "sub") return ORG_IN_SUB.test(r.value);
  return ["organization_slug", "organization_id", "pipeline_id"].includes(r.claim) && !r.prefix && r.value !== "";
}
var buildkite = {
  id: "buildkite",
  title: "Buildkite",
  platform: "Buildkite",
  issuers: [
    {
      name: "agent.buildkite.com",
      example: "https://agent.buildkite.com",
      pattern: /^https:\/\/agent\.buildkite\.com$/,
      shared: true,
      jwks: () => "https://agent.buildkite.com/.well-known/jwks"
    }
  ],
  rule: {
    example: "buildkite org=acme pipeline=deploy branch=main",
    options: ["org", "pipeline", "branch", "tag"],
    build: (o) => {
      const problems = [];
      for (const key of ["org", "pipeline"]) {
        if (o[key] === void 0 || !SLUG.test(o[key]))
          problems.push(
            `${key} must be the ${key === "org" ? "organization" : "pipeline"}'s slug; got ${JSON.stringify(o[key] ?? "")}`
          );
      }
      if (o.branch !== void 0 && o.tag !== void 0) problems.push("give branch or tag, not both");
      const refName = o.branch ?? o.tag;
      if (o.branch !== void 0) checkRefName("branch", o.branch, problems);
      if (o.tag !== void 0) checkRefName("tag", o.tag, problems);
      if (problems.length) throw new RuleError(problems);
      const base = `organization:${o.org}:pipeline:${o.pipeline}:`;
      if (refName === void 0) {
        return { expressions: [`sub eq ${base}*`], summary: `Buildkite ${o.org}/${o.pipeline}, any ref` };
      }
      const ref = `ref:refs/${o.branch !== void 0 ? "heads" : "tags"}/${refName}`;
      const value = refName.endsWith("*") ? `${base}${ref}` : `${base}${ref}:*`;
      return {
        expressions: [`sub eq ${value}`],
        summary: `Buildkite ${o.org}/${o.pipeline}, ${o.branch !== void 0 ? "branch" : "tag"} ${refName}`
      };
    }
  },
  claims: {
    org: (v) => ({ name: "organization_slug", value: v }),
    org_id: (v) => ({ name: "organization_id", value: v }),
    pipeline: (v) => ({ name: "pipeline_slug", value: v }),
    pipeline_id: (v) => ({ name: "pipeline_id", value: v }),
    branch: (v) => ({ name: "build_branch", value: v })
  },
  pin: {
    claims: ["organization_slug", "organization_id"],
    pinsRule,
    fix: "validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id)"
  },
  recommended: ["buildkite org=<slug>"],
  subjects: {
    ownerPrefixes: [ORGANIZATION_SUB],
    ownerScopedClaims: ["sub", "organization_slug", "pipeline_slug"],
    wholeClaims: {
      organization_slug: "every pipeline of organization",
      organization_id: "every pipeline of organization id"
    },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^organization:([^:]+):pipeline:([^:]+):$/,
        message: (m) => `matches every branch, tag and step of pipeline ${m[1]}/${m[2]}`
      },
      {
        claim: "sub",
        pattern: /^organization:([^:]+):$/,
        message: (m) => `matches every pipeline of organization ${m[1]}`
      }
    ]
  },
  token: {
    detect: ["BUILDKITE_AGENT_ACCESS_TOKEN"],
    needsAudience: true,
    steps: [{ via: "command", argv: ["buildkite-agent", "oidc", "request-token", "--audience", "{audience}"] }],
    how: "wif-exchange runs buildkite-agent oidc request-token --audience <the trust's audience> in the step (the agent must be on PATH).",
    unavailable: "so this is not a Buildkite job step. Run wif-exchange in a step of a pipeline",
    snippet: "docs/ci/buildkite-pipeline.yml"
  },
  sources: [
    "https://buildkite.com/docs/agent/v3/cli-oidc",
    "https://buildkite.com/docs/apis/workload-identity-federation/buildkite-agents"
  ]
};

// core/issuers/circleci.ts
var UUID2 = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
var circleci = {
  id: "circleci",
  title: "CircleCI",
  platform: "CircleCI",
  issuers: [
    {
      name: "organization",
      example: "https://oidc.circleci.com/org/<organization id>",
      pattern: /^https:\/\/oidc\.circleci\.com\/org\/[0-9a-f-]{36}$/,
      shared: false
    }
  ],
  rule: {
    example: "circleci org_id=<uuid> project_id=<uuid>",
    options: ["org_id", "project_id"],
    build: (o) => {
      const problems = [];
      for (const key of ["org_id", "project_id"]) {
        if (o[key] === void 0 || !UUID2.test(o[key]))
          problems.push(
            `${key} must be the ${key === "org_id" ? "organization" : "project"}'s UUID; got ${JSON.stringify(o[key] ?? "")}`
          );
      }
      if (problems.length) throw new RuleError(problems);
      return {
        expressions: [`sub eq org/${o.org_id}/project/${o.project_id}/*`],
        summary: `CircleCI project ${o.project_id}`
      };
    }
  },
  pin: {
    claims: [],
    pinsRule: () => false,
    fix: "the organization's own issuer (https://oidc.circleci.com/org/<id>), which already pins it"
  },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      { claim: "sub", pattern: /^org\/([^/]+)\/$/, message: (m) => `matches every project of organization ${m[1]}` },
      {
        claim: "sub",
        pattern: /^org\/[^/]+\/project\/([^/]+)\/$/,
        message: (m) => `matches every user and ref of project ${m[1]}`
      }
    ]
  },
  token: {
    detect: ["CIRCLE_OIDC_TOKEN_V2"],
    needsAudience: false,
    steps: [
      { via: "env", name: "CIRCLE_OIDC_TOKEN_V2" },
      { via: "env", name: "CIRCLE_OIDC_TOKEN" }
    ],
    how: "A job that uses a context gets $CIRCLE_OIDC_TOKEN_V2, whose audience is the organization ID: set the trust's audience to it.",
    unavailable: "so the job has no CircleCI OIDC token. Give the job a context (forked pull requests get one only when secrets are passed to forks)",
    snippet: "docs/ci/circleci.yml"
  },
  sources: ["https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/"]
};

// core/issuers/entra.ts
var GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
var KEYS = () => "https://login.microsoftonline.com/common/discovery/v2.0/keys";
var entra = {
  id: "entra",
  title: "Microsoft Entra ID",
  platform: "Microsoft Entra ID",
  issuers: [
    {
      name: "v2.0",
      example: "https://login.microsoftonline.com/<tenant id>/v2.0",
      pattern: /^https:\/\/login\.microsoftonline\.com\/[0-9a-fA-F-]{36}\/v2\.0$/,
      shared: false,
      jwks: KEYS
    },
    {
      name: "v1.0",
      example: "https://sts.windows.net/<tenant id>/",
      pattern: /^https:\/\/sts\.windows\.net\/[0-9a-fA-F-]{36}$/,
      shared: false,
      jwks: KEYS
    }
  ],
  rule: {
    example: "entra object_id=<the managed identity's object ID>",
    options: ["object_id"],
    build: (o) => {
      if (o.object_id === void 0 || !GUID.test(o.object_id))
        throw new RuleError([
          `object_id must be the identity's object ID (a GUID); got ${JSON.stringify(o.object_id ?? "")}`
        ]);
      return {
        expressions: [`oid eq ${o.object_id.toLowerCase()}`],
        summary: `Entra identity ${o.object_id.toLowerCase()}`
      };
    }
  },
  claims: {
    tenant: (v) => ({ name: "tid", value: v }),
    object_id: (v) => ({ name: "oid", value: v }),
    app_id: (v) => ({ name: "appid", value: v })
  },
  pin: { claims: ["tid"], pinsRule: () => false, fix: "the tenant's own issuer, which already pins it" },
  recommended: ["entra tenant=<tenant id>"],
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: { fixed: "http://169.254.169.254/metadata/identity/oauth2/token" },
          originEnv: "AZURE_POD_IDENTITY_AUTHORITY_HOST",
          query: { "api-version": "2018-02-01", resource: "{audience}" },
          headers: { Metadata: "true" },
          answer: { json: "access_token" },
          plainHttpHosts: ["169.254.169.254"],
          service: "Azure's instance metadata service (IMDS)",
          refused: "Check that the VM has a managed identity and that {audience} is the application ID URI or client ID of an app in your tenant."
        }
      }
    ],
    how: "On an Azure VM with a managed identity, wif-exchange asks the instance metadata service for a token for the trust's audience (an Entra app's ID URI or client ID).",
    unavailable: "so there is no Entra token",
    snippet: "docs/ci/azure-vm.sh"
  },
  sources: [
    "https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens",
    "https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token"
  ]
};

// core/issuers/env0.ts
var ID = /^[A-Za-z0-9-]{1,64}$/;
var ID_CLAIMS = ["organizationId", "projectId", "environmentId", "templateId"];
function pinsRule2(r) {
  if (r.operator !== "eq" || r.prefix || r.value === "") return false;
  return ID_CLAIMS.includes(r.claim) || r.claim === "sub";
}
var env0 = {
  id: "env0",
  title: "env0",
  platform: "env0",
  issuers: [
    {
      name: "login.app.env0.com",
      example: "https://login.app.env0.com/",
      pattern: /^https:\/\/login\.app\.env0\.com$/,
      shared: true,
      jwks: () => "https://login.app.env0.com/.well-known/jwks.json"
    }
  ],
  rule: {
    example: "env0 project=<project ID>",
    options: ["organization", "project", "environment"],
    build: (o) => {
      const given = ["organization", "project", "environment"].filter((k) => o[k] !== void 0);
      if (given.length !== 1) throw new RuleError(["give one of organization=, project= or environment= (an env0 ID)"]);
      const key = given[0];
      if (!ID.test(o[key])) throw new RuleError([`${key} must be an env0 ID; got ${JSON.stringify(o[key])}`]);
      return { expressions: [`${key}Id eq ${o[key]}`], summary: `env0 ${key} ${o[key]}` };
    }
  },
  claims: {
    organization: (v) => ({ name: "organizationId", value: v }),
    project: (v) => ({ name: "projectId", value: v }),
    environment: (v) => ({ name: "environmentId", value: v }),
    template: (v) => ({ name: "templateId", value: v })
  },
  pin: { claims: ["organizationId"], pinsRule: pinsRule2, fix: "validate[] = env0 organization=<organization ID>" },
  recommended: ["env0 organization=<organization ID>"],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["projectName", "environmentName"],
    wholeClaims: { organizationId: "every project and environment of organization" },
    broadPrefixes: []
  },
  token: {
    detect: ["ENV0_OIDC_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "ENV0_OIDC_TOKEN" }],
    how: "With OIDC enabled for the organization, deployments get $ENV0_OIDC_TOKEN (its audience is fixed: read it from a token with wif-explain and set the trust's audience to it).",
    unavailable: "so the deployment has no env0 OIDC token. Enable OIDC in the organization's policies",
    snippet: "docs/ci/env0.yml"
  },
  sources: ["https://docs.envzero.com/guides/integrations/oidc-integrations"]
};

// core/issuers/github.ts
var GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
var GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
var GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
var NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
function githubRule(options) {
  const problems = [];
  const [owner, repo, ...extra] = options.repository.split("/");
  if (extra.length || repo === void 0 || !GITHUB_OWNER.test(owner) || !(repo === "*" || GITHUB_REPO.test(repo))) {
    problems.push(`repository must be "owner/name" (name may be "*"); got ${JSON.stringify(options.repository)}`);
  }
  for (const [name, id] of [
    ["owner id", options.ownerId],
    ["repository id", options.repositoryId]
  ]) {
    if (id !== void 0 && !NUMERIC_ID.test(id)) problems.push(`${name} must be a number; got ${JSON.stringify(id)}`);
  }
  const hasIds = options.ownerId !== void 0 && options.repositoryId !== void 0;
  const format = options.subjectFormat ?? (hasIds ? "id" : "name");
  if (!["name", "id", "both"].includes(format)) {
    problems.push(`subject format must be "name", "id" or "both"; got ${JSON.stringify(format)}`);
  } else if (format !== "name" && !hasIds) {
    problems.push(`subject format "${format}" needs both the owner id and the repository id`);
  }
  if (repo === "*" && format !== "name") {
    problems.push(`repository "*" has no repository id, so it only works with subject format "name"`);
  }
  if (repo === "*" && (!options.anyRef || options.workflow !== void 0)) {
    problems.push(`repository "*" combines only with any_ref, because "*" may only end a rule value`);
  }
  const targets = ["branch", "tag", "environment", "pullRequest", "anyRef"].filter(
    (k) => options[k] !== void 0 && options[k] !== false
  );
  if (targets.length > 1) {
    problems.push(`give only one of branch, tag, environment, pull_request or any_ref; got ${targets.join(", ")}`);
  }
  if (options.workflow !== void 0 && (targets.includes("environment") || targets.includes("pullRequest"))) {
    problems.push("workflow combines with branch or tag only");
  }
  if (targets.length === 0 && options.workflow === void 0) {
    problems.push("say what may use the rule: branch, tag, environment, pull_request, workflow or any_ref");
  }
  for (const k of ["branch", "tag"]) {
    if (options[k] !== void 0) checkRefName(k, options[k], problems);
  }
  if (options.environment !== void 0) checkPlainValue("environment", options.environment, problems);
  if (options.workflow !== void 0 && !/^[A-Za-z0-9._-]+\.ya?ml$/.test(options.workflow)) {
    problems.push(
      `workflow must be a file name under .github/workflows ending in .yml or .yaml; got ${JSON.stringify(options.workflow)}`
    );
  }
  if (problems.length) throw new RuleError(problems);
  let what;
  let suffix;
  if (options.branch !== void 0) [what, suffix] = [`branch ${options.branch}`, `ref:refs/heads/${options.branch}`];
  else if (options.tag !== void 0) [what, suffix] = [`tag ${options.tag}`, `ref:refs/tags/${options.tag}`];
  else if (options.environment !== void 0)
    [what, suffix] = [`environment ${options.environment}`, `environment:${options.environment}`];
  else if (options.pullRequest) [what, suffix] = ["pull requests", "pull_request"];
  else [what, suffix] = ["any ref", "*"];
  if (options.workflow !== void 0) {
    const ref = options.branch !== void 0 ? `refs/heads/${options.branch}` : options.tag !== void 0 ? `refs/tags/${options.tag}` : "*";
    const expression = `job_workflow_ref eq ${owner}/${repo}/.github/workflows/${options.workflow}@${ref}`;
    const summary2 = `GitHub ${owner}/${repo}, workflow ${options.workflow}${ref === "*" ? "" : `, ${what}`}`;
    return { expressions: [expression], summary: summary2, subjectFormat: "name" };
  }
  const byName = repo === "*" && suffix === "*" ? `sub eq repo:${owner}/*` : `sub eq repo:${owner}/${repo}:${suffix}`;
  const byId = `sub eq repo:${owner}@${options.ownerId}/${repo}@${options.repositoryId}:${suffix}`;
  const expressions = format === "name" ? [byName] : format === "id" ? [byId] : [byId, byName];
  return { expressions, summary: `GitHub ${owner}/${repo}, ${what}`, subjectFormat: format };
}
var GitHubClaims = {
  ownerId: (id) => ({ name: "repository_owner_id", value: id }),
  owner: (name) => ({ name: "repository_owner", value: name }),
  repositoryId: (id) => ({ name: "repository_id", value: id }),
  repository: (ownerAndRepo) => ({ name: "repository", value: ownerAndRepo }),
  branch: (branch) => ({ name: "ref", value: `refs/heads/${branch}` }),
  tag: (tag) => ({ name: "ref", value: `refs/tags/${tag}` }),
  environment: (name) => ({ name: "environment", value: name })
};
function flagOption(name, value) {
  const v = value.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new RuleError([`option "${name}" is a flag; write it alone or as ${name}=true; got ${JSON.stringify(value)}`]);
}
var OWNER_IN_SUB = /^repo:[^/:*]+\//;
var OWNER_IN_WORKFLOW = /^[^/*]+\//;
function pinsRule3(r) {
  if (r.operator !== "eq") return false;
  switch (r.claim) {
    case "sub":
      return OWNER_IN_SUB.test(r.value);
    case "job_workflow_ref":
    case "workflow_ref":
    case "repository":
      return r.prefix ? OWNER_IN_WORKFLOW.test(r.value) : r.value !== "";
    case "repository_owner":
    case "repository_owner_id":
    case "repository_id":
      return !r.prefix && r.value !== "";
    default:
      return false;
  }
}
var github = {
  id: "github",
  title: "GitHub Actions",
  platform: "GitHub",
  issuers: [
    {
      name: "github.com",
      example: GITHUB_ISSUER,
      pattern: /^https:\/\/token\.actions\.githubusercontent\.com$/,
      shared: true,
      jwks: () => `${GITHUB_ISSUER}/.well-known/jwks`
    },
    {
      name: "enterprise issuer (include_enterprise_slug)",
      example: `${GITHUB_ISSUER}/<enterprise-slug>`,
      pattern: /^https:\/\/token\.actions\.githubusercontent\.com\/[A-Za-z0-9_.-]+$/,
      shared: false
    },
    {
      name: "GHE.com (data residency)",
      example: "https://token.actions.<subdomain>.ghe.com",
      pattern: /^https:\/\/token\.actions\.[a-z0-9-]+\.ghe\.com(?:\/[A-Za-z0-9_.-]+)?$/,
      shared: false
    },
    {
      name: "GitHub Enterprise Server",
      example: "https://<hostname>/_services/token",
      pattern: /^https:\/\/[^/]+\/_services\/token$/,
      shared: false
    },
    // Any other issuer a config declares provider = github for: typed rules, no JWKS default, no pin.
    { name: "other (provider = github)", example: "https://<issuer>", shared: false }
  ],
  rule: {
    example: "github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main",
    options: [
      "repo",
      "owner_id",
      "repo_id",
      "subject",
      "branch",
      "tag",
      "environment",
      "pull_request",
      "any_ref",
      "workflow"
    ],
    flags: ["pull_request", "any_ref"],
    build: (o) => {
      if (!o.repo) throw new RuleError(["a github rule needs repo=owner/name"]);
      return githubRule({
        repository: o.repo,
        ownerId: o.owner_id,
        repositoryId: o.repo_id,
        subjectFormat: o.subject,
        branch: o.branch,
        tag: o.tag,
        environment: o.environment,
        pullRequest: o.pull_request !== void 0 ? flagOption("pull_request", o.pull_request) : void 0,
        anyRef: o.any_ref !== void 0 ? flagOption("any_ref", o.any_ref) : void 0,
        workflow: o.workflow
      });
    }
  },
  claims: {
    owner: GitHubClaims.owner,
    owner_id: GitHubClaims.ownerId,
    repo: GitHubClaims.repository,
    repo_id: GitHubClaims.repositoryId,
    branch: GitHubClaims.branch,
    tag: GitHubClaims.tag,
    environment: GitHubClaims.environment
  },
  pin: {
    claims: ["repository_owner_id", "repository_owner", "repository_id", "repository"],
    pinsRule: pinsRule3,
    fix: "validate[] = github owner_id=<id> (gh api users/<owner> --jq .id)",
    warning: {
      id: WARNING.githubOwnerNotPinned,
      message: "GitHub trust without a claim validation that pins the owner, so a workflow of any GitHub account can present a token. Add validate[] = github owner_id=<id> (claim_validations repository_owner_id)."
    }
  },
  recommended: ["github owner_id=<id>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^repo:/,
        complete: /^repo:[^/:]*\//,
        message: (v) => `matches other owners too: its wildcard ends inside the owner name ("${v}*")`
      },
      {
        claim: "job_workflow_ref",
        form: /^/,
        complete: /^[^/]+\//,
        message: (v) => `matches other owners' workflows too: its wildcard ends inside the owner name ("${v}*")`
      }
    ],
    ownerScopedClaims: ["sub", "job_workflow_ref", "repository"],
    wholeClaims: {
      repository_owner: "every repository and ref of owner",
      repository_owner_id: "every repository and ref of owner id",
      repository: "every branch, tag, environment and pull request of",
      repository_id: "every branch, tag, environment and pull request of repository id"
    },
    broadPrefixes: [
      { pattern: /^repo:([^:]+)\/$/, message: (m) => `matches every repository of ${m[1]}` },
      { pattern: /^repo:([^:]+@\d+)\/$/, message: (m) => `matches every repository of ${m[1]}` },
      {
        pattern: /^repo:([^:]+\/[^:]+):$/,
        message: (m) => `matches every branch, tag, environment and pull request of ${m[1]}`
      },
      {
        claim: "job_workflow_ref",
        pattern: /^([^@]+\/\.github\/workflows\/[^@]+)@$/,
        message: (m) => `matches ${m[1]} on every ref`
      }
    ]
  },
  token: {
    detect: ["ACTIONS_ID_TOKEN_REQUEST_URL"],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: { env: "ACTIONS_ID_TOKEN_REQUEST_URL" },
          query: { audience: "{audience}" },
          headers: {
            Authorization: { env: "ACTIONS_ID_TOKEN_REQUEST_TOKEN", prefix: "bearer " },
            Accept: "application/json"
          },
          answer: { json: "value" },
          service: "GitHub's OIDC token service",
          refused: "Check that the job has permissions: id-token: write and that the audience {audience} is what you meant."
        }
      }
    ],
    how: "The job needs permissions: id-token: write; wif-exchange then asks ACTIONS_ID_TOKEN_REQUEST_URL for a token with the trust's audience (the Action does the same).",
    unavailable: "so GitHub will not issue an OIDC token. Give the job permissions: id-token: write (see docs/exchange.md)",
    snippet: "docs/ci/github-actions-exchange.yml"
  },
  sources: [
    "https://docs.github.com/en/actions/reference/security/oidc",
    "https://docs.github.com/en/enterprise-server@latest/actions/reference/security/oidc"
  ]
};

// core/issuers/gitlab.ts
var GITLAB_ISSUER = "https://gitlab.com";
var GITLAB_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
function gitlabRule(options) {
  const problems = [];
  const segments = options.projectPath.split("/");
  if (segments.length < 2 || !segments.every((s) => GITLAB_SEGMENT.test(s))) {
    problems.push(
      `project path must be "group/project" (subgroups allowed); got ${JSON.stringify(options.projectPath)}`
    );
  }
  const refType = options.refType ?? "branch";
  if (refType !== "branch" && refType !== "tag") {
    problems.push(`ref type must be "branch" or "tag"; got ${JSON.stringify(refType)}`);
  }
  checkRefName("ref", options.ref, problems);
  if (problems.length) throw new RuleError(problems);
  const expression = `sub eq project_path:${options.projectPath}:ref_type:${refType}:ref:${options.ref}`;
  return { expressions: [expression], summary: `GitLab ${options.projectPath}, ${refType} ${options.ref}` };
}
var GitLabClaims = {
  namespaceId: (id) => ({ name: "namespace_id", value: id }),
  namespacePath: (path) => ({ name: "namespace_path", value: path }),
  projectId: (id) => ({ name: "project_id", value: id }),
  projectPath: (path) => ({ name: "project_path", value: path }),
  ref: (ref) => ({ name: "ref", value: ref }),
  environment: (name) => ({ name: "environment", value: name })
};
var GROUP_IN_SUB = /^project_path:[^/:*]+\//;
function pinsRule4(r) {
  if (r.operator !== "eq") return false;
  switch (r.claim) {
    case "sub":
      return GROUP_IN_SUB.test(r.value);
    case "project_path":
    case "namespace_path":
      return r.prefix ? /^[^/*]+\//.test(r.value) : r.value !== "";
    case "namespace_id":
    case "project_id":
      return !r.prefix && r.value !== "";
    default:
      return false;
  }
}
var gitlab = {
  id: "gitlab",
  title: "GitLab CI",
  platform: "GitLab",
  issuers: [
    { name: "gitlab.com", example: GITLAB_ISSUER, pattern: /^https:\/\/gitlab\.com$/, shared: true, jwks: jwksOf },
    // A self-managed instance's issuer is its URL (or ci_id_tokens_issuer_url): any https URL, so it is chosen with
    // provider = gitlab, never recognised.
    { name: "self-managed", example: "https://gitlab.example.com", shared: false, jwks: jwksOf }
  ],
  rule: {
    example: "gitlab project=group/app ref=main",
    options: ["project", "ref_type", "ref"],
    build: (o) => {
      if (!o.project || o.ref === void 0) {
        throw new RuleError(["a gitlab rule needs project=group/name and ref=<branch or tag> (ref=* for any)"]);
      }
      return gitlabRule({ projectPath: o.project, refType: o.ref_type, ref: o.ref });
    }
  },
  claims: {
    namespace: GitLabClaims.namespacePath,
    namespace_id: GitLabClaims.namespaceId,
    project: GitLabClaims.projectPath,
    project_id: GitLabClaims.projectId,
    ref: GitLabClaims.ref,
    environment: GitLabClaims.environment
  },
  pin: {
    claims: ["namespace_id", "namespace_path", "project_id", "project_path"],
    pinsRule: pinsRule4,
    fix: "validate[] = gitlab namespace_id=<id> (the group's ID)"
  },
  recommended: ["gitlab namespace_id=<id>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^project_path:/,
        complete: /^project_path:[^/:]*\//,
        message: (v) => `matches other groups too: its wildcard ends inside the group name ("${v}*")`
      }
    ],
    ownerScopedClaims: ["sub", "project_path", "namespace_path"],
    wholeClaims: {
      namespace_path: "every project and ref under",
      namespace_id: "every project and ref under namespace id",
      project_path: "every branch and tag of",
      project_id: "every branch and tag of project id"
    },
    broadPrefixes: [
      {
        pattern: /^project_path:([^:]+):ref_type:(branch|tag):ref:$/,
        message: (m) => `matches every ${m[2]} of ${m[1]}`
      },
      { pattern: /^project_path:([^:]+\/)$/, message: (m) => `matches every project under ${m[1]}` },
      { pattern: /^project_path:([^:]+):$/, message: (m) => `matches every ref of ${m[1]}` }
    ]
  },
  token: {
    detect: ["GITLAB_CI", "OCI_ID_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "OCI_ID_TOKEN" }],
    how: "Declare the token in the job: id_tokens: { OCI_ID_TOKEN: { aud: <the trust's audience> } }; GitLab puts it in $OCI_ID_TOKEN (another name: --token-env <NAME>).",
    unavailable: "so there is no GitLab ID token. Declare it under id_tokens: { OCI_ID_TOKEN: { aud: <audience> } } (another name: --token-env <NAME>)",
    snippet: "docs/ci/gitlab-ci-exchange.yml"
  },
  sources: [
    "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
    "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/73216"
  ]
};
function jwksOf(issuer) {
  return `${issuer.replace(/\/$/, "")}/oauth/discovery/keys`;
}

// core/issuers/google.ts
var NUMERIC_ID2 = /^[0-9]{6,30}$/;
var SA_EMAIL = /^[a-z0-9][a-z0-9._-]{0,99}@[a-z0-9][a-z0-9.-]{0,199}\.gserviceaccount\.com$/;
function pinsRule5(r) {
  if (r.operator !== "eq" || r.prefix || r.value === "") return false;
  return r.claim === "sub" || r.claim === "azp" || r.claim === "email";
}
var google = {
  id: "google",
  title: "Google Cloud",
  platform: "Google",
  issuers: [
    {
      name: "accounts.google.com",
      example: "https://accounts.google.com",
      pattern: /^https:\/\/accounts\.google\.com$/,
      shared: true,
      jwks: () => "https://www.googleapis.com/oauth2/v3/certs"
    }
  ],
  rule: {
    example: "google service_account_id=<the service account's numeric unique ID>",
    options: ["service_account_id", "email"],
    build: (o) => {
      const given = ["service_account_id", "email"].filter((k) => o[k] !== void 0);
      if (given.length !== 1)
        throw new RuleError(["give one of service_account_id=<numeric ID> or email=<service account email>"]);
      if (o.service_account_id !== void 0) {
        if (!NUMERIC_ID2.test(o.service_account_id))
          throw new RuleError([
            `service_account_id must be the numeric unique ID; got ${JSON.stringify(o.service_account_id)}`
          ]);
        return {
          expressions: [`sub eq ${o.service_account_id}`],
          summary: `Google service account ${o.service_account_id}`
        };
      }
      if (!SA_EMAIL.test(o.email))
        throw new RuleError([
          `email must be a service account's email (\u2026gserviceaccount.com); got ${JSON.stringify(o.email)}`
        ]);
      return { expressions: [`email eq ${o.email}`], summary: `Google service account ${o.email}` };
    }
  },
  claims: {
    service_account_id: (v) => ({ name: "sub", value: v }),
    email: (v) => ({ name: "email", value: v })
  },
  pin: {
    claims: ["sub", "azp", "email"],
    pinsRule: pinsRule5,
    fix: "validate[] = google service_account_id=<numeric ID>"
  },
  recommended: ["google service_account_id=<numeric ID>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^/,
        // No prefix of a numeric ID names one account: every prefix rule on sub reaches other customers.
        complete: /(?!)/,
        message: (v) => `matches other Google customers' service accounts too: a prefix of the numeric ID ("${v}*") names no account`
      }
    ],
    ownerScopedClaims: ["sub", "email"],
    wholeClaims: {},
    broadPrefixes: []
  },
  token: {
    detect: [],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: {
            fixed: "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity"
          },
          originEnv: "GCE_METADATA_HOST",
          query: { audience: "{audience}", format: "full" },
          headers: { "Metadata-Flavor": "Google" },
          answer: "text",
          plainHttpHosts: ["metadata.google.internal", "169.254.169.254"],
          service: "Google's metadata server",
          refused: "Check that the instance runs as a service account and that {audience} is the audience you meant."
        }
      }
    ],
    how: "On Compute Engine, GKE, Cloud Run or Cloud Build, wif-exchange asks the metadata server for an ID token for the trust's audience.",
    unavailable: "so there is no Google ID token",
    snippet: "docs/ci/google-cloud.sh"
  },
  sources: [
    "https://cloud.google.com/compute/docs/instances/verifying-instance-identity",
    "https://developers.google.com/identity/openid-connect/reference"
  ]
};

// core/issuers/kubernetes.ts
var DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
var KUBERNETES_TOKEN_PATH = "/var/run/secrets/oci-wif/token";
var kubernetes = {
  id: "kubernetes",
  title: "Kubernetes",
  platform: "Kubernetes",
  issuers: [
    {
      name: "EKS",
      example: "https://oidc.eks.<region>.amazonaws.com/id/<cluster id>",
      pattern: /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Za-z0-9]+$/,
      shared: false
    },
    {
      name: "GKE",
      example: "https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>",
      pattern: /^https:\/\/container\.googleapis\.com\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+$/,
      shared: false
    },
    {
      name: "AKS",
      example: "https://<region>.oic.prod-aks.azure.com/<tenant id>/<cluster id>/",
      pattern: /^https:\/\/(?:oidc\.prod-aks\.azure\.com\/[^/]+|[a-z0-9-]+\.oic\.prod-aks\.azure\.com\/[^/]+\/[^/]+)$/,
      shared: false
    },
    // OKE (issuer format unconfirmed: read it from the cluster) and any other cluster: provider = kubernetes.
    {
      name: "any cluster (OKE, self-managed)",
      example: "https://<the cluster's service-account-issuer>",
      shared: false
    }
  ],
  rule: {
    example: "kubernetes namespace=ci service_account=deployer",
    options: ["namespace", "service_account"],
    build: (o) => {
      const problems = [];
      if (o.namespace === void 0 || !DNS_NAME.test(o.namespace))
        problems.push(
          `namespace must be a Kubernetes name (lower case, digits, '-', '.'); got ${JSON.stringify(o.namespace ?? "")}`
        );
      const sa = o.service_account ?? "*";
      if (sa !== "*" && !DNS_NAME.test(sa))
        problems.push(
          `service_account must be a Kubernetes name, or * for every one of the namespace; got ${JSON.stringify(sa)}`
        );
      if (problems.length) throw new RuleError(problems);
      return {
        expressions: [`sub eq system:serviceaccount:${o.namespace}:${sa}`],
        summary: `Kubernetes ${sa === "*" ? `every service account of namespace ${o.namespace}` : `${o.namespace}/${sa}`}`
      };
    }
  },
  pin: {
    claims: [],
    pinsRule: () => false,
    fix: "the cluster's own issuer, which already pins it"
  },
  recommended: [],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^system:serviceaccount:/,
        complete: /^system:serviceaccount:[^:]+:/,
        message: (v) => `matches other namespaces too: its wildcard ends inside the namespace name ("${v}*")`
      }
    ],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^system:serviceaccount:([^:]+):$/,
        message: (m) => `matches every service account of namespace ${m[1]}`
      }
    ]
  },
  token: {
    detect: [],
    needsAudience: false,
    steps: [{ via: "file", path: KUBERNETES_TOKEN_PATH }],
    how: `Mount a projected service account token with the trust's audience at ${KUBERNETES_TOKEN_PATH} (docs/ci/kubernetes.yml), or pass --token-file <its path>; the kubelet rotates it and wif-exchange --renew re-reads it.`,
    unavailable: `so the pod has no token for OCI. Mount a projected serviceAccountToken with the trust's audience there (docs/ci/kubernetes.yml), or pass --token-file <path>`,
    snippet: "docs/ci/kubernetes.yml"
  },
  sources: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"]
};

// core/issuers/spacelift.ts
var spacelift = {
  id: "spacelift",
  title: "Spacelift",
  platform: "Spacelift",
  issuers: [
    {
      name: "account",
      example: "https://<account>.app.spacelift.io",
      pattern: /^https:\/\/[a-z0-9-]+\.app\.spacelift\.io$/,
      shared: false,
      jwks: (issuer) => `${issuer.replace(/\/$/, "")}/.well-known/jwks`
    },
    // Self-hosted: FEDERATION_CUSTOM_ISSUER and FEDERATION_CUSTOM_JWKS_URI say both; provider = spacelift.
    { name: "self-hosted", example: "https://spacelift.example.com", shared: false }
  ],
  rule: {
    example: "spacelift space=root stack=oci-prod run_type=TRACKED scope=write",
    options: ["space", "stack", "module", "run_type", "scope"],
    build: (o) => {
      const problems = [];
      if (o.space === void 0) problems.push("a spacelift rule needs space=<space ID>");
      else checkPlainValue("space", o.space, problems);
      const kinds = ["stack", "module"].filter((k) => o[k] !== void 0);
      if (kinds.length !== 1) problems.push("give one of stack=<stack ID> or module=<module ID>");
      const kind = kinds[0];
      if (kind) checkPlainValue(kind, o[kind], problems);
      if (o.run_type !== void 0 && !["PROPOSED", "TRACKED", "TASK", "TESTING", "DESTROY"].includes(o.run_type))
        problems.push(
          `run_type must be PROPOSED, TRACKED, TASK, TESTING or DESTROY; got ${JSON.stringify(o.run_type)}`
        );
      if (o.scope !== void 0 && !["read", "write"].includes(o.scope))
        problems.push(`scope must be read or write; got ${JSON.stringify(o.scope)}`);
      if (o.scope !== void 0 && o.run_type === void 0) problems.push("scope combines only with run_type");
      if (problems.length) throw new RuleError(problems);
      const base = `space:${o.space}:${kind}:${o[kind]}:`;
      const value = o.run_type === void 0 ? `${base}*` : `${base}run_type:${o.run_type}:scope:${o.scope ?? "*"}`;
      return {
        expressions: [`sub eq ${value}`],
        summary: `Spacelift ${kind} ${o[kind]}${o.run_type ? `, ${o.run_type} runs` : ""}${o.scope ? ` (${o.scope})` : ""}`
      };
    }
  },
  claims: {
    space: (v) => ({ name: "spaceId", value: v }),
    caller_type: (v) => ({ name: "callerType", value: v }),
    caller_id: (v) => ({ name: "callerId", value: v }),
    run_type: (v) => ({ name: "runType", value: v }),
    scope: (v) => ({ name: "scope", value: v })
  },
  pin: { claims: [], pinsRule: () => false, fix: "the account's own issuer, which already pins it" },
  recommended: [],
  subjects: {
    ownerPrefixes: [],
    ownerScopedClaims: ["sub"],
    wholeClaims: { spaceId: "every stack and module of space" },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^space:([^:]+):(stack|module):([^:]+):$/,
        message: (m) => `matches every run (read and write) of ${m[2]} ${m[3]}`
      },
      { claim: "sub", pattern: /^space:([^:]+):$/, message: (m) => `matches every stack and module of space ${m[1]}` }
    ]
  },
  token: {
    detect: ["SPACELIFT_OIDC_TOKEN"],
    needsAudience: false,
    steps: [
      { via: "env", name: "SPACELIFT_OIDC_TOKEN" },
      { via: "file", path: "/mnt/workspace/spacelift.oidc" }
    ],
    how: "Runs of a paid account get $SPACELIFT_OIDC_TOKEN (audience <account>.app.spacelift.io, the trust's audience).",
    unavailable: "so the run has no Spacelift OIDC token (OIDC needs a paid account)",
    snippet: "docs/ci/spacelift-hooks.yml"
  },
  sources: ["https://docs.spacelift.io/integrations/cloud-providers/oidc/"]
};

// core/issuers/terraform.ts
var NAME2 = /^[^:"\x00-\x1f\x7f*]{1,256}$/;
var ORG_IN_SUB2 = /^organization:[^:*]+:/;
function pinsRule6(r) {
  if (r.operator !== "eq") return false;
  if (r.claim === "sub") return ORG_IN_SUB2.test(r.value);
  return [
    "terraform_organization_id",
    "terraform_organization_name",
    "terraform_project_id",
    "terraform_workspace_id"
  ].includes(r.claim) && !r.prefix && r.value !== "";
}
var wellKnownJwks = (issuer) => `${issuer.replace(/\/$/, "")}/.well-known/jwks`;
var terraform = {
  id: "terraform",
  title: "HCP Terraform",
  platform: "HCP Terraform",
  issuers: [
    {
      name: "HCP Terraform",
      example: "https://app.terraform.io",
      pattern: /^https:\/\/app\.terraform\.io$/,
      shared: true,
      jwks: wellKnownJwks
    },
    // Seen only in third-party docs: recognised so that it is pinned like app.terraform.io, but no JWKS default.
    {
      name: "HCP Terraform Europe",
      example: "https://app.eu.terraform.io",
      pattern: /^https:\/\/app\.eu\.terraform\.io$/,
      shared: true
    },
    { name: "Terraform Enterprise", example: "https://tfe.example.com", shared: false, jwks: wellKnownJwks }
  ],
  rule: {
    example: "terraform org=acme project=infra workspace=oci-prod run_phase=apply",
    options: ["org", "project", "workspace", "run_phase"],
    build: (o) => {
      const problems = [];
      for (const key of ["org", "project", "workspace"]) {
        if (o[key] === void 0) problems.push(`a terraform rule needs ${key}=<name>`);
        else if (!NAME2.test(o[key]))
          problems.push(`${key} must be a name without ':', '"' or '*'; got ${JSON.stringify(o[key])}`);
      }
      if (o.run_phase !== void 0 && !["plan", "apply"].includes(o.run_phase))
        problems.push(`run_phase must be plan or apply; got ${JSON.stringify(o.run_phase)}`);
      if (problems.length) throw new RuleError(problems);
      const value = `organization:${o.org}:project:${o.project}:workspace:${o.workspace}:run_phase:${o.run_phase ?? "*"}`;
      return {
        expressions: [`sub eq ${/\s/.test(value) ? `"${value}"` : value}`],
        summary: `HCP Terraform ${o.org}/${o.workspace}, ${o.run_phase ?? "plan and apply"}`
      };
    }
  },
  claims: {
    org_id: (v) => ({ name: "terraform_organization_id", value: v }),
    org: (v) => ({ name: "terraform_organization_name", value: v }),
    project_id: (v) => ({ name: "terraform_project_id", value: v }),
    project: (v) => ({ name: "terraform_project_name", value: v }),
    workspace_id: (v) => ({ name: "terraform_workspace_id", value: v }),
    workspace: (v) => ({ name: "terraform_workspace_name", value: v }),
    run_phase: (v) => ({ name: "terraform_run_phase", value: v })
  },
  pin: {
    claims: ["terraform_organization_id", "terraform_organization_name"],
    pinsRule: pinsRule6,
    fix: "validate[] = terraform org_id=<organization ID, org-\u2026>"
  },
  recommended: ["terraform org_id=<org-\u2026>"],
  subjects: {
    ownerPrefixes: [ORGANIZATION_SUB],
    ownerScopedClaims: ["sub", "terraform_organization_name", "terraform_full_workspace"],
    wholeClaims: {
      terraform_organization_name: "every project and workspace of organization",
      terraform_organization_id: "every project and workspace of organization id",
      terraform_project_id: "every workspace of project id"
    },
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^organization:([^:]+):project:([^:]+):workspace:([^:]+):run_phase:$/,
        message: (m) => `matches both run phases (plan and apply) of workspace ${m[1]}/${m[3]}`
      },
      {
        claim: "sub",
        pattern: /^organization:([^:]+):$/,
        message: (m) => `matches every project and workspace of organization ${m[1]}`
      }
    ]
  },
  token: {
    detect: ["TFC_WORKLOAD_IDENTITY_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "TFC_WORKLOAD_IDENTITY_TOKEN" }],
    how: "Set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE = <the trust's audience>; runs (agents \u2265 1.7) then get $TFC_WORKLOAD_IDENTITY_TOKEN, which a pre-plan hook hands to wif-exchange.",
    unavailable: "so the run has no workload identity token. Set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE",
    snippet: "docs/ci/hcp-terraform-hook.sh"
  },
  sources: [
    "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens",
    "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation"
  ]
};

// core/issuers/index.ts
var ISSUERS = [
  github,
  gitlab,
  bitbucket,
  azureDevops,
  circleci,
  buildkite,
  terraform,
  kubernetes,
  entra,
  google,
  aws,
  spacelift,
  env0
];
function issuerFamily(id) {
  if (id === void 0) return void 0;
  const wanted = id.toLowerCase();
  return ISSUERS.find((f) => f.id === wanted);
}
function recogniseIssuer(issuer) {
  const bare = withoutTrailingSlash(issuer.trim());
  for (const family of ISSUERS) {
    const form = family.issuers.find((f) => f.pattern?.test(bare));
    if (form) return { family, form };
  }
  return void 0;
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
function chooseTokenSource(flags, env, options) {
  const given = [
    ["--token-file", flags.tokenFile !== void 0],
    ["--token-env", flags.tokenEnv !== void 0],
    ["--token-stdin", Boolean(flags.tokenStdin)],
    ["--github", Boolean(flags.github)],
    ["--token-from", flags.tokenFrom !== void 0]
  ].filter(([, on]) => on).map(([name]) => name);
  if (given.length > 1) throw new UsageError(`give one token source; got ${given.join(" and ")}.`);
  if (flags.tokenFile !== void 0) return { kind: flags.tokenFile === "-" ? "stdin" : "file" };
  if (flags.tokenEnv !== void 0) return { kind: "env" };
  if (flags.tokenStdin) return { kind: "stdin" };
  if (flags.github) return { kind: "issuer", issuer: { family: issuerFamily("github"), flag: "--github" } };
  if (flags.tokenFrom !== void 0) {
    const family = issuerFamily(flags.tokenFrom);
    if (!family) {
      const ids = ISSUERS.map((f) => f.id);
      const hint = suggest(flags.tokenFrom, ids);
      throw new UsageError(
        `--token-from must name an issuer of docs/issuers.md (${ids.join(", ")}); got ${JSON.stringify(flags.tokenFrom)}.${hint ? ` Did you mean ${hint}?` : ""}`
      );
    }
    return { kind: "issuer", issuer: { family, flag: `--token-from ${family.id}` } };
  }
  if (options.ambient) {
    const here = ISSUERS.filter((f) => f.token.detect.length > 0 && f.token.detect.every((v) => env[v]));
    if (here.length > 1) {
      throw new UsageError(
        `this job has the token variables of ${here.map((f) => f.title).join(" and ")}; give --token-from <${here.map((f) => f.id).join("|")}>.`
      );
    }
    if (here.length === 1) return { kind: "issuer", issuer: { family: here[0], flag: `--token-from ${here[0].id}` } };
  }
  if (options.runtimeToken) return { kind: "runtime-config" };
  throw new UsageError([
    "no subject token. Give one of:",
    options.ambient ? "  --token-file <path> | --token-env <NAME> | --token-stdin | --token-from <issuer> (github, gitlab, buildkite \u2026: docs/issuers.md) | --github (GitHub Actions, needs permissions: id-token: write)" : "  --token-file <path> | --token-env <NAME> | --token-stdin"
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
function checkToken(token, source, fail2) {
  const decoded = decodeJwt(token);
  if ("error" in decoded) throw fail2(`the subject token from ${source} ${decoded.error}.`);
  return { token, decoded, source };
}

// client/issuer-token.ts
var import_node_fs6 = require("node:fs");
var import_node_path5 = require("node:path");

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

// client/token-command.ts
var import_node_child_process = require("node:child_process");
function runTokenCommand(argv, options, limits) {
  return new Promise((resolve7) => {
    const out = [];
    let outBytes = 0;
    let errText = "";
    let settled = false;
    const finish2 = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve7(result);
    };
    const child = (0, import_node_child_process.spawn)(argv[0], argv.slice(1), {
      env: options.env,
      cwd: options.cwd,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish2({ ok: false, reason: "timeout", detail: `no token within ${limits.timeoutMs / 1e3} s` });
    }, limits.timeoutMs);
    child.stdout.on("data", (chunk) => {
      outBytes += chunk.length;
      if (outBytes > limits.maxBytes) {
        child.kill("SIGKILL");
        finish2({ ok: false, reason: "too-large", detail: `printed more than ${limits.maxBytes} bytes` });
        return;
      }
      out.push(chunk);
    });
    child.stderr.on("data", (chunk) => {
      if (errText.length < 4096) errText += chunk.toString("utf8");
    });
    child.on("error", (err) => {
      finish2(
        err.code === "ENOENT" ? { ok: false, reason: "not-found", detail: `${argv[0]} is not installed (not on PATH)` } : { ok: false, reason: "failed", detail: `${argv[0]} could not be started (${err.code ?? err.message})` }
      );
    });
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      registerSecret(stdout.trim());
      if (code === 0) return finish2({ ok: true, stdout });
      const line = errText.split(/\r?\n/).find((l) => l.trim() !== "")?.trim() ?? "";
      finish2({
        ok: false,
        reason: "failed",
        detail: `${argv[0]} ${signal ? `was stopped (${signal})` : `exited with code ${code}`}${line ? `: ${line.slice(0, 300)}` : ""}`
      });
    });
  });
}

// client/issuer-token.ts
async function acquireIssuerToken(source, audience, io, policy, onRetry) {
  const { family } = source;
  const missing = [];
  for (const step of family.token.steps) {
    const needs = unmet(step, io);
    if (needs.length) {
      for (const n of needs) if (!missing.includes(n)) missing.push(n);
      continue;
    }
    return takeStep(step, source, audience, io, policy, onRetry);
  }
  if (!family.token.steps.length) throw new UsageError(`${source.flag}: ${family.token.how}`);
  throw new UsageError(`${source.flag}: ${missing[0]}, ${family.token.unavailable}.`);
}
function unmet(step, io) {
  const unset = (name) => (io.env[name] ?? "").trim() === "";
  const notSet = (names) => names.filter(unset).map((n) => `${n} is not set`);
  switch (step.via) {
    case "env":
      return notSet([step.name]);
    case "file-from-env":
      return notSet([step.env]);
    case "file":
      return (0, import_node_fs6.existsSync)((0, import_node_path5.resolve)(io.cwd, step.path)) ? [] : [`${step.path} does not exist`];
    case "http":
      return notSet([
        ..."env" in step.request.url ? [step.request.url.env] : [],
        ...Object.values(step.request.headers).flatMap((h) => typeof h === "string" ? [] : [h.env])
      ]);
    default:
      return [];
  }
}
async function takeStep(step, source, audience, io, policy, onRetry) {
  const { family } = source;
  switch (step.via) {
    case "env": {
      const text = io.env[step.name];
      registerSecret(text);
      return checkToken(text.trim(), `${family.title} ($${step.name})`, (m) => new UsageError(m));
    }
    case "file":
      return tokenFile(step.path, `${family.title} (file ${step.path})`, source, io);
    case "file-from-env": {
      const path = io.env[step.env].trim();
      return tokenFile(path, `${family.title} ($${step.env} = ${path})`, source, io);
    }
    case "http":
      return requestToken(step.request, source, audience, io, policy, onRetry);
    case "command":
      return commandToken(step.argv, source, audience, io, policy);
  }
}
function tokenFile(path, label, source, io) {
  let text;
  try {
    text = readNamedText((0, import_node_path5.resolve)(io.cwd, path), FILE_LIMITS.token);
  } catch (err) {
    if (hasCode(err, "WIF-E-FILE")) throw new UsageError(`${source.flag}: ${label}: ${err.reason}.`);
    const code = err.code;
    throw new UsageError(
      `${source.flag}: ${label}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`}. ${source.family.token.how}`
    );
  }
  registerSecret(text);
  return checkToken(text.trim(), label, (m) => new UsageError(m));
}
function withAudience(text, audience) {
  return text.replace(/\{audience\}/g, audience ?? "");
}
function requestUrl(req, audience, io) {
  let base;
  let from;
  if ("env" in req.url) {
    base = io.env[req.url.env].trim();
    from = req.url.env;
  } else {
    base = req.url.fixed;
    from = req.service;
    const origin = req.originEnv ? (io.env[req.originEnv] ?? "").trim() : "";
    if (origin !== "") {
      const fixed = new URL(base);
      const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? origin : `${fixed.protocol}//${origin}`;
      base = new URL(`${fixed.pathname}${fixed.search}`, withScheme).toString();
      from = req.originEnv;
    }
  }
  const params = Object.entries(req.query ?? {}).map(
    ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(withAudience(v, audience))}`
  );
  return { text: params.length ? base + (base.includes("?") ? "&" : "?") + params.join("&") : base, from };
}
async function requestToken(req, source, audience, io, policy, onRetry) {
  const { family } = source;
  const headers = {};
  for (const [name, h] of Object.entries(req.headers)) {
    if (typeof h === "string") headers[name] = h;
    else {
      const secret = io.env[h.env].trim();
      registerSecret(secret);
      headers[name] = `${h.prefix ?? ""}${secret}`;
    }
  }
  const { text, from } = requestUrl(req, audience, io);
  const url = checkTokenUrl(text, req);
  if ("problem" in url) throw new UsageError(`${from} ${url.problem}.`);
  const request = { method: req.method, url, headers };
  let response;
  try {
    ({ response } = await sendWithRetries(
      request,
      policy,
      io,
      (n) => onRetry(
        `${req.service} answered HTTP ${n.status}; retrying in ${(n.delayMs / 1e3).toFixed(1)} s (attempt ${n.attempt + 1} of ${policy.maxAttempts}).`
      )
    ));
  } catch (err) {
    if (err instanceof NetworkError)
      throw new ExchangeError(`could not get an OIDC token from ${family.platform} (${url.host}): ${err.message}.`);
    throw err;
  }
  if (response.status !== 200) {
    throw new ExchangeError(
      `${req.service} answered HTTP ${response.status}. ${req.refused.replace("{audience}", JSON.stringify(audience ?? ""))}`,
      response.status
    );
  }
  let token;
  if (req.answer === "text") {
    token = response.body;
  } else {
    const field = req.answer.json;
    token = readAnswer(obj({ [field]: str(MAX_JWT_CHARS) }), response, { source: req.service })[field];
  }
  registerSecret(token);
  return checkToken(
    token.trim(),
    `${family.title}${audience !== void 0 ? ` (audience ${audience})` : ""}`,
    (m) => new ExchangeError(m)
  );
}
function checkTokenUrl(text, req) {
  let url;
  try {
    url = new URL(text);
  } catch {
    url = void 0;
  }
  if (url?.protocol === "http:" && req.plainHttpHosts?.includes(url.hostname.toLowerCase())) {
    return url.username || url.password || url.hash ? { problem: "must not carry a user name, password or #fragment" } : url;
  }
  return checkServiceUrl(text);
}
function registerTokenSecrets(family, env) {
  for (const step of family.token.steps) {
    if (step.via !== "http") continue;
    for (const h of Object.values(step.request.headers)) if (typeof h !== "string") registerSecret(env[h.env]);
  }
}
async function commandToken(argv, source, audience, io, policy) {
  const { family } = source;
  const args = argv.map((a) => withAudience(a, audience));
  const shown = `${argv[0]} ${argv.slice(1, 3).join(" ")}`;
  const result = await runTokenCommand(
    args,
    { env: io.env, cwd: io.cwd },
    { timeoutMs: policy.timeoutMs, maxBytes: MAX_JWT_CHARS * 2 }
  );
  if (!result.ok) {
    const message = `could not get an OIDC token from ${family.platform}: ${result.detail}.`;
    if (result.reason === "not-found") throw new UsageError(`${source.flag}: ${message} ${family.token.how}`);
    throw new ExchangeError(message);
  }
  return checkToken(
    result.stdout.trim(),
    `${family.title} (${shown}${audience !== void 0 ? `, audience ${audience}` : ""})`,
    (m) => new ExchangeError(m)
  );
}
function audienceFor(family, trusts) {
  const trust = trusts.find((t) => recogniseIssuer(t.issuer)?.family === family && t.audiences.length > 0);
  return trust?.audiences[0];
}

// client/exchange-plan.ts
var DEFAULT_RENEW_FOR_SECONDS = 6 * 3600;
function planExchange(flags, io) {
  const runtimePath = stringFlag(flags, "runtime-config") ?? io.env.WIF_RUNTIME_CONFIG ?? "runtimeConfig.ini";
  const runtime = readRuntimeConfig((0, import_node_path6.resolve)(io.cwd, runtimePath), runtimePath);
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
    github: Boolean(flags.github),
    tokenFrom: stringFlag(flags, "token-from")
  };
  const { kind, issuer } = chooseTokenSource(sourceFlags, io.env, {
    ambient: true,
    runtimeToken: runtime.subjectToken !== void 0
  });
  const audienceFlag = stringFlag(flags, "audience");
  const asks = issuer?.family.token.needsAudience === true;
  if (audienceFlag !== void 0 && !asks) {
    throw new UsageError(
      "--audience applies only to a token wif-exchange asks a platform for (--github, or --token-from <issuer> for a platform that mints one per request, see docs/issuers.md); other tokens already carry theirs."
    );
  }
  const audience = issuer && asks ? audienceFlag ?? issuerAudience(issuer, runtime) : void 0;
  return {
    runtime,
    profile,
    region,
    policy,
    configFlag,
    paths,
    kind,
    sourceFlags,
    issuer,
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
function issuerAudience(source, runtime) {
  const audience = audienceFor(source.family, runtime.trusts);
  if (audience === void 0) {
    const example = source.family.issuers[0].example;
    throw new UsageError(
      `no audience to request from ${source.family.platform}: ${runtime.file} has no [Trust \u2026] for ${example} with an audience. Pass --audience <aud> (the trust's client_claim_values).`
    );
  }
  return audience;
}

// client/exchange-report.ts
var import_node_fs7 = require("node:fs");
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
    (0, import_node_fs7.appendFileSync)(path, lines.map((l) => l + "\n").join(""));
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
    (resolve7, reject) => (0, import_node_crypto2.generateKeyPair)(
      "rsa",
      { modulusLength: 2048, publicExponent: 65537 },
      (err, publicKey, privateKey) => err ? reject(err) : resolve7({ publicKey, privateKey })
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
  if (plan.kind === "issuer") {
    subject = await acquireIssuerToken(plan.issuer, plan.audience, io, plan.policy, (line) => io.err(`note: ${line}`));
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
var import_node_fs8 = require("node:fs");
var import_node_path7 = require("node:path");

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
  return { tokenFile: (0, import_node_path7.join)(paths.sessionDir, "rpst"), keyFile: (0, import_node_path7.join)(paths.sessionDir, "rpst_private_key.pem") };
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
    (0, import_node_fs8.appendFileSync)(path, lines.map((l) => l + "\n").join(""));
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
var import_node_fs9 = require("node:fs");
var import_node_path8 = require("node:path");
function packageVersion(from = __dirname) {
  for (let dir = from; ; dir = (0, import_node_path8.dirname)(dir)) {
    const file = (0, import_node_path8.join)(dir, "package.json");
    if ((0, import_node_fs9.existsSync)(file)) {
      const version = JSON.parse((0, import_node_fs9.readFileSync)(file, "utf8")).version;
      return typeof version === "string" ? version : "unknown";
    }
    if ((0, import_node_path8.dirname)(dir) === dir) return "unknown";
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
    help: "fetch it from GitHub Actions (the default when ACTIONS_ID_TOKEN_REQUEST_URL is set); --token-from github"
  },
  "token-from": {
    type: "string",
    value: "<issuer>",
    help: `get it the way that platform documents: ${ISSUERS.map((f) => f.id).join(", ")} (docs/issuers.md); the default when exactly one platform's token variables are set`
  },
  audience: {
    type: "string",
    value: "<aud>",
    help: "audience to ask the platform for, where it mints a token per request (default: the first audience of that platform's trust in runtimeConfig.ini)"
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
  registerTokenSecrets(github, env);
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
  const dir = (0, import_node_fs10.mkdtempSync)((0, import_node_path9.join)(env.RUNNER_TEMP, "oci-wif-"));
  (0, import_node_fs10.writeFileSync)(env.GITHUB_STATE, `dir=${dir}
`, { flag: "a" });
  const runtimeConfig = (0, import_node_path9.join)(dir, "runtimeConfig.ini");
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
    ({ token } = await acquireIssuerToken(
      { family: github, flag: "--github" },
      audience,
      { ...io, env },
      DEFAULT_RETRY_POLICY,
      (line) => say(`note: ${line}`)
    ));
  } catch (err) {
    return fail(`wif-exchange action: ${err instanceof Error ? err.message : String(err)}`);
  }
  const configFile = (0, import_node_path9.join)(dir, "config");
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
