// Writes THIRD-PARTY-NOTICES: every third-party package inside the bundles this project ships, with its licence
// text (a bundle is a copy of them, so their licences travel with it).   npm run notices
// test/project-files.test.ts fails when the committed file differs from what this renders.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACTION_BUNDLES, bundleBytes, stageEngineTree } from "./build";
import { ENGINES } from "./engines";

const ROOT = join(__dirname, "..");

/** One bundle we ship: its entry, whether cdktf is inside, and where the bundle ends up. */
export interface ShippedBundle {
  readonly entry: string;
  readonly withCdktf: boolean;
  readonly shippedAs: string;
}

/** The bundles we ship (a function: scripts/build.ts loads this module while it is itself loading). */
export function shippedBundles(): ShippedBundle[] {
  return [
    { entry: "app/synth-cli.ts", withCdktf: true, shippedAs: "oci-wif-cdktf: dist/bundle/wif-synth.js" },
    {
      entry: join(ENGINES.cdktn.tree, "app", "synth-cli.ts"),
      withCdktf: true,
      shippedAs: "oci-wif-cdktf: dist/cdktn/bundle/wif-synth.js",
    },
    { entry: "packages/wif-client/src/cli.ts", withCdktf: false, shippedAs: "oci-wif-client: dist/cli.js" },
    ...Object.entries(ACTION_BUNDLES).map(([entry, file]) => ({
      entry,
      withCdktf: false,
      shippedAs: `the GitHub Action: ${file}`,
    })),
  ];
}

interface Bundled {
  name: string;
  version: string;
  license: string;
  repository?: string;
  dir: string;
  shippedAs: Set<string>;
}

function repositoryOf(manifest: { repository?: string | { url?: string } }): string | undefined {
  const r = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  return r?.replace(/^git\+/, "").replace(/^git:\/\//, "https://");
}

/** The text of THIRD-PARTY-NOTICES for `bundles` as the sources and node_modules build them now. */
export function renderNotices(bundles: readonly ShippedBundle[] = shippedBundles()): string {
  const packages = new Map<string, Bundled>();
  // The CDK Terrain bundle is built from the engine's copy of the sources: made current first.
  if (bundles.some((b) => b.entry.startsWith(ENGINES.cdktn.tree))) stageEngineTree(ENGINES.cdktn);
  for (const bundle of bundles) {
    for (const input of bundleBytes(bundle.entry, bundle.withCdktf).inputs) {
      const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (!dir) continue;
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
      const id = `${manifest.name}@${manifest.version}`;
      const known = packages.get(id) ?? {
        name: manifest.name,
        version: manifest.version,
        license: manifest.license ?? "(no licence given)",
        repository: repositoryOf(manifest),
        dir,
        shippedAs: new Set<string>(),
      };
      known.shippedAs.add(bundle.shippedAs);
      packages.set(id, known);
    }
  }
  const out = [
    "Third-party software in the bundles this project ships",
    "",
    "The files below are single-file bundles: they contain, unmodified, the JavaScript of the packages listed here,",
    "each under its own licence, whose text follows (as found in the package; where the package carries no licence",
    "file, its declared licence and where its source is). The source of every package is its npm package at the",
    "version given. Regenerate with `npm run notices`.",
    "",
    ...bundles.map((b) => `- ${b.shippedAs}`),
  ];
  for (const p of [...packages.values()].sort((a, b) =>
    `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`),
  )) {
    out.push("", "-".repeat(100), `${p.name} ${p.version} (${p.license})`);
    out.push(`in: ${[...p.shippedAs].sort().join("; ")}`);
    out.push(
      `source: https://www.npmjs.com/package/${p.name}/v/${p.version}${p.repository ? `, ${p.repository}` : ""}`,
    );
    const files = readdirSync(join(ROOT, p.dir))
      .filter((f) => /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i.test(f))
      .sort();
    if (!files.length) out.push("", `The package carries no licence file; its package.json declares ${p.license}.`);
    for (const f of files) out.push("", readFileSync(join(ROOT, p.dir, f), "utf8").trimEnd());
  }
  return `${out.join("\n")}\n`;
}

export const NOTICES_FILE = join(ROOT, "THIRD-PARTY-NOTICES");

if (require.main === module) {
  writeFileSync(NOTICES_FILE, renderNotices());
  console.log("THIRD-PARTY-NOTICES: written from the bundles' inputs");
}
