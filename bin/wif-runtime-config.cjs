#!/usr/bin/env node
// wif-runtime-config: see `wif-runtime-config --help` for what it does and its exit codes.
require("./run.cjs")("wif-runtime-config", "deploy/runtime-config-cli");
