import { dirname, resolve } from "node:path";
import { parseIni, type IniEntry, type IniSection } from "../core/ini-file";
import type { ServiceUserSettings, SuppressionSettings, TrustSettings, WifConfig } from "./model";
import { ConfigError, ProblemList, type ConfigProblem } from "../core/problems";
import { readServiceSections } from "./load-services";
import { readBackend } from "./backend";
import { readRetired } from "./retire";
import { readAdoption } from "./adopt";
import { compare, COMPARTMENT_OCID, LABEL, PROVIDER_AUTH, Reader, REGION, SEED_TRUST_LABEL, TENANCY_OCID } from "./reader";
import { findSection, SECTIONS, suggest } from "./spec";
import { issuerKey } from "../core/url";
import { MAX_RULES, MAX_SECTIONS, MAX_SERVICE_USERS } from "../core/limits";
import { describeChar } from "./value-checks";
import { checkDomainUrl, checkOcidPlaces, runtimeConfigPath, warnWideStatements } from "./place-checks";
import { FILE_LIMITS, readBoundedText, type FileRefusedError } from "../core/bounded-file";
import { hasCode } from "../core/errors";
import { sha256Of } from "../core/stack-source";
import { readModeSections } from "./workloads";

export { GITHUB_ISSUER, GITLAB_ISSUER, SEED_TRUST_LABEL } from "./reader";

/** What loading a config file gives: the config, and warnings to print. */
export interface LoadedConfig {
  readonly config: WifConfig;
  readonly warnings: readonly ConfigProblem[];
  /** SHA-256 of the file's bytes, when it was read from a file: recorded with the stack, checked by the review. */
  readonly sha256?: string;
}


