// Item 1 of the hostile-input issue: a config value is data. Every key of every fixture gets template syntax
// appended; the config is either refused, or its stack holds no live template that the unchanged fixture's stack
// does not hold too (the references the code builds itself).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, configFrom, synth } from "../support/stacks";
import { liveTemplatesOf, stringsOf } from "./support";

const PAYLOADS = ['${file("/etc/hostname")}', "%{ if true }x%{ endif }", "$${path.cwd}", "%%{endif}${path.module}"];
const FIXTURE_NAMES = ["seed-sample", "github", "gitlab", "resource-server", "broker"];

function loads(text: string): boolean {
  try {
    configFrom(text);
    return true;
  } catch {
    return false;
  }
}

/** Lines of a fixture that are `key = value`, with the index of the value's end (before any comment). */
function keyLines(lines: string[]): number[] {
  return lines.flatMap((l, i) =>
    /^\s*[A-Za-z_][A-Za-z0-9_]*(\[\])?\s*=\s*\S/.test(l) && !/^\s*[;#]/.test(l) ? [i] : [],
  );
}

function withPayload(line: string, payload: string): string {
  // Before an inline comment, so the payload is part of the value.
  const m = /^(.*?=\s*.*?)(\s+[;#].*)?$/.exec(line)!;
  return `${m[1]}${payload}${m[2] ?? ""}`;
}

describe.each(FIXTURE_NAMES)("template syntax in every key of the %s fixture", (name) => {
  const text = readFileSync(join(FIXTURES, `${name}.ini`), "utf8");
  const lines = text.split("\n");
  const baseline = liveTemplatesOf(synth(configFrom(text).config).doc);

  test.each(PAYLOADS)("no key turns %s into a live template", (payload) => {
    const accepted = keyLines(lines).filter((i) =>
      loads(lines.map((l, j) => (j === i ? withPayload(l, payload) : l)).join("\n")),
    );
    // Every accepting key at once: one synthesis per fixture and payload.
    const hostile = lines.map((l, j) => (accepted.includes(j) ? withPayload(l, payload) : l)).join("\n");
    const { doc } = synth(configFrom(hostile).config);
    // A changed issuer renames its trust's logical ID, so a new live template may only be such a plain reference.
    const added = liveTemplatesOf(doc).filter((t) => !baseline.includes(t));
    expect(added.filter((t) => !/^\$\{[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/.test(t))).toEqual([]);
    // And the payload did arrive, as literal text, wherever a key accepted it.
    if (accepted.length)
      expect(
        stringsOf(doc).some((s) => s.includes(payload.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{"))),
      ).toBe(true);
  });
});

describe("template syntax in construct props (a construct-library user's values)", () => {
  const { ServiceUser } = require("../../constructs/service-user") as typeof import("../../constructs/service-user");
  const { GroupPolicy } = require("../../constructs/group-policy") as typeof import("../../constructs/group-policy");
  const { synthOf, DOMAIN } = require("../support/stacks") as typeof import("../support/stacks");

  test("a description, group name and statement with ${…} and %{…} come out literal, and the group reference stays live", () => {
    const { doc, built, stack } = synthOf((s) => {
      const user = new ServiceUser(s, "U", {
        domain: DOMAIN,
        userName: "ci",
        groupName: "g%{x}",
        description: 'd ${file("/etc/passwd")}',
      });
      new GroupPolicy(s, "P", {
        group: user,
        name: "p",
        compartmentId: "ocid1.compartment.oc1..aaaaaaaaexample",
        statements: ["read objects in compartment apps where target.bucket.name = '${x}'"],
      });
      return user;
    });
    expect(doc.resource.oci_identity_domains_user[stack.getLogicalId(built.user)].description).toBe(
      'd $${file("/etc/passwd")}',
    );
    expect(liveTemplatesOf(doc).every((t) => /^\$\{[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/.test(t))).toBe(true);
    expect(stringsOf(doc).some((s) => s.includes("g%%{x}"))).toBe(true);
    expect(stringsOf(doc).some((s) => s.includes("'$${x}'"))).toBe(true);
  });
});
