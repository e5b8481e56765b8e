import { statSync } from "node:fs";
import { registerSecret } from "./redact";
import { REGION, SUBJECT_TOKEN_PLACEHOLDER } from "./constants";
import { parseIni, type IniDocument, type IniSection } from "./ini-file";
import { formatProblem, ProblemList } from "./problems";
import { checkServiceUrl } from "./endpoint-url";
import { hasCode, UsageError } from "./errors";
import { WARNING } from "./warnings";
import { FILE_LIMITS, type FileRefusedError } from "./bounded-file";
import { nameRefusal, PROFILE_NAME, readNamedText, truncatedValue } from "./place";
// The one owner of the runtimeConfig.ini format: its reader and its writer live together on purpose, so a key is
// added or renamed in one place. That puts the file a little over 300 lines.

/** A `[Trust <label>]` of runtimeConfig.ini: which audience to request a token for, per issuer. */
export interface RuntimeTrust {
  readonly label: string;
  readonly issuer: string;
  /** In file order; the first is the one requested. */
  readonly audiences: readonly string[];
}

/** What an exchange client needs from runtimeConfig.ini. Secret fields are marked; never print them. */
export interface RuntimeConfig {
  /** The file as given, for messages. */
  readonly file: string;
  /** `[IdentityDomain] iam_guid`, the domain URL without a trailing `/`. */
  readonly domainUrl: string;
  /** `[WIFConfig] oauthclientid`. Not a secret. */
  readonly clientId: string;
  /** `[WIFConfig] oauthclientsecret`. Secret. */
  readonly clientSecret: string;
  /** `[WIFConfig] subjecttoken`, unless it is the placeholder. Secret. */
  readonly subjectToken?: string;
  /** `[OCI] tenancy`. */
  readonly tenancy?: string;
  /** `[OCI] region`. */
  readonly region?: string;
  /** `[OCI] profile`. */
  readonly profile?: string;
  readonly trusts: readonly RuntimeTrust[];
  /** Non-fatal findings, formatted. */
  readonly warnings: readonly string[];
}

export { REGION, SUBJECT_TOKEN_PLACEHOLDER } from "./constants";

/** Keys whose values are secrets: a message about them never carries the value. */
const SECRET_KEYS = new Set(["oauthclientsecret", "subjecttoken"]);

const KNOWN: Record<string, readonly string[]> = {
  identitydomain: ["iam_guid"],
  wifconfig: ["oauthclientid", "oauthclientsecret", "subjecttoken"],
  oci: ["tenancy", "region", "profile"],
  trust: ["issuer", "audience"],
};

const TENANCY_OCID = /^ocid1\.tenancy\.oc[0-9]+\.[a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Reads runtimeConfig.ini: the Oracle sample's two sections (`[IdentityDomain]`, `[WIFConfig]`) and ours
 * (`[OCI]`, `[Trust <label>]`, as `renderRuntimeConfig` writes them). Values were written for Python's
 * configparser, so `%%` is read as `%`.
 *
 * @param path the file to read
 * @param display how to name the file in messages (the path as the user gave it)
 * @throws UsageError listing every problem found, one per line, never with a secret value
 */
export function readRuntimeConfig(path: string, display = path): RuntimeConfig {
  let text: string;
  const warnings: string[] = [];
  try {
    text = readNamedText(path, FILE_LIMITS.config);
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      warnings.push(
        `${display}: holds the client secret but other users may read it (mode 0${mode.toString(8)}). Run chmod 600 ${display}.`,
      );
    }
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE"))
      throw new UsageError(
        `${display}: ${err.reason}.${err.refusal === "encoding" ? "" : " Pass --runtime-config <runtimeConfig.ini>."}`,
      );
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `${display}: file not found. Pass --runtime-config <path>, or run from the directory where wif-deploy wrote runtimeConfig.ini.`
        : `${display}: cannot be read (${code ?? String(err)}).`,
    );
  }
  return parseRuntimeConfig(text, display, warnings);
}

