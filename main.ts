// Entry point for `cdktf synth|diff|deploy` and `npm run synth`. Only wiring: see lib/synth.ts.
import { synthesize } from "./lib/synth";

const result = synthesize({
  configPath: process.env.WIF_CONFIG ?? "setupConfig.ini",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line) => console.error(line),
});
process.exitCode = result.exitCode;
