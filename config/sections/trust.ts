import type { IniSection } from "../../core/ini-file";
import { issuerKey } from "../../core/url";
import { formOf, GENERIC, isSharedIssuer, issuerFamily, providerChoices, recogniseIssuer } from "../../core/issuers";
import type { TrustProvider, TrustSettings } from "../model";
import { SEED_TRUST_LABEL } from "../reader";
import { readTrustModes } from "../trust-modes";
import { one, type ReadContext } from "./context";

/**
 * The trusts: the seed's `[TrustConfiguration]` plus every `[Trust <label>]`, one per issuer. Each is read whole or
 * not at all: a trust with any problem is left out of the draft (its problems are reported).
 */
export function readTrusts(c: ReadContext): void {
  const { file, reader, problems } = c;
  const trusts: TrustSettings[] = [];
  const seedTrust = one(c, "TrustConfiguration");
  const trustSections: Array<[IniSection, string]> = [];
  if (seedTrust) trustSections.push([seedTrust, SEED_TRUST_LABEL]);
  for (const s of c.byType.get("Trust") ?? []) {
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
    const trust = readTrust(c, section, label);
    if (trust) trusts.push(trust);
  }
  reader.unique(
    trusts,
    (t) => issuerKey(t.issuer),
    "issuer",
    "OCI allows one trust per issuer; put every rule of this issuer under one trust",
  );
  reader.unique(trusts, (t) => t.name.toLowerCase(), "name", "Give each trust its own name");
  c.draft.trusts = trusts;
  c.draft.trustSectionCount = trustSections.length;
  c.draft.seedTrust = seedTrust;
}

function readTrust(c: ReadContext, section: IniSection, label: string): TrustSettings | undefined {
  const { file, reader, problems } = c;
  const before = problems.errorCount;
  const issuer = reader.url(section, "issuer");
  const provider =
    (reader.choice(section, "provider", providerChoices()) as TrustProvider | undefined) ?? inferProvider(issuer);
  const family = issuerFamily(provider);
  let jwksUri = reader.url(section, "jwk_uri");
  const publicCertificate = reader.string(section, "public_certificate");
  if (jwksUri && publicCertificate) {
    reader.fail(
      section,
      "public_certificate",
      undefined,
      "cannot be combined with jwk_uri",
      "Keep one of the two: OCI takes either.",
    );
  }
  if (!jwksUri && !publicCertificate && issuer) {
    // The JWKS URL the issuer's platform documents (core/issuers/); none where no source confirms one.
    const form = family && formOf(family, issuer);
    if (form?.jwks) jwksUri = form.jwks(issuer);
    else if (!section.entries.has("jwk_uri")) {
      problems.error({
        file: file,
        line: section.line,
        section: section.name,
        key: "jwk_uri",
        message: "is required for this issuer",
        fix: "Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
      });
    }
  }
  const audiences: string[] = [];
  const audienceText = reader.string(section, "audience");
  if (audienceText !== undefined) {
    for (const a of audienceText.split(",").map((s) => s.trim())) {
      if (a === "" || /\s/.test(a)) {
        reader.fail(section, "audience", audienceText, "must be a comma-separated list of audiences without spaces");
        break;
      }
      if (!audiences.includes(a)) audiences.push(a);
    }
  }
  const audienceClaim =
    reader.pattern(section, "audience_claim", /^[A-Za-z_][A-Za-z0-9_.:-]*$/, "a claim name such as aud") ?? "aud";
  const allowWildcardRules = reader.bool(section, "allow_wildcard_rules") ?? false;
  const allowUnpinned = readAllowUnpinned(c, section, issuer);
  const clockSkewSeconds = reader.integer(section, "clock_skew_seconds", 0, 3600);
  const name = reader.name(section, "name") ?? `wif-${label === SEED_TRUST_LABEL ? "trust" : label}`;
  const description = reader.string(section, "description");
  const modes = readTrustModes(reader, section, problems, file);
  if (problems.errorCount > before || !issuer) return undefined;
  return {
    ...modes,
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
    ...(allowUnpinned !== undefined ? { allowUnpinned } : {}),
    clockSkewSeconds,
    description,
  };
}

/** The family of an issuer the catalogue recognises (core/issuers/), else `generic`. */
function inferProvider(issuer: string | undefined): TrustProvider {
  return (issuer && recogniseIssuer(issuer)?.family.id) || GENERIC;
}

/**
 * `allow_unpinned = <reason>`: the reason a trust of a shared issuer may accept every customer's tokens. A bare
 * `true` is refused (the reason is the point); on an issuer that is not shared the key changes nothing, which a
 * warning says.
 */
function readAllowUnpinned(c: ReadContext, section: IniSection, issuer: string | undefined): string | undefined {
  const value = c.reader.string(section, "allow_unpinned");
  if (value === undefined) return undefined;
  if (value.length < 10 || /^(1|yes|true|on)$/i.test(value)) {
    c.reader.fail(
      section,
      "allow_unpinned",
      value,
      "must say why every customer's token may be exchanged (at least 10 characters), not only that it may",
      "Write the reason, e.g. allow_unpinned = public demo: the service user can only read a public bucket.",
    );
    return undefined;
  }
  if (issuer && !isSharedIssuer(issuer)) {
    c.reader.warn(
      section,
      "allow_unpinned",
      undefined,
      "changes nothing: this issuer is not shared by other customers, so it needs no tenant pin",
      "You may delete the line.",
    );
  }
  return value;
}
