// The app that `cdktf synth|diff|deploy` runs (cdktf.json) when the build is not used: only wiring, see
// app/synth-cli.ts. bin/wif-synth.cjs runs the same main(), from dist/ when it is built.

// cdktf records a full stack trace for every token it creates; with tsx's source maps on, mapping each one costs
// more than the synthesis itself (about a second for 1000 rules). Our errors are reported without traces anyway.
process.setSourceMapsEnabled(false);

import { main } from "./app/synth-cli";
import { terminal } from "./core/text-out";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: unexpected failure: ${terminal(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 70;
  },
);
