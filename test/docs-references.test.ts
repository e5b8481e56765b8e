/**
 * Comments, review explanations and docs cite facts as `docs/oci-facts.md#<anchor>` or as public pages. Nothing may
 * point to a file outside this repository (the notes the project started from are not shipped) or to an anchor or
 * doc that does not exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const SKIP = new Set(["node_modules", ".gen", ".git", "cdktf.out", "coverage", "__snapshots__", "dist"]);
/** Build output (npm run build, which other tests run meanwhile): copies of the sources scanned here. */
const BUILD_OUTPUT = /^dist(\.(tmp|old)-\d+)?$/;
/** CDK Terrain's copy of the sources (scripts/build.ts), build output too. */
const ENGINE_COPY = join(ROOT, "engines", "cdktn", "build");
const TEXT = /\.(ts|cjs|js|mjs|md|ini|json|ya?ml|sh)$/;
/** References to notes that are not in the repository. */
const DANGLING = [
  /oci-wif-facts/,
  /oci-wif-modes/,
  /\bseeds? 00\d\b/i,
  /§\s*\d/,
  /shared\/(docs|seeds)\b/,
  /\.\.\/shared\//,
];

function textFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || BUILD_OUTPUT.test(name)) continue;
    const path = join(dir, name);
    if (path === ENGINE_COPY) continue;
    if (statSync(path).isDirectory()) out.push(...textFiles(path));
    else if (TEXT.test(name) && name !== "package-lock.json") out.push(path);
  }
  return out;
}

/** `[file:line] text` for every line of every text file (this file left out: it names the patterns). */
function linesMatching(pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const file of textFiles()) {
    if (file === __filename) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1}`);
      });
  }
  return hits;
}

describe("citations", () => {
  test.each(DANGLING.map((p) => [String(p), p] as const))(
    "no line cites %s, a note not in the repository",
    (_name, pattern) => {
      expect(linesMatching(pattern)).toEqual([]);
    },
  );

  test("every docs/oci-facts.md#anchor cited anywhere exists in docs/oci-facts.md", () => {
    const facts = readFileSync(join(ROOT, "docs", "oci-facts.md"), "utf8");
    const anchors = new Set([...facts.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));
    const missing: string[] = [];
    for (const file of textFiles().filter((f) => f !== __filename)) {
      const text = readFileSync(file, "utf8");
      // "#a, #b" after one citation cites several sections of the same file.
      for (const m of text.matchAll(/oci-facts\.md((?:#[a-z0-9-]+(?:, )?)+)/g)) {
        for (const anchor of m[1]
          .split(/,\s*/)
          .filter(Boolean)
          .map((a) => a.replace(/^#/, ""))) {
          if (!anchors.has(anchor)) missing.push(`${relative(ROOT, file)}: #${anchor}`);
        }
      }
    }
    expect(anchors.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  test("every docs/<name>.md named anywhere exists", () => {
    const missing: string[] = [];
    for (const file of textFiles()) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bdocs\/([\w.-]+\.md)\b/g)) {
        if (!existsSync(join(ROOT, "docs", m[1]))) missing.push(`${relative(ROOT, file)}: docs/${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
