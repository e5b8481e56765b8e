// Builds what the packages ship:
//   npm run build           all of it
//   npm run build:if-stale  the library, only when a source is newer than dist/ (npm run synth, test and deploy
//                           run it first; nothing is built on install, so consumers of the package never run it)
//   npm run build:lib       dist/: the construct library, the app and the CLIs as JavaScript + .d.ts
//                           (tsconfig.build.json), including the OCI and TLS bindings, generated first when stale;
//                           and dist/cdktn/: the library and the app once more for CDK Terrain (see buildEngine)
//   npm run build:client    packages/wif-client/dist/cli.js: wif-exchange, wif-explain and wif-broker in one file,
//                           no deps; and the package's LICENSE, NOTICE and THIRD-PARTY-NOTICES beside it
//   npm run build:action    action/dist/{main,post}.js: the GitHub Action, self-contained and committed (GitHub
//                           runs them as they are); reproducible, so a test can tell when they are stale
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildSync, type BuildOptions } from "esbuild";
import { ENGINES, type Engine } from "./engines";

const ROOT = join(__dirname, "..");

function step(label: string, command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.signal}).`);
}

/**
 * dist/ from scratch, built beside it and swapped in, so a bin started meanwhile (bin/run.cjs) sees the old build,
 * no build (and uses the sources), or the new one, never half of one. The stamp gets the time the build started,
 * so a source saved during the build counts as newer than it.
 */
export function buildLib(): void {
  const started = new Date();
  step("generating the OCI and TLS bindings", process.execPath, [
    "--import",
    "tsx",
    join("scripts", "generate-bindings.ts"),
    "--engine",
    "cdktf",
    "--if-stale",
  ]);
  const staging = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  step("tsc -p tsconfig.build.json", process.execPath, [TSC, "-p", "tsconfig.build.json", "--outDir", staging]);
  // The synth command also as one file with cdktf, constructs and the bindings inside: resolving and reading some
  // 400 modules is a third of its CPU time, and it is the command users run most (bin/run.cjs prefers this).
  bundle("app/synth-cli.ts", join(staging, "bundle", "wif-synth.js"), true);
  buildEngine(ENGINES.cdktn, join(staging, relative("dist", ENGINES.cdktn.dist)));
  const stamp = join(staging, ".build-stamp");
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
  const old = join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(join(ROOT, "dist"))) renameSync(join(ROOT, "dist"), old);
  renameSync(staging, join(ROOT, "dist"));
  rmSync(old, { recursive: true, force: true });
}

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** The source folders and files the library is compiled from: tsconfig.build.json's `include`, without the bindings. */
export const SOURCE_ROOTS: readonly string[] = (
  JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] }
).include
  .filter((p) => !p.startsWith(".gen/"))
  .map((p) => p.replace(/\/\*\*\/\*\.ts$/, ""));

/** What a CDK Terrain user imports (package.json "exports" under ./cdktn): compiled with all they import. */
const ENGINE_ENTRIES = [
  "constructs/index.ts",
  "app/workload-identity-federation.ts",
  "config/load-config.ts",
  ".gen/providers/oci/index.ts",
  ".gen/providers/tls/index.ts",
];

/** A module specifier in TypeScript source: `from "x"`, `import("x")`, `require("x")`, `import "x"`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\2/g;

/**
 * `source` with the engine's module name in place of cdktf's, in module specifiers only (`"cdktf"` and
 * `"cdktf/…"`); nothing else in the text changes. The sources import the engine only as "cdktf" (house style), so
 * this is the whole difference between the two builds; a specifier of another cdktf package (`@cdktf/…`,
 * `cdktf-cli`) has no counterpart to rename to and is refused.
 */
export function renameEngine(source: string, engine: Engine, file = "source"): string {
  return source.replace(SPECIFIER, (whole, before: string, quote: string, specifier: string) => {
    if (specifier === "cdktf" || specifier.startsWith("cdktf/"))
      return `${before}${quote}${engine.module}${specifier.slice("cdktf".length)}${quote}`;
    if (/^(@cdktf\/|cdktf-)/.test(specifier))
      throw new Error(
        `${file} imports "${specifier}", which the ${engine.name} build cannot rename: import cdktf only.`,
      );
    return whole;
  });
}

/**
 * Makes `to` hold `from`'s TypeScript files with the engine renamed: a file is written only when its text differs
 * and a file or folder that is no longer in `from` is removed, so two builds (or a build and the notices) staging
 * the same sources at once never show each other a missing or half-written file.
 */
function syncRenamed(engine: Engine, from: string, to: string): void {
  if (!statSync(from).isDirectory()) {
    const text = renameEngine(readFileSync(from, "utf8"), engine, relative(ROOT, from));
    if (!existsSync(to) || readFileSync(to, "utf8") !== text) writeAtomic(to, Buffer.from(text));
    return;
  }
  mkdirSync(to, { recursive: true });
  const wanted = new Set(
    readdirSync(from).filter((name) => name.endsWith(".ts") || statSync(join(from, name)).isDirectory()),
  );
  for (const name of readdirSync(to)) if (!wanted.has(name)) rmSync(join(to, name), { recursive: true, force: true });
  for (const name of wanted) syncRenamed(engine, join(from, name), join(to, name));
}

/**
 * `engine`'s source tree (scripts/engines.ts): the library's sources with the engine's module name (see
 * {@link renameEngine}) next to the bindings its own generator made, and a tsconfig that compiles the entries a
 * user imports. The tree sits in engines/<name>/, whose node_modules hold the engine and the constructs it accepts,
 * so the compiler and the bundler find those first. Returns the tree's absolute path.
 */
export function stageEngineTree(engine: Engine): string {
  const tree = join(ROOT, engine.tree);
  if (!existsSync(join(ROOT, engine.gen, "providers", "oci"))) {
    throw new Error(
      `${engine.gen}/providers/oci is missing: the ${engine.name} build needs its bindings (npm run gen; they need ` +
        "the dev dependencies, engines/ included).",
    );
  }
  for (const name of SOURCE_ROOTS) syncRenamed(engine, join(ROOT, name), join(tree, name));
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8"));
  const tsconfig = {
    "//": "Written by scripts/build.ts: the library for one engine, compiled from its copy of the sources.",
    compilerOptions: {
      ...compilerOptions,
      noEmit: false,
      declaration: true,
      rootDir: ".",
      types: ["node"],
      // Node's types as the root's, not the engine CLI's newer @types/node in the engine's node_modules.
      typeRoots: [join(ROOT, "node_modules", "@types")],
    },
    files: ENGINE_ENTRIES,
  };
  writeAtomic(join(tree, "tsconfig.json"), Buffer.from(`${JSON.stringify(tsconfig, null, 2)}\n`));
  return tree;
}

/**
 * The library and the app for `engine` into `outDir` (dist/cdktn in the package): the sources compiled once more
 * from the engine's tree, and the synth command bundled with the engine inside (bin/run.cjs runs it for
 * WIF_ENGINE=cdktn). Bindings are generated first when stale.
 */
export function buildEngine(engine: Engine, outDir: string): void {
  step(`generating the ${engine.name} bindings`, process.execPath, [
    "--import",
    "tsx",
    join("scripts", "generate-bindings.ts"),
    "--engine",
    engine.name,
    "--if-stale",
  ]);
  const tree = stageEngineTree(engine);
  step(`tsc for ${engine.name}`, process.execPath, [TSC, "-p", join(tree, "tsconfig.json"), "--outDir", outDir]);
  bundle(join(engine.tree, "app", "synth-cli.ts"), join(outDir, "bundle", "wif-synth.js"), true);
}

/**
 * Bundle options. `absWorkingDir` fixes the base of the module-path comments esbuild writes (`// client/x.ts`), so
 * the output is the same bytes whichever directory the build runs from: no absolute path, no timestamp, nothing
 * from the machine. The committed action/dist/ depends on that (test/packaging/action-dist.test.ts).
 */
const BUNDLE: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
  absWorkingDir: ROOT,
  write: false,
};

