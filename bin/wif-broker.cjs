#!/usr/bin/env node
// wif-broker: exit codes 0 done, 1 a request failed, 2 bad input, 70 a bug. See the README, "The UPST broker".
require("./run.cjs")("wif-broker", "client/broker-cli");
