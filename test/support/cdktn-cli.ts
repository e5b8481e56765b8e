/**
 * Runs CDK Terrain's CLI (cdktn-cli 0.24, installed with the engine in engines/cdktn) as a user would, offline: no
 * telemetry (CHECKPOINT_DISABLE), a home folder of its own, and on a Node older than the 22.19 it declares, the
 * one stand-in it needs to start (test/support/cdktn-cli-node20.cjs explains it).
 */
import { join } from "node:path";
import { ROOT, shAsync } from "./packages";

export const CDKTN_CLI = join(ROOT, "engines", "cdktn", "node_modules", "cdktn-cli", "bin", "cdktn");

/** `cdktn <args>` in `cwd`, with `env` added to a minimal environment; never throws. */
export function cdktn(
  args: readonly string[],
  cwd: string,
  home: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const shim = join(__dirname, "cdktn-cli-node20.cjs");
  return shAsync(process.execPath, [CDKTN_CLI, ...args], cwd, {
    PATH: process.env.PATH,
    HOME: home,
    CHECKPOINT_DISABLE: "1",
    // cdktn-cli sets a heap size itself unless NODE_OPTIONS is set, and warns when it is set without one.
    NODE_OPTIONS: `--max-old-space-size=4096 --require ${shim}`,
    FORCE_COLOR: "0",
    ...env,
  });
}
