import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import { POLICY_DESCRIPTION_MAX, POLICY_NAME_MAX } from "../core/limits";
import { findSection } from "./spec";

/**
 * How long each value of setupConfig.ini may be, in characters, checked before any section is read. Where OCI
 * documents a limit the config holds OCI's, so a value OCI would refuse at apply time (a 401-character policy
 * description) is refused at synth with the limit in the message; where OCI documents none (most identity-domain
 * attributes), the bound is ours, generous for any real value and small enough that a 1 MiB issuer or description
 * cannot pass. Each limit and its source: docs/oci-facts.md#limits.
 */

/** A bound on a value's length. `documented` names OCI's documentation when the limit is OCI's, not ours. */
export interface LengthLimit {
  readonly max: number;
  /** What the value is, for the message: "a policy description". */
  readonly what: string;
  /** Where OCI documents the limit; undefined for our own bound. */
  readonly documented?: string;
}

const IAM_POLICY_DOCS = "OCI IAM, CreatePolicy";

/** Keys (optionally only in some section types, lower case) and their limits; the first match wins. */
const LIMITS: ReadonlyArray<{ readonly keys: readonly string[]; readonly in?: readonly string[] } & LengthLimit> = [
  {
    keys: ["policy_name"],
    max: POLICY_NAME_MAX,
    what: "a policy name",
    documented: IAM_POLICY_DOCS,
  },
  {
    keys: ["policy_description"],
    max: POLICY_DESCRIPTION_MAX,
    what: "a policy description",
    documented: IAM_POLICY_DOCS,
  },
  { keys: ["allow"], max: 4_096, what: "a policy statement" },
  { keys: ["public_certificate"], max: 16_384, what: "a PEM certificate" },
  {
    keys: [
      "name",
      "group",
      "token_exchange_app_name",
      "admin_app_name",
      "display_name",
      "user_name",
      "account_user_name",
    ],
    max: 100,
    what: "a name",
  },
  { keys: ["description"], max: 4_000, what: "a description" },
  { keys: ["audience"], in: ["trust", "trustconfiguration"], max: 4_096, what: "a list of audiences" },
  {
    keys: ["issuer", "jwk_uri", "iam_guid", "audience", "address", "lock_address", "unlock_address", "endpoint"],
    max: 2_048,
    what: "a URL",
  },
  { keys: ["wif_domain_url"], max: 2_048, what: "a URL" },
  {
    keys: ["rule", "impersonationrule", "match", "validate", "propagate"],
    max: 2_048,
    what: "a rule or claim condition",
  },
  { keys: ["scope"], max: 2_048, what: "a scope" },
  { keys: ["audience_claim", "subject_claim", "user_attribute", "resource_label"], max: 256, what: "a claim name" },
  { keys: ["kms_key_id"], max: 255, what: "an OCID" },
  // RFC 5321 bounds a forward path at 256 octets including the angle brackets.
  { keys: ["account_email"], max: 254, what: "an email address" },
  { keys: ["region"], max: 64, what: "a region identifier" },
  { keys: ["reason", "applies_to"], max: 1_000, what: "a suppression's text" },
];

/** Any other value: paths, flags, numbers. */
const DEFAULT_LIMIT: LengthLimit = { max: 4_096, what: "a value" };
/** Every `*_ocid` key: OCIDs are well under 255 characters. */
const OCID_LIMIT: LengthLimit = { max: 255, what: "an OCID" };

/** The limit on a key's values in a section of a type (`trust`, `serviceuser`, any case). */
export function lengthLimitOf(sectionType: string, key: string): LengthLimit {
  const type = (findSection(sectionType)?.type ?? sectionType).toLowerCase();
  const found = LIMITS.find((l) => l.keys.includes(key) && (!l.in || l.in.includes(type)));
  if (found) return found;
  return key.endsWith("_ocid") ? OCID_LIMIT : DEFAULT_LIMIT;
}

/** Length in characters (code points), as OCI counts them. */
function lengthOf(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Records an error for every value longer than its limit; true when there was one. The value is not echoed: at a
 * megabyte it would bury the message.
 */
export function refuseOverlong(sections: readonly IniSection[], file: string, problems: ProblemList): boolean {
  let refused = false;
  for (const section of sections) {
    for (const entry of section.entries.values()) {
      const limit = lengthLimitOf(section.type, entry.key);
      entry.values.forEach((raw, i) => {
        const value = raw.trim();
        // Quick reject first: a string of at most `max` UTF-16 units has at most `max` characters.
        if (value.length <= limit.max) return;
        const n = lengthOf(value);
        if (n <= limit.max) return;
        refused = true;
        problems.error({
          file,
          line: entry.lines[i],
          section: section.name,
          key: entry.key,
          message: limit.documented
            ? `is ${n} characters long; OCI accepts at most ${limit.max} for ${limit.what}`
            : `is ${n} characters long; the limit for ${limit.what} is ${limit.max}`,
          fix: limit.documented
            ? `Shorten it (${limit.documented}; docs/oci-facts.md#limits).`
            : `Shorten it. OCI documents no limit here; ${limit.max} is this tool's bound (docs/oci-facts.md#limits).`,
        });
      });
    }
  }
  return refused;
}
