import * as v from "valibot";
import { isAbsolute, relative, resolve } from "node:path";
import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { ServiceUserSettings } from "./model";
import type { Reader } from "./reader";
import { FILE_LIMITS, readBoundedBytes, type FileRefusedError } from "../core/bounded-file";
import { hasCode } from "../core/errors";
import { dict, obj, parseJsonShape, str, type DataError } from "../core/schema";
import { noteInput } from "../core/stack-source";

const IMPORT_ID = /^[\x21-\x7e]{1,2048}$/;
/** wif-imports.json as `npm run import` writes it: construct path → import ID. */
const IMPORTS_FILE = obj({
  version: v.literal(1),
  imports: dict(v.pipe(str(2048), v.regex(IMPORT_ID, "is not an import ID (printable ASCII, no spaces)"))),
});
const CONSTRUCT_PATH = /^Wif\/[A-Za-z0-9_@./-]{1,300}$/;

/**
 * Reads `[Adopt] imports` (the file `npm run import` wrote) and every `policy_description`, the parts of an adopted
 * set-up that the rest of the config does not say. Each problem is recorded, located.
 */
export function readAdoption(
  sections: readonly IniSection[],
  reader: Reader,
  problems: ProblemList,
  ctx: { readonly file: string; readonly baseDir: string; readonly users: readonly ServiceUserSettings[] },
): { imports?: Record<string, string>; policyDescriptions?: Record<string, string> } {
  const descriptions: Record<string, string> = {};
  for (const u of ctx.users) {
    const section = sections.find((s) => s.name === u.section);
    const d = section && reader.string(section, "policy_description");
    if (d !== undefined) descriptions[u.userName] = d;
  }
  const adopt = sections.find((s) => s.type === "adopt" && !s.label);
  const path = adopt && reader.string(adopt, "imports");
  const out = Object.keys(descriptions).length ? { policyDescriptions: descriptions } : {};
  if (!adopt || path === undefined) return out;
  const at = {
    file: ctx.file,
    section: adopt.name,
    key: "imports",
    line: adopt.entries.get("imports")!.line,
    value: path,
  };
  const full = resolve(ctx.baseDir, path);
  const rel = relative(ctx.baseDir, full);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    problems.error({
      ...at,
      message: "must be a file inside the config's directory",
      fix: "Keep the imports file next to setupConfig.ini.",
    });
    return out;
  }
  let imports: Record<string, string>;
  try {
    const bytes = readBoundedBytes(full, FILE_LIMITS.imports);
    noteInput(full, bytes.toString("utf8"));
    ({ imports } = parseJsonShape(IMPORTS_FILE, bytes, { source: path, kind: "badInput" }));
  } catch (err) {
    const why = hasCode<FileRefusedError>(err, "WIF-E-FILE")
      ? err.reason
      : hasCode<DataError>(err, "WIF-E-DATA")
        ? `is not an imports file of npm run import (${err.reason})`
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    problems.error({ ...at, message: why, fix: "Run npm run import again, or remove [Adopt]." });
    return out;
  }
  const entries = Object.entries(imports);
  const bad = entries.find(([k]) => !CONSTRUCT_PATH.test(k));
  if (bad) {
    problems.error({
      ...at,
      message: "is not an imports file of npm run import (version 1, construct path → import ID)",
      fix: "Run npm run import again, or remove [Adopt].",
    });
    return out;
  }
  return { ...out, imports: Object.fromEntries(entries) };
}
