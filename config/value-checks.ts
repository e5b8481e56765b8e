import { isUnprintable } from "../core/redact";
import { cdktfMarkerIn } from "../core/terraform-expressions";

/**
 * Checks every config value gets before its own: what cannot be right whatever the key. Key material where a
 * certificate, URL, OCID or name is expected is refused without echoing it; an invisible, control or (outside free
 * text) non-ASCII character is refused naming the character and its column, because `https://gitlаb.com` with a
 * Cyrillic `а`, or a zero-width space in an audience, is another issuer or audience that no one can see.
 */

/** Keys whose values are prose (descriptions): any printable Unicode is fine there. */
const FREE_TEXT_KEYS = new Set(["description", "policy_description", "reason", "scope"]);

/** What a value holds that is refused, or undefined. `secret` means the value must not be shown. */
export interface ValueRefusal {
  readonly message: string;
  readonly fix: string;
  readonly secret: boolean;
}

const KEY_MATERIAL: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----|PRIVATE KEY-----/, "a PEM private key"],
  [/-----BEGIN [A-Z0-9 ]+-----/, "a PEM block"],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./, "a JWT"],
  [/\bidcscs-[A-Za-z0-9-]{8,}/, "an OCI client secret"],
];

/** The character at a code point as `U+XXXX`, with the character itself when it is visible. */
export function describeChar(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return isUnprintable(ch) ? code : `${code} '${ch}'`;
}

/** The first character of `value` that `bad` accepts, with its 1-based column (in characters). */
function firstChar(value: string, bad: (ch: string) => boolean): { ch: string; column: number } | undefined {
  let column = 0;
  for (const ch of value) {
    column++;
    if (bad(ch)) return { ch, column };
  }
  return undefined;
}

function looksLikeKeyBody(value: string): boolean {
  // A long run of base64 mixing cases and digits is key material; OCIDs and hashes are one case or hex.
  return (value.match(/[A-Za-z0-9+/]{60,}={0,2}/g) ?? []).some(
    (r) => /[A-Z]/.test(r) && /[a-z]/.test(r) && /[0-9]/.test(r),
  );
}

/** Refusal of a value of `key`, whatever the key's own rules say. */
export function refuseValue(key: string, value: string): ValueRefusal | undefined {
  for (const [re, kind] of KEY_MATERIAL) {
    if (re.test(value) && !(key === "public_certificate" && kind === "a PEM block")) {
      return {
        message: `holds ${kind}, which is never written or shown`,
        fix: "Remove it from the file; if it is a real secret, rotate it.",
        secret: true,
      };
    }
  }
  if (key !== "public_certificate" && looksLikeKeyBody(value)) {
    return {
      message: "holds what looks like key material (a long base64 run), which is never written or shown",
      fix: "Remove it from the file; if it is a real secret, rotate it.",
      secret: true,
    };
  }
  const marker = cdktfMarkerIn(value);
  if (marker) {
    return {
      message: `holds ${JSON.stringify(marker)}, which cdktf reads as one of its token markers (a live Terraform reference)`,
      fix: "Remove it: no setting takes cdktf's token syntax.",
      secret: false,
    };
  }
  const invisible = firstChar(value, isUnprintable);
  if (invisible) {
    return {
      message: `contains the invisible or control character ${describeChar(invisible.ch)} at column ${invisible.column}`,
      fix: "Retype the value; copied text can carry characters no one sees.",
      secret: false,
    };
  }
  if (!FREE_TEXT_KEYS.has(key)) {
    const wide = firstChar(value, (ch) => ch.codePointAt(0)! > 0x7e);
    if (wide) {
      return {
        message: `contains the non-ASCII character ${describeChar(wide.ch)} at column ${wide.column}`,
        fix: "Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
        secret: false,
      };
    }
  }
  return undefined;
}
