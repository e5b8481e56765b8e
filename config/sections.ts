import type { IniDocument, IniEntry, IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { ServiceUserSettings, SuppressionSettings, TrustSettings } from "./model";
import { COMPARTMENT_OCID, LABEL, PROVIDER_AUTH, type Reader, REGION, SEED_TRUST_LABEL, TENANCY_OCID } from "./reader";
import { findSection, SECTIONS, suggest } from "./spec";
import { issuerKey } from "../core/url";
import { describeChar } from "./value-checks";
import { checkDomainUrl, loopbackDomainUrl, runtimeConfigPath } from "./place-checks";
import { PROFILE_NAME, STACK_NAME } from "../core/place";

/**
 * One reader per kind of section of setupConfig.ini (the types of config/spec.ts): each reads its section(s)
 * through the {@link Reader}, records its problems and returns what it read. Cross-section checks are in
 * cross-checks.ts; config/load-config.ts calls them all in order. A new kind of section gets its own reader here.
 */

/** What every section reader gets. */
export interface SectionContext {
  readonly file: string;
  readonly baseDir: string;
  readonly reader: Reader;
  readonly problems: ProblemList;
  /** The sections by their spec type (`Trust`, `ServiceUser`, …), in file order. */
  readonly byType: ReadonlyMap<string, IniSection[]>;
}

/** The first section of a type. */
export function one(c: SectionContext, type: string): IniSection | undefined {
  return c.byType.get(type)?.[0];
}

/**
 * Sorts the sections by their spec type, refusing unknown sections, missing or extra labels, bad labels, and
 * unknown or misused keys (config/spec.ts says which keys each type takes).
 */
export function sortSections(
  doc: IniDocument,
  reader: Reader,
  problems: ProblemList,
  file: string,
): Map<string, IniSection[]> {
  const byType = new Map<string, IniSection[]>();
  for (const section of doc.sections) {
    const spec = findSection(section.type);
    if (!spec) {
      const hint = suggest(
        section.type,
        SECTIONS.map((s) => s.type),
      );
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "unknown section",
        fix: hint
          ? `Did you mean [${hint}${section.label ? ` ${section.label}` : ""}]?`
          : `Sections are ${SECTIONS.map((s) => s.type).join(", ")}.`,
      });
      continue;
    }
    if (spec.labelled && !section.label) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "needs a label",
        fix: `Write [${spec.type} <${spec.type === "Trust" ? "name, e.g. github" : "user name"}>].`,
      });
      continue;
    }
    if (!spec.labelled && section.label) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "takes no label",
        fix: `Write [${spec.type}].`,
      });
      continue;
    }
    if (spec.labelled && !LABEL.test(section.label!)) {
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: `the label must be letters, digits, '_', '-' or '@' (at most 64)${badLabelChar(section.label!)}`,
        value: section.label,
      });
      continue;
    }
    reader.checkKeys(section, spec);
    const list = byType.get(spec.type) ?? [];
    list.push(section);
    byType.set(spec.type, list);
  }
  return byType;
}

/** `; U+0435 'е' at column 5 is not one`, naming the first character a label may not hold. */
function badLabelChar(label: string): string {
  let column = 0;
  for (const ch of label) {
    column++;
    if (!/[A-Za-z0-9_@-]/.test(ch)) return `; ${describeChar(ch)} at column ${column} is not one`;
  }
  return "";
}

