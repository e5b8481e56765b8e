/**
 * The round-trip corpus's cases, by class. Importer cases are every attribute the importer reads from the domain ×
 * hostile values; each attribute says where it lives in the seed-shaped domain and how messages name its object.
 */
import type { DomainData } from "../support/identity-domain";
import { CLIENT_SECRET, JWT, PEM_KEY } from "./corpus-support";

const TRUST_ID = "5e3c7a9b1d4f6b8d0f2e4a6c8e0a2b4d";
const APP_ID = "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6";
const USER_ID = "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e";
const GROUP_ID = "4d2b6f8a0c3e5a7c9e1d3f5b7d9f1a3c";
const POLICY_ID = "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000";

/** What the value of an attribute is, which decides what the loader demands of it. */
export type FieldKind =
  | "name"
  | "policyName"
  | "label"
  | "text"
  | "url"
  | "audience"
  | "rule"
  | "statement"
  | "policyText";

/** One attribute the importer reads. */
export interface ImportField {
  /** `trust description`, for the case's name. */
  readonly name: string;
  readonly kind: FieldKind;
  /** How a refusal names the object and attribute when the value is `v`. */
  readonly where: (v: unknown) => string;
  /** Whether a null or missing value is allowed (an optional attribute is then simply absent). */
  readonly optional: boolean;
  readonly set: (d: DomainData, v: unknown) => void;
  /** How the written config must read the value back, when the import succeeds: section and key. */
  readonly readBack?: { readonly section: string; readonly key: string };
}

/** How refusals name an object (adopt/discover.ts describeObject); "\u0000secret" stands for a secret-shaped name. */
const named = (kind: string, name: unknown, id: string) => {
  const shown =
    name === "\u0000secret"
      ? "(a name shaped like a secret, not shown)"
      : typeof name !== "string" || name === ""
        ? "(no name)"
        : name.length > 64
          ? `${JSON.stringify(name.slice(0, 48))}… (${name.length} characters)`
          : JSON.stringify(name);
  return `${kind} ${shown} (id ${JSON.stringify(id)})`;
};
const trust = (d: DomainData) => d.IdentityPropagationTrusts[0];

export const IMPORT_FIELDS: readonly ImportField[] = [
  {
    name: "trust name",
    kind: "name",
    where: (v) => `${named("trust", v, TRUST_ID)} name`,
    optional: false,
    set: (d, v) => (trust(d).name = v),
  },
  {
    name: "trust issuer",
    kind: "url",
    where: () => `${named("trust", "WIF-Trust", TRUST_ID)} issuer`,
    optional: false,
    set: (d, v) => (trust(d).issuer = v),
  },
  {
    name: "trust publicKeyEndpoint",
    kind: "url",
    where: () => `${named("trust", "WIF-Trust", TRUST_ID)} publicKeyEndpoint`,
    optional: true,
    set: (d, v) => (trust(d).publicKeyEndpoint = v),
  },
  {
    name: "trust description",
    kind: "text",
    where: () => `${named("trust", "WIF-Trust", TRUST_ID)} description`,
    optional: true,
    set: (d, v) => (trust(d).description = v),
    readBack: { section: "Trust WIF-Trust", key: "description" },
  },
  {
    name: "trust audience",
    kind: "audience",
    where: () => `${named("trust", "WIF-Trust", TRUST_ID)} clientClaimValues`,
    optional: true,
    set: (d, v) => {
      trust(d).clientClaimName = "aud";
      trust(d).clientClaimValues = v === null ? null : [v];
    },
  },
  {
    name: "trust rule",
    kind: "rule",
    where: () => `${named("trust", "WIF-Trust", TRUST_ID)} impersonationServiceUsers.rule`,
    optional: false,
    set: (d, v) => (trust(d).impersonationServiceUsers[0].rule = v),
  },
  {
    name: "app displayName",
    kind: "name",
    where: (v) => `${named("app", v, APP_ID)} displayName`,
    optional: false,
    set: (d, v) => (d.Apps[1].displayName = v),
  },
  {
    name: "app description",
    kind: "text",
    where: () => `${named("app", "TokenExchangeClient", APP_ID)} description`,
    optional: true,
    set: (d, v) => (d.Apps[1].description = v),
    readBack: { section: "WIFConfig", key: "description" },
  },
  {
    name: "user userName",
    kind: "label",
    where: (v) => `${named("user", v, USER_ID)} userName`,
    optional: false,
    set: (d, v) => (d.Users[0].userName = v),
  },
  {
    name: "user description",
    kind: "text",
    where: () => `${named("user", "ServiceUser", USER_ID)} description`,
    optional: true,
    set: (d, v) => (d.Users[0].description = v),
    readBack: { section: "ServiceUser ServiceUser", key: "description" },
  },
  {
    name: "group displayName",
    kind: "name",
    where: (v) => `${named("group", v, GROUP_ID)} displayName`,
    optional: false,
    set: (d, v) => {
      d.Groups[0].displayName = v;
      // The policy names the group, so that it is still adopted with it.
      d.policies[0].statements = [`Allow group 'Default'/'${String(v)}' to read buckets in compartment ci`];
    },
  },
  {
    name: "policy name",
    kind: "policyName",
    where: (v) => `${named("policy", v, POLICY_ID)} name`,
    optional: false,
    set: (d, v) => (d.policies[0].name = v),
  },
  {
    name: "policy description",
    kind: "policyText",
    where: () => `${named("policy", "ServiceUser-policy", POLICY_ID)} description`,
    optional: true,
    set: (d, v) => (d.policies[0].description = v),
    readBack: { section: "ServiceUser ServiceUser", key: "policy_description" },
  },
  {
    name: "policy statement",
    kind: "statement",
    where: () => `${named("policy", "ServiceUser-policy", POLICY_ID)} statements`,
    optional: false,
    // A statement that is not text is not a statement: the list holds the value itself.
    set: (d, v) =>
      (d.policies[0].statements = [typeof v === "string" ? `Allow group 'Default'/'ServiceUser-group' to ${v}` : v]),
  },
];

