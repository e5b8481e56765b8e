import type { StackModel } from "./model";
import type { Finding, ReviewRule } from "./rule";
import { RULES } from "./rules";

/**
 * Findings about the suppressions themselves. They are not rules (they judge the config, not the stack), so they
 * cannot be suppressed; docs/review.md lists them with the rules.
 */
export const SUPPRESSION_CHECKS = {
  invalid: {
    id: "WIF-X1",
    level: "warning" as const,
    cause: "A [Suppress] names no known rule, or gives no reason.",
  },
  unused: {
    id: "WIF-X2",
    level: "warning" as const,
    cause: "A [Suppress] matches no finding.",
  },
};

/**
 * Runs the rules on one stack and applies its suppressions: a suppression matches a finding when its rule is
 * the finding's rule and it has no `applies_to`, or one entry is part of the finding's construct path. Suppressed
 * findings are kept, with the reason. A suppression that is invalid or matches nothing becomes a warning.
 */
export function lintStack(model: StackModel, rules: readonly ReviewRule[] = RULES): Finding[] {
  const stack = model.stack.name;
  const raw: Finding[] = [];
  const fixed = new Set(rules.filter((r) => r.unsuppressible).map((r) => r.id));
  for (const rule of rules) {
    for (const f of rule.check(model)) raw.push({ ...f, rule: rule.id, level: rule.level, stack });
  }
  const known = new Set(rules.map((r) => r.id));
  const used = new Set<number>();
  const valid = model.stack.suppressions.filter((s) => known.has(s.rule) && s.reason !== "");
  const findings = raw.map((f) => {
    const s = valid.find(
      (x) =>
        !fixed.has(f.rule) &&
        x.rule === f.rule &&
        (x.appliesTo.length === 0 || x.appliesTo.some((a) => f.path.includes(a))),
    );
    if (!s) return f;
    used.add(s.index);
    return { ...f, suppressed: { reason: s.reason } };
  });

  const where = (i: number) => ({ address: `"//".wif.suppressions[${i}]`, path: `${stack}`, stack });
  for (const s of model.stack.suppressions) {
    const { invalid, unused } = SUPPRESSION_CHECKS;
    if (!known.has(s.rule)) {
      findings.push({
        ...where(s.index),
        rule: invalid.id,
        level: invalid.level,
        message: `[Suppress ${s.rule || "?"}] names no review rule, so it silences nothing; rules are ${[...known].join(", ")}`,
      });
    } else if (s.reason === "") {
      findings.push({
        ...where(s.index),
        rule: invalid.id,
        level: invalid.level,
        message: `[Suppress ${s.rule}] has no reason, so it is not applied`,
      });
    } else if (!used.has(s.index)) {
      findings.push({
        ...where(s.index),
        rule: unused.id,
        level: unused.level,
        message:
          s.appliesTo.length === 0
            ? `[Suppress ${s.rule}] matches no finding; remove it`
            : `[Suppress ${s.rule}] with applies_to ${s.appliesTo.map((a) => JSON.stringify(a)).join(", ")} matches no finding; fix the path or remove it`,
      });
    }
  }
  return findings;
}

/** Whether findings fail the run: any unsuppressed error. */
export function hasBlockingFindings(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === "error" && !f.suppressed);
}
