import { CONSTRUCT_PATHS } from "../core/construct-ids";
import { redact, redactSecrets } from "../core/redact";
import { describeObject, type AdoptedSetup, type AdoptedTrust, type AdoptedUser, type ImportRefusal } from "./discover";
// Import IDs as the provider reads them; their shapes live there, and the stack checks every import against them.
import { importId } from "../core/import-id";

/** The imports file: construct path (relative to the stack) → the provider's import ID. */
export interface ImportsFile {
  readonly version: 1;
  readonly domain: string;
  readonly imports: Readonly<Record<string, string>>;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_@-]{0,63}$/;

/**
 * An ini value that reads back as itself: written as it is when the `ini` reader (core/ini-file.ts) takes it
 * literally, else JSON-quoted, which that reader decodes (`"a;b"`, `"say \"hi\""`, a leading `'` or `<`). What no
 * quoting can carry (leading or trailing white space, which the reader trims; control characters, which the loader
 * refuses) is caught by the round trip (adopt/round-trip.ts), not here.
 */
export function iniValue(v: string): string {
  return /^[^;#"'\\\s<][^;#"'\\\x00-\x1f]*$/.test(v) && !/\s$/.test(v) ? v : JSON.stringify(v);
}

/** Where a value of the written config came from: the domain object and its attribute. */
export interface ValueOrigin {
  /** `trust "WIF-Trust" (id "5e3c…")`, as {@link describeObject} writes it. */
  readonly object: string;
  /** The SCIM or IAM attribute, e.g. `description`, `clientClaimValues`. */
  readonly field: string;
}

/** One line of the written config that carries a value from the domain. */
export interface RenderedValue {
  readonly line: number;
  readonly key: string;
  readonly value: string;
  readonly origin: ValueOrigin;
}

/** What {@link render} produces: the two files, and where each value of the config came from. */
export interface Rendered {
  readonly ini: string;
  readonly imports: ImportsFile;
  /** Every line that holds a domain value, with the value as the domain holds it. */
  readonly values: readonly RenderedValue[];
  /** Section name (as written in the header) → the object the section describes and the header's line. */
  readonly sections: ReadonlyMap<string, { readonly origin: ValueOrigin; readonly line: number }>;
  /** Each written trust by its section label. */
  readonly trusts: ReadonlyMap<string, AdoptedTrust>;
  /** Each written service user by name. */
  readonly users: ReadonlyMap<string, AdoptedUser>;
  /** Values refused while rendering: secrets (by field name or by shape) and names that differ only in case. */
  readonly refusals: readonly ImportRefusal[];
  /** `section\0key` of every value left out because it was refused. */
  readonly omissions: ReadonlySet<string>;
}

/** Attribute names that hold secrets; such an attribute is never copied, whatever it holds. */
const SECRET_FIELD = /secret|password|passwd|passphrase|private.?key|api.?key|credential|bearer|assertion/i;

/** True for an attribute whose name says it holds a secret (`clientSecret`, `privateKey`, `password`). */
export function isSecretField(field: string): boolean {
  return SECRET_FIELD.test(field);
}

/** What a placeholder of core/redact.ts says the redacted value held. */
const SECRET_KINDS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  // A key beside a certificate is the key: name the first PEM block that is not a certificate, if any.
  [/\[PEM (?!certificate\])([a-z0-9 ]+)\]/, (m) => `a PEM ${m[1]}`],
  [/\[PEM ([a-z0-9 ]+)\]/, (m) => `a PEM ${m[1]}`],
  [/\[JWT\]/, () => "a JWT"],
  [/\[client secret\]/, () => "an OCI client secret (idcscs-…)"],
  [/\[URL credentials\]/, () => "credentials in a URL"],
  [/\[key material\]/, () => "what looks like key material"],
  [/\[secret\]/, () => "a secret"],
];

/**
 * The kind of secret a value holds, by the one set of value patterns the printers use (core/redact.ts): PEM blocks,
 * JWTs, `idcscs-` client secrets, URL credentials, key material and registered secrets. A public certificate is
 * the one PEM block setupConfig.ini takes (`public_certificate`), so a value of that attribute made only of
 * certificates is not a secret.
 */
