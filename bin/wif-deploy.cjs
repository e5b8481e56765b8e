#!/usr/bin/env node
// wif-deploy: see `wif-deploy --help` for what it does and its exit codes.
require("./run.cjs")("wif-deploy", "deploy/deploy-cli");
