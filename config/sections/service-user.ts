import type { IniEntry, IniSection } from "../../core/ini-file";
import { hasCode } from "../../core/errors";
import { evaluatedForm } from "../../core/impersonation-rule";
import { isPolicyStatementBody, smuggledStatement } from "../../core/policy-statement";
import { checkPolicyHome, warnUnusedTrusts } from "../cross-checks";
import type { RuleSettings, ServiceUserSettings, TrustSettings } from "../model";
import { LABEL } from "../reader";
import { parseRuleText, RuleSyntaxError } from "../rule-syntax";
import { suggest } from "../spec";
import { one, type ReadContext } from "./context";

/**
 * The service users: the seed's `[ServiceUserConfig]` (with the seed trust's `impersonationrule`) plus every
 * `[ServiceUser <name>]`, each mapped to its trust's rules; then the checks that need the users and trusts together
 * (no rule twice, a home for policies, no trust without users).
 */
export function readServiceUsers(c: ReadContext): void {
  const { file, reader, problems } = c;
  const { trusts, trustSectionCount, seedTrust } = c.draft;
  const users: ServiceUserSettings[] = [];
  const seedUser = one(c, "ServiceUserConfig");
  const seedRule = seedTrust?.entries.get("impersonationrule");
  if (seedRule && !seedUser) {
    problems.error({
      file,
      line: seedRule.line,
      section: seedTrust!.name,
      key: "impersonationrule",
      message: "has no service user to map to",
      fix: "Add [ServiceUserConfig] with user_name = <name>.",
    });
  }
  const userSections: Array<[IniSection, string | undefined, IniEntry | undefined]> = [];
  if (seedUser) userSections.push([seedUser, reader.name(seedUser, "user_name", undefined, LABEL), seedRule]);
  for (const s of c.byType.get("ServiceUser") ?? []) userSections.push([s, s.label, undefined]);
  for (const [section, userName, extraRule] of userSections) {
    if (!userName) continue;
    const user = readServiceUser(c, section, userName, trusts, trustSectionCount, extraRule, seedTrust);
    if (user) users.push(user);
  }
  users.sort((a, b) => a.line - b.line); // so the later section is the one called a duplicate
  reader.unique(
    users,
    (u) => u.userName.toLowerCase(),
    "user name",
    "User names are unique in a domain (case-insensitively)",
  );
  reader.unique(
    users,
    (u) => u.groupName.toLowerCase(),
    "group",
    "Give each service user its own group, so each policy grants exactly one user",
  );
  uniqueRules(c, users);
  c.draft.users = users;
  checkPolicyHome(c, c.draft.oci, users);
  warnUnusedTrusts(c, trusts, users);
}

