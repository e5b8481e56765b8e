import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { FileRefusedError } from "./bounded-file";

/**
 * The one writer of files that hold a secret (session keys and tokens, the OCI config a profile lands in,
 * runtimeConfig.ini, a saved plan's JSON): a temporary file in the target's own folder, created exclusively with its
 * final mode (never readable by others, not even for a moment, and never through a link: O_EXCL does not follow one),
 * flushed, then renamed over the target, so readers see the old file or the new one. A symbolic link at the target is
 * refused rather than replaced or written through: someone planted it, and the run says so.
 */

/** One file of a write. */
export interface FileWrite {
  readonly path: string;
  readonly content: string | Buffer;
  /** Permission bits of the new file. */
  readonly mode: number;
}

/**
 * Writes a file that holds a secret with mode 0600 (see the module comment); missing folders are created with mode
 * 0700. Returns the absolute path written.
 * @throws FileRefusedError when a symbolic link is at the target; the file system's error otherwise
 */
export function writeSecretFile(path: string, content: string | Buffer): string {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  writeFilesAtomically([{ path: target, content, mode: 0o600 }]);
  return target;
}

/**
 * Writes several files so that either all of them are replaced or none is: each is first written in full to a
 * temporary file in its own folder, then each is renamed over its target. If a rename fails, the files already
 * replaced are put back from hard-link backups, so a profile never ends up with a key that does not match its token.
 *
 * @throws FileRefusedError when a target is a symbolic link or not a regular file (before anything is written); the
 *   file system's error otherwise, after cleaning up
 */
export function writeFilesAtomically(files: readonly FileWrite[]): void {
  for (const file of files) {
    const stat = lstatSync(file.path, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink())
      throw new FileRefusedError(
        file.path,
        "is a symbolic link, and nothing is written through one: nothing was written. Remove the link",
      );
    if (stat && !stat.isFile())
      throw new FileRefusedError(file.path, "is not a regular file: nothing was written. Remove it");
  }
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staged: { temp: string; file: FileWrite }[] = [];
  const done: { file: FileWrite; backup?: string }[] = [];
  try {
    for (const file of files) {
      const temp = join(dirname(file.path), `.${basename(file.path)}.tmp-${suffix}`);
      const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, file.mode);
      staged.push({ temp, file });
      try {
        writeSync(fd, typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // openSync's mode is filtered by the umask; set it exactly.
      chmodSync(temp, file.mode);
    }
    for (const { temp, file } of staged) {
      let backup: string | undefined;
      if (lstatSync(file.path, { throwIfNoEntry: false })) {
        backup = join(dirname(file.path), `.${basename(file.path)}.bak-${suffix}`);
        try {
          linkSync(file.path, backup);
        } catch {
          // A file system without hard links: a copy of the old file, checked above to be a regular file.
          copyFileSync(file.path, backup, constants.COPYFILE_EXCL);
        }
      }
      renameSync(temp, file.path);
      done.push({ file, backup });
    }
  } catch (err) {
    for (const { file, backup } of done.reverse()) {
      try {
        if (backup) renameSync(backup, file.path);
        else unlinkSync(file.path);
      } catch {
        // Best effort: the original error is the one to report.
      }
    }
    for (const { temp } of staged) removeQuietly(temp);
    throw err;
  }
  for (const { backup } of done) if (backup) removeQuietly(backup);
}

/** Removes a file, when it is there. */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
