#!/usr/bin/env node
// Runs client/exchange-cli.ts through tsx's CommonJS hook, so the TypeScript sources run without a build step.
// The exit code comes from main(); the process is not ended with process.exit(), so output is flushed first.
"use strict";
require("tsx/cjs/api").register();
const { main } = require("../client/exchange-cli.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: unexpected failure: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
