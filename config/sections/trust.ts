import type { IniSection } from "../../core/ini-file";
import { issuerKey, withoutTrailingSlash } from "../../core/url";
import type { TrustProvider, TrustSettings } from "../model";
import { GITHUB_ISSUER, GITLAB_ISSUER, SEED_TRUST_LABEL } from "../reader";
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
    (reader.choice(section, "provider", ["github", "gitlab", "generic"]) as TrustProvider | undefined) ??
    inferProvider(issuer);
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
    if (provider === "github" && withoutTrailingSlash(issuer) === GITHUB_ISSUER)
      jwksUri = `${GITHUB_ISSUER}/.well-known/jwks`;
    else if (provider === "gitlab") jwksUri = `${withoutTrailingSlash(issuer)}/oauth/discovery/keys`;
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
    clockSkewSeconds,
    description,
  };
}

function inferProvider(issuer: string | undefined): TrustProvider {
  if (!issuer) return "generic";
  if (withoutTrailingSlash(issuer) === GITHUB_ISSUER) return "github";
  if (withoutTrailingSlash(issuer) === GITLAB_ISSUER) return "gitlab";
  return "generic";
}
