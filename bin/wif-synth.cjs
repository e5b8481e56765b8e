#!/usr/bin/env node
// wif-synth: setupConfig.ini to cdktf.out. Exit codes 0 written, 2 bad input (nothing written), 70 a bug.
require("./run.cjs")("wif-synth", "app/synth-cli");
