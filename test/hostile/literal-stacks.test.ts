// Every stack we ship an input for — each fixture, the repository's setupConfig.ini, and every environment of the
// examples — is walked string by string (keys too), read as Terraform reads it: any `%{` directive, and any `${…}`
// that is not an expression our code builds, fails. "Our code builds" is not a pattern: an interpolation must be a
// reference to something the same document declares, or a call of a function our sources call, with string
// literals that are literal themselves (terraform-template.ts reads them).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { findEnvironments, loadEnvironment } from "../../config/environments";
import { loadConfig } from "../../config/load-config";
import type { WifConfig } from "../../config/model";
import { FIXTURES, ROOT, synth } from "../support/stacks";
import {
  addressesOf,
  documentProblems,
  interpolationCount,
  ourFunctions,
  templateProblems,
} from "./terraform-template";

const FUNCTIONS = ourFunctions();

/** Every config we ship, by a name for the test: fixtures, the repository's sample and each example environment. */
function shippedConfigs(): Array<[string, () => WifConfig[]]> {
  const fixtures = readdirSync(FIXTURES)
    .filter((n) => n.endsWith(".ini"))
    .map((n): [string, () => WifConfig[]] => [`test/fixtures/${n}`, () => [loadConfig(join(FIXTURES, n)).config]]);
  const example = join(ROOT, "examples", "multi-env", "setupConfig.ini");
  return [
    ...fixtures,
    ["setupConfig.ini", () => [loadConfig(join(ROOT, "setupConfig.ini")).config]],
    [
      "examples/multi-env (every environment)",
      () => (findEnvironments(example) ?? []).map((env) => loadEnvironment(env).config),
    ],
  ];
}

describe("the checker itself", () => {
  const doc = { resource: { oci_x: { a: {} } }, locals: { l: "x" } };
  const allowed = { addresses: addressesOf(doc), functions: new Set(["sensitive", "jsonencode"]) };

  test.each([
    '${file("/etc/passwd")}',
    "%{ if true }x%{ endif }",
    "${oci_x.b.id}",
    "${upper(oci_x.a.id)}",
    '${jsonencode({"a" = "${file(\\"/x\\")}"})}',
    '${jsonencode({"a" = "%{ if true }x%{ endif }"})}',
    "${TfToken[TOKEN.1]}",
    "${oci_x.a.id ? 1 : 2}",
    "${${oci_x.a.id}}",
    "text $${ok} then ${path.cwd}",
  ])("refuses %s", (s) => {
    expect(templateProblems(s, allowed)).not.toEqual([]);
  });

  test.each([
    "plain text",
    '$${file("/etc/passwd")} and %%{ if true }',
    "${oci_x.a.id}",
    "${sensitive(local.l)}",
    'pre ${jsonencode({"a" = "$${x} %%{y} \\"q\\"", "b" = [oci_x.a.id, 1]})} post',
    "$$${x}",
  ])("accepts %s", (s) => {
    expect(templateProblems(s, allowed)).toEqual([]);
  });
});

describe.each(shippedConfigs())("%s", (_name, configs) => {
  test("holds no live template but the references and calls our code builds", () => {
    const docs = configs().map((c) => synth(c).doc);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(documentProblems(doc, FUNCTIONS)).toEqual([]);
      // The walk had something to check: every stack refers to its own resources.
      expect(interpolationCount(doc)).toBeGreaterThan(0);
    }
  });
});
