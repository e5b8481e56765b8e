#!/usr/bin/env node
// wif-explain: exit codes 0 one service user, 1 refused or ambiguous, 2 bad input, 70 a bug. See docs/exchange.md.
require("./run.cjs")("wif-explain", "client/explain-cli");