/** Validates the text of a runtimeConfig.ini; see {@link readRuntimeConfig}. */
export function parseRuntimeConfig(text: string, file: string, warnings: string[] = []): RuntimeConfig {
  const problems = new ProblemList();
  const doc = parseIni(text, file, problems, "configparser");
  // Known to every printer from now on, before any problem of this file is reported: as written and as read.
  // In any section: a secret under the wrong header is still a secret.
  for (const section of doc.sections)
    for (const key of SECRET_KEYS)
      for (const v of section.entries.get(key)?.values ?? [])
        if (v !== SUBJECT_TOKEN_PLACEHOLDER) [v, v.replace(/%%/g, "%")].forEach(registerSecret);
  refuseSetupConfig(doc, file);
  const { bySection, trustSections } = knownSections(doc, file, problems);
  const value = valueReader(file, bySection, problems);

  const domainUrl = readDomainUrl(file, bySection, problems, value);
  const clientId = value(
    "wifconfig",
    "oauthclientid",
    "Set it to the token-exchange app's client ID (`terraform output token_exchange_client_id`).",
  );
  const clientSecret = value(
    "wifconfig",
    "oauthclientsecret",
    "Set it to the token-exchange app's client secret (`terraform output -raw token_exchange_client_secret`).",
  );
  const subject = value("wifconfig", "subjecttoken", undefined);
  const subjectToken = subject === undefined || subject === SUBJECT_TOKEN_PLACEHOLDER ? undefined : subject;

  const check = (type: string, key: string, pattern: RegExp, what: string): string | undefined => {
    const v = value(type, key, undefined);
    if (v !== undefined && !pattern.test(v)) {
      problems.error({ ...entryWhere(file, bySection.get(type)!, key), value: v, message: `must be ${what}` });
      return undefined;
    }
    return v;
  };
  const tenancy = check("oci", "tenancy", TENANCY_OCID, "a tenancy OCID, ocid1.tenancy.oc1..<id>");
  const region = check("oci", "region", REGION, "a region identifier such as us-ashburn-1");
  const profile = value("oci", "profile", undefined);
  const profileRefusal = profile === undefined ? undefined : nameRefusal(profile, PROFILE_NAME);
  if (profileRefusal) {
    // The profile names the folder sessions/<profile> that the session key and token are written to.
    problems.error({
      ...entryWhere(file, bySection.get("oci")!, "profile"),
      value: truncatedValue(profile!),
      message: profileRefusal.message,
      fix: profileRefusal.fix,
    });
  }
  const trusts = readTrusts(file, trustSections, problems);

  if (problems.hasErrors) {
    const list = problems.errors;
    const n = list.length;
    throw new UsageError([
      `${n} problem${n === 1 ? "" : "s"} in ${file}; nothing was sent.`,
      ...list.map((p) => `  ${formatProblem(p)}`),
    ]);
  }
  for (const w of problems.warnings) warnings.push(formatProblem(w));
  return {
    file,
    domainUrl: domainUrl!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    subjectToken,
    tenancy,
    region,
    profile: profileRefusal ? undefined : profile,
    trusts,
    warnings,
  };
}

/** The known sections by type, and the `[Trust <label>]` sections; warns about unknown sections and keys. */
/** Section types only a setupConfig.ini has (config/spec.ts); runtimeConfig.ini has none of them. */
const SETUP_ONLY = new Set([
  "ociconfig",
  "trustconfiguration",
  "serviceuserconfig",
  "serviceuser",
  "workload",
  "upstbroker",
  "environments",
  "backend",
  "suppress",
  "adopt",
]);

/**
 * A setupConfig.ini given where runtimeConfig.ini belongs (`wif-exchange --runtime-config setupConfig.ini`) is said
 * to be one, instead of reporting its allow[] lines and [ServiceUser] sections as a runtimeConfig.ini's problems.
 */