export function secretKind(value: string, field: string): string | undefined {
  const redacted = redactSecrets(value);
  if (redacted === value) return undefined;
  if (field === "publicCertificate" && /^(?:\s*\[PEM certificate\]\s*)+$/.test(redacted)) return undefined;
  for (const [re, kind] of SECRET_KINDS) {
    const m = re.exec(redacted);
    if (m) return kind(m);
  }
  return "a secret";
}

/** Every line of a note as an ini comment: notes hold names read from the domain, which must not start a section. */
function comment(text: string): string {
  // Names in notes are domain data: no secret, no control or direction character reaches the file or a terminal.
  return `; ${redact(text.replace(/[\r\n]+/g, " "))}`;
}

/** What the section writers add to. */
class Output {
  public readonly lines: string[] = [];
  public readonly imports: Record<string, string> = {};
  public readonly values: RenderedValue[] = [];
  public readonly sections = new Map<string, { origin: ValueOrigin; line: number }>();
  public readonly refusals: ImportRefusal[] = [];
  /** `section\0key` of values refused here: the loader's complaints about their absence are consequences. */
  public readonly omissions = new Set<string>();
  private current = "";

  constructor(public readonly notes: string[]) {}

  /** Records that a key of a section was left out because its value was refused. */
  public omitted(section: string, key: string): void {
    this.omissions.add(`${section}\u0000${key.replace(/\[\]$/, "")}`);
  }

  /** True when a value may be written: not of a secret attribute, not shaped like a secret. Else a refusal. */
  public allowed(value: string, origin: ValueOrigin): boolean {
    if (isSecretField(origin.field)) {
      this.refusals.push({ ...origin, why: "is a secret attribute, and secrets are never copied" });
      return false;
    }
    const kind = secretKind(value, origin.field);
    if (kind) {
      this.refusals.push({ ...origin, why: `holds ${kind}, which is never copied (nothing of it is shown)` });
      return false;
    }
    return true;
  }

  /** Writes `key = value` (escaped) and records where the value came from. */
  public value(key: string, value: string, origin: ValueOrigin): void {
    if (!this.allowed(value, origin)) {
      this.omitted(this.current, key);
      return;
    }
    this.lines.push(`${key} = ${iniValue(value)}`);
    this.values.push({ line: this.lines.length, key, value, origin });
  }

  /** Enters a section written without an origin of its own (`[WIFConfig]`). */
  public enter(section: string): void {
    this.current = section;
  }

  /** Writes a section header for a domain object. */
  public section(header: string, origin: ValueOrigin): void {
    this.lines.push("", `[${header}]`);
    this.sections.set(header, { origin, line: this.lines.length });
    this.current = header;
  }
}

/** Each trust's section label: its name when that is a valid label not taken (without case), else `trust<n>`. */
function trustLabels(trusts: readonly AdoptedTrust[]): Map<AdoptedTrust, string> {
  const taken = new Set<string>();
  const labels = new Map<AdoptedTrust, string>();
  trusts.forEach((t, i) => {
    const usable = LABEL.test(t.name) && !taken.has(t.name.toLowerCase()) && !secretKind(t.name, "name");
    let label = usable ? t.name : `trust${i + 1}`;
    for (let n = i + 1; taken.has(label.toLowerCase()); n++) label = `trust${n}`;
    taken.add(label.toLowerCase());
    labels.set(t, label);
  });
  return labels;
}

/**
 * Names that differ only in case: setupConfig.ini tells trusts and users apart without case (as OCI tells user
 * names apart), so the second of each such pair is refused rather than written to be refused by the loader.
 */
function caseClashes<T>(items: readonly T[], nameOf: (t: T) => string, describe: (t: T) => string, field: string) {
  const first = new Map<string, T>();
  const clashing = new Set<T>();
  const refusals: ImportRefusal[] = [];
  for (const item of items) {
    const key = nameOf(item).toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, item);
      continue;
    }
    clashing.add(item);
    refusals.push({
      object: describe(item),
      field,
      why: `differs from ${describe(earlier)} only in case, which setupConfig.ini cannot tell apart`,
    });
  }
  return { clashing, refusals };
}

