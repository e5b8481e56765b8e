import { printable, registerSecret } from "../../core/redact";
import { codeSpan, mdCode, mdRich, mdText, terminal, terminalBlock } from "../../core/text-out";
import { markdownShape } from "../support/markdown";

/** Values a pull request or a remote system can put in a report, one per class. */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ["a doubled backtick run and an image", "x``y`` <img src=x onerror=alert(1)>"],
  ["a value that starts and ends with backticks", "`a` and `` b ``"],
  ["raw HTML", '<img src="x" onerror="alert(1)"><script>alert(1)</script>'],
  ["a javascript: link", "[x](javascript:alert(1))"],
  ["an image", "![x](https://evil.example/x.png)"],
  ["a reference link definition", "[x]: javascript:alert(1)"],
  ["an autolink", "<https://evil.example>"],
  ["a forged heading after a newline", "a\n# ✅ approved"],
  ["a heading at the start", "# ✅ approved"],
  ["a list, a quote and a numbered item at the start", "- a\n> b\n1. c"],
  ["emphasis and strike-through", "**bold** _it_ ~~gone~~"],
  ["table pipes", "a | b | c"],
  ["an entity", "&lt;img src=x&gt; &#60;b&#62;"],
  ["a backslash before a pipe", "a\\|b\\"],
  ["a terminal colour escape", "\u001b[31mred\u001b[0m"],
  ["a bidi override", "abc\u202Eevil"],
  ["a line separator", "a\u2028b"],
  ["a NUL", "a\u0000b"],
  ["a zero-width space", "a\u200Bb"],
];

describe("codeSpan", () => {
  test.each([
    ["plain", "abc", "`abc`"],
    ["one backtick inside", "a`b", "``a`b``"],
    ["a doubled run inside", "a``b", "```a``b```"],
    ["a backtick at the start", "`a", "`` `a ``"],
    ["a space at both ends", " a ", "`  a  `"],
    ["empty", "", "` `"],
  ])("%s", (_name, value, expected) => {
    expect(codeSpan(value)).toBe(expected);
  });
});

describe("mdCode, read back by a CommonMark parser", () => {
  test.each(HOSTILE)("%s is one code span showing the printable value", (_name, value) => {
    const shape = markdownShape(`x ${mdCode(value)} y`);
    expect(shape.code).toEqual([printable(value)]);
    expect([shape.blocks, shape.html, shape.links, shape.emphasis]).toEqual([["paragraph"], [], [], 0]);
  });

  test.each(HOSTILE)("%s in a table cell keeps the row's cells", (_name, value) => {
    const row = `| ${mdCode(value, { table: true })} | b |`;
    expect(markdownShape(`| a | b |\n|---|---|\n${row}`).tableCells).toEqual([2, 2, 2]);
  });
});

describe("mdText, read back by a CommonMark parser", () => {
  test.each(HOSTILE)("%s is text showing the printable value, in a paragraph and a list item", (_name, value) => {
    for (const [doc, blocks] of [
      [`${mdText(value)}`, ["paragraph"]],
      [`- ${mdText(value)}`, ["list", "item", "paragraph"]],
      [`### ${mdText(value)}`, ["heading 3"]],
    ] as const) {
      const shape = markdownShape(doc);
      expect([shape.blocks, shape.html, shape.links, shape.emphasis, shape.code]).toEqual([blocks, [], [], 0, []]);
      expect(shape.text.trim()).toBe(printable(value).trim());
    }
  });

  test.each(HOSTILE)("%s in a table cell keeps the row's cells", (_name, value) => {
    expect(markdownShape(`| a | b |\n|---|---|\n| ${mdText(value)} | b |`).tableCells).toEqual([2, 2, 2]);
  });

  test("leaves text without markup as it is", () => {
    expect(mdText("Allow group 'Default'/'ci' to read objects in compartment apps [ServiceUser x]")).toBe(
      "Allow group 'Default'/'ci' to read objects in compartment apps [ServiceUser x]",
    );
  });
});

describe("mdRich", () => {
  test("renders our code spans as code and the rest as text, whatever the values hold", () => {
    const message = `${codeSpan("a`b <img>")} (path [x](javascript:y)) is replaced because ${codeSpan("x")} changed`;
    const shape = markdownShape(`- ${mdRich(message)}`);
    expect(shape.code).toEqual(["a`b <img>", "x"]);
    expect([shape.blocks, shape.html, shape.links]).toEqual([["list", "item", "paragraph"], [], []]);
    expect(shape.text).toBe("a`b <img> (path [x](javascript:y)) is replaced because x changed");
  });

  test("a stray backtick in a plain part cannot open a code span", () => {
    const shape = markdownShape(mdRich("a ` <img src=x> `` b"));
    expect([shape.code, shape.html, shape.text]).toEqual([[], [], "a ` <img src=x> `` b"]);
  });
});

describe("the terminal writer", () => {
  test("escapes control and bidi characters, and removes registered secrets", () => {
    registerSecret("term-secret-0123456789");
    expect(terminal("\u001b[2Jok\u202E term-secret-0123456789\nnext")).toBe(
      "\\u{001B}[2Jok\\u{202E} [secret]\\u{000A}next",
    );
    expect(terminalBlock("a\u001b[31m\nb")).toBe("a\\u{001B}[31m\nb");
  });
});
