import * as v from "valibot";
import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { ServiceUserSettings } from "./model";
import type { Reader } from "./reader";
import { FILE_LIMITS, FileRefusedError } from "../core/bounded-file";
import { parseJson } from "../core/bounded-json";
import { hasCode } from "../core/errors";
import { checkPlace, readPlaceText, truncatedValue, type PlaceRule } from "../core/place";
import { refuseValue } from "./value-checks";
import { checkShape, DataError, dict, obj, str } from "../core/schema";
import { noteInput } from "../core/stack-source";

/** The imports file sits beside the config (wif-import writes it there); never a link out of the config's folder. */
const IMPORTS_PLACE: PlaceRule = {
  rootName: "the config's folder",
  expected: "the imports file's path under the config's folder, such as wif-imports.json",
  kind: "file",
};
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
  ctx: {
    readonly file: string;
    readonly baseDir: string;
    readonly users: readonly ServiceUserSettings[];
    /** Texts to read instead of the disk, by absolute path (a file not written yet). */
    readonly files?: ReadonlyMap<string, string>;
  },
): { imports?: Record<string, string>; importsFile?: string; policyDescriptions?: Record<string, string> } {
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
  const checked = checkPlace(ctx.baseDir, path, IMPORTS_PLACE);
  if (checked.refusal) {
    problems.error({ ...at, value: truncatedValue(path), ...checked.refusal });
    return out;
  }
  let imports: Record<string, string>;
  try {
    // The text wif-import is about to write, when it checks it before writing; else the file, as a place.
    const given = ctx.files?.get(checked.place.path);
    if (given !== undefined && Buffer.byteLength(given) > FILE_LIMITS.imports)
      throw new FileRefusedError(
        path,
        `is ${Buffer.byteLength(given)} bytes; the limit is ${FILE_LIMITS.imports}`,
        "size",
      );
    const text = given ?? readPlaceText(checked.place, FILE_LIMITS.imports);
    noteInput(checked.place.path, text);
    const where = { source: path, kind: "badInput" } as const;
    const doc = parseJson(text, where);
    try {
      ({ imports } = checkShape(IMPORTS_FILE, doc, where));
    } catch (err) {
      if (!hasCode<DataError>(err, "WIF-E-DATA")) throw err;
      throw new DataError(path, `is not an imports file of npm run import (${err.reason})`, "badInput");
    }
  } catch (err) {
    // Never the text: bounded-json's reasons say where the JSON breaks without quoting it.
    const why =
      hasCode<FileRefusedError>(err, "WIF-E-FILE") || hasCode<DataError>(err, "WIF-E-DATA")
        ? err.reason
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? "unknown error"})`;
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
  // The checks every config value gets (key material, cdktf token markers), on each `/`-separated part (a whole
  // identity-domains ID, URL and all, would look like a long base64 run); the ID's own shape is checked against its
  // resource's type when the stack is built (core/import-id.ts).
  let refused = false;
  for (const [key, id] of entries as Array<[string, string]>) {
    const refusal = id
      .split("/")
      .map((part) => refuseValue("imports", part))
      .find((r) => r);
    if (!refusal) continue;
    refused = true;
    problems.error({
      file: checked.place.path,
      key,
      message: refusal.message,
      value: refusal.secret ? undefined : id,
      fix: refusal.fix,
    });
  }
  if (refused) return out;
  return { ...out, imports: Object.fromEntries(entries as Array<[string, string]>), importsFile: checked.place.path };
}
