import { CONSTRUCT_PATHS } from "../core/construct-ids";
// Import IDs as the provider reads them; their shapes live there, and the stack checks every import against them.
import { importId } from "../core/import-id";
import type { AdoptedSetup, AdoptedTrust, AdoptedUser } from "./discover";

/** The imports file: construct path (relative to the stack) → the provider's import ID. */
export interface ImportsFile {
  readonly version: 1;
  readonly domain: string;
  readonly imports: Readonly<Record<string, string>>;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_@-]{0,63}$/;

/** An ini value that reads back as itself: quoted (JSON, which the ini reader decodes) when it could be misread. */
export function iniValue(v: string): string {
  return /^[^;#"'\\\s<][^;#"'\\\x00-\x1f]*$/.test(v) && !/\s$/.test(v) ? v : JSON.stringify(v);
}

/** Every line of a note as an ini comment: notes hold names read from the domain, which must not start a section. */
function comment(text: string): string {
  return `; ${text.replace(/[\r\n]+/g, " ")}`;
}

/** The trust's section label: its name when that is a valid label, else `trust<n>`. */
function labelOf(t: AdoptedTrust, i: number): string {
  return LABEL.test(t.name) ? t.name : `trust${i + 1}`;
}

/** What the section writers add to: the lines, the imports and the notes. */
interface Output {
  readonly lines: string[];
  readonly imports: Record<string, string>;
  readonly notes: string[];
}

/** Writes setupConfig.ini for an adopted set-up, and the imports that bind its resources to the live ones. */
export function render(
  setup: AdoptedSetup,
  opts: { profile: string; importsFile: string },
): { ini: string; imports: ImportsFile } {
  const o: Output = { lines: [], imports: {}, notes: [...setup.notes] };
  o.lines.push(
    "; Adopted with `npm run import` from the identity domain below. Review it, then `npm run synth` and plan: the",
    "; imports in [Adopt] bind each resource to the live one, so nothing is recreated and the client secret stays.",
    "; runtimeConfig.ini is written by a Terraform resource that has no live counterpart: the first plan creates it.",
    "",
    "[IdentityDomain]",
    `iam_guid = ${setup.domainUrl}`,
  );
  const domainName = setup.users.map((u) => u.policy?.domainName).find((d) => d !== undefined);
  if (domainName) o.lines.push(`name = ${iniValue(domainName)}`);
  o.lines.push("", "[OCIConfig]", `cli_profile = ${iniValue(opts.profile)}`);
  if (setup.compartmentId)
    o.lines.push(
      `${setup.compartmentId.startsWith("ocid1.tenancy.") ? "tenancy_ocid" : "compartment_ocid"} = ${setup.compartmentId}`,
    );
  o.lines.push("", "[WIFConfig]");
  if (setup.app) appLines(o, setup);
  o.lines.push("", "[Adopt]", `imports = ${iniValue(opts.importsFile)}`);
  const trustOfUser = new Map<string, string>();
  setup.trusts.forEach((t, i) => {
    trustLines(
      o,
      setup.domainUrl,
      t,
      labelOf(t, i),
      setup.trusts.map((x) => x.issuer),
    );
    for (const r of t.rules) if (!trustOfUser.has(r.userId)) trustOfUser.set(r.userId, labelOf(t, i));
  });
  for (const u of setup.users) userLines(o, setup, u, trustOfUser.get(u.id)!);
  if (o.notes.length)
    o.lines.push("", "; What could not be adopted as it is:", ...o.notes.map((n) => comment(`- ${n}`)));
  return { ini: `${o.lines.join("\n")}\n`, imports: { version: 1, domain: setup.domainUrl, imports: o.imports } };
}

function appLines(o: Output, setup: AdoptedSetup): void {
  const app = setup.app!;
  o.lines.push(`token_exchange_app_name = ${iniValue(app.displayName)}`);
  if (app.description) o.lines.push(`description = ${iniValue(app.description)}`);
  else o.notes.push(`app "${app.displayName}" has no description; the first plan adds the default one`);
  if (!app.active) o.lines.push("retire = true   ; the app is inactive in the domain");
  o.imports[CONSTRUCT_PATHS.exchangeApp] = importId.app(setup.domainUrl, app.id);
}

function trustLines(o: Output, domainUrl: string, t: AdoptedTrust, label: string, allIssuers: readonly string[]): void {
  o.lines.push("", `[Trust ${label}]`, `name = ${iniValue(t.name)}`, `issuer = ${iniValue(t.issuer)}`);
  if (t.jwksUri) o.lines.push(`jwk_uri = ${iniValue(t.jwksUri)}`);
  if (t.publicCertificate) o.lines.push(`public_certificate = ${iniValue(t.publicCertificate)}`);
  if (t.audiences.length) o.lines.push(`audience = ${iniValue(t.audiences.join(","))}`);
  if (t.audienceClaim) o.lines.push(`audience_claim = ${iniValue(t.audienceClaim)}`);
  if (t.clockSkewSeconds !== undefined) o.lines.push(`clock_skew_seconds = ${t.clockSkewSeconds}`);
  if (t.description) o.lines.push(`description = ${iniValue(t.description)}`);
  else o.notes.push(`trust "${t.name}" has no description; the first plan adds the default one`);
  if (!t.active) o.lines.push("retire = true   ; the trust is inactive in the domain");
  // The loader refuses a wildcard rule unless allowed; an adopted one was already live, so keep it and say so.
  if (t.rules.some((r) => /\beq\s+\*$/.test(r.rule)))
    o.lines.push("allow_wildcard_rules = true   ; a live rule matches every token of the issuer: narrow it");
  o.imports[CONSTRUCT_PATHS.trust(t.issuer, allIssuers)] = importId.trust(domainUrl, t.id);
}

function userLines(o: Output, setup: AdoptedSetup, u: AdoptedUser, label: string): void {
  if (!LABEL.test(u.userName)) {
    o.notes.push(
      `user "${u.userName}" has a name setupConfig.ini cannot use as a section label; its rules are not adopted`,
    );
    return;
  }
  o.lines.push("", `[ServiceUser ${u.userName}]`, `trust = ${label}`);
  setup.trusts.forEach((t, i) => {
    for (const r of t.rules.filter((x) => x.userId === u.id)) {
      if (labelOf(t, i) === label) o.lines.push(`rule[] = ${iniValue(r.rule)}`);
      else
        o.notes.push(
          `trust "${t.name}" also maps rule ${JSON.stringify(r.rule)} to "${u.userName}"; a service user belongs to one trust here, so it is not adopted`,
        );
    }
  });
  if (u.description) o.lines.push(`description = ${iniValue(u.description)}`);
  else o.notes.push(`user "${u.userName}" has no description; the first plan adds the default one`);
  o.imports[CONSTRUCT_PATHS.user(u.userName)] = importId.user(setup.domainUrl, u.id);
  if (u.group) {
    o.lines.push(`group = ${iniValue(u.group.displayName)}`);
    o.imports[CONSTRUCT_PATHS.group(u.userName)] = importId.group(setup.domainUrl, u.group.id);
  }
  if (u.policy) {
    o.lines.push(`policy_name = ${iniValue(u.policy.name)}`);
    if (u.policy.description) o.lines.push(`policy_description = ${iniValue(u.policy.description)}`);
    for (const b of u.policy.bodies) o.lines.push(`allow[] = ${iniValue(b)}`);
    o.imports[CONSTRUCT_PATHS.policy(u.userName)] = u.policy.id;
  }
}