/** A hostile value, made for an attribute (a rule or URL stays one, with the hostile part inside). */
export interface HostileValue {
  readonly cls: string;
  readonly make: (f: ImportField) => unknown;
}

/** A valid value of each kind, which a class's hostile part is put into. */
export function validOf(kind: FieldKind): string {
  switch (kind) {
    case "url":
      return "https://token.actions.githubusercontent.com";
    case "audience":
      return "oci-wif";
    case "rule":
      return "sub eq repo:octo-org/octo-repo:ref:refs/heads/main";
    case "statement":
      return "read buckets in compartment ci";
    case "label":
    case "name":
    case "policyName":
      return "ServiceUser";
    default:
      return "Service user for workload identity federation";
  }
}

export const HOSTILE_VALUES: readonly HostileValue[] = [
  { cls: "a bell control character", make: (f) => `${validOf(f.kind)}\u0007x` },
  { cls: "a right-to-left override", make: (f) => `${validOf(f.kind)}\u202ex` },
  { cls: "a line break", make: (f) => `${validOf(f.kind)}\nx` },
  { cls: "white space at the end", make: (f) => `${validOf(f.kind)} ` },
  { cls: "an OCI client secret", make: () => CLIENT_SECRET },
  { cls: "a JWT", make: () => JWT },
  { cls: "a PEM private key", make: () => PEM_KEY },
  { cls: "a megabyte", make: () => "x".repeat(1 << 20) },
  { cls: "null", make: () => null },
  { cls: "a number", make: () => 42 },
];

/** What an importer case must end with: written (exit 0), or refused with this line among those printed. */
export type ImportExpectation = { readonly exit: 0 } | { readonly exit: 2; readonly line: string };

/** The planted secrets of this corpus, for the hidden object names. */
const SECRETS: readonly unknown[] = [CLIENT_SECRET, JWT, PEM_KEY];

/** The limits the loader applies to each kind (config/length-limits.ts), as its message words them. */
const LENGTH_MESSAGE: Record<FieldKind, string> = {
  name: "the limit for a name is 100",
  policyName: "OCI accepts at most 100 for a policy name",
  label: "",
  text: "the limit for a description is 4000",
  url: "the limit for a URL is 2048",
  audience: "the limit for a list of audiences is 4096",
  rule: "the limit for a rule or claim condition is 2048",
  statement: "the limit for a policy statement is 4096",
  policyText: "OCI accepts at most 400 for a policy description",
};

const LABEL_REFUSAL =
  "cannot name a [ServiceUser] section (letters, digits, '_', '-' or '@', at most 64), and leaving the user out would drop its rules from the imported trust";

/**
 * The outcome of an attribute holding a hostile value, by the rules the importer follows: secrets are refused by
 * shape before anything else; a user name must be a section label; what the loader refuses is refused with its
 * reason; white space at either end does not survive the ini reader; an optional attribute that is null is absent;
 * a statement the importer cannot read as the group's (not text, a line break) leaves the policy alone.
 */
export function expectImport(f: ImportField, cls: string, value: unknown): ImportExpectation {
  const hidden = SECRETS.includes(value);
  const where =
    hidden && (f.kind === "name" || f.kind === "policyName" || f.kind === "label")
      ? f.where("\u0000secret")
      : f.where(value);
  const refused = (why: string): ImportExpectation => ({ exit: 2, line: `  ${where}: ${why}.` });
  const column = validOf(f.kind).length + 1;
  if (
    f.kind === "statement" &&
    (typeof value !== "string" || cls === "a line break" || cls === "white space at the end")
  )
    return { exit: 0 };
  switch (cls) {
    case "an OCI client secret":
      return refused("holds an OCI client secret (idcscs-…), which is never copied (nothing of it is shown)");
    case "a JWT":
      return refused("holds a JWT, which is never copied (nothing of it is shown)");
    case "a PEM private key":
      return refused("holds a PEM private key, which is never copied (nothing of it is shown)");
    case "null":
      if (f.kind === "rule")
        return {
          exit: 2,
          line: `  ${f.where(value).replace(/ impersonationServiceUsers\.rule$/, "")} impersonationServiceUsers.rule: is missing or not text in one of the trust's mappings.`,
        };
      return f.optional ? { exit: 0 } : refused("is missing (null), and it is required");
    case "a number":
      if (f.kind === "rule")
        return {
          exit: 2,
          line: `  ${f.where(value).replace(/ impersonationServiceUsers\.rule$/, "")} impersonationServiceUsers.rule: is missing or not text in one of the trust's mappings.`,
        };
      return refused(f.kind === "audience" ? "holds something other than text" : "is a number, not text");
  }
  if (f.kind === "label") return refused(LABEL_REFUSAL);
  switch (cls) {
    case "a bell control character":
      return refused(`contains the invisible or control character U+0007 at column ${column}`);
    case "a right-to-left override":
      return refused(`contains the invisible or control character U+202E at column ${column}`);
    case "a line break":
      return refused(`contains the invisible or control character U+000A at column ${column}`);
    case "white space at the end":
      return refused("starts or ends with white space, which setupConfig.ini does not keep");
    case "a megabyte":
      return refused(`is 1048576 characters long; ${LENGTH_MESSAGE[f.kind]}`);
  }
  throw new Error(`no expectation for ${f.name} × ${cls}`);
}
