import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { importEdges, layerViolations, specifiersOf } from "../../scripts/layers";

const ROOT = join(__dirname, "..", "..");

/** A throwaway repository holding `files` (path → source). */
function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

describe("layer rules", () => {
  test("hold for every source file of this repository", () => {
    expect(layerViolations(importEdges(ROOT))).toEqual([]);
  });

  test("specifiersOf finds multi-line, re-export, side-effect, dynamic and require imports, not commented ones", () => {
    const source = [
      'import {\n  a,\n  b,\n} from "./multi";',
      'export { c } from "../re-export";',
      'import "./side-effect";',
      'const d = require("./required");',
      'const e = await import("./dynamic");',
      '// import { f } from "./commented";',
      '/* import { g } from "./block-commented"; */',
      'const url = "https://example.com"; // import "./after-url"',
    ].join("\n");
    expect(specifiersOf(source).sort()).toEqual([
      "../re-export",
      "./dynamic",
      "./multi",
      "./required",
      "./side-effect",
    ]);
  });

  test.each<[string, Record<string, string>, string[]]>([
    [
      "client/ imports cdktf",
      { "client/a.ts": 'import { App } from "cdktf";' },
      ['client/a.ts: imports "cdktf" (client/ must load without cdktf)'],
    ],
    [
      "config/ imports a construct from a nested folder",
      { "config/sub/a.ts": 'import { X } from "../../constructs/x";' },
      ['config/sub/a.ts: imports "../../constructs/x" (config/ may import core/)'],
    ],
    [
      "core/ imports config/",
      { "core/a.ts": 'import { X } from "../config/x";' },
      ['core/a.ts: imports "../config/x" (core/ may import nothing outside core/)'],
    ],
    [
      "review/ requires the generated bindings",
      { "review/a.ts": 'const x = require("../.gen/providers/oci");' },
      ['review/a.ts: imports "../.gen/providers/oci" (review/ may import core/, cli/)'],
    ],
    [
      "review/ imports the constructs package",
      { "review/a.ts": 'import { Construct } from "constructs";' },
      ['review/a.ts: imports "constructs" (review/ must load without cdktf)'],
    ],
    [
      "the broker function imports a construct",
      { "functions/upst-broker/src/a.ts": 'import { UpstBroker } from "../../../constructs/upst-broker";' },
      ['functions/upst-broker/src/a.ts: imports "../../../constructs/upst-broker" (functions/ may import core/)'],
    ],
    [
      "client/ imports app/",
      { "client/a.ts": 'import { synth } from "../app/synth";' },
      ['client/a.ts: imports "../app/synth" (client/ may import core/, config/, cli/)'],
    ],
    [
      "constructs/ imports config/",
      { "constructs/a.ts": 'import { M } from "../config/model";' },
      ['constructs/a.ts: imports "../config/model" (constructs/ may import core/, .gen/)'],
    ],
    [
      "client/ imports a @cdktf package",
      { "client/a.ts": 'import { P } from "@cdktf/provider-tls/lib/provider";' },
      ['client/a.ts: imports "@cdktf/provider-tls/lib/provider" (client/ must load without cdktf)'],
    ],
    [
      "a script imports a test helper",
      { "scripts/bench.ts": 'import { start } from "../test/support/endpoint";' },
      [
        'scripts/bench.ts: imports "../test/support/endpoint" (only tests import test/; shared test tooling lives in testing/)',
      ],
    ],
  ])("fails when %s", (_name, files, expected) => {
    const root = repoWith(files);
    try {
      expect(layerViolations(importEdges(root))).toEqual(expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("allows what the rules allow: client/ on config/ and core/, constructs/ on cdktf and .gen, app/ on anything", () => {
    const root = repoWith({
      "client/a.ts":
        'import { c } from "../config/c";\nimport { k } from "../core/k";\nimport { readFileSync } from "node:fs";',
      "constructs/a.ts":
        'import { App } from "cdktf";\nimport { U } from "../.gen/providers/oci/u";\nimport { k } from "../core/k";',
      "app/a.ts": 'import { A } from "../constructs/a";\nimport { c } from "../config/c";',
    });
    try {
      expect(layerViolations(importEdges(root))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
