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
