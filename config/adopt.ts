import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { ServiceUserSettings } from "./model";
import type { Reader } from "./reader";
import { jsonSyntaxReason, type FileRefusedError } from "../core/bounded-file";
import { hasCode } from "../core/errors";
import { checkPlace, readPlaceText, truncatedValue, type PlaceRule } from "../core/place";
import { refuseValue } from "./value-checks";

const MAX_IMPORTS_BYTES = 1024 * 1024;
/** The imports file sits beside the config (wif-import writes it there); never a link out of the config's folder. */
const IMPORTS_PLACE: PlaceRule = {
  rootName: "the config's folder",
  expected: "the imports file's path under the config's folder, such as wif-imports.json",
  kind: "file",
};
const IMPORT_ID = /^[\x21-\x7e]{1,2048}$/;

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
  let doc: unknown;
  try {
    const given = ctx.files?.get(checked.place.path);
    if (given !== undefined) {
      if (Buffer.byteLength(given) > MAX_IMPORTS_BYTES) throw new Error(`larger than ${MAX_IMPORTS_BYTES} bytes`);
      doc = JSON.parse(given);
    } else doc = JSON.parse(readPlaceText(checked.place, MAX_IMPORTS_BYTES));
  } catch (err) {
    // Never the parser's message: it quotes the file's text, and the file may be anything a pull request put there.
    const why = hasCode<FileRefusedError>(err, "WIF-E-FILE")
      ? err.reason
      : err instanceof SyntaxError
        ? jsonSyntaxReason(err)
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? "unknown error"})`;
    problems.error({ ...at, message: why, fix: "Run npm run import again, or remove [Adopt]." });
    return out;
  }
  const imports = (doc as { version?: unknown; imports?: unknown })?.imports;
  const entries =
    imports && typeof imports === "object" && !Array.isArray(imports) ? Object.entries(imports) : undefined;
  if (
    (doc as { version?: unknown })?.version !== 1 ||
    !entries ||
    !entries.every(([k, v]) => /^Wif\/[A-Za-z0-9_@.\/-]{1,300}$/.test(k) && typeof v === "string" && IMPORT_ID.test(v))
  ) {
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
