/**
 * Turning the bytes of a file into text. Every file we read is UTF-8 (a UTF-8 byte-order mark is allowed and kept);
 * anything else is refused with one line that says what the file looks like, because decoding it as UTF-8 anyway
 * would turn each foreign character into U+FFFD (a Latin-1 `é` in a description is silently stored as `�`) or, for
 * UTF-16, into a NUL between every two letters that the config reader reports as dozens of garbled errors.
 *
 * This module imports nothing, so every reader (core/bounded-file.ts) can use it.
 */

/** Why bytes are not UTF-8 text: `looks like UTF-16LE; save it as UTF-8`. Completes "<file> …". */
export interface EncodingRefusal {
  readonly reason: string;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The encodings a byte-order mark names, longest first (UTF-32LE's mark starts with UTF-16LE's). */
const BOMS: ReadonlyArray<[readonly number[], string]> = [
  [[0xff, 0xfe, 0x00, 0x00], "UTF-32LE"],
  [[0x00, 0x00, 0xfe, 0xff], "UTF-32BE"],
  [[0xff, 0xfe], "UTF-16LE"],
  [[0xfe, 0xff], "UTF-16BE"],
];

/** How many leading bytes the NUL-pattern check looks at: enough for a few lines, bounded for large files. */
const SNIFF_BYTES = 4096;

/** The encoding a byte-order mark names, or undefined. */
function bomEncoding(bytes: Uint8Array): string | undefined {
  return BOMS.find(([mark]) => mark.length <= bytes.length && mark.every((b, i) => bytes[i] === b))?.[1];
}

/**
 * The wide encoding that NUL bytes in fixed positions betray when there is no byte-order mark: ASCII text in
 * UTF-16LE is `x 00 x 00`, in UTF-16BE `00 x 00 x`, in UTF-32LE `x 00 00 00`. Decided on the first bytes only;
 * at least half of the code units must follow the pattern, so one stray NUL does not name an encoding.
 */
function nulPattern(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  // Each pattern: the unit's size, and which of its bytes are NUL for an ASCII character (the others are not).
  const patterns: ReadonlyArray<[string, number, readonly boolean[]]> = [
    ["UTF-32LE", 4, [false, true, true, true]],
    ["UTF-32BE", 4, [true, true, true, false]],
    ["UTF-16LE", 2, [false, true]],
    ["UTF-16BE", 2, [true, false]],
  ];
  for (const [name, size, nul] of patterns) {
    let units = 0;
    let matching = 0;
    for (let i = 0; i + size <= n; i += size) {
      units++;
      if (nul.every((isNul, k) => (bytes[i + k] === 0) === isNul)) matching++;
    }
    if (units && matching * 2 >= units) return name;
  }
  return undefined;
}

/** Line (1-based) of a byte offset. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      strict.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return -1;
}

/** True when the bytes from `at` are the start of a UTF-8 sequence that the end of the file cuts off. */
function cutShort(bytes: Uint8Array, at: number): boolean {
  const b = bytes[at];
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || at + len <= bytes.length) return false;
  for (let i = at + 1; i < bytes.length; i++) if (bytes[i] < 0x80 || bytes[i] > 0xbf) return false;
  return true;
}

/**
 * Decodes `bytes` as UTF-8, or says what they look like instead. A UTF-8 byte-order mark is kept (the ini reader
 * skips it). A NUL byte is refused too: no text file we read holds one.
 * @param save the fix that ends a refusal of another encoding; an HTTP answer is not saved by anyone, so the JSON
 *   reader (core/bounded-json.ts) says what it must be instead
 */
export function decodeUtf8(bytes: Uint8Array, save = "; save it as UTF-8"): { text: string } | EncodingRefusal {
  const wide = bomEncoding(bytes) ?? nulPattern(bytes);
  if (wide) return { reason: `looks like ${wide}${save}` };
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const byte = bytes[Math.max(at, 0)];
    if (cutShort(bytes, at))
      return { reason: `ends in the middle of a UTF-8 character on line ${lineOf(bytes, at)} (it was cut short)` };
    // 0x80-0x9F are control characters in Latin-1 but letters and signs (€, “, ”) in Windows-1252.
    const kind = bytes.some((b) => b >= 0x80 && b <= 0x9f) ? "Windows-1252" : "Latin-1 (ISO-8859-1) or Windows-1252";
    return {
      reason: `looks like ${kind}, not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${lineOf(bytes, at)})${save}`,
    };
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0)
    return { reason: `holds a NUL byte on line ${text.slice(0, nul).split("\n").length}, so it is not a text file` };
  return { text };
}
