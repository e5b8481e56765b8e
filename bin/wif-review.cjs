#!/usr/bin/env node
// wif-review: exit codes 0 clean, 1 error findings, 2 bad input, 70 a bug. See docs/review.md.
require("./run.cjs")("wif-review", "review/cli");
