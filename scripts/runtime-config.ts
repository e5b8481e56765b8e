// npm run runtime-config: writes runtimeConfig.ini from Terraform state. See lib/runtime-config-cli.ts.
import { writeRuntimeConfigFromState } from "../app/runtime-config-cli";
import { processOutput } from "../core/text-out";

process.exitCode = writeRuntimeConfigFromState({
  configPath: process.env.WIF_CONFIG ?? "setupConfig.ini",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: processOutput().err,
});
