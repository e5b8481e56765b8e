import { TerraformResource, type TerraformStack } from "cdktf";
import { ConfigError } from "../core/problems";

/**
 * Binds resources to live ones: `importFrom(id)` on each resource whose construct path (relative to the stack) is
 * in `imports`, which makes cdktf write a Terraform `import` block for it. An entry that names no resource of the
 * stack is an error: the config no longer creates what was adopted, and the plan would create it anew.
 */
export function applyImports(stack: TerraformStack, imports: Readonly<Record<string, string>>, file: string): void {
  const used = new Set<string>();
  const prefix = `${stack.node.path}/`;
  for (const c of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(c)) continue;
    const path = c.node.path.startsWith(prefix) ? c.node.path.slice(prefix.length) : c.node.path;
    const id = imports[path];
    if (id === undefined) continue;
    c.importFrom(id);
    used.add(path);
  }
  const unused = Object.keys(imports).filter((p) => !used.has(p));
  if (unused.length) {
    throw new ConfigError(
      unused.map((p) => ({
        file,
        section: "Adopt",
        key: "imports",
        value: p,
        message: "names a resource this config does not create",
        fix: "Restore the section that created it (the names must match what was imported), or run npm run import again.",
      })),
    );
  }
}
