// The two engines the library and the app are built for: CDK for Terraform (cdktf 0.21, the package's main entry)
// and CDK Terrain (cdktn 0.24, its maintained fork: the `/cdktn` entries). One source serves both: it imports the
// engine only as "cdktf" and the bindings only from ../.gen, so the cdktn build is the same files with that one
// module name changed and bindings made by cdktn's own generator (scripts/build.ts, scripts/generate-bindings.ts).
import { join } from "node:path";

export const ROOT = join(__dirname, "..");

export type EngineName = "cdktf" | "cdktn";

/** What the build needs to know of an engine. */
export interface Engine {
  readonly name: EngineName;
  /** The engine's npm package, as the compiled code requires it. */
  readonly module: string;
  /** Its provider generator's module (the class that writes TypeScript bindings) and its helpers' package. */
  readonly generator: string;
  readonly commons: string;
  /**
   * The folder (from the repository root) where the engine's sources are compiled from: the checkout itself for
   * cdktf; for cdktn a copy under engines/cdktn/, whose node_modules hold cdktn and the constructs it accepts.
   */
  readonly tree: string;
  /** Where the bindings are generated: `<tree>/.gen`, so the sources' `../.gen/providers/…` imports find them. */
  readonly gen: string;
  /** Where the compiled library goes, from the repository root; the package's exports point into it. */
  readonly dist: string;
}

export const ENGINES: Readonly<Record<EngineName, Engine>> = {
  cdktf: {
    name: "cdktf",
    module: "cdktf",
    generator: "@cdktf/provider-generator/lib/get/generator/provider-generator",
    commons: "@cdktf/commons",
    tree: ".",
    gen: ".gen",
    dist: "dist",
  },
  cdktn: {
    name: "cdktn",
    module: "cdktn",
    generator: "@cdktn/provider-generator/build/get/generator/provider-generator",
    commons: "@cdktn/commons",
    tree: join("engines", "cdktn", "build"),
    gen: join("engines", "cdktn", "build", ".gen"),
    dist: join("dist", "cdktn"),
  },
};

/** The engine named by `name` (a flag's or a variable's value), or an error naming the choices. */
export function engineNamed(name: string): Engine {
  const engine = (ENGINES as Record<string, Engine>)[name];
  if (!engine) throw new Error(`unknown engine ${JSON.stringify(name)}: cdktf or cdktn.`);
  return engine;
}
