import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import { WARNING } from "../core/warnings";
import { alwaysTrueCondition, reachesTenancyById } from "../core/policy-statement";
import type { Reader } from "./reader";

/**
 * Checks of where things point: the identity domain's URL, runtimeConfig.ini's path, the realm and region of every
 * OCID, and policy statements that reach further than they say.
 */

/** An identity domain URL of the commercial realm. */
export const DOMAIN_URL = /^https:\/\/idcs-[0-9a-f]{32}\.identity\.oraclecloud\.com$/;

/** `http://127.0.0.1[:port]` or `http://localhost[:port]`, nothing after the port but an optional `/`. */
const LOOPBACK_DOMAIN_URL = /^http:\/\/(127\.0\.0\.1|localhost)(:[0-9]{1,5})?\/?$/i;

/**
 * A loopback `iam_guid` (`http://127.0.0.1:<port>` or `http://localhost:<port>`): a local OCI on this machine, which
 * the end-to-end tests run the real provider against. Accepted with a warning, without the trailing `/`; wif-review
 * fails every stack that holds one (WIF-S2), so such a stack never passes a real pipeline. Undefined for any other value.
 */
export function loopbackDomainUrl(
  reader: Reader,
  problems: ProblemList,
  file: string,
  section: IniSection,
): string | undefined {
  // The raw value is looked at first, so that anything else is read (and its problems reported) once, by the caller.
  const raw = section.entries.get("iam_guid")?.values;
  if (raw?.length !== 1 || !LOOPBACK_DOMAIN_URL.test(raw[0].trim())) return undefined;
  const value = reader.string(section, "iam_guid");
  if (value === undefined || !LOOPBACK_DOMAIN_URL.test(value)) return undefined;
  problems.warn({
    file,
    line: section.entries.get("iam_guid")?.line ?? section.line,
    section: section.name,
    key: "iam_guid",
    value,
    code: WARNING.loopbackDomain,
    message: "is a local test OCI on this machine (plain http to loopback), not an identity domain",
    fix: "Only for local end-to-end tests; wif-review fails such a stack. Use the domain URL from the console otherwise.",
  });
  return value.replace(/\/$/, "");
}

/** Refuses an `iam_guid` that is not an identity domain's URL, unless `[IdentityDomain] other_realm = true`. */
export function checkDomainUrl(reader: Reader, section: IniSection, url: string | undefined): void {
  if (url === undefined || DOMAIN_URL.test(url)) return;
  if (reader.bool(section, "other_realm")) return;
  reader.fail(
    section,
    "iam_guid",
    url,
    "is not an identity domain URL, https://idcs-<32 hex digits>.identity.oraclecloud.com",
    "Copy the domain URL from the console (Identity & Security > Domains > your domain). For a domain in another realm, set other_realm = true.",
  );
}

/**
 * The absolute path of runtimeConfig.ini. It must stay under the config's directory (a pull request must not make
 * the apply write elsewhere) unless `[WIFConfig] runtime_config_outside = true`, and must not be a directory or
 * anything but a regular file.
 */
export function runtimeConfigPath(
  reader: Reader,
  section: IniSection | undefined,
  value: string,
  baseDir: string,
): string | undefined {
  const path = isAbsolute(value) ? resolve(value) : resolve(baseDir, value);
  if (!section) return path;
  const rel = relative(baseDir, path);
  const outside = rel === "" || rel.startsWith("..") || isAbsolute(rel);
  if (outside && !reader.bool(section, "runtime_config_outside")) {
    reader.fail(
      section,
      "runtime_config_path",
      value,
      "is outside the config's directory",
      "Use a path under the directory of this file, or set runtime_config_outside = true if that is really meant.",
    );
    return undefined;
  }
  if (existsSync(path) && !statSync(path).isFile()) {
    reader.fail(
      section,
      "runtime_config_path",
      value,
      "names something that is not a regular file (a directory, FIFO or device)",
      "Name the file to write, e.g. runtimeConfig.ini.",
    );
    return undefined;
  }
  return path;
}

