// Preloaded (node --require) into a bin by test/cli/bins.test.ts: registers a secret the way a command would, and
// makes the command's main() throw an error that quotes it, so the bin's crash path runs as it would on a real bug.
"use strict";
const Module = require("node:module");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const original = Module.prototype.require;
Module.prototype.require = function require(id, ...rest) {
  const loaded = original.call(this, id, ...rest);
  // bin/run.cjs loads the command by its absolute path, and the process runner (cli/process) the same way.
  if (typeof id !== "string" || !id.startsWith("/") || typeof loaded?.main !== "function") return loaded;
  const built = join(ROOT, "dist", "core", "redact.js");
  const redact = existsSync(built) ? original.call(this, built) : undefined;
  redact?.registerSecret(process.env.CRASH_SECRET);
  return {
    ...loaded,
    main: async () => {
      throw new Error(
        `planted bug quoting ${process.env.CRASH_SECRET} and client_secret = ${process.env.CRASH_SHAPED}\nsecond line`,
      );
    },
  };
};
