"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
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
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// action/post.ts
var post_exports = {};
__export(post_exports, {
  cleanUp: () => cleanUp
});
module.exports = __toCommonJS(post_exports);
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");

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
var NOT_SECRET_VALUE = /^(?:true|false|null|yes|no|-?\d+(?:\.\d+)?|<[^>]*>|\[[^\]]*\])$/i;
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
function isKeyMaterial(run) {
  if (run.includes("/") && run.split("/").every((s) => s === "" || PATH_SEGMENT.test(s))) return false;
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && !/^[0-9a-f]+$/i.test(run);
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
  const scan = (from2, to) => {
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
  if (r.windowsHaveSpace) scan(0, text.length);
  else for (const m of text.matchAll(/\S{8,}/g)) scan(m.index, m.index + m[0].length);
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
    (m, key, sep, value) => PLACEHOLDER.test(value) || NOT_SECRET_VALUE.test(value) || !isSecretName(key) ? m : `${key}${sep}[secret]`
  ).replace(BASE64_RUN, (run) => isKeyMaterial(run) ? "[key material]" : run);
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

// core/text-out.ts
function terminal(line) {
  return redact(line);
}

// action/workflow-command.ts
function commandValue(value) {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function workflowCommand(command, message) {
  return `::${command}::${commandValue(terminal(message))}`;
}

// action/post.ts
function cleanUp(env = process.env) {
  const dir = env.STATE_dir;
  if (!dir) return 0;
  const path = (0, import_node_path.resolve)(dir);
  if (!env.RUNNER_TEMP || (0, import_node_path.dirname)(path) !== (0, import_node_path.resolve)(env.RUNNER_TEMP) || !/^oci-wif-[A-Za-z0-9]+$/.test((0, import_node_path.basename)(path))) {
    process.stdout.write(
      `${workflowCommand("warning", `wif-exchange action: not removing ${JSON.stringify(dir)}: not a directory this action made.`)}
`
    );
    return 0;
  }
  try {
    (0, import_node_fs.rmSync)(path, { recursive: true, force: true });
    process.stdout.write(`Removed ${path} (the OCI session key, token and profile of this job).
`);
  } catch (err) {
    process.stdout.write(
      `${workflowCommand("warning", `wif-exchange action: could not remove ${path}: ${err.code ?? String(err)}.`)}
`
    );
  }
  return 0;
}
if (require.main === module) process.exitCode = cleanUp();
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  cleanUp
});