/** Reads and validates a setupConfig.ini. Throws {@link ConfigError} listing every problem found. */
export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readBoundedText(path, FILE_LIMITS.config);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) {
      throw new ConfigError([{ file: path, message: err.reason, fix: "Point WIF_CONFIG at a setupConfig.ini file." }]);
    }
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([
      {
        file: path,
        message: code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`,
        fix: "Copy setupConfig.ini from the project root and fill it in, or point WIF_CONFIG at yours.",
      },
    ]);
  }
  return { ...parseConfig(text, path, dirname(resolve(path))), sha256: sha256Of(text) };
}

/**
 * Validates the text of a setupConfig.ini.
 * @param file the name used in messages
 * @param baseDir directory that relative paths in the file are relative to
 */
export function parseConfig(text: string, file: string, baseDir: string): LoadedConfig {
  const problems = new ProblemList();
  const doc = parseIni(text, file, problems);
  const reader = new Reader(file, problems);
  if (refuseOversized(doc.sections, file, problems)) problems.throwIfAny();

  const byType = new Map<string, IniSection[]>();
  for (const section of doc.sections) {
    const spec = findSection(section.type);
    if (!spec) {
      const hint = suggest(section.type, SECTIONS.map((s) => s.type));
      problems.error({
        file,
        line: section.line,
        section: section.name,
        message: "unknown section",
        fix: hint ? `Did you mean [${hint}${section.label ? ` ${section.label}` : ""}]?` : `Sections are ${SECTIONS.map((s) => s.type).join(", ")}.`,
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
      problems.error({ file, line: section.line, section: section.name, message: "takes no label", fix: `Write [${spec.type}].` });
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
  const one = (type: string) => byType.get(type)?.[0];

  // [IdentityDomain]
  const domainSection = one("IdentityDomain");
  if (!domainSection) {
    problems.error({ file, section: "IdentityDomain", message: "section is missing", fix: "Add [IdentityDomain] with iam_guid = <domain URL>." });
  }
  const domainUrl = domainSection && reader.url(domainSection, "iam_guid", { origin: true });
  if (domainSection) checkDomainUrl(reader, domainSection, domainUrl);
  const domainName = domainSection && reader.name(domainSection, "name", /'/);

  // [OCIConfig]
  const oci = one("OCIConfig");
  const tenancyOcid = oci && reader.pattern(oci, "tenancy_ocid", TENANCY_OCID, "a tenancy OCID, ocid1.tenancy.oc1..<id>");
  const compartmentOcid =
    oci && reader.pattern(oci, "compartment_ocid", COMPARTMENT_OCID, "a compartment OCID, ocid1.compartment.oc1..<id> (or the tenancy OCID)");
  const region = oci && reader.pattern(oci, "region", REGION, "a region identifier such as us-ashburn-1");
  const auth = oci && reader.choice(oci, "auth", PROVIDER_AUTH);
  const profile = (oci && reader.string(oci, "cli_profile")) ?? "DEFAULT";

  // [WIFConfig]
  const wif = one("WIFConfig");
  const adminApp = wif?.entries.get("admin_app_name");
  if (adminApp) {
    problems.warn({
      file,
      line: adminApp.line,
      section: wif!.name,
      key: "admin_app_name",
      message: "is not needed and is ignored: Terraform acts with your own OCI credentials, so no standing admin client is created",
      fix: "You may delete the line.",
    });
  }
  const appName = (wif && reader.name(wif, "token_exchange_app_name")) ?? "TokenExchangeClient";
  const appDescription = wif && reader.string(wif, "description");
  const runtimeConfig = runtimeConfigPath(reader, wif, (wif && reader.string(wif, "runtime_config_path")) ?? "runtimeConfig.ini", baseDir);
  const profileName = (wif && reader.pattern(wif, "profile_name", /^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' or '-'")) ?? "wif";
  const stackName = (wif && reader.pattern(wif, "stack_name", /^[A-Za-z0-9_-]+$/, "letters, digits, '_' or '-'")) ?? "wif";
  const backend = readBackend(one("Backend"), reader, problems, { file, stackName, region, profile: oci?.entries.has("cli_profile") ? profile : undefined, auth, resolvePath: (p) => resolve(baseDir, p) });

  // Trusts: the seed's [TrustConfiguration] plus every [Trust <label>].
  const trusts: TrustSettings[] = [];
  const seedTrust = one("TrustConfiguration");
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
  reader.unique(trusts, (t) => issuerKey(t.issuer), "issuer", "OCI allows one trust per issuer; put every rule of this issuer under one trust");
  reader.unique(trusts, (t) => t.name.toLowerCase(), "name", "Give each trust its own name");

  // Service users: the seed's [ServiceUserConfig] plus every [ServiceUser <name>].
  const users: ServiceUserSettings[] = [];
  const seedUser = one("ServiceUserConfig");
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
    const user = reader.serviceUser(section, userName, trusts, trustSections.length, extraRule);
    if (user) users.push(user);
  }
  users.sort((a, b) => a.line - b.line); // so the later section is the one called a duplicate
  reader.unique(users, (u) => u.userName.toLowerCase(), "user name", "User names are unique in a domain (case-insensitively)");
  reader.unique(users, (u) => u.groupName.toLowerCase(), "group", "Give each service user its own group, so each policy grants exactly one user");
  reader.unique(users, (u) => u.policyName.toLowerCase(), "policy_name", "Policy names are unique in a tenancy");
  reader.uniqueRules(users);

  const policyHomeGiven = oci && (oci.entries.has("tenancy_ocid") || oci.entries.has("compartment_ocid"));
  if (users.some((u) => u.statements.length > 0) && !tenancyOcid && !compartmentOcid && !policyHomeGiven) {
    problems.error({
      file,
      section: oci?.name ?? "OCIConfig",
      key: "tenancy_ocid",
      line: oci?.line,
      message: "is needed because service users have allow[] statements, and policies live in a compartment",
      fix: "Set [OCIConfig] tenancy_ocid (and compartment_ocid to keep policies out of the root compartment).",
    });
  }
  for (const t of trusts) {
    if ((t.mode ?? "impersonation") === "impersonation" && !users.some((u) => u.trust === t.label)) {
      problems.warn({
        file,
        section: t.section,
        message: "no service user uses this trust, so no token can be exchanged through it",
        fix: `Add trust = ${t.label} to a [ServiceUser] section, or remove the trust.`,
      });
    }
  }

  const modes = readModeSections(byType, reader, problems, {
    file,
    trusts,
    users,
    domainSection,
    ociSection: oci,
    policyHome: compartmentOcid ?? tenancyOcid ?? (policyHomeGiven ? "(invalid, reported)" : undefined),
    trustSectionCount: trustSections.length,
    auth,
    domainUrl,
  });
  const services = readServiceSections(byType, reader, problems, { file, baseDir, tenancyOcid, region, ociSection: oci });
  const retired = readRetired(doc.sections, reader, problems, { file, wif, trusts, users, oauthClients: services.oauthClients });
  const adoption = readAdoption(doc.sections, reader, problems, { file, baseDir, users });
  // Accounts and groups live in the same domain as the service users; apps share a namespace of display names.
  const principals = [
    ...users.map((u) => ({ section: u.section, line: u.line, user: u.userName, group: u.groupName })),
    ...services.upstBrokers.map((b) => ({ section: b.section, line: b.line, user: b.accountUserName, group: b.groupName })),
  ];
  for (const [i, b] of services.upstBrokers.entries()) {
    const earlier = principals.slice(0, users.length + i);
    for (const [what, keyOf] of [["user name", (p: (typeof principals)[number]) => p.user], ["group", (p: (typeof principals)[number]) => p.group]] as const) {
      const clash = earlier.find((p) => keyOf(p).toLowerCase() === keyOf(principals[users.length + i]).toLowerCase());
      if (clash) {
        problems.error({
          file,
          line: b.line,
          section: b.section,
          message: `the broker account has the same ${what} as [${clash.section}] (line ${clash.line})`,
          value: keyOf(principals[users.length + i]),
          fix: what === "user name" ? "Set account_user_name to another name." : "Set group to another name.",
        });
      }
    }
  }
  const apps = [
    { section: wif?.name ?? "WIFConfig", line: wif?.line ?? 0, name: appName },
    ...services.resourceServers.map((r) => ({ section: r.section, line: r.line, name: r.displayName })),
    ...services.oauthClients.map((c) => ({ section: c.section, line: c.line, name: c.displayName })),
  ];
  reader.unique(apps, (a) => a.name.toLowerCase(), "app display name", "Give each app its own display_name, or the console shows two apps of one name");

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
      suppressions.push({ ruleId: s.label!.toUpperCase(), reason, appliesTo: reader.list(s, "applies_to").map((a) => a.value), line: s.line });
    }
  }

  const ocids = doc.sections.flatMap((section) =>
    [...section.entries.values()].filter((e) => e.key.endsWith("_ocid")).flatMap((e) => e.values.filter((v) => /^ocid1\./.test(v.trim())).map((v) => ({ section, key: e.key, ocid: v.trim() }))),
  );
  checkOcidPlaces(reader, ocids, tenancyOcid, region);
  warnWideStatements(problems, file, [...users, ...services.upstBrokers], tenancyOcid);

  problems.throwIfAny();
  const config: WifConfig = {
    file,
    baseDir,
    domain: { url: domainUrl!, name: domainName },
    oci: { profile, tenancyOcid, compartmentOcid, region, auth },
    stackName,
    exchangeApp: { displayName: appName, description: appDescription },
    runtimeConfigPath: runtimeConfig!,
    profileName,
    trusts: [...trusts].sort((a, b) => compare(a.label, b.label)),
    serviceUsers: [...users].sort((a, b) => compare(a.userName, b.userName)),
    resourceServers: services.resourceServers,
    oauthClients: services.oauthClients,
    upstBrokers: services.upstBrokers,
    suppressions: suppressions.sort((a, b) => compare(a.ruleId, b.ruleId)),
    ...(backend ? { backend } : {}),
    ...(retired ? { retired } : {}),
    ...adoption,
    ...(modes.domainOcid ? { domainOcid: modes.domainOcid } : {}),
    ...(modes.workloads.length ? { workloads: modes.workloads } : {}),
    ...(modes.deployAuth ? { deployAuth: modes.deployAuth } : {}),
  };
  return { config, warnings: problems.warnings };
}

/**
 * Refuses a config above the size limits (core/limits.ts) before any section is read, so the work stays bounded.
 * True when it was refused.
 */
function refuseOversized(sections: readonly IniSection[], file: string, problems: ProblemList): boolean {
  const users = sections.filter((s) => s.type === "serviceuser" || s.type === "serviceuserconfig").length;
  const rules = sections.reduce((n, s) => n + (s.entries.get("rule")?.values.length ?? 0) + (s.entries.get("impersonationrule")?.values.length ?? 0), 0);
  const over: Array<[number, number, string]> = [
    [sections.length, MAX_SECTIONS, "sections"],
    [users, MAX_SERVICE_USERS, "service users"],
    [rules, MAX_RULES, "rule[] lines"],
  ];
  for (const [count, limit, what] of over) {
    if (count > limit) {
      problems.error({
        file,
        message: `has ${count} ${what}; the limit is ${limit}, which keeps one synthesis within seconds and a gigabyte`,
        fix: "Split the domain's set-up into several configs (each its own stack_name), or see README, Security, for the limits.",
      });
    }
  }
  return problems.hasErrors && over.some(([count, limit]) => count > limit);
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
