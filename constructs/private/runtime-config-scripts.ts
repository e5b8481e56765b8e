// The local-exec scripts of RuntimeConfigFile's terraform_data, apart so that their tests can run them.

/**
 * Runs with `node -e` from Terraform's local-exec: writes $WIF_RUNTIME_CONFIG to $WIF_RUNTIME_CONFIG_PATH through
 * a temporary file in the same directory, created with mode 0600, then renamed over the target, so a reader never
 * sees a partial file and the secret is never world-readable, not even for a moment.
 */
export const WRITE_SCRIPT = [
  'const fs = require("fs"), path = require("path");',
  "const target = path.resolve(process.env.WIF_RUNTIME_CONFIG_PATH);",
  "fs.mkdirSync(path.dirname(target), { recursive: true });",
  'const tmp = target + ".tmp-" + process.pid;',
  "try {",
  '  fs.writeFileSync(tmp, process.env.WIF_RUNTIME_CONFIG, { mode: 0o600, flag: "wx" });',
  "  fs.chmodSync(tmp, 0o600);",
  "  fs.renameSync(tmp, target);",
  "} catch (err) {",
  "  try { fs.unlinkSync(tmp); } catch {}",
  "  throw err;",
  "}",
  'console.log("wrote " + target + " (mode 0600)");',
].join("\n");

/** Runs on destroy: removes the file, whose secret no longer works once the app is gone. */
export const DELETE_SCRIPT = [
  'const fs = require("fs"), path = require("path");',
  "const target = path.resolve(process.env.WIF_RUNTIME_CONFIG_PATH);",
  'try { fs.unlinkSync(target); console.log("removed " + target); } catch (err) { if (err.code !== "ENOENT") throw err; }',
].join("\n");
