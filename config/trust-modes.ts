import type { IniSection } from "../core/ini-file";
import {
  DEFAULT_SUBJECT_CLAIM,
  DEFAULT_USER_ATTRIBUTE,
  MAX_CLAIM_PROPAGATIONS,
  CLAIM_NAME,
  claimOfPropagated,
  TRUST_MODES,
  type ClaimCondition,
  type TrustMode,
} from "../core/trust-modes";
import type { ProblemList } from "../core/problems";
import { parseClaimMatch } from "./claim-match";
import type { TrustSettings } from "./model";
import type { Reader } from "./reader";

/** The mode fields of a trust, read from its section (`mode`, `subject_claim`, …, `validate[]`). */
export type TrustModeFields = Pick<
  TrustSettings,
  "mode" | "userMapping" | "resourceLabel" | "propagatedClaims" | "claimValidations"
>;

const RESOURCE_LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const USER_ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_.:]{0,127}$/;
const ONLY_IN: Record<string, TrustMode> = {
  subject_claim: "user",
  user_attribute: "user",
  resource_label: "resource",
  propagate: "resource",
};

/**
 * Reads a trust's mode keys. Problems go to the reader (so the trust is dropped when there are any); the result
 * holds only what was given, so an impersonation trust without these keys has exactly the fields it had before.
 */
export function readTrustModes(
  reader: Reader,
  section: IniSection,
  problems: ProblemList,
  file: string,
): TrustModeFields {
  const chosen = reader.choice(section, "mode", TRUST_MODES) as TrustMode | undefined;
  // A misspelt mode is reported once; checking the other keys against a guessed mode would only add noise.
  if (chosen === undefined && section.entries.has("mode")) return {};
  const mode = chosen ?? "impersonation";
  for (const [key, only] of Object.entries(ONLY_IN)) {
    if (section.entries.has(key) && mode !== only)
      reader.fail(section, key, undefined, `applies only to mode = ${only}`, `Remove it, or set mode = ${only}.`);
  }
  const out: { -readonly [K in keyof TrustModeFields]: TrustModeFields[K] } = {};
  if (section.entries.has("mode")) out.mode = mode;
  if (mode === "user") {
    out.userMapping = {
      claim: reader.pattern(section, "subject_claim", CLAIM_NAME, "a claim name such as sub") ?? DEFAULT_SUBJECT_CLAIM,
      attribute:
        reader.pattern(section, "user_attribute", USER_ATTRIBUTE, "a user attribute such as userName") ??
        DEFAULT_USER_ATTRIBUTE,
    };
  }
  if (mode === "resource") {
    out.resourceLabel = reader.pattern(
      section,
      "resource_label",
      RESOURCE_LABEL,
      "letters, digits, '.', '_' or '-' (at most 64)",
    );
    if (!section.entries.has("resource_label")) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        key: "resource_label",
        message: "is required with mode = resource",
        fix: "Set resource_label = <label>, e.g. github-actions; clients send it as res_type.",
      });
    }
    const claims: string[] = [];
    for (const { value, line } of reader.list(section, "propagate")) {
      const claim = claimOfPropagated(value);
      if (!CLAIM_NAME.test(claim))
        problems.error({
          file,
          line,
          section: section.name,
          key: "propagate",
          value,
          message: "must be a claim name",
          fix: "Write the token's claim, e.g. repository.",
        });
      else if (claims.includes(claim))
        problems.error({
          file,
          line,
          section: section.name,
          key: "propagate",
          value,
          message: "repeats another propagated claim",
          fix: "Remove the duplicate.",
        });
      else claims.push(claim);
    }
    if (claims.length > MAX_CLAIM_PROPAGATIONS) {
      problems.error({
        file,
        line: section.entries.get("propagate")!.line,
        section: section.name,
        key: "propagate",
        value: claims.join(", "),
        message: `holds ${claims.length} claims; OCI propagates at most ${MAX_CLAIM_PROPAGATIONS}`,
        fix: "Keep the claims your [Workload] matches test.",
      });
    }
    out.propagatedClaims = claims;
  }
  const validations: ClaimCondition[] = [];
  for (const { value, line } of reader.list(section, "validate")) {
    const parsed = parseClaimMatch(value);
    if ("problems" in parsed) {
      for (const message of parsed.problems)
        problems.error({
          file,
          line,
          section: section.name,
          key: "validate",
          value,
          message,
          fix: "Write github owner_id=<id>, gitlab namespace_id=<id>, or <claim>=<value>.",
        });
      continue;
    }
    for (const c of parsed.claims) {
      if (validations.some((v) => v.name === c.name)) {
        problems.error({
          file,
          line,
          section: section.name,
          key: "validate",
          value,
          message: `validates ${c.name} a second time`,
          fix: "OCI keeps one value per claim; keep one.",
        });
      } else validations.push(c);
    }
  }
  if (validations.length) out.claimValidations = validations;
  // WIF-W-GITHUB-OWNER (a GitHub trust in mode user/resource that pins no owner) is the construct's warning, so
  // synthesis prints it once whether the trust came from this file or from code.
  return out;
}
