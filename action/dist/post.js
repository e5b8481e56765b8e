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
function cleanUp(env = process.env) {
  const dir = env.STATE_dir;
  if (!dir) return 0;
  const path = (0, import_node_path.resolve)(dir);
  if (!env.RUNNER_TEMP || (0, import_node_path.dirname)(path) !== (0, import_node_path.resolve)(env.RUNNER_TEMP) || !/^oci-wif-[A-Za-z0-9]+$/.test((0, import_node_path.basename)(path))) {
    process.stdout.write(
      `::warning::wif-exchange action: not removing ${JSON.stringify(dir)}: not a directory this action made.
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
      `::warning::wif-exchange action: could not remove ${path}: ${err.code ?? String(err)}.
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
