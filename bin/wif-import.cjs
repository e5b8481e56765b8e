#!/usr/bin/env node
// wif-import: adopts a set-up from an identity domain. Exit codes 0 written, 1 the domain or IAM failed, 2 bad input, 70 a bug.
require("./run.cjs")("wif-import", "adopt/cli");
