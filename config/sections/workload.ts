import type { IniSection } from "../../core/ini-file";
import { isPolicyStatementBody } from "../../core/policy-statement";
import type { ProblemList } from "../../core/problems";
import { parseClaimMatch } from "../claim-match";
import { readDeployAuth } from "../deploy-auth";
import type { TrustSettings, WorkloadSettings } from "../model";
import { compare, OCID, type Reader } from "../reader";
import { suggest } from "../spec";
import type { ReadContext } from "./context";

const DOMAIN_OCID = OCID("domain");

/**
 * `[Workload <label>]`, with the mode keys of other sections that only RPST set-ups need (config/spec-modes.ts):
 * `[IdentityDomain] domain_ocid` and `[OCIConfig] wif_*`. Checks what crosses sections: service users only on
 * impersonation trusts, workloads only on resource trusts with the claims they match propagated.
 */
export function readWorkloads(c: ReadContext): void {
  const { file, reader, problems, draft } = c;
  const { trusts } = draft;
  const policyHomeGiven =
    draft.oci.section &&
    (draft.oci.section.entries.has("tenancy_ocid") || draft.oci.section.entries.has("compartment_ocid"));
  const policyHome =
    draft.oci.compartmentOcid ?? draft.oci.tenancyOcid ?? (policyHomeGiven ? "(invalid, reported)" : undefined);
  const domainOcid =
    draft.domain.section &&
    reader.pattern(draft.domain.section, "domain_ocid", DOMAIN_OCID, "an identity domain OCID, ocid1.domain.oc1..<id>");
  for (const u of draft.users) {
    const trust = trusts.find((t) => t.label === u.trust);
    if (trust?.mode && trust.mode !== "impersonation") {
      problems.error({
        file,
        line: u.line,
        section: u.section,
        key: "trust",
        value: u.trust,
        message: `names a trust in mode = ${trust.mode}, which maps tokens without service users or rules`,
        fix:
          trust.mode === "resource"
            ? "Grant workloads with a [Workload <name>] section instead."
            : "Remove the section: the token becomes the domain user its claim names.",
      });
    }
  }
  const resourceTrusts = trusts.filter((t) => t.mode === "resource");
  const workloads: WorkloadSettings[] = [];
  for (const s of c.byType.get("Workload") ?? []) {
    const w = readWorkload(s, reader, problems, file, resourceTrusts, draft.trustSectionCount > trusts.length);
    if (w) workloads.push(w);
  }
  if (workloads.length && !policyHome) {
    problems.error({
      file,
      section: draft.oci.section?.name ?? "OCIConfig",
      key: "tenancy_ocid",
      message: "is needed because [Workload] sections grant permissions, and policies live in a compartment",
      fix: "Set [OCIConfig] tenancy_ocid (and compartment_ocid to keep policies out of the root compartment).",
    });
  }
  for (const t of resourceTrusts) {
    if (!workloads.some((w) => w.trust === t.label)) {
      problems.warn({
        file,
        line: t.line,
        section: t.section,
        message: "no [Workload] uses this trust, so its RPSTs may do nothing",
        fix: `Add a [Workload <name>] with trust = ${t.label}.`,
      });
    }
  }
  const deployAuth = readDeployAuth(
    draft.oci.section,
    draft.oci.auth,
    draft.domain.url,
    reader,
    problems,
    file,
    c.baseDir,
  );
  draft.workloads = workloads.sort((a, b) => compare(a.label, b.label));
  draft.domain.ocid = domainOcid;
  draft.oci.deployAuth = deployAuth;
}

function readWorkload(
  s: IniSection,
  reader: Reader,
  problems: ProblemList,
  file: string,
  resourceTrusts: readonly TrustSettings[],
  someTrustFailed: boolean,
): WorkloadSettings | undefined {
  const before = problems.errorCount;
  const label = s.label!;
  const trustLabel = reader.string(s, "trust");
  let trust: TrustSettings | undefined;
  if (trustLabel !== undefined) {
    trust = resourceTrusts.find((t) => t.label.toLowerCase() === trustLabel.toLowerCase());
    if (!trust && someTrustFailed) return undefined; // its trust had errors, already reported
    if (!trust) {
      const hint = suggest(
        trustLabel,
        resourceTrusts.map((t) => t.label),
      );
      reader.fail(
        s,
        "trust",
        trustLabel,
        "names no trust with mode = resource",
        hint ? `Did you mean ${hint}?` : `Resource trusts: ${resourceTrusts.map((t) => t.label).join(", ") || "none"}.`,
      );
    }
  } else if (resourceTrusts.length === 1) {
    trust = resourceTrusts[0];
  } else if (someTrustFailed) {
    return undefined;
  } else {
    problems.error({
      file,
      line: s.line,
      section: s.name,
      key: "trust",
      message: resourceTrusts.length
        ? "is required when there are several resource trusts"
        : "there is no trust with mode = resource",
      fix: resourceTrusts.length
        ? `Set trust = one of ${resourceTrusts.map((t) => t.label).join(", ")}.`
        : "Add mode = resource, resource_label and propagate[] to a [Trust].",
    });
  }
  const matchText = reader.string(s, "match");
  let claims: WorkloadSettings["claims"] = [];
  if (matchText !== undefined) {
    const parsed = parseClaimMatch(matchText);
    if ("problems" in parsed) {
      for (const message of parsed.problems)
        reader.fail(
          s,
          "match",
          matchText,
          message,
          "Write github repo=<o/r> branch=<b>, gitlab project=<g/p> ref=<r>, or <claim>=<value>.",
        );
    } else {
      claims = parsed.claims;
      for (const c of claims) {
        if (trust && !(trust.propagatedClaims ?? []).includes(c.name)) {
          reader.fail(
            s,
            "match",
            matchText,
            `tests the claim ${c.name}, which [${trust.section}] does not propagate, so no RPST carries it`,
            `Add propagate[] = ${c.name} to [${trust.section}] (at most 3 claims).`,
          );
        }
      }
    }
  }
  const statements: string[] = [];
  for (const { value, line } of reader.list(s, "allow")) {
    const where = { file, line, section: s.name, key: "allow", value };
    if (/^allow\s/i.test(value))
      problems.error({
        ...where,
        message: "holds a whole statement",
        fix: 'Write only what follows "Allow any-user to".',
      });
    else if (/\swhere\s/i.test(value))
      problems.error({
        ...where,
        message: "has its own where clause",
        fix: "Leave it out: the conditions come from match and the trust.",
      });
    else if (!isPolicyStatementBody(value))
      problems.error({
        ...where,
        message: "is not a policy statement body",
        fix: "Write <inspect|read|use|manage> <resource-type> in <compartment …>.",
      });
    else statements.push(value.replace(/\s+/g, " "));
  }
  const policyName = reader.name(s, "policy_name") ?? `${label}-workload-policy`;
  if (problems.errorCount > before || !trust || !claims.length) return undefined;
  return { label, section: s.name, line: s.line, trust: trust.label, claims, statements, policyName };
}
