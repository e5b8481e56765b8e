import { WifError } from "../core/errors";
import { ImpersonationRule, RuleError } from "../core/impersonation-rule";
import { GENERIC, issuerFamily } from "../core/issuers";
import type { TrustProvider } from "./model";
import { suggest } from "./spec";
import { hasCode } from "../core/errors";

/** A rule written in setupConfig.ini could not be read; `problems` are sentences without a location. */
export class RuleSyntaxError extends WifError {
  constructor(
    public readonly problems: readonly string[],
    public readonly fix?: string,
  ) {
    super("WIF-E-RULE-SYNTAX", "badInput", problems.join("; "));
    this.name = "RuleSyntaxError";
  }
}

/**
 * Reads one `rule[]` value:
 * - `<family> key=value …`, the typed options of an issuer family of the catalogue (core/issuers/): e.g.
 *   `github repo=octo-org/app branch=main`, `gitlab project=group/app ref=main`,
 * - anything else as OCI's own syntax, `<claim> eq|co <value>`.
 *
 * @param provider the trust's provider; typed rules must match it
 */
export function parseRuleText(text: string, provider: TrustProvider): ImpersonationRule {
  const tokens = text.trim().split(/\s+/);
  const kind = tokens[0]?.toLowerCase();
  if (kind === "allow:all") {
    throw new RuleSyntaxError(
      ['"allow:all" is not a rule OCI accepts'],
      "Name who may impersonate (e.g. github repo=org/app branch=main), or write sub eq * and set allow_wildcard_rules = true.",
    );
  }
  const family = issuerFamily(kind);
  const typed = family?.rule && !/^(eq|co)$/i.test(tokens[1] ?? "") ? family.rule : undefined;
  try {
    if (!typed || !family) return ImpersonationRule.parse(text);
    if (provider !== kind && provider !== GENERIC) {
      throw new RuleSyntaxError([`a ${kind} rule cannot match tokens of this ${provider} trust`]);
    }
    const options = readOptions(tokens.slice(1), typed.options, typed.flags ?? []);
    return ImpersonationRule.of(family.id, typed.build(options));
  } catch (err) {
    if (hasCode<RuleError>(err, "WIF-E-RULE")) throw new RuleSyntaxError(err.problems);
    throw err;
  }
}

function readOptions(tokens: string[], known: readonly string[], flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const token of tokens) {
    const eq = token.indexOf("=");
    const name = (eq < 0 ? token : token.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? "true" : token.slice(eq + 1);
    if (!known.includes(name)) {
      const hint = suggest(name, known);
      problems.push(
        `unknown option ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ""}; options are ${known.join(", ")}`,
      );
    } else if (eq < 0 && !flags.includes(name)) {
      problems.push(`option "${name}" needs a value: ${name}=…`);
    } else if (name in out) {
      problems.push(`option "${name}" is given twice`);
    } else {
      out[name] = value;
    }
  }
  if (problems.length) throw new RuleSyntaxError(problems);
  return out;
}
