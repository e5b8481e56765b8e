import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigReference } from "../../config/docs";
import { SECTIONS } from "../../config/spec";

describe("docs/configuration.md's reference", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "configuration.md"), "utf8");

  test("is what config/spec.ts renders (run npm run docs:config after changing a key)", () => {
    expect(withConfigReference(doc)).toBe(doc);
  });

  test("documents every key the loader accepts", () => {
    for (const section of SECTIONS) {
      for (const key of section.keys) expect(doc).toContain(`| \`${key.key}${key.list ? "[]" : ""}\``);
    }
  });
});
