import { readFileSync } from "node:fs";
import { isPolicyStatementBody } from "../constructs/group-policy";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseIni, type IniEntry, type IniSection } from "./ini-file";
import type { RuleSettings, ServiceUserSettings, SuppressionSettings, TrustProvider, TrustSettings, WifConfig } from "./model";
import { ConfigError, ProblemList, type ConfigProblem } from "./problems";
import { parseRuleText, RuleSyntaxError } from "./rule-syntax";
import { findSection, SECTIONS, suggest, type SectionSpec } from "./spec";

/** What loading a config file gives: the config, and warnings to print. */
export interface LoadedConfig {
  readonly config: WifConfig;
  readonly warnings: readonly ConfigProblem[];
}

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const GITLAB_ISSUER = "https://gitlab.com";
/** Label the seed's `[TrustConfiguration]` gets, so `[ServiceUser …] trust = default` can refer to it. */
export const SEED_TRUST_LABEL = "default";

const PROVIDER_AUTH = [
  "ApiKey",
  "SecurityToken",
  "InstancePrincipal",
  "InstancePrincipalWithCerts",
  "ResourcePrincipal",
  "OKEWorkloadIdentity",
  "WorkloadIdentityFederation",
];
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_@-]{0,63}$/;
const OCID = (types: string) => new RegExp(`^ocid1\\.(?:${types})\\.oc[0-9]+\\.[a-z0-9-]*(?:\\.[a-z0-9-]+)?\\.[a-z0-9]{10,}$`);
const TENANCY_OCID = OCID("tenancy");
const COMPARTMENT_OCID = OCID("tenancy|compartment");
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-[0-9]+$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/;

