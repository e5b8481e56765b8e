#!/usr/bin/env node
// Runs review/cli.ts through tsx's CommonJS hook, so the TypeScript sources run without a build step.
// The exit code comes from main() (0 clean, 1 error findings, 2 bad input); process.exit() is not called, so
// output is flushed first. Anything main() did not expect is reported in one line, with exit code 2.
"use strict";
require("tsx/cjs/api").register();
const { main } = require("../review/cli.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: unexpected failure: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
