import { readAdoption } from "../adopt";
import type { ReadContext } from "./context";

/** `[Adopt]`: import IDs that bind the stack's resources to live ones (config/adopt.ts reads the file it names). */
export function readAdoptSection(c: ReadContext): void {
  c.draft.adoption = readAdoption(c.doc.sections, c.reader, c.problems, {
    file: c.file,
    baseDir: c.baseDir,
    users: c.draft.users,
    files: c.files,
  });
}