function refuseSetupConfig(doc: IniDocument, file: string): void {
  const own = doc.sections.find((s) => SETUP_ONLY.has(s.type));
  if (!own) return;
  throw new UsageError([
    `${file} is a setupConfig.ini (it has a [${own.name}] section), the config wif-synth and wif-plan read; the exchange reads the runtimeConfig.ini that wif-deploy writes.`,
    "Pass --runtime-config <that runtimeConfig.ini>, or write it from the Terraform state with wif-runtime-config (npm run runtime-config).",
  ]);
}

function knownSections(doc: IniDocument, file: string, problems: ProblemList) {
  const bySection = new Map<string, IniSection>();
  const trustSections: IniSection[] = [];
  for (const section of doc.sections) {
    const known = KNOWN[section.type];
    if (!known || (section.type === "trust") !== (section.label !== undefined)) {
      problems.warn({
        file,
        line: section.line,
        section: section.name,
        message: "unknown section, ignored",
        code: WARNING.unknownSection,
      });
      continue;
    }
    for (const entry of section.entries.values()) {
      if (!known.includes(entry.key)) {
        problems.warn({
          file,
          line: entry.line,
          section: section.name,
          key: entry.key,
          message: "unknown key, ignored",
          code: WARNING.unknownKey,
        });
      }
    }
    if (section.type === "trust") trustSections.push(section);
    else bySection.set(section.type, section);
  }
  return { bySection, trustSections };
}

/** Reads one value, `%%` unescaped; records an error with the fix `required` when it is missing and required. */
type ValueReader = (type: string, key: string, required: string | undefined) => string | undefined;

function valueReader(file: string, bySection: ReadonlyMap<string, IniSection>, problems: ProblemList): ValueReader {
  return (type, key, required) => {
    const section = bySection.get(type);
    const entry = section?.entries.get(key);
    const raw = entry?.values[0]?.trim();
    if (raw === undefined || raw === "") {
      if (required) {
        problems.error({
          file,
          line: entry?.line ?? section?.line,
          section: section?.name ?? sectionTitle(type),
          key,
          message: section ? "is missing" : "is missing (and so is its section)",
          fix: required,
        });
      }
      return undefined;
    }
    return unescapePercent(raw, { file, line: entry!.line, section: section!.name, key }, problems);
  };
}

function readDomainUrl(
  file: string,
  bySection: ReadonlyMap<string, IniSection>,
  problems: ProblemList,
  value: ValueReader,
): string | undefined {
  const domainText = value(
    "identitydomain",
    "iam_guid",
    "Set it to the identity domain URL, https://idcs-….identity.oraclecloud.com.",
  );
  if (domainText === undefined) return undefined;
  const where = entryWhere(file, bySection.get("identitydomain")!, "iam_guid");
  const url = checkServiceUrl(domainText);
  if ("problem" in url) {
    problems.error({
      ...where,
      value: domainText,
      message: url.problem,
      fix: "Use the domain URL from the console: Identity & Security > Domains > your domain.",
    });
  } else if ((url.pathname !== "/" && url.pathname !== "") || url.search) {
    problems.error({
      ...where,
      value: domainText,
      message: "must be the domain URL only, without a path",
      fix: `Use ${url.origin}.`,
    });
  } else {
    return url.origin;
  }
  return undefined;
}

