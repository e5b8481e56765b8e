#!/usr/bin/env node
// wif-explain: exit codes 0 one service user, 1 refused or ambiguous, 2 bad input. See docs/exchange.md.
require("./run-ts.cjs")(require.resolve("../client/explain-cli.ts"));
