// Entry point for `cdktf synth|diff|deploy` and `npm run synth`. Only wiring: see lib/synth.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";

// cdktf records a full stack trace for every token it creates; with tsx's source maps on, mapping each one costs
// more than the synthesis itself (about a second for 1000 rules). Our errors are reported without traces anyway.
process.setSourceMapsEnabled(false);

if (!existsSync(join(__dirname, ".gen", "providers", "oci", ".schema-sha256"))) {
  console.error("error: the OCI provider bindings (.gen/providers/oci) are missing. Run `npm run gen` (it needs the dev dependencies).");
  process.exit(2);
}

// Loaded only now, because it imports the bindings checked for above.
const { synthesize } = require("./app/synth") as typeof import("./app/synth");
const result = synthesize({
  configPath: process.env.WIF_CONFIG ?? "setupConfig.ini",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line) => console.error(line),
});
process.exitCode = result.exitCode;
