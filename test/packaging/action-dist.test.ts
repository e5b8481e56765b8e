// The GitHub Action runs the committed action/dist/ of the tagged commit (nothing is installed), so the committed
// bundles must be what the sources build to, byte for byte, wherever they are built.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ACTION_BUNDLES, bundleBytes } from "../../scripts/build";
import { removeTemp, ROOT, temp } from "../support/packages";

afterAll(removeTemp);

const STALE = (file: string) =>
  `${file} is stale: it differs from what the sources build to. Run \`npm run build:action\` and commit action/dist/.`;

/** Copies what a bundle read (and the manifests that steer resolution) from ROOT to `to`, paths kept. */
function copyInputs(inputs: readonly string[], to: string): void {
  const files = new Set(["package.json", "tsconfig.json", ...inputs]);
  for (const input of inputs) {
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (pkg) files.add(`${pkg[1]}/package.json`);
  }
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(to, file));
  }
}

describe("the committed action/dist", () => {
  test.each(Object.entries(ACTION_BUNDLES))(
    "%s: the committed %s is byte-identical to a fresh build in another directory",
    (entry, file) => {
      const committed = join(ROOT, file);
      if (!existsSync(committed)) throw new Error(STALE(file));
      const here = bundleBytes(entry);
      const elsewhere = temp("wif-action-build-");
      copyInputs(here.inputs, elsewhere);
      const rebuilt = Buffer.from(bundleBytes(entry, false, elsewhere).contents);
      // The same bytes from another root: the bundle holds no path of the machine that built it.
      expect(rebuilt.equals(Buffer.from(here.contents))).toBe(true);
      if (!rebuilt.equals(readFileSync(committed))) throw new Error(STALE(file));
    },
  );

  test("holds no path of this machine and no build time", () => {
    for (const file of Object.values(ACTION_BUNDLES)) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const path of [ROOT, tmpdir(), homedir()]) expect(text).not.toContain(path);
      expect(text).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  test("is what action.yml runs, on a Node runtime GitHub's runners still have", () => {
    const yaml = require("js-yaml") as { load(text: string): any };
    const runs = yaml.load(readFileSync(join(ROOT, "action.yml"), "utf8")).runs;
    // Node 20 was removed from the runners on 2026-09-16; node24 is the runtime they run JavaScript actions on.
    expect(runs.using).toBe("node24");
    expect([runs.main, runs.post].sort()).toEqual(Object.values(ACTION_BUNDLES).sort());
  });
});
