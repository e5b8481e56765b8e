#!/usr/bin/env node
// wif-broker: exit codes 0 done, 1 a request failed, 2 bad input. See the README, "The UPST broker".
require("./run-ts.cjs")(require.resolve("../client/broker-cli.ts"), 1);
