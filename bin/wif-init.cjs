#!/usr/bin/env node
// wif-init: writes a starter setupConfig.ini. Exit codes 0 written, 2 bad input or the file exists, 70 a bug.
require("./run.cjs")("wif-init", "deploy/init-cli");
