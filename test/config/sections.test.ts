import { SECTION_READERS } from "../../config/sections";
import { CROSS_CHECKS } from "../../config/cross-checks";
import { SECTIONS } from "../../config/spec";
import { Reader } from "../../config/reader";

describe("the section readers", () => {
  test("every section type of the spec has exactly one reader, and every reader reads a spec type", () => {
    const read = SECTION_READERS.flatMap((r) => r.types);
    expect([...read].sort()).toEqual(SECTIONS.map((s) => s.type).sort());
    expect(new Set(read).size).toBe(read.length);
  });

  test("every reader and every cross-section check has the one signature: a context, nothing returned", () => {
    for (const step of [...SECTION_READERS.map((r) => r.read), ...CROSS_CHECKS]) expect(step.length).toBe(1);
  });

  test("the Reader keeps only value primitives: no method reads a whole section", () => {
    const methods = Object.getOwnPropertyNames(Reader.prototype).filter((m) => m !== "constructor");
    expect(methods.sort()).toEqual(
      [
        "at",
        "bool",
        "checkKeys",
        "choice",
        "fail",
        "integer",
        "list",
        "name",
        "pathName",
        "pattern",
        "place",
        "refused",
        "string",
        "unique",
        "url",
        "warn",
      ].sort(),
    );
  });
});
