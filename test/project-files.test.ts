// The files a release ships besides the code: the licence, the notices of what the bundles contain, the changelog
// the release notes come from, and the contributor guide's layer table, each checked against what it describes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS } from "../scripts/layers";
import { NOTICES_FILE, renderNotices } from "../scripts/notices";
import { changelogSection } from "../scripts/release";

const ROOT = join(__dirname, "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const manifests = ["package.json", "packages/wif-client/package.json"];

describe("licence", () => {
  test("LICENSE is the Apache License 2.0 and both packages declare it", () => {
    const license = read("LICENSE");
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    for (const m of manifests) expect([m, JSON.parse(read(m)).license]).toEqual([m, "Apache-2.0"]);
  });

  test("both packages ship NOTICE and THIRD-PARTY-NOTICES (npm adds LICENSE by itself)", () => {
    for (const m of manifests)
      expect(JSON.parse(read(m)).files).toEqual(expect.arrayContaining(["NOTICE", "THIRD-PARTY-NOTICES"]));
    expect(read("NOTICE")).toMatch(/^oci-wif-cdktf\nCopyright \d{4} /);
  });

  test("THIRD-PARTY-NOTICES lists every package inside the bundles, with its licence (else run npm run notices)", () => {
    const rendered = renderNotices();
    expect(readFileSync(NOTICES_FILE, "utf8")).toBe(rendered);
    // What the bundles hold today; a bundle that stopped holding cdktf or ini would make this list wrong.
    for (const name of ["cdktf 0.21.0 (MPL-2.0)", "constructs 10.8.1 (Apache-2.0)", "ini 6.0.0 (ISC)"])
      expect(rendered).toContain(`\n${name}\n`);
  }, 60_000);
});

describe("CHANGELOG.md", () => {
  const changelog = read("CHANGELOG.md");

  test("states the semver policy: a construct ID or a synthesized attribute of a fixture is a breaking change", () => {
    const header = changelog.slice(0, changelog.indexOf("\n## "));
    expect(header).toMatch(
      /change to a construct ID, or to a synthesized\s+attribute of an existing fixture, is a breaking change/,
    );
    expect(read("CONTRIBUTING.md")).toMatch(
      /a change to a construct ID, or to a synthesized\s+attribute of an existing fixture/,
    );
  });

  test("has notes for the version in package.json, which the release copies into the GitHub release", () => {
    const section = changelogSection(changelog, JSON.parse(read("package.json")).version);
    expect(section?.notes.length).toBeGreaterThan(200);
  });
});

describe("CONTRIBUTING.md", () => {
  test("its folder table says what scripts/layers.ts enforces", () => {
    const rows = read("CONTRIBUTING.md")
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split("|").map((c) => c.trim()));
    for (const [folder, rule] of Object.entries(LAYERS)) {
      const row = rows.find((r) => r[1].split(",").some((c) => c.trim() === `\`${folder}/\``));
      expect([folder, row !== undefined]).toEqual([folder, true]);
      const mayImport = row![3];
      const named = [...mayImport.matchAll(/(\.?[a-z]+)\//g)].map((m) => m[1]).filter((f) => f !== folder);
      expect([folder, named.sort()]).toEqual([folder, [...rule.mayImport].sort()]);
      expect([folder, /\bcdktf\b/.test(mayImport)]).toEqual([folder, !rule.cdktfFree]);
    }
  });

  test("the README sends contributors there", () => {
    expect(read("README.md")).toContain("[CONTRIBUTING.md](CONTRIBUTING.md)");
  });
});
