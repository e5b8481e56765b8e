#!/usr/bin/env node
// wif-review: exit codes 0 clean, 1 error findings, 2 bad input. See docs/review.md.
require("./run-ts.cjs")(require.resolve("../review/cli.ts"));