/**
 * Writes setupConfig.ini for an adopted set-up, and the imports that bind its resources to the live ones. Nothing
 * is written to disk here: the caller checks the result with the real loader first (adopt/round-trip.ts).
 */
export function render(setup: AdoptedSetup, opts: { profile: string; importsFile: string }): Rendered {
  const o = new Output([...setup.notes]);
  const trustObject = (t: AdoptedTrust) => describeObject("trust", t.name, t.id);
  const userObject = (u: AdoptedUser) => describeObject("user", u.userName, u.id);
  const trustCase = caseClashes(setup.trusts, (t) => t.name, trustObject, "name");
  const userCase = caseClashes(setup.users, (u) => u.userName, userObject, "userName");
  o.refusals.push(...trustCase.refusals, ...userCase.refusals);
  const trusts = setup.trusts.filter((t) => !trustCase.clashing.has(t));
  const users = setup.users.filter((u) => !userCase.clashing.has(u));

  o.lines.push(
    "; Adopted with `npm run import` from the identity domain below. Review it, then `npm run synth` and plan: the",
    "; imports in [Adopt] bind each resource to the live one, so nothing is recreated and the client secret stays.",
    "; runtimeConfig.ini is written by a Terraform resource that has no live counterpart: the first plan creates it.",
    "",
    "[IdentityDomain]",
    `iam_guid = ${setup.domainUrl}`,
  );
  o.enter("IdentityDomain");
  const withDomain = users.find((u) => u.policy?.domainName !== undefined);
  if (withDomain?.policy?.domainName)
    o.value("name", withDomain.policy.domainName, {
      object: describeObject("policy", withDomain.policy.name, withDomain.policy.id),
      field: "statements (the domain name in the group subject)",
    });
  o.lines.push("", "[OCIConfig]", `cli_profile = ${iniValue(opts.profile)}`);
  if (setup.compartmentId)
    o.lines.push(
      `${setup.compartmentId.startsWith("ocid1.tenancy.") ? "tenancy_ocid" : "compartment_ocid"} = ${setup.compartmentId}`,
    );
  o.lines.push("", "[WIFConfig]");
  o.enter("WIFConfig");
  if (setup.app) appLines(o, setup);
  o.lines.push("", "[Adopt]", `imports = ${iniValue(opts.importsFile)}`);
  const labels = trustLabels(trusts);
  const trustOfUser = new Map<string, AdoptedTrust>();
  for (const t of trusts) {
    trustLines(
      o,
      setup.domainUrl,
      t,
      labels.get(t)!,
      trustObject(t),
      trusts.map((x) => x.issuer),
    );
    for (const r of t.rules) if (!trustOfUser.has(r.userId)) trustOfUser.set(r.userId, t);
  }
  for (const u of users) {
    const t = trustOfUser.get(u.id);
    if (t) userLines(o, setup.domainUrl, trusts, labels, u, t, userObject(u));
  }
  if (o.notes.length)
    o.lines.push("", "; What could not be adopted as it is:", ...o.notes.map((n) => comment(`- ${n}`)));
  return {
    ini: `${o.lines.join("\n")}\n`,
    imports: { version: 1, domain: setup.domainUrl, imports: o.imports },
    values: o.values,
    sections: o.sections,
    trusts: new Map(trusts.map((t) => [labels.get(t)!, t])),
    users: new Map(users.filter((u) => o.sections.has(`ServiceUser ${u.userName}`)).map((u) => [u.userName, u])),
    refusals: o.refusals,
    omissions: o.omissions,
  };
}

function appLines(o: Output, setup: AdoptedSetup): void {
  const app = setup.app!;
  const object = describeObject("app", app.displayName, app.id);
  o.value("token_exchange_app_name", app.displayName, { object, field: "displayName" });
  if (app.description) o.value("description", app.description, { object, field: "description" });
  else o.notes.push(`app "${app.displayName}" has no description; the first plan adds the default one`);
  if (!app.active) o.lines.push("retire = true   ; the app is inactive in the domain");
  o.imports[CONSTRUCT_PATHS.exchangeApp] = importId.app(setup.domainUrl, app.id);
}

