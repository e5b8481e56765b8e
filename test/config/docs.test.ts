import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigReference } from "../../config/docs";
import { SECTIONS } from "../../config/spec";

describe("the README's configuration reference", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

  test("is what config/spec.ts renders (run npm run docs:config after changing a key)", () => {
    expect(withConfigReference(readme)).toBe(readme);
  });

  test("documents every key the loader accepts", () => {
    for (const section of SECTIONS) {
      for (const key of section.keys) expect(readme).toContain(`| \`${key.key}${key.list ? "[]" : ""}\``);
    }
  });
});
