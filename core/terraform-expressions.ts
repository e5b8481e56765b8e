/**
 * Reading Terraform's JSON syntax, where a string may hold template interpolations (`"${aws_x.y.id}-suffix"`).
 */

/** The text inside each `${…}` of a string, with string literals blanked (they may mention anything). */
export function expressionsIn(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while ((i = text.indexOf("${", i)) >= 0) {
    if (i > 0 && text[i - 1] === "$") {
      i += 2;
      continue;
    }
    let depth = 0;
    let inString = false;
    let expr = "";
    let j = i + 2;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') {
        inString = true;
        expr += '""';
      } else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
      if (c !== '"') expr += c;
    }
    out.push(expr);
    i = j + 1;
  }
  return out;
}

/**
 * The start of a cdktf token marker in a string: `${TfToken[…]}` (a string), `#{TfToken[…]}` (a list) or
 * `&{TfToken[…]}` (a map). cdktf resolves any marker it knows as the reference it stands for, wherever the string came
 * from, and stops at one it does not know; so text from a user or a remote system must never hold one.
 */
export const CDKTF_MARKER = /[$#&]\{TfToken\[/;

/**
 * True for a number cdktf uses as a token: an IEEE-754 double whose top 16 bits are 0xFDFF (a number token) or
 * 0xFBFF (a number-list token), a NaN-adjacent range no real value uses (cdktf/lib/tokens/private/encoding.js).
 */
function isCdktfNumberToken(x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const top = view.getUint16(0);
  return top === 0xfdff || top === 0xfbff;
}

// What cdktf scans every resolved string for as a number token written into text (NUMBER_TOKEN_REGEX there).
const NUMBER_IN_TEXT = /[-|\d.+]+e[-|\d.eE+]+/g;

/**
 * What in `text` cdktf would read as one of its tokens — a marker's start, or a number token's decimal form (cdktf
 * replaces those in every string it resolves) — or undefined. The config loader refuses such values; the
 * stack's literal step (constructs/literal.ts) refuses a marker in any text it writes.
 */
export function cdktfMarkerIn(text: string): string | undefined {
  const marker = CDKTF_MARKER.exec(text);
  if (marker) return `${marker[0]}…`;
  if (!text.includes("e")) return undefined;
  for (const m of text.matchAll(NUMBER_IN_TEXT)) if (isCdktfNumberToken(Number.parseFloat(m[0]))) return m[0];
  return undefined;
}
