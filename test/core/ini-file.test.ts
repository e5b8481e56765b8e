import * as ini from "ini";
import { parseIni } from "../../core/ini-file";
import { formatProblem, ProblemList } from "../../core/problems";

function parse(text: string) {
  const problems = new ProblemList();
  const doc = parseIni(text, "setupConfig.ini", problems);
  let errors: string[] = [];
  try {
    problems.throwIfAny();
  } catch (err) {
    errors = (err as { problems: Parameters<typeof formatProblem>[0][] }).problems.map(formatProblem);
  }
  return { doc, errors, warnings: problems.warnings.map(formatProblem) };
}

describe("parseIni", () => {
  test("reads sections, labels, keys case-insensitively, with line numbers", () => {
    const { doc, errors } = parse("[IdentityDomain]\nIAM_GUID = https://x\n\n[Trust github]\nissuer=https://i\n");
    expect(errors).toEqual([]);
    expect(doc.sections.map((s) => [s.type, s.label, s.line])).toEqual([
      ["identitydomain", undefined, 1],
      ["trust", "github", 4],
    ]);
    expect(doc.sections[0].entries.get("iam_guid")).toMatchObject({ values: ["https://x"], line: 2 });
  });

  test("collects list keys written with [] in file order, whatever their case", () => {
    const { doc, errors } = parse("[ServiceUser a]\nrule[] = one\nRULE[] = two\n");
    expect(errors).toEqual([]);
    expect(doc.sections[0].entries.get("rule")).toMatchObject({ values: ["one", "two"], lines: [2, 3], isList: true });
  });

  test("treats ' ;' as the start of an inline comment, as the seed sample uses it", () => {
    const { doc, warnings } = parse(
      "[TrustConfiguration]\nissuer=https://a.example         ; e.g., https://example.com\n",
    );
    expect(doc.sections[0].entries.get("issuer")!.values).toEqual(["https://a.example"]);
    expect(warnings).toEqual([]);
  });

  test("decodes every value as the ini package does", () => {
    const text = [
      "[S]",
      "plain = a b c",
      'quoted = "x ; y"',
      "single = 'z'",
      "escaped = a\\;b\\#c",
      "comment = v # c",
      "empty =",
    ].join("\n");
    const { doc } = parse(text);
    const ours = Object.fromEntries([...doc.sections[0].entries].map(([k, e]) => [k, e.values[0]]));
    expect(ours).toEqual(ini.decode(text).S);
  });

  test("warns when a ';' or '#' glued to a value cuts it short", () => {
    const { doc, warnings } = parse("[ServiceUser a]\nrule[] = sub eq prod#1\n");
    expect(doc.sections[0].entries.get("rule")!.values).toEqual(["sub eq prod"]);
    expect(warnings).toEqual([
      `WIF-W-INI-COMMENT setupConfig.ini:2 [ServiceUser a] rule: the value ends at '#' (it starts a comment), so only "sub eq prod" is used. Put the whole value in double quotes ("…") to keep a literal '#'.`,
    ]);
  });

  test.each([
    [
      "a key set twice",
      "[S]\na = 1\na = 2\n",
      "setupConfig.ini:3 [S] a: set twice (first at line 2). For several values write each line as a[] = …; otherwise keep one of the two lines.",
    ],
    [
      "a list key mixed with a plain one",
      "[S]\nrule = 1\nrule[] = 2\n",
      "setupConfig.ini:3 [S] rule: set twice (first at line 2). Write every value as rule[] = …",
    ],
    [
      "a section twice",
      "[S]\na = 1\n[s]\nb = 2\n",
      "setupConfig.ini:3 [s]: section appears twice (first at line 1). Merge the two sections into one.",
    ],
    [
      "a dot in a section name",
      "[Trust a.b]\n",
      "setupConfig.ini:1 [Trust a.b]: section names may not contain '.' (the ini format reads it as a nested section). Use '-' or '_' instead.",
    ],
    [
      "a continuation line",
      "[S]\nrule =\n  sub eq x\n",
      "setupConfig.ini:3 [S]: continuation lines are not supported. Write a list key once per value: rule[] = …",
    ],
    [
      "a line without '='",
      "[S]\njust words\n",
      `setupConfig.ini:2 [S]: expected "key = value"; got "just words". Add '= value' or remove the line.`,
    ],
    [
      "a key before any section",
      "a = 1\n[S]\n",
      "setupConfig.ini:1 a: key outside any section. Move it under a [Section] header.",
    ],
    [
      "a comment after a header",
      "[S] ; x\n",
      `setupConfig.ini:1: a section header must stand alone on its line; got "[S] ; x". Put comments on their own line.`,
    ],
  ])("reports %s", (_name, text, message) => {
    expect(parse(text).errors).toEqual([message]);
  });
});
