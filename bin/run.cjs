// Shared by the bin shims. Runs a CLI module's main(argv) through cli/process.ts, the process runner every command
// shares: the exit code is main()'s, and anything main() did not expect (a module that fails to load too) is a bug,
// reported by the one crash handler (cli/crash.ts) in one redacted line with exit 70, so CI can tell a crash from a
// finding (1) or bad input (2). --help and --version are the command's own (cli/command.ts).
//
// Which code runs: the compiled JavaScript under dist/ (what the published package ships, and what `npm run build`
// makes in a checkout), unless the TypeScript sources next to it are newer than that build; then the sources,
// through tsx (a dev dependency). So a checkout never runs a stale build, and a package never needs tsx.
"use strict";
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
/** Source trees whose .ts files the build compiles (tsconfig.build.json). */
const SOURCES = [
  "main.ts",
  "app",
  "cli",
  "deploy",
  "config",
  "core",
  "constructs",
  "client",
  "review",
  "adopt",
  ".gen/providers/oci/.schema-sha256",
];

function newestSourceMtime() {
  let newest = 0;
  const visit = (path) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (path.endsWith(".ts") || path.endsWith(".schema-sha256")) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const s of SOURCES) visit(join(ROOT, s));
  return newest;
}

/** Whether dist/ was built (scripts/build.ts) after every source it compiles was last changed. */
function isBuildCurrent() {
  const stamp = join(ROOT, "dist", ".build-stamp");
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestSourceMtime();
}

/**
 * The module to load for `relative` (e.g. "client/exchange-cli"): built JavaScript when it is current, and of that
 * the command's single-file bundle (dist/bundle/<name>.js) when the build made one.
 */
function resolveEntry(name, relative) {
  const source = join(ROOT, `${relative}.ts`);
  const bundled = join(ROOT, "dist", "bundle", `${name}.js`);
  const built = existsSync(bundled) ? bundled : join(ROOT, "dist", `${relative}.js`);
  if (!existsSync(source)) return built; // an installed package: only dist/ is shipped
  if (existsSync(built) && isBuildCurrent()) return built;
  require("tsx/cjs/api").register();
  return source;
}

module.exports = run;
module.exports.isBuildCurrent = isBuildCurrent;

/**
 * @param early a small module whose `startEarlySessionKey(argv)` begins work the command will need before the
 *   command itself loads (wif-exchange's session key: client/early-key.ts)
 */
function run(name, relative, early) {
  if (early) require(resolveEntry("early", early)).startEarlySessionKey(process.argv.slice(2));
  // Loaded first, so that a command module that fails to load is reported as a crash like any other.
  const { runProcess } = require(resolveEntry("process", "cli/process"));
  return runProcess(() => require(resolveEntry(name, relative)).main);
}
