#!/usr/bin/env node
// wif-plan: see `wif-plan --help` for what it does and its exit codes.
require("./run.cjs")("wif-plan", "app/plan-cli");