/** Reads and validates a setupConfig.ini. Throws {@link ConfigError} listing every problem found. */
export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([
      {
        file: path,
        message: code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`,
        fix: "Copy setupConfig.ini from the project root and fill it in, or point WIF_CONFIG at yours.",
      },
    ]);
  }
  return parseConfig(text, path, dirname(resolve(path)));
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
        message: "the label must be letters, digits, '_', '-' or '@' (at most 64)",
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
  const runtimeConfig = (wif && reader.string(wif, "runtime_config_path")) ?? "runtimeConfig.ini";
  const profileName = (wif && reader.pattern(wif, "profile_name", /^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' or '-'")) ?? "wif";
  const stackName = (wif && reader.pattern(wif, "stack_name", /^[A-Za-z0-9_-]+$/, "letters, digits, '_' or '-'")) ?? "wif";

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
  reader.unique(trusts, (t) => t.issuer.replace(/\/$/, ""), "issuer", "OCI allows one trust per issuer; put every rule of this issuer under one trust");
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
    if (!users.some((u) => u.trust === t.label)) {
      problems.warn({
        file,
        section: t.section,
        message: "no service user uses this trust, so no token can be exchanged through it",
        fix: `Add trust = ${t.label} to a [ServiceUser] section, or remove the trust.`,
      });
    }
  }

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

  problems.throwIfAny();
  const config: WifConfig = {
    file,
    baseDir,
    domain: { url: domainUrl!, name: domainName },
    oci: { profile, tenancyOcid, compartmentOcid, region, auth },
    stackName,
    exchangeApp: { displayName: appName, description: appDescription },
    runtimeConfigPath: isAbsolute(runtimeConfig) ? runtimeConfig : resolve(baseDir, runtimeConfig),
    profileName,
    trusts: [...trusts].sort((a, b) => compare(a.label, b.label)),
    serviceUsers: [...users].sort((a, b) => compare(a.userName, b.userName)),
    suppressions: suppressions.sort((a, b) => compare(a.ruleId, b.ruleId)),
  };
  return { config, warnings: problems.warnings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads typed values out of sections, recording a located problem for each bad one. */
class Reader {
  constructor(private readonly file: string, private readonly problems: ProblemList) {}

  public checkKeys(section: IniSection, spec: SectionSpec): void {
    const known = spec.keys.map((k) => k.key);
    for (const entry of section.entries.values()) {
      const keySpec = spec.keys.find((k) => k.key === entry.key);
      if (!keySpec) {
        const hint = suggest(entry.key, known);
        this.problems.error({
          ...this.at(section, entry),
          message: "unknown key",
          fix: hint ? `Did you mean ${hint}?` : `[${spec.type}] takes ${known.join(", ")}.`,
        });
      } else if (entry.isList && !keySpec.list) {
        this.problems.error({ ...this.at(section, entry), message: "takes one value", fix: `Write ${entry.key} = … without [].` });
      }
    }
    for (const k of spec.keys) {
      if (k.required && !this.list(section, k.key).length) {
        this.problems.error({ file: this.file, line: section.line, section: section.name, key: k.key, message: "is required", fix: k.doc });
      }
    }
  }

  /** The value of a single-valued key, or undefined when absent or empty. */
  public string(section: IniSection, key: string): string | undefined {
    const entry = section.entries.get(key);
    if (!entry) return undefined;
    const value = entry.values[0].trim();
    if (value === "") return undefined;
    if (/^<.*>$/.test(value)) {
      this.problems.error({ ...this.at(section, entry), message: "still holds the sample's placeholder", value, fix: "Fill in your value." });
      return undefined;
    }
    return value;
  }

  public list(section: IniSection, key: string): Array<{ value: string; line: number }> {
    const entry = section.entries.get(key);
    if (!entry) return [];
    return entry.values.map((value, i) => ({ value: value.trim(), line: entry.lines[i] })).filter((v) => v.value !== "");
  }

  public name(section: IniSection, key: string, forbidden?: RegExp, pattern: RegExp = NAME): string | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    if (!pattern.test(value) || (forbidden && forbidden.test(value))) {
      this.fail(section, key, value, "must be letters, digits, spaces, '.', '_', '-' or '@', starting with a letter or digit (at most 100)");
      return undefined;
    }
    return value;
  }

  public pattern(section: IniSection, key: string, re: RegExp, what: string): string | undefined {
    const value = this.string(section, key);
    if (value === undefined || re.test(value)) return value;
    this.fail(section, key, value, `must be ${what}`);
    return undefined;
  }

  public choice(section: IniSection, key: string, choices: readonly string[]): string | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    const match = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (match) return match;
    this.fail(section, key, value, `must be one of ${choices.join(", ")}`);
    return undefined;
  }

  public bool(section: IniSection, key: string): boolean | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    // The spellings configparser's getboolean() accepts.
    if (/^(1|yes|true|on)$/i.test(value)) return true;
    if (/^(0|no|false|off)$/i.test(value)) return false;
    this.fail(section, key, value, "must be true or false");
    return undefined;
  }

  public integer(section: IniSection, key: string, min: number, max: number): number | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.fail(section, key, value, `must be a whole number from ${min} to ${max}`);
    return undefined;
  }

  /** An https URL. With `origin`, only scheme, host and port are allowed (a trailing `/` is dropped). */
  public url(section: IniSection, key: string, opts: { origin?: boolean } = {}): string | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.fail(section, key, value, "must be an https URL");
      return undefined;
    }
    if (parsed.protocol !== "https:") {
      this.fail(section, key, value, "must be an https URL", "OCI fetches keys and checks issuers over TLS only; use the https:// form.");
      return undefined;
    }
    if (parsed.username || parsed.password || parsed.hash) {
      this.fail(section, key, value, "must not carry credentials or a #fragment");
      return undefined;
    }
    if (opts.origin) {
      if ((parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search) {
        this.fail(section, key, value, "must be the domain URL only, without a path", `Use ${parsed.origin}.`);
        return undefined;
      }
      return value.replace(/\/$/, "");
    }
    return value;
  }

  public trust(section: IniSection, label: string): TrustSettings | undefined {
    const before = this.errorCount();
    const issuer = this.url(section, "issuer");
    const provider =
      (this.choice(section, "provider", ["github", "gitlab", "generic"]) as TrustProvider | undefined) ?? inferProvider(issuer);
    let jwksUri = this.url(section, "jwk_uri");
    const publicCertificate = this.string(section, "public_certificate");
    if (jwksUri && publicCertificate) {
      this.fail(section, "public_certificate", undefined, "cannot be combined with jwk_uri", "Keep one of the two: OCI takes either.");
    }
    if (!jwksUri && !publicCertificate && issuer) {
      if (provider === "github" && issuer.replace(/\/$/, "") === GITHUB_ISSUER) jwksUri = `${GITHUB_ISSUER}/.well-known/jwks`;
      else if (provider === "gitlab") jwksUri = `${issuer.replace(/\/$/, "")}/oauth/discovery/keys`;
      else if (!section.entries.has("jwk_uri")) {
        this.problems.error({
          file: this.file,
          line: section.line,
          section: section.name,
          key: "jwk_uri",
          message: "is required for this issuer",
          fix: "Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
        });
      }
    }
    const audiences: string[] = [];
    const audienceText = this.string(section, "audience");
    if (audienceText !== undefined) {
      for (const a of audienceText.split(",").map((s) => s.trim())) {
        if (a === "" || /\s/.test(a)) {
          this.fail(section, "audience", audienceText, "must be a comma-separated list of audiences without spaces");
          break;
        }
        if (!audiences.includes(a)) audiences.push(a);
      }
    }
    const audienceClaim = this.pattern(section, "audience_claim", /^[A-Za-z_][A-Za-z0-9_.:-]*$/, "a claim name such as aud") ?? "aud";
    const allowWildcardRules = this.bool(section, "allow_wildcard_rules") ?? false;
    const clockSkewSeconds = this.integer(section, "clock_skew_seconds", 0, 3600);
    const name = this.name(section, "name") ?? `wif-${label === SEED_TRUST_LABEL ? "trust" : label}`;
    const description = this.string(section, "description");
    if (this.errorCount() > before || !issuer) return undefined;
    return {
      label,
      section: section.name,
      line: section.line,
      name,
      issuer,
      jwksUri,
      publicCertificate,
      provider,
      audiences,
      audienceClaim,
      allowWildcardRules,
      clockSkewSeconds,
      description,
    };
  }

  public serviceUser(
    section: IniSection,
    userName: string,
    trusts: TrustSettings[],
    trustCount: number,
    seedRule: IniEntry | undefined,
  ): ServiceUserSettings | undefined {
    const before = this.errorCount();
    const trustLabel = this.string(section, "trust");
    let trust: TrustSettings | undefined;
    if (trustLabel !== undefined) {
      trust = trusts.find((t) => t.label.toLowerCase() === trustLabel.toLowerCase());
      if (!trust && !trusts.length && trustCount) return undefined; // the trust itself had errors
      if (!trust) {
        const hint = suggest(trustLabel, trusts.map((t) => t.label));
        this.fail(section, "trust", trustLabel, "names no trust", hint ? `Did you mean ${hint}?` : `Trusts: ${trusts.map((t) => t.label).join(", ") || "none"}.`);
      }
    } else if (trustCount === 1) {
      trust = trusts[0];
    } else {
      this.problems.error({
        file: this.file,
        line: section.line,
        section: section.name,
        key: "trust",
        message: trustCount === 0 ? "there is no trust for this user" : "is required when there are several trusts",
        fix: trustCount === 0 ? "Add a [Trust <label>] with issuer = … ." : `Set trust = one of ${trusts.map((t) => t.label).join(", ")}.`,
      });
    }

    const written = this.list(section, "rule");
    if (seedRule) {
      written.push(...seedRule.values.map((value, i) => ({ value: value.trim(), line: seedRule.lines[i] })).filter((r) => r.value));
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
            this.problems.error({
              file: this.file,
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
          if (!(err instanceof RuleSyntaxError)) throw err;
          for (const message of err.problems) {
            this.problems.error({ file: this.file, line, ...where, message, fix: err.fix, value });
          }
        }
      }
    }
    if (!written.length) {
      this.problems.error({
        file: this.file,
        line: section.line,
        section: section.name,
        key: "rule",
        message: "at least one rule is needed, or no token can become this user",
        fix: "Add rule[] = github repo=<owner>/<repo> branch=main (or gitlab …, or <claim> eq <value>).",
      });
    }

    const groupName = this.name(section, "group", /'/) ?? `${userName}-group`;
    const policyName = this.name(section, "policy_name") ?? `${groupName}-policy`;
    const statements: string[] = [];
    for (const { value, line } of this.list(section, "allow")) {
      const where = { file: this.file, line, section: section.name, key: "allow", value };
      if (/^allow\s/i.test(value)) {
        this.problems.error({
          ...where,
          message: "holds a whole statement",
          fix: `Write only what follows "Allow group … to", e.g. ${value.replace(/^allow\s+.*?\s+to\s+/i, "") || "read buckets in compartment ci"}.`,
        });
      } else if (!isPolicyStatementBody(value)) {
        this.problems.error({
          ...where,
          message: "is not a policy statement body",
          fix: "Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].",
        });
      } else {
        statements.push(value.replace(/\s+/g, " "));
      }
    }
    if (!statements.length && this.errorCount() === before) {
      this.problems.warn({
        file: this.file,
        line: section.line,
        section: section.name,
        key: "allow",
        message: "no policy statements, so tokens exchanged for this user can do nothing in OCI",
        fix: "Add allow[] = <verb> <resource-type> in compartment <name>.",
      });
    }
    const description = this.string(section, "description");
    if (this.errorCount() > before || !trust) return undefined;
    return { userName, section: section.name, line: section.line, trust: trust.label, rules, groupName, policyName, statements, description };
  }

  /** Records an error for every item whose key repeats an earlier item's. */
  public unique<T extends { section: string; line: number }>(items: T[], keyOf: (t: T) => string, what: string, fix: string): void {
    const seen = new Map<string, T>();
    for (const item of items) {
      const key = keyOf(item);
      const first = seen.get(key);
      if (first) {
        this.problems.error({
          file: this.file,
          line: item.line,
          section: item.section,
          message: `the same ${what} as [${first.section}] (line ${first.line})`,
          value: key,
          fix: `${fix}.`,
        });
      } else {
        seen.set(key, item);
      }
    }
  }

  /**
   * The same rule for two users would make the exchange depend on the order OCI evaluates them in, which
   * Terraform cannot set (`impersonation_service_users` is a set).
   */
  public uniqueRules(users: ServiceUserSettings[]): void {
    const seen = new Map<string, ServiceUserSettings>();
    for (const user of users) {
      for (const { rule, line, source } of user.rules) {
        for (const expression of rule.expressions) {
          const key = `${user.trust}\u0000${expression}`;
          const first = seen.get(key);
          if (first) {
            this.problems.error({
              file: this.file,
              line,
              section: user.section,
              key: "rule",
              value: source,
              message: first === user ? "repeats another rule of this user" : `is also a rule of [${first.section}]`,
              fix: first === user ? "Remove one." : "A token must map to exactly one service user; keep the rule in one section.",
            });
          } else {
            seen.set(key, user);
          }
        }
      }
    }
  }

  private fail(section: IniSection, key: string, value: string | undefined, message: string, fix?: string): void {
    const entry = section.entries.get(key);
    this.problems.error({
      file: this.file,
      line: entry?.line ?? section.line,
      section: section.name,
      key,
      value,
      message,
      fix: fix ?? keyHelp(section.type, key),
    });
  }

  private at(section: IniSection, entry: IniEntry) {
    return { file: this.file, line: entry.line, section: section.name, key: entry.key };
  }

  private errorCount(): number {
    return this.problems.errorCount;
  }
}

/** A key's documentation, and its default when it has one, as the fix for a bad value. */
function keyHelp(sectionType: string, key: string): string | undefined {
  const spec = findSection(sectionType)?.keys.find((k) => k.key === key);
  if (!spec) return undefined;
  return spec.default ? `${spec.doc} Default: ${spec.default}.` : spec.doc;
}

function inferProvider(issuer: string | undefined): TrustProvider {
  if (!issuer) return "generic";
  if (issuer.replace(/\/$/, "") === GITHUB_ISSUER) return "github";
  if (issuer.replace(/\/$/, "") === GITLAB_ISSUER) return "gitlab";
  return "generic";
}
