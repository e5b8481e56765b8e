#!/usr/bin/env node
// wif-exchange: exit codes 0 done, 1 the exchange failed, 2 bad input. See docs/exchange.md.
require("./run-ts.cjs")(require.resolve("../client/exchange-cli.ts"));
