/**
 * Helpers of the hostile-input corpus: what Terraform would evaluate in a synthesized stack, and every string
 * of a JSON document.
 */

/**
 * The live template sequences in one string, as Terraform's template scanner reads it: `${` and `%{` start an
 * interpolation or a directive, `$${` and `%%{` are escapes for the literal text.
 */
export function liveTemplatesIn(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 2; // an escape: the literal `${` or `%{`
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      out.push(text.slice(i, end < 0 ? undefined : end + 1));
    }
  }
  return out;
}

/** Every string value (and key) of a parsed JSON document. */
export function stringsOf(doc: unknown): string[] {
  if (typeof doc === "string") return [doc];
  if (Array.isArray(doc)) return doc.flatMap(stringsOf);
  if (doc && typeof doc === "object") return Object.entries(doc).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

/** The live templates of a whole stack, as a sorted set. */
export function liveTemplatesOf(doc: unknown): string[] {
  return [...new Set(stringsOf(doc).flatMap(liveTemplatesIn))].sort();
}