/** Region identifiers and their three-letter keys, as OCIDs of regional resources carry them (OCI's region list). */
const REGION_KEYS: Record<string, string> = {
  "us-ashburn-1": "iad",
  "us-phoenix-1": "phx",
  "us-sanjose-1": "sjc",
  "us-chicago-1": "ord",
  "ca-toronto-1": "yyz",
  "ca-montreal-1": "yul",
  "eu-frankfurt-1": "fra",
  "eu-amsterdam-1": "ams",
  "eu-zurich-1": "zrh",
  "eu-madrid-1": "mad",
  "eu-marseille-1": "mrs",
  "eu-milan-1": "lin",
  "eu-paris-1": "cdg",
  "eu-stockholm-1": "arn",
  "uk-london-1": "lhr",
  "uk-cardiff-1": "cwl",
  "ap-tokyo-1": "nrt",
  "ap-osaka-1": "kix",
  "ap-seoul-1": "icn",
  "ap-chuncheon-1": "yny",
  "ap-mumbai-1": "bom",
  "ap-hyderabad-1": "hyd",
  "ap-sydney-1": "syd",
  "ap-melbourne-1": "mel",
  "ap-singapore-1": "sin",
  "sa-saopaulo-1": "gru",
  "sa-vinhedo-1": "vcp",
  "sa-santiago-1": "scl",
  "me-jeddah-1": "jed",
  "me-dubai-1": "dxb",
  "il-jerusalem-1": "mtz",
  "af-johannesburg-1": "jnb",
  "mx-queretaro-1": "qro",
  "mx-monterrey-1": "mty",
};

/** One OCID with where it was written. */
export interface OcidUse {
  readonly section: IniSection;
  readonly key: string;
  readonly ocid: string;
}

/**
 * Refuses OCIDs of another realm than the tenancy's, and regional OCIDs of another region than `[OCIConfig]
 * region` (when the region is one we know the key of).
 */
export function checkOcidPlaces(
  reader: Reader,
  uses: readonly OcidUse[],
  tenancyOcid: string | undefined,
  region: string | undefined,
): void {
  const realm = tenancyOcid?.split(".")[2];
  const regionKey = region ? REGION_KEYS[region] : undefined;
  for (const { section, key, ocid } of uses) {
    const [, , ocidRealm, ocidRegion] = ocid.split(".");
    if (realm && ocidRealm !== realm) {
      reader.fail(
        section,
        key,
        ocid,
        `is in realm ${ocidRealm}, but the tenancy is in ${realm}`,
        "Use an OCID of the tenancy's realm.",
      );
    } else if (regionKey && ocidRegion && ocidRegion !== regionKey && ocidRegion !== region) {
      reader.fail(
        section,
        key,
        ocid,
        `is in region ${ocidRegion}, but [OCIConfig] region is ${region} (${regionKey})`,
        "Use an OCID of that region, or fix region.",
      );
    }
  }
}

/** Warnings for statements that reach the tenancy through its OCID, or whose `where` is always true. */
export function warnWideStatements(
  problems: ProblemList,
  file: string,
  owners: ReadonlyArray<{ section: string; line: number; statements: readonly string[] }>,
  tenancyOcid: string | undefined,
): void {
  for (const o of owners) {
    for (const st of o.statements) {
      if (reachesTenancyById(st, tenancyOcid)) {
        problems.warn({
          file,
          line: o.line,
          section: o.section,
          key: "allow",
          value: st,
          message:
            "grants in the whole tenancy: the compartment OCID is the tenancy's (review rule WIF-P3 fails on it)",
          fix: "Name the compartment the grant is for.",
        });
      }
      const cond = alwaysTrueCondition(st);
      if (cond) {
        problems.warn({
          file,
          line: o.line,
          section: o.section,
          key: "allow",
          value: st,
          message: `has a where clause that is always true (${cond}), so it limits nothing (review rule WIF-P4 fails on it)`,
          fix: "Fix or remove the condition.",
        });
      }
    }
  }
}
