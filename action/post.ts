// The GitHub Action's post step: removes the directory the main step wrote (runtimeConfig.ini with the client
// secret, the session key and token, the OCI config), whatever became of the job. GitHub passes the main step's
// state as STATE_<name>.
import { rmSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { workflowCommand } from "./workflow-command";

/**
 * Removes the main step's directory if it is one this action made: a direct child of RUNNER_TEMP named
 * `oci-wif-…`. Anything else in the state is not trusted as a path to delete. Returns the exit code (always 0: a
 * clean-up problem is a warning, not a failed job).
 */
export function cleanUp(env: NodeJS.ProcessEnv = process.env): number {
  const dir = env.STATE_dir;
  if (!dir) return 0;
  const path = resolve(dir);
  if (
    !env.RUNNER_TEMP ||
    dirname(path) !== resolve(env.RUNNER_TEMP) ||
    !/^oci-wif-[A-Za-z0-9]+$/.test(basename(path))
  ) {
    process.stdout.write(
      `${workflowCommand("warning", `wif-exchange action: not removing ${JSON.stringify(dir)}: not a directory this action made.`)}\n`,
    );
    return 0;
  }
  try {
    rmSync(path, { recursive: true, force: true });
    process.stdout.write(`Removed ${path} (the OCI session key, token and profile of this job).\n`);
  } catch (err) {
    process.stdout.write(
      `${workflowCommand("warning", `wif-exchange action: could not remove ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`)}\n`,
    );
  }
  return 0;
}

if (require.main === module) process.exitCode = cleanUp();
