import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import { alwaysTrueCondition, reachesTenancyById } from "../core/policy-statement";
import type { Reader } from "./reader";
import { checkPlace, type PlaceRule } from "../core/place";

/**
 * Checks of where things point: the identity domain's URL, runtimeConfig.ini's path, the realm and region of every
 * OCID, and policy statements that reach further than they say.
 */

/** An identity domain URL of the commercial realm. */
export const DOMAIN_URL = /^https:\/\/idcs-[0-9a-f]{32}\.identity\.oraclecloud\.com$/;

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