function readTrusts(file: string, trustSections: readonly IniSection[], problems: ProblemList): RuntimeTrust[] {
  const trusts: RuntimeTrust[] = [];
  for (const section of trustSections) {
    const issuerEntry = section.entries.get("issuer");
    const where = { file, section: section.name };
    if (!issuerEntry || issuerEntry.values[0].trim() === "") {
      problems.error({
        ...where,
        line: section.line,
        key: "issuer",
        message: "is missing",
        fix: "Set it to the issuer URL of the tokens (the iss claim).",
      });
      continue;
    }
    const issuer = unescapePercent(
      issuerEntry.values[0].trim(),
      { ...where, line: issuerEntry.line, key: "issuer" },
      problems,
    );
    const audienceEntry = section.entries.get("audience");
    const audiences = audienceEntry
      ? unescapePercent(audienceEntry.values[0], { ...where, line: audienceEntry.line, key: "audience" }, problems)
          .split(",")
          .map((a) => a.trim())
          .filter((a) => a !== "")
      : [];
    trusts.push({ label: section.label!, issuer, audiences });
  }
  return trusts;
}

function entryWhere(file: string, section: IniSection, key: string) {
  return { file, line: section.entries.get(key)?.line ?? section.line, section: section.name, key };
}

function sectionTitle(type: string): string {
  return { identitydomain: "IdentityDomain", wifconfig: "WIFConfig", oci: "OCI" }[type] ?? type;
}

/**
 * Undoes configparser's escaping: `%%` is `%`. A lone `%` is an error there (wifRuntime.py would fail on it),
 * and `%(name)s` interpolation is not supported here, so both are reported rather than guessed at.
 */
function unescapePercent(
  value: string,
  where: { file: string; line?: number; section: string; key: string },
  problems: ProblemList,
): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    if (value[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    const interpolation = value[i + 1] === "(";
    problems.error({
      ...where,
      value: SECRET_KEYS.has(where.key) ? undefined : value,
      message: interpolation
        ? "uses configparser interpolation %(…)s, which is not supported"
        : `has a '%' that is not written as '%%'${SECRET_KEYS.has(where.key) ? " (value not shown: it is a secret)" : ""}`,
      fix: "The file is read as Python's configparser reads it: write every literal '%' as '%%'.",
    });
    return value;
  }
  return out;
}

// ---- writing: what `RuntimeConfigFile` renders and the runtime-config command writes ----

/** The values of a runtimeConfig.ini. Strings may be Terraform tokens. */
export interface RuntimeConfigValues {
  readonly domainUrl: string;
  readonly clientId: string;
  /** Already escaped for configparser (`%` doubled). */
  readonly clientSecret: string;
  readonly tenancyOcid?: string;
  readonly region?: string;
  readonly profileName: string;
  readonly trusts: readonly RuntimeTrust[];
}

/**
 * Renders runtimeConfig.ini: the seed's sections and lower-case keys first (so the Oracle sample's
 * wifRuntime.py reads it unchanged), then ours. `%` is doubled in every value because Python's configparser
 * treats it as interpolation.
 */
export function renderRuntimeConfig(v: RuntimeConfigValues): string {
  const lines = [
    "; Written by `cdktf deploy`. It holds the token-exchange client secret: keep it private (mode 0600),",
    "; never commit it. Delete it and run `npm run runtime-config` to write it again from Terraform state.",
    "[IdentityDomain]",
    `iam_guid = ${escapePercent(v.domainUrl)}`,
    "",
    "[WIFConfig]",
    `oauthclientid = ${escapePercent(v.clientId)}`,
    `oauthclientsecret = ${v.clientSecret}`,
    `subjecttoken = ${SUBJECT_TOKEN_PLACEHOLDER}`,
    "",
    "[OCI]",
    ...(v.tenancyOcid ? [`tenancy = ${escapePercent(v.tenancyOcid)}`] : []),
    ...(v.region ? [`region = ${escapePercent(v.region)}`] : []),
    `profile = ${escapePercent(v.profileName)}`,
  ];
  for (const t of v.trusts) {
    lines.push("", `[Trust ${t.label}]`, `issuer = ${escapePercent(t.issuer)}`);
    if (t.audiences.length) lines.push(`audience = ${escapePercent(t.audiences.join(","))}`);
  }
  return lines.join("\n") + "\n";
}

function escapePercent(value: string): string {
  return value.replace(/%/g, "%%");
}
