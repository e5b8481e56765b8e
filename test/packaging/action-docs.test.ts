// docs/action.md's inputs and outputs tables are rendered from action.yml (npm run docs:action).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderActionReference, withActionReference } from "../../scripts/action-docs";
import { ROOT } from "../support/packages";

const actionYml = readFileSync(join(ROOT, "action.yml"), "utf8");

describe("docs/action.md", () => {
  test("its inputs and outputs tables are the ones action.yml renders to (else run npm run docs:action)", () => {
    const doc = readFileSync(join(ROOT, "docs", "action.md"), "utf8");
    expect(withActionReference(doc, actionYml)).toBe(doc);
  });

  test("the tables have a row per input and output of action.yml, with required and default", () => {
    const yaml = require("js-yaml") as { load(text: string): any };
    const action = yaml.load(actionYml);
    const rows = renderActionReference(actionYml)
      .split("\n")
      .filter((l) => l.startsWith("| `"));
    expect(rows.map((r) => r.split("`")[1])).toEqual([...Object.keys(action.inputs), ...Object.keys(action.outputs)]);
    expect(rows.find((r) => r.startsWith("| `domain-url` |"))).toMatch(/^\| `domain-url` \| yes \| {2}\| The identity/);
    expect(rows.find((r) => r.startsWith("| `profile` |"))).toMatch(/^\| `profile` \| {2}\| `wif` \| /);
  });

  test("the README links it", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("(docs/action.md)");
  });
});
