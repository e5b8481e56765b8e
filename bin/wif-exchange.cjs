#!/usr/bin/env node
// wif-exchange: exit codes 0 done, 1 the exchange failed, 2 bad input, 70 a bug. See docs/exchange.md.
require("./run.cjs")("wif-exchange", "client/exchange-cli");
