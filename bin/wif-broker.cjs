#!/usr/bin/env node
// wif-broker: exit codes 0 done, 1 a request failed, 2 bad input, 70 a bug. See docs/upst-broker.md.
require("./run.cjs")("wif-broker", "client/broker-cli");
