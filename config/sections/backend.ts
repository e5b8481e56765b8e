import { readBackend } from "../backend";
import { one, type ReadContext } from "./context";

/** `[Backend]`: where Terraform keeps the stack's state (config/backend.ts reads it; app/backend.ts renders it). */
export function readBackendSection(c: ReadContext): void {
  const { oci, wif } = c.draft;
  c.draft.backend = readBackend(one(c, "Backend"), c.reader, c.problems, {
    file: c.file,
    stackName: wif.stackName,
    region: oci.region,
    profile: oci.section?.entries.has("cli_profile") ? oci.profile : undefined,
    auth: oci.auth,
    baseDir: c.baseDir,
  });
}
