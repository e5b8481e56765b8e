// Shared by the bin shims. Runs a CLI module's main(argv) through cli/process.ts, the process runner every command
// shares: the exit code is main()'s, and anything main() did not expect (a module that fails to load too) is a bug,
// reported by the one crash handler (cli/crash.ts) in one redacted line with exit 70, so CI can tell a crash from a
// finding (1) or bad input (2). --help and --version are the command's own (cli/command.ts).
//
// Which code runs: the compiled JavaScript under dist/ (what the published package ships, and what `npm run build`
// makes in a checkout), unless the TypeScript sources next to it are newer than that build; then the sources,
// through tsx (a dev dependency). So a checkout never runs a stale build, and a package never needs tsx.
//
// Which engine wif-synth synthesizes with: cdktf 0.21, or CDK Terrain 0.24 when WIF_ENGINE=cdktn (the same app built
// for cdktn, dist/cdktn/bundle/wif-synth.js; docs/cdk-terrain.md). The other commands use no engine.
"use strict";
const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
/**
 * Source trees whose .ts files the build compiles: tsconfig.build.json's `include` (its one list; a checkout only,
 * read when first needed), with the bindings stood for by the stamp of the schema they were generated from.
 */
function sourceRoots() {
  const { include } = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8"));
  return [
    ...include.filter((p) => !p.startsWith(".gen/")).map((p) => p.replace(/\/\*\*\/\*\.ts$/, "")),
    ".gen/providers/oci/.schema-sha256",
  ];
}

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
  for (const s of sourceRoots()) visit(join(ROOT, s));
  return newest;
}

/** Whether dist/ was built (scripts/build.ts) after every source it compiles was last changed, for both engines. */
function isBuildCurrent() {
  const stamp = join(ROOT, "dist", ".build-stamp");
  return (
    existsSync(stamp) &&
    existsSync(join(ROOT, "dist", "cdktn", "bundle", "wif-synth.js")) &&
    statSync(stamp).mtimeMs >= newestSourceMtime()
  );
}

/** A mistake in how the command was started: one line, exit code 2 (EXIT.badInput in core/errors.ts). */
class StartError extends Error {}

/**
 * The engine WIF_ENGINE names: "cdktf" when it is unset or empty. Anything else than cdktf or cdktn is refused; the
 * value is shown as every printed value is (secrets removed, control and invisible characters escaped: core/redact)
 * and cut short: it is the user's, shown only to say what was received.
 */
function engineOf(env) {
  const value = env.WIF_ENGINE;
  if (value === undefined || value === "" || value === "cdktf") return "cdktf";
  if (value === "cdktn") return "cdktn";
  const { redact } = require(resolveEntry("redact", "core/redact"));
  // Redacted whole, then cut: a secret cut first could slip past the shapes redaction knows.
  const text = redact(value);
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  throw new StartError(`WIF_ENGINE must be cdktf or cdktn; got "${shown}". Unset it for cdktf.`);
}

/**
 * wif-synth's module for CDK Terrain: its bundle under dist/cdktn, built by `npm run build:lib` (a checkout) or
 * shipped (a package). A checkout whose build is missing or older than the sources is told to build: the cdktn
 * copy of the sources is compiled from engines/cdktn/, never run as TypeScript.
 */
function cdktnSynthEntry() {
  const bundled = join(ROOT, "dist", "cdktn", "bundle", "wif-synth.js");
  if (!existsSync(join(ROOT, "app", "synth-cli.ts"))) return bundled;
  if (existsSync(bundled) && isBuildCurrent()) return bundled;
  throw new StartError(
    "WIF_ENGINE=cdktn runs the CDK Terrain build (dist/cdktn), which is missing or older than the sources. Run `npm run build:lib`, or use `npm run synth`, which builds first.",
  );
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
  // WIF_ENGINE=cdktn: wif-synth runs the CDK Terrain build; a mistake in it is bad input (exit 2), not a crash.
  let entry;
  try {
    entry = name === "wif-synth" && engineOf(process.env) === "cdktn" ? cdktnSynthEntry() : undefined;
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (early) require(resolveEntry("early", early)).startEarlySessionKey(process.argv.slice(2));
  // Loaded first, so that a command module that fails to load is reported as a crash like any other.
  const { runProcess } = require(resolveEntry("process", "cli/process"));
  return runProcess(() => require(entry ?? resolveEntry(name, relative)).main);
}
