import { decodeUtf8 } from "../../core/text-encoding";

const TEXT = "[WIFConfig]\ndescription = Déploiement ✓\n";
const utf32 = (text: string, le: boolean) => {
  const b = Buffer.alloc([...text].length * 4);
  [...text].forEach((c, i) =>
    le ? b.writeUInt32LE(c.codePointAt(0)!, i * 4) : b.writeUInt32BE(c.codePointAt(0)!, i * 4),
  );
  return b;
};

describe("decoding a file's bytes", () => {
  test.each([
    ["UTF-8", Buffer.from(TEXT, "utf8"), TEXT],
    ["UTF-8 with a byte-order mark, which is kept", Buffer.from(`\ufeff${TEXT}`, "utf8"), `\ufeff${TEXT}`],
    ["an empty file", Buffer.alloc(0), ""],
    ["one ASCII character", Buffer.from("x"), "x"],
  ])("reads %s as it is", (_name, bytes, text) => {
    expect(decodeUtf8(bytes)).toEqual({ text });
  });

  test.each([
    [
      "UTF-16LE with a mark",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]),
      "looks like UTF-16LE; save it as UTF-8",
    ],
    ["UTF-16LE without a mark", Buffer.from(TEXT, "utf16le"), "looks like UTF-16LE; save it as UTF-8"],
    [
      "UTF-16BE with a mark",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, "utf16le").swap16()]),
      "looks like UTF-16BE; save it as UTF-8",
    ],
    ["UTF-16BE without a mark", Buffer.from(TEXT, "utf16le").swap16(), "looks like UTF-16BE; save it as UTF-8"],
    [
      "UTF-32LE with a mark",
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(TEXT, true)]),
      "looks like UTF-32LE; save it as UTF-8",
    ],
    ["UTF-32BE without a mark", utf32(TEXT, false), "looks like UTF-32BE; save it as UTF-8"],
    [
      "Latin-1",
      Buffer.from(TEXT.replace(" ✓", ""), "latin1"),
      "looks like Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8 (byte 0xE9 on line 2); save it as UTF-8",
    ],
    [
      "Windows-1252 quotes",
      Buffer.from("a = \u0093b\u0094\n", "latin1"),
      "looks like Windows-1252, not UTF-8 (byte 0x93 on line 1); save it as UTF-8",
    ],
    [
      "a UTF-8 sequence cut short at the end",
      Buffer.from([0x61, 0x0a, 0xe2, 0x9c]),
      "ends in the middle of a UTF-8 character on line 2 (it was cut short)",
    ],
    [
      "an ASCII file with one NUL byte",
      Buffer.from(`${"a = b\n".repeat(50)}c\u0000d\n`, "utf8"),
      "holds a NUL byte on line 51, so it is not a text file",
    ],
  ])("refuses %s, saying what it looks like", (_name, bytes, reason) => {
    expect(decodeUtf8(bytes)).toEqual({ reason });
  });
});
