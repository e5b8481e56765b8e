import type { IniEntry, IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import { findSection, suggest, type SectionSpec } from "./spec";
import { refuseValue } from "./value-checks";
import { withoutTrailingSlash } from "../core/url";
import { checkPlace, nameRefusal, truncatedValue, type NameRule, type Place, type PlaceRule } from "../core/place";
import { OCID } from "../core/ocid";

export { REGION } from "../core/constants";
/** Label the seed's `[TrustConfiguration]` gets, so `[ServiceUser …] trust = default` can refer to it. */
export const SEED_TRUST_LABEL = "default";

export const PROVIDER_AUTH = [
  "ApiKey",
  "SecurityToken",
  "InstancePrincipal",
  "InstancePrincipalWithCerts",
  "ResourcePrincipal",
  "OKEWorkloadIdentity",
  "WorkloadIdentityFederation",
];
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9_@-]{0,63}$/;
export { OCID } from "../core/ocid";
export const TENANCY_OCID = OCID("tenancy");
export const COMPARTMENT_OCID = OCID("tenancy|compartment");
export const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/;

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Reads typed values out of sections, recording a located problem for each bad one: the value primitives (a string,
 * a name, a URL, a choice, a number, a place…) every section reader (config/sections/) uses. What a section means is
 * its reader's business, not this class's.
 */
export class Reader {
  /** Values already refused, so reading a key twice reports it once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly problems: ProblemList,
  ) {}

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
        this.problems.error({
          ...this.at(section, entry),
          message: "takes one value",
          fix: `Write ${entry.key} = … without [].`,
        });
      }
    }
    for (const k of spec.keys) {
      // Presence only: a value refused for what it holds is reported as that, not also as missing.
      if (k.required && !section.entries.get(k.key)?.values.some((v) => v.trim() !== "")) {
        this.problems.error({
          file: this.file,
          line: section.line,
          section: section.name,
          key: k.key,
          message: "is required",
          fix: k.doc,
        });
      }
    }
  }

  /** The value of a single-valued key, or undefined when absent or empty. */
  public string(section: IniSection, key: string): string | undefined {
    const entry = section.entries.get(key);
    if (!entry) return undefined;
    const value = entry.values[0].trim();
    if (value === "") return undefined;
    if (this.refused(section, entry, value, entry.line)) return undefined;
    if (/^<.*>$/.test(value)) {
      this.problems.error({
        ...this.at(section, entry),
        message: "still holds the sample's placeholder",
        value,
        fix: "Fill in your value.",
      });
      return undefined;
    }
    return value;
  }

  public list(section: IniSection, key: string): Array<{ value: string; line: number }> {
    const entry = section.entries.get(key);
    if (!entry) return [];
    return entry.values
      .map((value, i) => ({ value: value.trim(), line: entry.lines[i] }))
      .filter((v) => v.value !== "" && !this.refused(section, entry, v.value, v.line));
  }

  /** Records the refusal of a value that cannot be right for any key (see value-checks.ts); true if refused. */
  public refused(section: IniSection, entry: IniEntry, value: string, line: number): boolean {
    const refusal = refuseValue(entry.key, value);
    if (!refusal) return false;
    const reported = `${line}\u0000${entry.key}\u0000${section.name}`;
    if (this.reported.has(reported)) return true;
    this.reported.add(reported);
    this.problems.error({
      ...this.at(section, entry),
      line,
      message: refusal.message,
      value: refusal.secret ? undefined : value,
      fix: refusal.fix,
    });
    return true;
  }

  public name(section: IniSection, key: string, forbidden?: RegExp, pattern: RegExp = NAME): string | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    if (!pattern.test(value) || (forbidden && forbidden.test(value))) {
      this.fail(
        section,
        key,
        value,
        "must be letters, digits, spaces, '.', '_', '-' or '@', starting with a letter or digit (at most 100)",
      );
      return undefined;
    }
    return value;
  }

  /** A value that becomes a file or folder name (core/place.ts): one path segment of `rule`'s characters. */
  public pathName(section: IniSection, key: string, rule: NameRule): string | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    const refusal = nameRefusal(value, rule);
    if (!refusal) return value;
    this.fail(section, key, truncatedValue(value), refusal.message, refusal.fix);
    return undefined;
  }

  /**
   * A value that names a file or folder under `root` (core/place.ts): no `..`, no absolute path unless the rule
   * allows one, no symbolic link out of the root. Nothing is read; the place is returned for the caller to use.
   */
  public place(section: IniSection, key: string, root: string, rule: PlaceRule): Place | undefined {
    const value = this.string(section, key);
    if (value === undefined) return undefined;
    const checked = checkPlace(root, value, rule);
    if (checked.place) return checked.place;
    this.fail(section, key, truncatedValue(value), checked.refusal.message, checked.refusal.fix);
    return undefined;
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
      this.fail(
        section,
        key,
        value,
        "must be an https URL",
        "OCI fetches keys and checks issuers over TLS only; use the https:// form.",
      );
      return undefined;
    }
    if (parsed.username || parsed.password || parsed.hash) {
      this.fail(section, key, value, "must not carry credentials or a #fragment");
      return undefined;
    }
    if (opts.origin) {
      if ((parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search) {
        // A Console page's address (https://cloud.oracle.com/identity/domains/…) is not the domain's URL, and its
        // origin would be refused in turn: say what a domain URL looks like and where it is shown.
        if (!/^idcs-[a-z0-9]+\./i.test(parsed.hostname))
          this.fail(
            section,
            key,
            value,
            "must be the identity domain's own URL, https://idcs-<id>.identity.oraclecloud.com, not a Console page",
            "In the Console: Identity & Security > Domains > your domain > Details, Domain URL.",
          );
        else this.fail(section, key, value, "must be the domain URL only, without a path", `Use ${parsed.origin}.`);
        return undefined;
      }
      return withoutTrailingSlash(value);
    }
    return value;
  }

  /** Records an error for every item whose key repeats an earlier item's. */
  public unique<T extends { section: string; line: number }>(
    items: T[],
    keyOf: (t: T) => string,
    what: string,
    fix: string,
  ): void {
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

  /** Records a warning located at a key, as {@link fail} records an error. */
  public warn(section: IniSection, key: string, value: string | undefined, message: string, fix?: string): void {
    const entry = section.entries.get(key);
    this.problems.warn({
      file: this.file,
      line: entry?.line ?? section.line,
      section: section.name,
      key,
      value,
      message,
      fix: fix ?? keyHelp(section.type, key),
    });
  }

  /**
   * Records an error at a key. `line` picks one value of a list key (`allow[]`); without it, the key's first line.
   */
  public fail(
    section: IniSection,
    key: string,
    value: string | undefined,
    message: string,
    fix?: string,
    line?: number,
  ): void {
    const entry = section.entries.get(key);
    this.problems.error({
      file: this.file,
      line: line ?? entry?.line ?? section.line,
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
}

/** A key's documentation, and its default when it has one, as the fix for a bad value. */
function keyHelp(sectionType: string, key: string): string | undefined {
  const spec = findSection(sectionType)?.keys.find((k) => k.key === key);
  if (!spec) return undefined;
  return spec.default ? `${spec.doc} Default: ${spec.default}.` : spec.doc;
}
