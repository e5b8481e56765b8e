import { JSON_LIMITS, parseJson } from "../../core/bounded-json";

const where = { source: "f.json", root: "doc" };
const reason = (text: string | Buffer) => {
  try {
    parseJson(text, where);
    return "accepted";
  } catch (err) {
    return (err as Error).message;
  }
};

describe("the bounded JSON reader", () => {
  test("accepts nesting up to the limit and refuses one level more, counting only brackets outside strings", () => {
    const depth = (n: number) => `${"[".repeat(n)}"[[[{{{"${"]".repeat(n)}`;
    expect(reason(depth(JSON_LIMITS.maxDepth))).toBe("accepted");
    expect(reason(depth(JSON_LIMITS.maxDepth + 1))).toBe(
      `f.json: nests deeper than 128 levels (line 1, column ${JSON_LIMITS.maxDepth + 1}); refused before parsing.`,
    );
  });

  test.each([
    ['{"a": 1, "\\u0061": 2}', "f.json: doc.a: the key is given twice in one object."],
    ['{"x": [{"\\u005f_proto__": {}}]}', 'f.json: doc.x[0].__proto__: the key "__proto__" is not accepted.'],
    ['{"x": {"a": 1}, "y": {"a": 1}}', "accepted"],
    ['["__proto__", {"k": "__proto__"}]', "accepted"],
  ])("reads keys as JSON decodes them: %s", (text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  test("ignores a leading byte order mark, in text and in bytes", () => {
    expect(parseJson('\ufeff{"a": 1}', where)).toEqual({ a: 1 });
    expect(parseJson(Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x5d]), where)).toEqual([]);
  });

  test("never quotes the text in a syntax error (JSON.parse's own message would)", () => {
    const secret = "idcscs-0123456789abcdef";
    const message = reason(`{"a": ${secret}}`);
    expect(message).toBe("f.json: is not valid JSON.");
    expect(reason(`{"a": "${secret}", }`)).toMatch(/^f\.json: is not valid JSON \(line 1, column \d+\)\.$/);
  });

  test("names a cut-off document and an empty one", () => {
    expect(reason('{"a": [1, 2')).toMatch(
      /^f\.json: (ends before the JSON is complete \(cut off\?\)|is not valid JSON \(line 1, column \d+\))\.$/,
    );
    expect(reason("  \n")).toBe("f.json: is empty, not JSON.");
  });
});
