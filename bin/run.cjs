// Shared by the bin shims. Runs a CLI module's main(argv) and sets the process's exit code from it; process.exit()
// is not called, so output is flushed first. Anything main() did not expect is a bug: it is reported in one line
// and exits 70 (EXIT.internal in core/errors.ts), so CI can tell a crash from a finding (1) or bad input (2).
//
// Which code runs: the compiled JavaScript under dist/ (what the published package ships, and what `npm run build`
// makes in a checkout), unless the TypeScript sources next to it are newer than that build; then the sources,
// through tsx (a dev dependency). So a checkout never runs a stale build, and a package never needs tsx.
//
// Which engine wif-synth synthesizes with: cdktf 0.21, or CDK Terrain 0.24 when WIF_ENGINE=cdktn (the same app built
// for cdktn, dist/cdktn/bundle/wif-synth.js; docs/cdk-terrain.md). The other commands use no engine.
"use strict";
const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
const { dirname, join } = require("node:path");

const ROOT = join(__dirname, "..");
/** Source trees whose .ts files the build compiles (tsconfig.build.json). */
const SOURCES = [
  "main.ts",
  "app",
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

/** The version of the nearest package.json above this file. */
function version() {
  for (let dir = ROOT; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version;
    if (dirname(dir) === dir) return "unknown";
  }
}

/**
 * A reader that went away (`wif-exchange --help | head -1`) is not an error: further output is dropped and the
 * command finishes its work and exits with its own code, instead of dying on EPIPE with a stack trace.
 */
function ignoreClosedPipes() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
      if (err && err.code === "EPIPE") {
        stream.write = () => true;
        return;
      }
      throw err;
    });
  }
}

module.exports = run;
module.exports.isBuildCurrent = isBuildCurrent;

function run(name, relative) {
  ignoreClosedPipes();
  const argv = process.argv.slice(2);
  if (argv.includes("--version")) {
    process.stdout.write(`${name} ${version()}\n`);
    return;
  }
  let entry;
  try {
    entry =
      name === "wif-synth" && engineOf(process.env) === "cdktn" ? cdktnSynthEntry() : resolveEntry(name, relative);
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const { main } = require(entry);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // Even a crash's message goes through the one redaction function: it may quote a value that holds a secret.
      // The registry it redacts with is shared by every copy of core/redact in the process (the command's bundle).
      const { redact } = require(resolveEntry("redact", "core/redact"));
      process.stderr.write(`error: unexpected failure: ${redact(err?.message ? err.message : String(err))}\n`);
      process.exitCode = 70;
    },
  );
}
