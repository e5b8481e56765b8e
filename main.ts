// Entry point for `cdktf synth|diff|deploy` and `npm run synth`. Only wiring: see lib/synth.ts.
import { synthesize } from "./lib/synth";

// cdktf records a full stack trace for every token it creates; with tsx's source maps on, mapping each one costs
// more than the synthesis itself (about a second for 1000 rules). Our errors are reported without traces anyway.
process.setSourceMapsEnabled(false);

const result = synthesize({
  configPath: process.env.WIF_CONFIG ?? "setupConfig.ini",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line) => console.error(line),
});
process.exitCode = result.exitCode;
