import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import { WARNING } from "../core/warnings";
import { alwaysTrueCondition, neverTrueCondition, reachesTenancyById } from "../core/policy-statement";
import type { Reader } from "./reader";
import { checkPlace, type PlaceRule } from "../core/place";
import { isKnownRealm, REALM_DOMAINS, REGIONS } from "../core/regions";
import { editDistance, suggest } from "./spec";

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
 * fails every stack that holds one (WIF-L1), so such a stack never passes a real pipeline. Undefined for any other value.
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
 * The absolute path of runtimeConfig.ini (core/place.ts): under the config's folder, without `..` or a symbolic link
 * out of it (a pull request must not make the apply write elsewhere), unless `[WIFConfig] runtime_config_outside =
 * true`, which allows an absolute path as well. Never a link at the file itself (the client secret is written there),
 * a folder or anything but a regular file.
 */
export function runtimeConfigPath(
  c: { readonly reader: Reader; readonly problems: ProblemList; readonly file: string; readonly baseDir: string },
  section: IniSection | undefined,
): string | undefined {
  const { reader, baseDir } = c;
  const outside = section !== undefined && reader.bool(section, "runtime_config_outside") === true;
  const rule: PlaceRule = {
    rootName: "the config's folder",
    expected: outside
      ? "a path under the config's folder, or an absolute path"
      : "a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true)",
    absolute: outside,
    kind: "file",
    write: true,
  };
  if (section?.entries.has("runtime_config_path") && reader.string(section, "runtime_config_path") !== undefined)
    return reader.place(section, "runtime_config_path", baseDir, rule)?.path;
  const checked = checkPlace(baseDir, "runtimeConfig.ini", rule);
  if (checked.place) return checked.place.path;
  // The default place: a pull request may have planted a link or a folder there.
  c.problems.error({
    file: c.file,
    line: section?.line,
    section: section?.name ?? "WIFConfig",
    key: "runtime_config_path",
    value: "runtimeConfig.ini",
    message: `(the default) ${checked.refusal.message}`,
    fix: checked.refusal.fix,
  });
  return undefined;
}

/** One OCID with where it was written. */
export interface OcidUse {
  readonly section: IniSection;
  readonly key: string;
  readonly ocid: string;
  /** The line of the value holding it (a list key has several). */
  readonly line?: number;
}

/**
 * Refuses OCIDs whose realm does not exist, of another realm than the tenancy's or `[OCIConfig] region`'s, and
 * regional OCIDs of another region than `[OCIConfig] region`. A region this version does not know is a warning: OCI
 * opens regions every few months, and refusing one would block a real set-up; but one a letter or two from a known
 * region is refused as the typo it is. Realms and regions: core/regions.ts.
 * @see docs/oci-facts.md#realms
 */
export function checkOcidPlaces(
  reader: Reader,
  uses: readonly OcidUse[],
  tenancyOcid: string | undefined,
  region: { readonly value?: string; readonly section?: IniSection },
): void {
  const regionInfo =
    region.value !== undefined && Object.hasOwn(REGIONS, region.value) ? REGIONS[region.value] : undefined;
  if (region.value !== undefined && !regionInfo && region.section) {
    const hint = suggest(region.value, Object.keys(REGIONS));
    if (hint && editDistance(hint, region.value) <= 2) {
      reader.fail(region.section, "region", region.value, "is not an OCI region", `Did you mean ${hint}?`);
    } else {
      reader.warn(
        region.section,
        "region",
        region.value,
        "is not a region this version knows, so OCIDs are not checked against its realm",
        `Check the spelling; the known regions are in core/regions.ts (${Object.keys(REGIONS).length} regions).`,
      );
    }
  }
  const tenancyRealm = tenancyOcid?.split(".")[2];
  const realmsList = () => Object.keys(REALM_DOMAINS).join(", ");
  for (const { section, key, ocid, line } of uses) {
    const [, , ocidRealm, ocidRegion] = ocid.split(".");
    if (!isKnownRealm(ocidRealm)) {
      reader.fail(
        section,
        key,
        ocid,
        `names the realm ${JSON.stringify(ocidRealm)}, which does not exist`,
        `The realms are ${realmsList()}; copy the OCID from the console.`,
        line,
      );
    } else if (tenancyRealm && isKnownRealm(tenancyRealm) && ocidRealm !== tenancyRealm) {
      reader.fail(
        section,
        key,
        ocid,
        `is in realm ${ocidRealm}, but the tenancy is in ${tenancyRealm}`,
        "Use an OCID of the tenancy's realm.",
        line,
      );
    } else if (regionInfo && ocidRealm !== regionInfo.realm) {
      reader.fail(
        section,
        key,
        ocid,
        `is in realm ${ocidRealm}, but [OCIConfig] region ${region.value} is in ${regionInfo.realm}`,
        "Use an OCID of the region's realm, or fix region.",
        line,
      );
    } else if (regionInfo && ocidRegion && ocidRegion !== regionInfo.key && ocidRegion !== region.value) {
      reader.fail(
        section,
        key,
        ocid,
        `is in region ${ocidRegion}, but [OCIConfig] region is ${region.value} (${regionInfo.key})`,
        "Use an OCID of that region, or fix region.",
        line,
      );
    }
  }
}

/** Warnings for statements that reach the tenancy through its OCID, or whose `where` is always or never true. */
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
      const never = neverTrueCondition(st);
      if (never) {
        problems.warn({
          file,
          line: o.line,
          section: o.section,
          key: "allow",
          value: st,
          message: `has a where clause that is never true (${never}), so the statement grants nothing`,
          fix: "Fix the condition, or remove the statement.",
        });
      }
    }
  }
}