/** A bundle's bytes and the files it was made from (relative to the root it was built in). */
export interface Bundle {
  readonly contents: Uint8Array;
  readonly inputs: readonly string[];
}

/**
 * One file that loads nothing but Node's own modules. Unless `withCdktf`, bundling cdktf, constructs or the
 * bindings is an error: the client must not import them.
 * @param root the checkout to build in (a test rebuilds a copy elsewhere to prove the bytes do not depend on it)
 */
export function bundleBytes(entry: string, withCdktf = false, root = ROOT): Bundle {
  const result = buildSync({ ...BUNDLE, absWorkingDir: root, entryPoints: [entry], outfile: "out.js", metafile: true });
  const inputs = Object.keys(result.metafile!.inputs);
  const foreign = inputs.filter((f) => /node_modules\/(cdktf|cdktn|constructs|@cdktf|@cdktn)\/|\.gen\//.test(f));
  if (foreign.length && !withCdktf)
    throw new Error(`${entry} would bundle ${foreign[0]}: the client must not import cdktf or the bindings.`);
  return { contents: result.outputFiles![0].contents, inputs };
}

/**
 * Writes `bytes` to `path` through a temporary file and a rename, so a test or a pack reading the file meanwhile
 * (several tests build the client) sees the old bytes or the new ones, never a missing or half-written file.
 */
function writeAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

function bundle(entry: string, outfile: string, withCdktf = false): void {
  writeAtomic(resolve(ROOT, outfile), bundleBytes(entry, withCdktf).contents);
}

/**
 * packages/wif-client/dist/cli.js: the slim client's one file; and beside package.json, the licence files its
 * package ships: LICENSE and NOTICE (copies of the repository's) and the notices of what its bundle contains.
 */
export function buildClient(): void {
  bundle("packages/wif-client/src/cli.ts", "packages/wif-client/dist/cli.js");
  const { renderNotices, shippedBundles } = require("./notices") as typeof import("./notices");
  const own = shippedBundles().filter((b) => b.shippedAs.startsWith("oci-wif-client:"));
  const dir = join(ROOT, "packages", "wif-client");
  writeAtomic(join(dir, "THIRD-PARTY-NOTICES"), Buffer.from(renderNotices(own)));
  for (const file of ["LICENSE", "NOTICE"]) writeAtomic(join(dir, file), readFileSync(join(ROOT, file)));
}

/** The GitHub Action's steps: entry → file under action/dist/ that action.yml runs. */
export const ACTION_BUNDLES: Readonly<Record<string, string>> = {
  "action/main.ts": "action/dist/main.js",
  "action/post.ts": "action/dist/post.js",
};

/**
 * action/dist/main.js and post.js: the GitHub Action's steps, each self-contained. They are committed (GitHub runs
 * them from the tagged commit; nothing is installed), so after changing action/, client/, config/ or core/ run
 * `npm run build:action` and commit the result; a test fails while the committed files differ from a fresh build.
 */
export function buildAction(): void {
  for (const [entry, outfile] of Object.entries(ACTION_BUNDLES)) bundle(entry, outfile);
}

/** Builds `what`: all, lib, client, action, or if-stale (the library, when a source is newer than dist/). */
export function build(what: string): void {
  if (what === "if-stale") {
    const { isBuildCurrent } = require("../bin/run.cjs") as { isBuildCurrent: () => boolean };
    if (!isBuildCurrent()) buildLib();
    return;
  }
  if (!["all", "lib", "client", "action"].includes(what))
    throw new Error(`unknown target ${JSON.stringify(what)}: all, lib, client, action or if-stale.`);
  if (what === "all" || what === "lib") buildLib();
  if (what === "all" || what === "client") buildClient();
  if (what === "all" || what === "action") buildAction();
}

if (require.main === module) {
  const what = process.argv[2] ?? "all";
  const started = Date.now();
  try {
    build(what);
    if (what !== "if-stale") console.log(`build (${what}): done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
