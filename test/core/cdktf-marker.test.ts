import { Lazy, Token, Tokenization } from "cdktf";
import { cdktfMarkerIn } from "../../core/terraform-expressions";

describe("cdktfMarkerIn", () => {
  test.each([
    ["a string marker", "a ${TfToken[TOKEN.12]} b", "${TfToken[…"],
    ["a list marker", "#{TfToken[TOKEN.3]}", "#{TfToken[…"],
    ["a map marker", "x&{TfToken[TOKEN.3]}", "&{TfToken[…"],
    ["a marker behind Terraform's escape", "$${TfToken[TOKEN.1]}", "${TfToken[…"],
  ])("finds %s", (_what, text, found) => {
    expect(cdktfMarkerIn(text)).toBe(found);
  });

  test("finds the decimal form of a number token and of a number-list token, as cdktf writes them into a string", () => {
    const n = Token.asNumber(Lazy.numberValue({ produce: () => 1 }));
    const list = Token.asNumberList(Lazy.anyValue({ produce: () => [1] }));
    expect(Tokenization.reverseNumber(n)).toBeDefined();
    expect(Tokenization.reverseNumberList(list)).toBeDefined();
    for (const x of [n, list[0]]) expect(cdktfMarkerIn(`timeout ${x} s`)).toBe(String(x));
  });

  test.each([
    "plain text",
    "${var.x} %{ if true }",
    "TfToken[TOKEN.1]",
    "＄{TfToken[TOKEN.1]}",
    "1e5 2.5e-3 -1e300 1.7976931348623157e+308 -1.79e+308",
    "e",
  ])("finds nothing in %j", (text) => {
    expect(cdktfMarkerIn(text)).toBeUndefined();
  });
});