/** `[IdentityDomain]`: the domain URL and display name. */
export function readDomain(c: SectionContext): { section?: IniSection; url?: string; name?: string } {
  const { file, reader, problems } = c;
  const one_ = (type: string) => one(c, type);
  const domainSection = one_("IdentityDomain");
  if (!domainSection) {
    problems.error({
      file,
      section: "IdentityDomain",
      message: "section is missing",
      fix: "Add [IdentityDomain] with iam_guid = <domain URL>.",
    });
  }
  const loopback = domainSection && loopbackDomainUrl(reader, problems, file, domainSection);
  const domainUrl = loopback ?? (domainSection && reader.url(domainSection, "iam_guid", { origin: true }));
  if (domainSection && !loopback) checkDomainUrl(reader, domainSection, domainUrl);
  const domainName = domainSection && reader.name(domainSection, "name", /'/);
  return { section: domainSection, url: domainUrl, name: domainName };
}

/** `[OCIConfig]`: the provider's profile, auth and region, and where policies live. */
export function readOci(c: SectionContext) {
  const { reader } = c;
  const oci = one(c, "OCIConfig");
  const tenancyOcid =
    oci && reader.pattern(oci, "tenancy_ocid", TENANCY_OCID, "a tenancy OCID, ocid1.tenancy.oc1..<id>");
  const compartmentOcid =
    oci &&
    reader.pattern(
      oci,
      "compartment_ocid",
      COMPARTMENT_OCID,
      "a compartment OCID, ocid1.compartment.oc1..<id> (or the tenancy OCID)",
    );
  const region = oci && reader.pattern(oci, "region", REGION, "a region identifier such as us-ashburn-1");
  const auth = oci && reader.choice(oci, "auth", PROVIDER_AUTH);
  const profile = (oci && reader.string(oci, "cli_profile")) ?? "DEFAULT";
  return { section: oci, profile, tenancyOcid, compartmentOcid, region, auth };
}

/** `[WIFConfig]`: the token-exchange app, runtimeConfig.ini, the profile and stack names. */
export function readWif(c: SectionContext) {
  const { file, reader, problems } = c;
  const wif = one(c, "WIFConfig");
  const adminApp = wif?.entries.get("admin_app_name");
  if (adminApp) {
    problems.warn({
      file,
      line: adminApp.line,
      section: wif!.name,
      key: "admin_app_name",
      message:
        "is not needed and is ignored: Terraform acts with your own OCI credentials, so no standing admin client is created",
      fix: "You may delete the line.",
    });
  }
  const appName = (wif && reader.name(wif, "token_exchange_app_name")) ?? "TokenExchangeClient";
  const appDescription = wif && reader.string(wif, "description");
  const runtimeConfig = runtimeConfigPath(c, wif);
  // Both become paths: sessions/<profile> on every client, cdktf.out/stacks/<stack> and the state file here.
  const profileName = (wif && reader.pathName(wif, "profile_name", PROFILE_NAME)) ?? "wif";
  const stackName = (wif && reader.pathName(wif, "stack_name", STACK_NAME)) ?? "wif";
  return { section: wif, appName, appDescription, runtimeConfig, profileName, stackName };
}

/** The trusts: the seed's `[TrustConfiguration]` plus every `[Trust <label>]`, one per issuer. */
export function readTrusts(c: SectionContext): {
  trusts: TrustSettings[];
  sectionCount: number;
  seedTrust?: IniSection;
} {
  const { file, reader, problems } = c;
  const { byType } = c;
  const trusts: TrustSettings[] = [];
  const seedTrust = one(c, "TrustConfiguration");
  const trustSections: Array<[IniSection, string]> = [];
  if (seedTrust) trustSections.push([seedTrust, SEED_TRUST_LABEL]);
  for (const s of byType.get("Trust") ?? []) {
    if (seedTrust && s.label!.toLowerCase() === SEED_TRUST_LABEL) {
      problems.error({
        file,
        line: s.line,
        section: s.name,
        message: `the label "${SEED_TRUST_LABEL}" belongs to [TrustConfiguration]`,
        fix: "Choose another label.",
      });
      continue;
    }
    trustSections.push([s, s.label!]);
  }
  for (const [section, label] of trustSections) {
    const trust = reader.trust(section, label);
    if (trust) trusts.push(trust);
  }
  reader.unique(
    trusts,
    (t) => issuerKey(t.issuer),
    "issuer",
    "OCI allows one trust per issuer; put every rule of this issuer under one trust",
  );
  reader.unique(trusts, (t) => t.name.toLowerCase(), "name", "Give each trust its own name");
  return { trusts, sectionCount: trustSections.length, seedTrust };
}

/** The service users: the seed's `[ServiceUserConfig]` plus every `[ServiceUser <name>]`. */
export function readServiceUsers(
  c: SectionContext,
  trusts: TrustSettings[],
  trustSectionCount: number,
  seedTrust: IniSection | undefined,
): ServiceUserSettings[] {
  const { file, reader, problems } = c;
  const { byType } = c;
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
  for (const s of byType.get("ServiceUser") ?? []) userSections.push([s, s.label, undefined]);
  for (const [section, userName, extraRule] of userSections) {
    if (!userName) continue;
    const user = reader.serviceUser(section, userName, trusts, trustSectionCount, extraRule, seedTrust);
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
  reader.uniqueRules(users);
  return users;
}

/** `[Suppress <rule>]`: review findings accepted on purpose, each with a reason. */
export function readSuppressions(c: SectionContext): SuppressionSettings[] {
  const { file, reader, problems } = c;
  const { byType } = c;
  const suppressions: SuppressionSettings[] = [];
  for (const s of byType.get("Suppress") ?? []) {
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
  return suppressions;
}
