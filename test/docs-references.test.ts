/**
 * Comments, review explanations and docs cite facts as `docs/oci-facts.md#<anchor>` or as public pages. Nothing may
 * point to a file outside this repository (the notes the project started from are not shipped) or to an anchor or
 * doc that does not exist. Every relative link of README.md and docs/*.md, and its anchor, must resolve as GitHub
 * renders them (headingAnchors: GitHub's slug rules).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { headingAnchor, headingAnchors } from "../config/docs";
import { parseConfig } from "../config/load-config";

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

  test("every docs/<name>.md#anchor cited anywhere exists in that doc", () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of textFiles().filter((f) => f !== __filename)) {
      const text = readFileSync(file, "utf8");
      // "#a, #b" after one citation cites several sections of the same file.
      for (const m of text.matchAll(/\bdocs\/([\w.-]+\.md)((?:#[a-z0-9-]+(?:, )?)+)/g)) {
        const doc = join(ROOT, "docs", m[1]);
        const anchors = existsSync(doc) ? headingAnchors(readFileSync(doc, "utf8")) : new Set<string>();
        for (const anchor of m[2]
          .split(/,\s*/)
          .filter(Boolean)
          .map((a) => a.replace(/^#/, ""))) {
          cited++;
          if (!anchors.has(anchor)) missing.push(`${relative(ROOT, file)}: docs/${m[1]}#${anchor}`);
        }
      }
    }
    expect(headingAnchors(readFileSync(join(ROOT, "docs", "oci-facts.md"), "utf8")).size).toBeGreaterThan(10);
    expect(cited).toBeGreaterThan(50);
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

/** README.md and every docs/*.md: the pages whose links and anchors are checked. */
function pages(): string[] {
  const docs = join(ROOT, "docs");
  return [
    join(ROOT, "README.md"),
    ...readdirSync(docs)
      .filter((n) => n.endsWith(".md"))
      .map((n) => join(docs, n)),
  ];
}

/** `[label](target)` links of a Markdown text, outside fenced code and code spans. */
function linksOf(markdown: string): string[] {
  const prose = markdown
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1[^\n]*$/gm, "")
    .replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe("links of README.md and docs/", () => {
  test("GitHub's heading anchors: markup stripped, punctuation dropped, spaces hyphenated, repeats numbered", () => {
    expect(
      [
        "Using it from a CI job: `wif-exchange` and `wif-explain`",
        "`[Trust <label>]`",
        "Trust modes: impersonation, user context, resource principal (RPST)",
        "Deploying with WIF: no API key in the pipeline",
        "runtimeConfig.ini",
        "**Bold** and _emphasis_ with snake_case",
        "What CDK Terrain does differently (0.24.0 against cdktf 0.21.0)",
        "[A link](https://example.com) → arrow ≤ 1 h",
      ].map(headingAnchor),
    ).toEqual([
      "using-it-from-a-ci-job-wif-exchange-and-wif-explain",
      "trust-label",
      "trust-modes-impersonation-user-context-resource-principal-rpst",
      "deploying-with-wif-no-api-key-in-the-pipeline",
      "runtimeconfigini",
      "bold-and-emphasis-with-snake_case",
      "what-cdk-terrain-does-differently-0240-against-cdktf-0210",
      "a-link--arrow--1-h",
    ]);
    expect([...headingAnchors('# A\n## A\n```\n# A\n```\n### A\n<a id="x-y"></a>\n')]).toEqual([
      "a",
      "a-1",
      "a-2",
      "x-y",
    ]);
  });

  test("every relative link names a file or folder of the repository, and every anchor one the target has", () => {
    const broken: string[] = [];
    let checked = 0;
    let anchored = 0;
    for (const page of pages()) {
      for (const link of linksOf(readFileSync(page, "utf8"))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:: not ours to check here
        checked++;
        const [path, anchor] = link.split("#", 2) as [string, string | undefined];
        const target = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
        const where = `${relative(ROOT, page)}: ${link}`;
        if (relative(ROOT, target).startsWith("..")) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && target.endsWith(".md")) {
          anchored++;
          if (!headingAnchors(readFileSync(target, "utf8")).has(anchor)) broken.push(`${where} (no such anchor)`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(anchored).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  test("the README stays a front door: at most 250 lines, every docs/ page linked from it", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
    const unlinked = readdirSync(join(ROOT, "docs"))
      .filter((n) => n.endsWith(".md"))
      .filter((n) => !readme.includes(`(docs/${n}`));
    expect(unlinked).toEqual([]);
  });

  test("the typical configs of README.md and docs/configuration.md load without a problem or a warning", () => {
    for (const file of ["README.md", join("docs", "configuration.md")]) {
      const ini = /^```ini\n([\s\S]*?)^```$/m.exec(readFileSync(join(ROOT, file), "utf8"))![1];
      expect(ini).toMatch(/^\[IdentityDomain\]/);
      const { config, warnings } = parseConfig(ini, file, ROOT);
      expect([file, warnings.map((w) => w.message)]).toEqual([file, []]);
      expect(config.trusts.map((t) => t.issuer)).toEqual(["https://token.actions.githubusercontent.com"]);
    }
  });
});
