import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Writes a file that holds a secret: to a temporary file in the same directory, created with mode 0600 (so the
 * secret is never readable by others, not even for a moment), then renamed over the target, so readers see the
 * old file or the new one, never half of one. Missing directories are created with mode 0700.
 */
export function writeSecretFile(path: string, content: string | Buffer): string {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, content, { mode: 0o600, flag: "wx" });
    chmodSync(tmp, 0o600); // in case the umask took bits away from what we asked for, or a filesystem ignored it
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw err;
  }
  return target;
}
