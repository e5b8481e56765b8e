import { dirname, resolve } from "node:path";
import { parseIni, type IniSection } from "../core/ini-file";
import type { WifConfig } from "./model";
import { ConfigError, ProblemList, type ConfigProblem } from "../core/problems";
import { compare, Reader } from "./reader";
import { refuseOverlong } from "./length-limits";
import { MAX_RULES, MAX_SECTIONS, MAX_SERVICE_USERS } from "../core/limits";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { readNamedText } from "../core/place";
import { hasCode } from "../core/errors";
import { noteInput, sha256Of } from "../core/stack-source";
import { emptyDraft, SECTION_READERS, sortSections, type ReadContext } from "./sections";
import { CROSS_CHECKS } from "./cross-checks";

export { SEED_TRUST_LABEL } from "./reader";
export { GITHUB_ISSUER } from "../core/issuers/github";
export { GITLAB_ISSUER } from "../core/issuers/gitlab";
// The config model, by name: `loadConfig` returns it and `WorkloadIdentityFederation` takes it, so a library user can
// type what they pass around, and catch `ConfigError` (thrown with every problem found) by class.
export type {
  DeployAuthSettings,
  OAuthClientSettings,
  ResourceServerSettings,
  RetiredSettings,
  RuleSettings,
  ScopeGrantSettings,
  ServiceUserSettings,
  SuppressionSettings,
  TrustProvider,
  TrustSettings,
  UpstBrokerSettings,
  WifConfig,
  WorkloadSettings,
} from "./model";
export type {
  BackendSettings,
  HttpBackendSettings,
  LocalBackendSettings,
  OciBackendSettings,
  S3BackendSettings,
} from "./backend";
export { ConfigError, type ConfigLocation, type ConfigProblem } from "../core/problems";

/** What loading a config file gives: the config, and warnings to print. */
export interface LoadedConfig {
  readonly config: WifConfig;
  readonly warnings: readonly ConfigProblem[];
  /** SHA-256 of the file's bytes, when it was read from a file: recorded with the stack, checked by the review. */
  readonly sha256?: string;
}

/** How {@link parseConfig} reads the files a config names. */
export interface ParseOptions {
  /**
   * Texts of files by absolute path, read instead of the disk: `npm run import` validates the config and the
   * imports file it is about to write, before writing either.
   */
  readonly files?: ReadonlyMap<string, string>;
}

/** Reads and validates a setupConfig.ini. Throws {@link ConfigError} listing every problem found. */
export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readNamedText(path, FILE_LIMITS.config);
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) {
      throw new ConfigError([
        {
          file: path,
          message: err.reason,
          // An encoding refusal carries its own fix ("save it as UTF-8").
          fix: err.refusal === "encoding" ? undefined : "Point WIF_CONFIG at a setupConfig.ini file.",
        },
      ]);
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
  noteInput(path, text);
  return { ...parseConfig(text, path, dirname(resolve(path))), sha256: sha256Of(text) };
}

/**
 * Validates the text of a setupConfig.ini in one pass: every section through its reader (a loop over
 * config/sections/index.ts), then every cross-section check (config/cross-checks.ts), then throws every problem
 * found at once.
 * @param file the name used in messages
 * @param baseDir directory that relative paths in the file are relative to
 * @param options files the config names that are not written yet (wif-import checks what it would write)
 */
export function parseConfig(text: string, file: string, baseDir: string, options: ParseOptions = {}): LoadedConfig {
  const problems = new ProblemList();
  const doc = parseIni(text, file, problems);
  const reader = new Reader(file, problems);
  // Sizes first: over a limit, nothing else is read (the work stays bounded, and one message says why).
  const overCount = refuseOversized(doc.sections, file, problems);
  if (refuseOverlong(doc.sections, file, problems) || overCount) problems.throwIfAny();
  const byType = sortSections(doc, reader, problems, file);
  const c: ReadContext = { file, baseDir, reader, problems, doc, byType, files: options.files, draft: emptyDraft() };
  for (const section of SECTION_READERS) section.read(c);
  const d = c.draft;
  // Sorted by label, so the order of sections in the file does not matter (the checks below see this order too).
  for (const list of [d.resourceServers, d.oauthClients, d.upstBrokers]) list.sort((a, b) => compare(a.label, b.label));
  for (const check of CROSS_CHECKS) check(c);

  problems.throwIfAny();
  const config: WifConfig = {
    file,
    baseDir,
    domain: { url: d.domain.url!, name: d.domain.name },
    oci: {
      profile: d.oci.profile,
      tenancyOcid: d.oci.tenancyOcid,
      compartmentOcid: d.oci.compartmentOcid,
      region: d.oci.region,
      auth: d.oci.auth,
    },
    stackName: d.wif.stackName,
    exchangeApp: { displayName: d.wif.appName, description: d.wif.appDescription },
    runtimeConfigPath: d.wif.runtimeConfig!,
    profileName: d.wif.profileName,
    trusts: [...d.trusts].sort((a, b) => compare(a.label, b.label)),
    serviceUsers: [...d.users].sort((a, b) => compare(a.userName, b.userName)),
    resourceServers: d.resourceServers,
    oauthClients: d.oauthClients,
    upstBrokers: d.upstBrokers,
    suppressions: d.suppressions.sort((a, b) => compare(a.ruleId, b.ruleId)),
    ...(d.backend ? { backend: d.backend } : {}),
    ...(d.retired ? { retired: d.retired } : {}),
    ...d.adoption,
    ...(d.domain.ocid ? { domainOcid: d.domain.ocid } : {}),
    ...(d.workloads.length ? { workloads: d.workloads } : {}),
    ...(d.oci.deployAuth ? { deployAuth: d.oci.deployAuth } : {}),
  };
  return { config, warnings: problems.warnings };
}

/**
 * Refuses a config above the size limits (core/limits.ts) before any section is read, so the work stays bounded.
 * True when it was refused.
 */
function refuseOversized(sections: readonly IniSection[], file: string, problems: ProblemList): boolean {
  const users = sections.filter((s) => s.type === "serviceuser" || s.type === "serviceuserconfig").length;
  const rules = sections.reduce(
    (n, s) =>
      n + (s.entries.get("rule")?.values.length ?? 0) + (s.entries.get("impersonationrule")?.values.length ?? 0),
    0,
  );
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
