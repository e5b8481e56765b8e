// The app that `cdktf synth|diff|deploy` runs (cdktf.json) when the build is not used: only wiring, see
// app/synth-cli.ts. bin/wif-synth.cjs runs the same main(), from dist/ when it is built.

// cdktf records a full stack trace for every token it creates; with tsx's source maps on, mapping each one costs
// more than the synthesis itself (about a second for 1000 rules). Our errors are reported without traces anyway.
process.setSourceMapsEnabled(false);

import { main } from "./app/synth-cli";
import { runProcess } from "./cli/process";

// The same process runner and crash handler as every bin (cli/process.ts).
void runProcess(() => main);
