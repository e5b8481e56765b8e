import type { SuppressionSettings } from "../model";
import type { ReadContext } from "./context";

/** `[Suppress <rule>]`: review findings accepted on purpose, each with a reason. */
export function readSuppressions(c: ReadContext): void {
  const { file, reader, problems } = c;
  const suppressions: SuppressionSettings[] = [];
  for (const s of c.byType.get("Suppress") ?? []) {
    const reason = reader.string(s, "reason");
    if (reason !== undefined && reason.length < 10) {
      problems.error({
        file,
        line: s.entries.get("reason")!.line,
        section: s.name,
        key: "reason",
        value: reason,
        message: "is too short to say why",
        fix: "Give the justification or a ticket, at least 10 characters.",
      });
      continue;
    }
    if (reason !== undefined) {
      suppressions.push({
        ruleId: s.label!.toUpperCase(),
        reason,
        appliesTo: reader.list(s, "applies_to").map((a) => a.value),
        line: s.line,
      });
    }
  }
  c.draft.suppressions = suppressions;
}