function trustLines(
  o: Output,
  domainUrl: string,
  t: AdoptedTrust,
  label: string,
  object: string,
  allIssuers: readonly string[],
): void {
  o.section(`Trust ${label}`, { object, field: "name" });
  o.value("name", t.name, { object, field: "name" });
  o.value("issuer", t.issuer, { object, field: "issuer" });
  if (t.jwksUri) o.value("jwk_uri", t.jwksUri, { object, field: "publicKeyEndpoint" });
  if (t.publicCertificate) o.value("public_certificate", t.publicCertificate, { object, field: "publicCertificate" });
  if (t.audiences.length) o.value("audience", t.audiences.join(","), { object, field: "clientClaimValues" });
  if (t.audienceClaim) o.value("audience_claim", t.audienceClaim, { object, field: "clientClaimName" });
  if (t.clockSkewSeconds !== undefined)
    o.value("clock_skew_seconds", String(t.clockSkewSeconds), { object, field: "clockSkewSeconds" });
  if (t.description) o.value("description", t.description, { object, field: "description" });
  else o.notes.push(`trust "${t.name}" has no description; the first plan adds the default one`);
  if (!t.active) o.lines.push("retire = true   ; the trust is inactive in the domain");
  // The loader refuses a wildcard rule unless allowed; an adopted one was already live, so keep it and say so.
  if (t.rules.some((r) => /\beq\s+\*$/.test(r.rule)))
    o.lines.push("allow_wildcard_rules = true   ; a live rule matches every token of the issuer: narrow it");
  o.imports[CONSTRUCT_PATHS.trust(t.issuer, allIssuers)] = importId.trust(domainUrl, t.id);
}

function userLines(
  o: Output,
  domainUrl: string,
  trusts: readonly AdoptedTrust[],
  labels: ReadonlyMap<AdoptedTrust, string>,
  u: AdoptedUser,
  own: AdoptedTrust,
  object: string,
): void {
  if (!o.allowed(u.userName, { object, field: "userName" })) return;
  if (!LABEL.test(u.userName)) {
    // Refused, not skipped: the trust is imported, and leaving the user out would drop its rules at the first apply.
    o.refusals.push({
      object,
      field: "userName",
      why: "cannot name a [ServiceUser] section (letters, digits, '_', '-' or '@', at most 64), and leaving the user out would drop its rules from the imported trust",
    });
    o.omitted(`ServiceUser ${u.userName}`, "rule");
    return;
  }
  o.section(`ServiceUser ${u.userName}`, { object, field: "userName" });
  o.lines.push(`trust = ${labels.get(own)}`);
  for (const t of trusts) {
    for (const r of t.rules.filter((x) => x.userId === u.id)) {
      if (t === own)
        o.value("rule[]", r.rule, {
          object: describeObject("trust", t.name, t.id),
          field: "impersonationServiceUsers.rule",
        });
      // Refused, not noted: the trust is imported, and a rule left out would be dropped from it at the first apply.
      else
        o.refusals.push({
          object: describeObject("trust", t.name, t.id),
          field: "impersonationServiceUsers.rule",
          why: `maps a rule to ${describeObject("user", u.userName, u.id)}, whose rules are in ${describeObject("trust", own.name, own.id)}; setupConfig.ini gives a service user one trust, and leaving the rule out would drop it from this trust at the first apply`,
        });
    }
  }
  if (u.description) o.value("description", u.description, { object, field: "description" });
  else o.notes.push(`user "${u.userName}" has no description; the first plan adds the default one`);
  o.imports[CONSTRUCT_PATHS.user(u.userName)] = importId.user(domainUrl, u.id);
  if (u.group) {
    o.value("group", u.group.displayName, {
      object: describeObject("group", u.group.displayName, u.group.id),
      field: "displayName",
    });
    o.imports[CONSTRUCT_PATHS.group(u.userName)] = importId.group(domainUrl, u.group.id);
  }
  if (u.policy) {
    const policy = describeObject("policy", u.policy.name, u.policy.id);
    o.value("policy_name", u.policy.name, { object: policy, field: "name" });
    if (u.policy.description)
      o.value("policy_description", u.policy.description, { object: policy, field: "description" });
    for (const b of u.policy.bodies) o.value("allow[]", b, { object: policy, field: "statements" });
    o.imports[CONSTRUCT_PATHS.policy(u.userName)] = u.policy.id;
  }
}
