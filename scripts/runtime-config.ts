// npm run runtime-config: writes runtimeConfig.ini from Terraform state. See lib/runtime-config-cli.ts.
import { writeRuntimeConfigFromState } from "../app/runtime-config-cli";

process.exitCode = writeRuntimeConfigFromState({
  configPath: process.env.WIF_CONFIG ?? "setupConfig.ini",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line) => console.error(line),
});
