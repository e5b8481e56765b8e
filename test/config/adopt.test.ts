import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { parseConfig } from "../../config/load-config";
import { ConfigError, formatProblem } from "../../core/problems";
import { hasCode } from "../../core/errors";
import { collectInputs, sha256Of } from "../../core/stack-source";
import { FIXTURES } from "../support/stacks";

const seed = readFileSync(join(FIXTURES, "seed-sample.ini"), "utf8");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wif-adopt-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errors(text: string): string[] {
  try {
    parseConfig(text, "setupConfig.ini", dir);
    return [];
  } catch (err) {
    if (!hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
    return err.problems.map(formatProblem);
  }
}

const withAdopt = (file: string) => `${seed}\n[Adopt]\nimports = ${file}\n`;

describe("[Adopt] imports", () => {
  test("is read into construct path → import ID", () => {
    writeFileSync(
      join(dir, "wif-imports.json"),
      JSON.stringify({
        version: 1,
        domain: "x",
        imports: { "Wif/ServiceUser-ServiceUser/User": "idcsEndpoint/https://d/users/1" },
      }),
    );
    expect(parseConfig(withAdopt("wif-imports.json"), "setupConfig.ini", dir).config.imports).toEqual({
      "Wif/ServiceUser-ServiceUser/User": "idcsEndpoint/https://d/users/1",
    });
  });

  test("is read from the in-memory files instead of the disk, and that text is what the stack's record hashes", () => {
    // npm run import checks the imports file it is about to write (adopt/round-trip.ts): nothing is on disk yet.
    const importsText = JSON.stringify({
      version: 1,
      imports: { "Wif/ServiceUser-ServiceUser/User": "idcsEndpoint/https://d/users/2" },
    });
    const files = new Map([[join(dir, "wif-imports.json"), importsText]]);
    const { value, inputs } = collectInputs(() =>
      parseConfig(withAdopt("wif-imports.json"), "setupConfig.ini", dir, { files }),
    );
    expect(existsSync(join(dir, "wif-imports.json"))).toBe(false);
    expect(value.config.imports).toEqual({ "Wif/ServiceUser-ServiceUser/User": "idcsEndpoint/https://d/users/2" });
    expect(inputs).toEqual([{ file: join(dir, "wif-imports.json"), sha256: sha256Of(importsText) }]);
  });

  test.each([
    [
      "the file is outside the config's directory",
      "../x.json",
      null,
      [
        "setupConfig.ini:21 [Adopt] imports: must not contain '..' (it must stay under the config's folder); got \"../x.json\". Give the imports file's path under the config's folder, such as wif-imports.json.",
      ],
    ],
    [
      "the file is not JSON, without quoting it",
      "notes.json",
      "root:x:0:0:root:/root:/bin/bash",
      [
        'setupConfig.ini:21 [Adopt] imports: is not valid JSON; got "notes.json". Run npm run import again, or remove [Adopt].',
      ],
    ],
    [
      "the file is missing",
      "none.json",
      null,
      [
        'setupConfig.ini:21 [Adopt] imports: cannot be read (ENOENT); got "none.json". Run npm run import again, or remove [Adopt].',
      ],
    ],
    [
      "the file is not an imports file",
      "bad.json",
      { version: 1, imports: { "../../etc": "x" } },
      [
        'setupConfig.ini:21 [Adopt] imports: is not an imports file of npm run import (version 1, construct path → import ID); got "bad.json". Run npm run import again, or remove [Adopt].',
      ],
    ],
  ])("fails when %s", (_, file, content, expected) => {
    if (content) writeFileSync(join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
    expect(errors(withAdopt(file))).toEqual(expected);
  });

  test("fails at synth when an import names a resource the config does not create, and writes nothing", () => {
    writeFileSync(join(dir, "setupConfig.ini"), withAdopt("wif-imports.json"));
    writeFileSync(
      join(dir, "wif-imports.json"),
      JSON.stringify({
        version: 1,
        domain: "x",
        imports: { "Wif/ServiceUser-gone/User": "idcsEndpoint/https://d/users/1" },
      }),
    );
    const lines: string[] = [];
    const r = synthesize({
      configPath: join(dir, "setupConfig.ini"),
      outdir: join(dir, "out"),
      log: (l) => lines.push(l.split(dir).join("<dir>")),
    });
    expect([r.exitCode, lines.filter((l) => !l.startsWith("warning:"))]).toEqual([
      2,
      [
        "error: 1 problem in <dir>/setupConfig.ini; nothing was written.",
        '  <dir>/setupConfig.ini [Adopt] imports: names a resource this config does not create; got "Wif/ServiceUser-gone/User". Restore the section that created it (the names must match what was imported), or run npm run import again.',
      ],
    ]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