function readServiceUser(
  c: ReadContext,
  section: IniSection,
  userName: string,
  trusts: TrustSettings[],
  trustCount: number,
  seedRule: IniEntry | undefined,
  /** The seed's `[TrustConfiguration]`, which holds `seedRule`. */
  seedTrust?: IniSection,
): ServiceUserSettings | undefined {
  const { file, reader, problems } = c;
  const before = problems.errorCount;
  const trustLabel = reader.string(section, "trust");
  let trust: TrustSettings | undefined;
  if (trustLabel !== undefined) {
    trust = trusts.find((t) => t.label.toLowerCase() === trustLabel.toLowerCase());
    if (!trust && !trusts.length && trustCount) return undefined; // the trust itself had errors
    if (!trust) {
      const hint = suggest(
        trustLabel,
        trusts.map((t) => t.label),
      );
      reader.fail(
        section,
        "trust",
        trustLabel,
        "names no trust",
        hint ? `Did you mean ${hint}?` : `Trusts: ${trusts.map((t) => t.label).join(", ") || "none"}.`,
      );
    }
  } else if (trustCount === 1) {
    trust = trusts[0];
  } else {
    problems.error({
      file: file,
      line: section.line,
      section: section.name,
      key: "trust",
      message: trustCount === 0 ? "there is no trust for this user" : "is required when there are several trusts",
      fix:
        trustCount === 0
          ? "Add a [Trust <label>] with issuer = … ."
          : `Set trust = one of ${trusts.map((t) => t.label).join(", ")}.`,
    });
  }

  const written = reader.list(section, "rule");
  if (seedRule) {
    written.push(
      ...seedRule.values
        .map((value, i) => ({ value: value.trim(), line: seedRule.lines[i] }))
        // The checks every value gets (key material, cdktf markers, control characters), as reader.list gives rule[].
        .filter((r) => r.value && !(seedTrust && reader.refused(seedTrust, seedRule, r.value, r.line))),
    );
  }
  const rules: RuleSettings[] = [];
  {
    for (const { value, line } of written) {
      const where = seedRule?.lines.includes(line)
        ? { section: "TrustConfiguration", key: "impersonationrule" }
        : { section: section.name, key: "rule" };
      try {
        // Without a trust (already reported), still check the rule's syntax.
        const rule = parseRuleText(value, trust?.provider ?? "generic");
        if (trust && rule.isWildcard && !trust.allowWildcardRules) {
          problems.error({
            file: file,
            line,
            ...where,
            value,
            message: "matches every token the issuer signs, so anyone who can get one could become this user",
            fix: `Narrow the rule, or set allow_wildcard_rules = true in [${trust.section}] if that is really meant.`,
          });
          continue;
        }
        rules.push({ source: value, rule, line });
      } catch (err) {
        if (!hasCode<RuleSyntaxError>(err, "WIF-E-RULE-SYNTAX")) throw err;
        for (const message of err.problems) {
          problems.error({ file: file, line, ...where, message, fix: err.fix, value });
        }
      }
    }
  }
  if (!written.length) {
    problems.error({
      file: file,
      line: section.line,
      section: section.name,
      key: "rule",
      message: "at least one rule is needed, or no token can become this user",
      fix: "Add rule[] = github repo=<owner>/<repo> branch=main (or gitlab …, or <claim> eq <value>).",
    });
  }

  const groupName = reader.name(section, "group", /'/) ?? `${userName}-group`;
  const policyName = reader.name(section, "policy_name") ?? `${groupName}-policy`;
  const statements: string[] = [];
  for (const { value, line } of reader.list(section, "allow")) {
    const where = { file: file, line, section: section.name, key: "allow", value };
    if (/^allow\s/i.test(value)) {
      problems.error({
        ...where,
        message: "holds a whole statement",
        fix: `Write only what follows "Allow group … to", e.g. ${value.replace(/^allow\s+.*?\s+to\s+/i, "") || "read buckets in compartment ci"}.`,
      });
    } else if (smuggledStatement(value)) {
      problems.error({
        ...where,
        message: smuggledStatement(value)!,
        fix: "Write one statement per allow[] line.",
      });
    } else if (!isPolicyStatementBody(value)) {
      problems.error({
        ...where,
        message: "is not a policy statement body",
        fix: "Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].",
      });
    } else {
      statements.push(value.replace(/\s+/g, " "));
    }
  }
  if (!statements.length && problems.errorCount === before) {
    problems.warn({
      file: file,
      line: section.line,
      section: section.name,
      key: "allow",
      message: "no policy statements, so tokens exchanged for this user can do nothing in OCI",
      fix: "Add allow[] = <verb> <resource-type> in compartment <name>.",
    });
  }
  const description = reader.string(section, "description");
  if (problems.errorCount > before || !trust) return undefined;
  return {
    userName,
    section: section.name,
    line: section.line,
    trust: trust.label,
    rules,
    groupName,
    policyName,
    statements,
    description,
  };
}

/**
 * The same rule for two users would make the exchange depend on the order OCI evaluates them in, which
 * Terraform cannot set (`impersonation_service_users` is a set).
 */
function uniqueRules(c: ReadContext, users: ServiceUserSettings[]): void {
  const { file, problems } = c;
  const seen = new Map<string, ServiceUserSettings>();
  for (const user of users) {
    for (const { rule, line, source } of user.rules) {
      for (const expression of rule.expressions) {
        // In the form OCI evaluates (quotes stripped): `sub eq X` and `sub eq "X"` are one rule.
        const key = `${user.trust}\u0000${evaluatedForm(expression)}`;
        const first = seen.get(key);
        if (first) {
          problems.error({
            file: file,
            line,
            section: user.section,
            key: "rule",
            value: source,
            message: first === user ? "repeats another rule of this user" : `is also a rule of [${first.section}]`,
            fix:
              first === user
                ? "Remove one."
                : "A token must map to exactly one service user; keep the rule in one section.",
          });
        } else {
          seen.set(key, user);
        }
      }
    }
  }
}
