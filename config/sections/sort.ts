import type { IniDocument, IniSection } from "../../core/ini-file";
import type { ProblemList } from "../../core/problems";
import { LABEL, type Reader } from "../reader";
import { findSection, SECTIONS, suggest } from "../spec";
import { describeChar } from "../value-checks";

/**
 * Sorts the sections by their spec type, refusing unknown sections, missing or extra labels, bad labels, and
 * unknown or misused keys (config/spec.ts says which keys each type takes).
 */
export function sortSections(
  doc: IniDocument,
  reader: Reader,
  problems: ProblemList,
  file: string,
): Map<string, IniSection[]> {
  const byType = new Map<string, IniSection[]>();
  for (const section of doc.sections) {
    const spec = findSection(section.type);
    if (!spec) {
      const hint = suggest(
        section.type,
        SECTIONS.map((s) => s.type),
      );
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "unknown section",
        fix: hint
          ? `Did you mean [${hint}${section.label ? ` ${section.label}` : ""}]?`
          : `Sections are ${SECTIONS.map((s) => s.type).join(", ")}.`,
      });
      continue;
    }
    if (spec.labelled && !section.label) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "needs a label",
        fix: `Write [${spec.type} <${spec.type === "Trust" ? "name, e.g. github" : "user name"}>].`,
      });
      continue;
    }
    if (!spec.labelled && section.label) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "takes no label",
        fix: `Write [${spec.type}].`,
      });
      continue;
    }
    if (spec.labelled && !LABEL.test(section.label!)) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: `the label must be letters, digits, '_', '-' or '@' (at most 64)${badLabelChar(section.label!)}`,
        value: section.label,
      });
      continue;
    }
    reader.checkKeys(section, spec);
    const list = byType.get(spec.type) ?? [];
    list.push(section);
    byType.set(spec.type, list);
  }
  return byType;
}

/** `; U+0435 'е' at column 5 is not one`, naming the first character a label may not hold. */
function badLabelChar(label: string): string {
  let column = 0;
  for (const ch of label) {
    column++;
    if (!/[A-Za-z0-9_@-]/.test(ch)) return `; ${describeChar(ch)} at column ${column} is not one`;
  }
  return "";
}
