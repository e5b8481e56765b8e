// Shared by the bin shims: runs a TypeScript CLI module through tsx's CommonJS hook (no build step) and sets the
// process's exit code from its main(argv). process.exit() is not called, so output is flushed first. Anything
// main() did not expect is a bug: it is reported in one line and exits 70 (EXIT.internal in core/errors.ts), so
// CI can tell a crash from a finding (1) or bad input (2).
"use strict";
module.exports = function runTs(modulePath) {
  require("tsx/cjs/api").register();
  const { main } = require(modulePath);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      const { redact } = require("../core/redact.ts");
      process.stderr.write(`error: unexpected failure: ${redact(err?.message ? err.message : String(err))}\n`);
      process.exitCode = 70;
    },
  );
};
