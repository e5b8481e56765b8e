#!/usr/bin/env node
// wif-exchange: exit codes 0 done, 1 the exchange failed, 2 bad input, 70 a bug. See docs/exchange.md.
// The session key is started before the command loads (client/early-key.ts).
require("./run.cjs")("wif-exchange", "client/exchange-cli", "client/early-key");
