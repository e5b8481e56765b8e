import { TerraformResource, type TerraformStack } from "cdktf";
import { importIdProblem } from "../core/import-id";
import { ConfigError, type ConfigProblem } from "../core/problems";

/** Where the imports came from: the config and the imports file, and the domain they must belong to. */
export interface ImportsSource {
  /** The config file (`[Adopt] imports` is in it). */
  readonly file: string;
  /** The imports file the entries were read from; the config file when unknown. */
  readonly importsFile?: string;
  /** `[IdentityDomain] iam_guid`: every identity-domains import must name this domain. */
  readonly domainUrl: string;
}

/**
 * Binds resources to live ones: `importFrom(id)` on each resource whose construct path (relative to the stack) is
 * in `imports`, which makes cdktf write a Terraform `import` block for it. Each ID is checked first against its
 * resource type's import shape (core/import-id.ts): the provider takes an identity-domains resource's endpoint from
 * the ID, so an ID naming another host, or holding more than an id's characters, is refused. An entry that names no
 * resource of the stack is an error too: the config no longer creates what was adopted, and the plan would create
 * it anew. Every problem is reported at once, located in the imports file.
 */
export function applyImports(
  stack: TerraformStack,
  imports: Readonly<Record<string, string>>,
  source: ImportsSource,
): void {
  const used = new Set<string>();
  const problems: ConfigProblem[] = [];
  const importsFile = source.importsFile ?? source.file;
  const prefix = `${stack.node.path}/`;
  const bound: Array<[TerraformResource, string]> = [];
  for (const c of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(c)) continue;
    const path = c.node.path.startsWith(prefix) ? c.node.path.slice(prefix.length) : c.node.path;
    const id = imports[path];
    if (id === undefined) continue;
    used.add(path);
    const problem = importIdProblem(c.terraformResourceType, id, source.domainUrl);
    if (problem) problems.push({ file: importsFile, key: path, value: id, ...problem });
    else bound.push([c, id]);
  }
  for (const p of Object.keys(imports).filter((p) => !used.has(p))) {
    problems.push({
      file: source.file,
      section: "Adopt",
      key: "imports",
      value: p,
      message: "names a resource this config does not create",
      fix: "Restore the section that created it (the names must match what was imported), or run npm run import again.",
    });
  }
  if (problems.length) throw new ConfigError(problems);
  for (const [c, id] of bound) c.importFrom(id);
}
