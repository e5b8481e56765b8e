// Builds what the packages ship:
//   npm run build           all of it
//   npm run build:if-stale  the library, only when a source is newer than dist/ (npm run synth, test and deploy
//                           run it first; nothing is built on install, so consumers of the package never run it)
//   npm run build:lib       dist/: the construct library, the app and the CLIs as JavaScript + .d.ts
//                           (tsconfig.build.json), including the OCI bindings, generated first when stale
//   npm run build:client    packages/wif-client/dist/cli.js: wif-exchange and wif-explain in one file, no deps
//   npm run build:action    action/dist/{main,post}.js: the GitHub Action, self-contained
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync, type BuildOptions } from "esbuild";

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
  step("generating the OCI bindings", process.execPath, [
    "--import",
    "tsx",
    join("scripts", "generate-bindings.ts"),
    "--if-stale",
  ]);
  const staging = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  step("tsc -p tsconfig.build.json", process.execPath, [
    join(ROOT, "node_modules", "typescript", "bin", "tsc"),
    "-p",
    "tsconfig.build.json",
    "--outDir",
    staging,
  ]);
  // The synth command also as one file with cdktf, constructs and the bindings inside: resolving and reading some
  // 400 modules is a third of its CPU time, and it is the command users run most (bin/run.cjs prefers this).
  bundle("app/synth-cli.ts", join(staging, "bundle", "wif-synth.js"), true);
  const stamp = join(staging, ".build-stamp");
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
  const old = join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(join(ROOT, "dist"))) renameSync(join(ROOT, "dist"), old);
  renameSync(staging, join(ROOT, "dist"));
  rmSync(old, { recursive: true, force: true });
}

const BUNDLE: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
};

/**
 * One file that loads nothing but Node's own modules. Unless `withCdktf`, bundling cdktf, constructs or the
 * bindings is an error: the client must not import them.
 */
function bundle(entry: string, outfile: string, withCdktf = false): void {
  const result = buildSync({
    ...BUNDLE,
    entryPoints: [join(ROOT, entry)],
    outfile: resolve(ROOT, outfile),
    metafile: true,
  });
  const foreign = Object.keys(result.metafile!.inputs).filter((f) =>
    /node_modules\/(cdktf|constructs|@cdktf)\/|\.gen\//.test(f),
  );
  if (foreign.length && !withCdktf)
    throw new Error(`${outfile} would bundle ${foreign[0]}: the client must not import cdktf or the bindings.`);
}

/** packages/wif-client/dist/cli.js: the slim client's one file. */
export function buildClient(): void {
  rmSync(join(ROOT, "packages", "wif-client", "dist"), { recursive: true, force: true });
  mkdirSync(join(ROOT, "packages", "wif-client", "dist"), { recursive: true });
  bundle("packages/wif-client/src/cli.ts", "packages/wif-client/dist/cli.js");
}

/** action/dist/main.js and post.js: the GitHub Action's steps, each self-contained. */
export function buildAction(): void {
  rmSync(join(ROOT, "action", "dist"), { recursive: true, force: true });
  bundle("action/main.ts", "action/dist/main.js");
  bundle("action/post.ts", "action/dist/post.js");
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
