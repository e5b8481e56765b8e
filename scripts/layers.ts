// The layer rules of this repository, checked over import statements, and the folder-level import graph.
//
//   npm run layers              prints violations (exit 1 if any) and the graph "folder -> folders it imports"
//   npm run layers -- <root>    the same for another checkout (e.g. an old commit unpacked with `git archive`)
//
// Biome lints and formats, but its import restrictions match module specifiers as written; `../../constructs/x`
// and `../constructs/x` name the same folder from different depths, so the folder rules are checked here, on
// resolved paths. `test/scripts/layers.test.ts` runs this in `npm test`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Folders whose code is checked, and what each may import of ours (besides itself). */
export const LAYERS: Readonly<Record<string, { mayImport: readonly string[]; cdktfFree: boolean }>> = {
  core: { mayImport: [], cdktfFree: true },
  // The one command layer: flag parser, I/O type, help renderer, command frame, crash handler, process runner.
  cli: { mayImport: ["core"], cdktfFree: true },
  config: { mayImport: ["core"], cdktfFree: true },
  review: { mayImport: ["core", "cli"], cdktfFree: true },
  client: { mayImport: ["core", "config", "cli"], cdktfFree: true },
  // The importer runs the real config loader on what it would write, before writing it (adopt/round-trip.ts).
  adopt: { mayImport: ["core", "config", "cli"], cdktfFree: true },
  // The deploy path without cdktf: wif-init, Terraform (init, plan, apply, state), the gate, the plan's text and
  // review, wif-deploy and wif-runtime-config. wif-plan's synthesis is the one step that needs app/.
  deploy: { mayImport: ["core", "config", "cli", "review"], cdktfFree: true },
  constructs: { mayImport: ["core", ".gen"], cdktfFree: false },
  // The broker function is bundled on its own (functions/upst-broker): it may share core/'s plain modules only.
  functions: { mayImport: ["core"], cdktfFree: true },
  // The GitHub Action and the slim client package ship the client without cdktf.
  action: { mayImport: ["core", "config", "client", "cli"], cdktfFree: true },
  packages: { mayImport: ["core", "config", "client", "cli"], cdktfFree: true },
};

/** npm packages that pull in an engine (cdktf or CDK Terrain), the construct tree or generated bindings. */
const CDKTF_PACKAGES = ["cdktf", "cdktn", "constructs", "@cdktf/", "@cdktn/"];

const SKIP = new Set(["node_modules", ".git", ".gen", "cdktf.out", "coverage"]);
/** Build output (npm run build), including the staging directories of a build running meanwhile. */
const BUILD_OUTPUT = /^dist(\.(tmp|old)-\d+)?$/;
const SOURCE = /\.(ts|cts|mts|js|cjs|mjs)$/;

/** One import of one file: the specifier as written and, for a relative one, the top folder it lands in. */
export interface ImportEdge {
  file: string;
  specifier: string;
  /** Top-level folder (or file) of the repository the import resolves into; undefined for a package. */
  target?: string;
}

/** Every module specifier in `source`: static and dynamic `import`, `export … from`, `require`. */
export function specifiersOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;'"`]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\b(?:require|import)\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of withoutComments.matchAll(pattern)) found.push(match[1]);
  }
  return found;
}

function sourceFiles(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || BUILD_OUTPUT.test(name)) continue;
    const path = join(dir, name);
    // An engine's copy of the sources (scripts/build.ts stageEngineTree): build output too.
    if (/^engines\/[^/]+\/build$/.test(relative(root, path).split(sep).join("/"))) continue;
    if (statSync(path).isDirectory()) files.push(...sourceFiles(root, path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) files.push(relative(root, path).split(sep).join("/"));
  }
  return files;
}

/** Top folder of a repository-relative path; a file at the root is its own "folder". */
function topOf(path: string): string {
  return path.split("/")[0];
}

/** Every import of every source file under `root` (node_modules, .gen and build output left out). */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    for (const specifier of specifiersOf(readFileSync(join(root, file), "utf8"))) {
      if (!specifier.startsWith(".")) {
        edges.push({ file, specifier });
        continue;
      }
      const resolved = relative(root, join(root, dirname(file), specifier))
        .split(sep)
        .join("/");
      edges.push({
        file,
        specifier,
        target: resolved.startsWith("..") ? "(outside)" : topOf(resolved),
      });
    }
  }
  return edges;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** One line per import that breaks a layer rule, `file: imports "x" (why)`. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { file, specifier, target } of edges) {
    const from = topOf(file);
    if (target === "test" && from !== "test") {
      problems.push(`${file}: imports "${specifier}" (only tests import test/; shared test tooling lives in testing/)`);
      continue;
    }
    const layer = LAYERS[from];
    if (!layer) continue;
    if (target === undefined) {
      const name = packageName(specifier);
      if (layer.cdktfFree && CDKTF_PACKAGES.some((p) => (p.endsWith("/") ? name.startsWith(p) : name === p))) {
        problems.push(`${file}: imports "${specifier}" (${from}/ must load without cdktf)`);
      }
      continue;
    }
    if (target !== from && !layer.mayImport.includes(target)) {
      const allowed = layer.mayImport.length ? layer.mayImport.map((l) => `${l}/`).join(", ") : "nothing outside core/";
      problems.push(`${file}: imports "${specifier}" (${from}/ may import ${allowed})`);
    }
  }
  return problems;
}

/** `folder -> imported folders` (ours in plain, packages of the cdktf tree marked), one line per folder. */
export function folderGraph(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { file, specifier, target } of edges) {
    const from = topOf(file).endsWith(".ts") ? "(root)" : topOf(file);
    let to = target;
    if (to === undefined) {
      const name = packageName(specifier);
      if (!CDKTF_PACKAGES.some((p) => (p.endsWith("/") ? name.startsWith(p) : name === p))) continue;
      to = `pkg:${name}`;
    }
    if (to === from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return [...graph.keys()].sort().map((from) => `${from} -> ${[...graph.get(from)!].sort().join(", ")}`);
}

if (require.main === module) {
  const root = process.argv[2] ?? join(__dirname, "..");
  const edges = importEdges(root);
  const problems = layerViolations(edges);
  console.log(folderGraph(edges).join("\n"));
  if (problems.length) {
    console.error(`\n${problems.length} layer violation(s):\n${problems.join("\n")}`);
    process.exitCode = 1;
  }
}
