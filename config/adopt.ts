import { statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { ServiceUserSettings } from "./model";
import type { Reader } from "./reader";
import { readBoundedText } from "../core/bounded-file";
import { refuseValue } from "./value-checks";

const MAX_IMPORTS_BYTES = 1024 * 1024;
const IMPORT_ID = /^[\x21-\x7e]{1,2048}$/;

/**
 * Reads `[Adopt] imports` (the file `npm run import` wrote) and every `policy_description`, the parts of an adopted
 * set-up that the rest of the config does not say. Each problem is recorded, located.
 */
export function readAdoption(
  sections: readonly IniSection[],
  reader: Reader,
  problems: ProblemList,
  ctx: { readonly file: string; readonly baseDir: string; readonly users: readonly ServiceUserSettings[] },
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
  let doc: unknown;
  try {
    if (statSync(full).size > MAX_IMPORTS_BYTES) throw new Error(`larger than ${MAX_IMPORTS_BYTES} bytes`);
    doc = JSON.parse(readBoundedText(full, MAX_IMPORTS_BYTES));
  } catch (err) {
    problems.error({
      ...at,
      message: `cannot be read as JSON (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      fix: "Run npm run import again, or remove [Adopt].",
    });
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
      file: full,
      key,
      message: refusal.message,
      value: refusal.secret ? undefined : id,
      fix: refusal.fix,
    });
  }
  if (refused) return out;
  return { ...out, imports: Object.fromEntries(entries as Array<[string, string]>), importsFile: full };
}
