import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withIssuerCatalogue } from "../../config/docs";
import { ISSUERS } from "../../core/issuers";
import { ROOT } from "../support/stacks";

describe("docs/issuers.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "issuers.md"), "utf8");

  test("is what the catalogue renders (run npm run docs:issuers after changing core/issuers/)", () => {
    expect(withIssuerCatalogue(doc)).toBe(doc);
  });

  test("has a section for every family, linking its snippet", () => {
    for (const f of ISSUERS) {
      expect(doc).toContain(`### ${f.title}\n`);
      expect(doc).toContain(`(${f.token.snippet.replace(/^docs\//, "")})`);
    }
  });
});
