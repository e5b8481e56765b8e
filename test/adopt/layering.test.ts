import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "../support/stacks";

/** Every module a file loads, following relative imports through the repository. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)";/gms)) {
      if (/^import\s+type\s/.test(m[0]) || /^export\s+type\s/.test(m[0])) continue;
      const spec = m[1];
      if (!spec.startsWith(".")) {
        packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
        continue;
      }
      const target = [".ts", "/index.ts"].map((ext) => resolve(dirname(file), spec) + ext).find(existsSync);
      if (target) visit(target);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(ROOT, f)), packages: [...packages] };
}

describe("the importer (adopt/)", () => {
  test("loads neither cdktf, constructs nor the generated bindings, so it runs without them", () => {
    for (const f of readdirSync(join(ROOT, "adopt"))) {
      const { files, packages } = closure(join(ROOT, "adopt", f));
      expect([
        f,
        packages.filter((p) => ["cdktf", "constructs"].includes(p)),
        files.filter((x) => /^(app|constructs|\.gen)\//.test(x)),
      ]).toEqual([f, [], []]);
    }
  });
});
