/**
 * Helpers for the packaging tests: build, pack and install the packages as a user would, offline. Dependencies
 * come from this checkout's node_modules, packed into tarballs (`npm pack <folder>`), because a fresh CI machine
 * that ran `npm ci` has the tarballs of the lock file in its npm cache but not the registry metadata that
 * `npm install --offline <name>@<version>` needs.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** Runs a command to completion; throws with its output when it fails. */
export function sh(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const r = spawnSync(command, [...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Like {@link sh}, without blocking the event loop (for commands that talk to an in-process server). */
export function shAsync(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(command, [...args], { cwd, env, encoding: "utf8" }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** `npm pack` of folders into `destination`, without lifecycle scripts (the caller built what is packed). */
export function pack(folders: readonly string[], destination: string): string[] {
  const out = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination, ...folders], ROOT);
  return (JSON.parse(out) as { filename: string }[]).map((p) => join(destination, p.filename));
}

/** `npm install --offline` of a package.json's dependencies in `dir`; returns npm's output. */
export function installOffline(dir: string): string {
  const r = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel", "warn"], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`npm install --offline failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

const made: string[] = [];

/** A fresh temporary directory, removed by {@link removeTemp}. */
export function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link temp} made. */
export function removeTemp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
