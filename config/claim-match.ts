import { CLAIM_NAME, claimValueProblem, type ClaimCondition } from "../core/trust-modes";
import { issuerFamily } from "../core/issuers";

/**
 * Reads a claim match: `<family> key=value …` with an issuer family's shorthands (core/issuers/: `github repo=o/r
 * branch=main`, `gitlab project=g/p ref=main`), or `<claim>=<value> …`. Used for a trust's `validate[]` and a
 * workload's `match`: both are "these claims equal these values".
 */

/** The claims a match text names, or the problems that stop it (each a sentence fragment). */
export type ClaimMatchResult = { readonly claims: ClaimCondition[] } | { readonly problems: string[] };

/** Parses a claim match; every problem is reported, not only the first. */
export function parseClaimMatch(text: string): ClaimMatchResult {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const kind = words[0]?.toLowerCase();
  const shorthand = issuerFamily(kind)?.claims;
  const pairs = shorthand ? words.slice(1) : words;
  const problems: string[] = [];
  const claims: ClaimCondition[] = [];
  if (!pairs.length) problems.push("names no claim");
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = eq > 0 ? pair.slice(0, eq) : pair;
    const value = eq > 0 ? pair.slice(eq + 1) : "";
    let claim: ClaimCondition | undefined;
    if (eq <= 0 || value === "") {
      problems.push(`"${pair}" is not key=value`);
      continue;
    }
    if (shorthand) {
      const build = shorthand[key.toLowerCase()];
      if (!build) {
        problems.push(`${kind} takes ${Object.keys(shorthand).join(", ")}, not "${key}"`);
        continue;
      }
      claim = build(value);
    } else if (!CLAIM_NAME.test(key)) {
      problems.push(`"${key}" is not a claim name`);
      continue;
    } else {
      claim = { name: key, value };
    }
    const bad = claimValueProblem(claim.value);
    if (bad) problems.push(`the value of ${key} ${bad}`);
    else if (claims.some((c) => c.name === claim.name)) problems.push(`names the claim ${claim.name} twice`);
    else claims.push(claim);
  }
  return problems.length ? { problems } : { claims };
}
