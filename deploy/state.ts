import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { configuredBackend } from "./init";

/**
 * The state as the secret it is: the local state file holds the OAuth app's client secret. After every apply the
 * state file and its backup are made private (0600) when Terraform left them readable by others, and a plan warns
 * when a local state file sits in a git work tree without being ignored.
 */

/** The local state file of a stack, or undefined when its backend keeps the state elsewhere. */
export function localStateFile(stackDir: string): string | undefined {
  const backend = configuredBackend(stackDir);
  if (backend.type !== "local") return undefined;
  const path = typeof backend.config.path === "string" ? backend.config.path : "terraform.tfstate";
  return resolve(stackDir, path);
}

/**
 * Makes the state file and its backup mode 0600 when they are open to others; returns a note for each one fixed
 * (none when they were private already, or when the state is not local).
 */
export function protectState(stackDir: string): string[] {
  const state = localStateFile(stackDir);
  if (!state) return [];
  const notes: string[] = [];
  for (const file of [state, `${state}.backup`]) {
    let mode: number;
    try {
      const st = lstatSync(file);
      if (!st.isFile()) continue; // a link or a folder is not ours to change
      mode = st.mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) === 0) continue;
    chmodSync(file, 0o600);
    notes.push(
      `warning: ${file} was mode ${mode.toString(8).padStart(4, "0")}; it is now 0600, because the state holds the client secret.`,
    );
  }
  return notes;
}

/** Runs git in `cwd`; undefined when git is missing or fails to start. */
function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string } | undefined {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8", timeout: 10_000 });
  if (r.error) return undefined;
  return { status: r.status, stdout: r.stdout ?? "" };
}

/**
 * A warning when the stack's local state file (there already, or where the first apply will write it) is inside a
 * git work tree and not ignored, so a `git add .` would commit the client secret; undefined otherwise (no git, not
 * a work tree, ignored, or a state kept elsewhere).
 */
export function unignoredStateWarning(stackDir: string): string | undefined {
  const state = localStateFile(stackDir);
  if (!state) return undefined;
  let dir = dirname(state);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  if (top?.status !== 0) return undefined;
  const root = top.stdout.trim();
  const inside = relative(root, state);
  if (!inside || inside.startsWith("..") || isAbsolute(inside)) return undefined;
  // Exit 0: ignored; 1: not ignored; anything else: git could not tell, so say nothing.
  const ignored = git(root, ["check-ignore", "-q", "--no-index", "--", inside]);
  if (ignored?.status !== 1) return undefined;
  return `warning: the Terraform state ${state} (it holds the client secret) is in the git work tree ${root} and not ignored. Add these lines to ${join(root, ".gitignore")}: terraform.*.tfstate*, *.tfplan*, .terraform* (wif-init writes them).`;
}
