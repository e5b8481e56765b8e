import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The version of the package this code was installed with: the nearest package.json above `from`. It is looked up
 * instead of imported, because the same code ships in three shapes (TypeScript in the checkout, compiled under
 * dist/, and bundled into the slim client's package), each with its own package.json above it.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const version = (JSON.parse(readFileSync(file, "utf8")) as { version?: unknown }).version;
      return typeof version === "string" ? version : "unknown";
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
