import type { IniDocument, IniSection } from "../core/ini-file";
import type { ServiceUserSettings, TrustSettings, UpstBrokerSettings, WorkloadSettings } from "./model";
import { checkOcidPlaces, warnWideStatements } from "./place-checks";
import type { ConfigStep, ReadContext } from "./sections/context";
import { readRetired } from "./retire";
import { checkTenantPins } from "./tenant-pin";
import { POLICY_NAME_MAX } from "../core/limits";

/**
 * Checks across sections, run after every section was read, so one pass reports every problem of the file:
 * where policies live, trusts no one uses, broker accounts that clash with service users, app names, and the
 * realm and region of every OCID.
 */

/** Policies need a compartment: the tenancy or compartment OCID must be set when there are statements. */
export function checkPolicyHome(
  c: ReadContext,
  oci: { section?: IniSection; tenancyOcid?: string; compartmentOcid?: string },
  users: readonly ServiceUserSettings[],
): void {
  const { file, problems } = c;
  const { tenancyOcid, compartmentOcid } = oci;
  const ociSection = oci.section;
  const policyHomeGiven =
    ociSection && (ociSection.entries.has("tenancy_ocid") || ociSection.entries.has("compartment_ocid"));
  if (users.some((u) => u.statements.length > 0) && !tenancyOcid && !compartmentOcid && !policyHomeGiven) {
    problems.error({
      file,
      section: ociSection?.name ?? "OCIConfig",
      key: "tenancy_ocid",
      line: ociSection?.line,
      message: "is needed because service users have allow[] statements, and policies live in a compartment",
      fix: "Set [OCIConfig] tenancy_ocid (and compartment_ocid to keep policies out of the root compartment).",
    });
  }
}

/**
 * Every IAM policy the stack creates has a name of its own in its compartment ("The name must be unique across all
 * policies in the compartment where you create it", docs/oci-facts.md#policy-names): service users' and workloads'
 * `policy_name`, a broker account's `<group>-policy`, and a broker's generated `<label>-fn-policy` and
 * `<label>-gw-policy` (in the broker's compartment). Names compare without case, as OCI compares them. A clash is an
 * error that names both places; nothing is renamed, because a name is part of the policy's identity (changing it
 * replaces the policy) and fixtures' names must not move.
 */
export function checkPolicyNames(
  c: ReadContext,
  home: string | undefined,
  users: readonly ServiceUserSettings[],
  workloads: readonly WorkloadSettings[],
  brokers: readonly UpstBrokerSettings[],
): void {
  const { file, problems } = c;
  interface Named {
    readonly section: string;
    readonly line: number;
    readonly name: string;
    readonly compartment: string;
    /** Undefined for a name written as policy_name; else how the name was made, for the message. */
    readonly generated?: string;
    /** What a default name was made from (a user's `<group>-policy`), for a name too long for OCI. */
    readonly madeFrom?: string;
  }
  const inHome = home ?? "(the policies' compartment)";
  const byLine = <T extends { line: number }>(xs: readonly T[]) => [...xs].sort((a, b) => a.line - b.line);
  // Service users first, then workloads, then brokers: the later kind is the one reported, as the sections say.
  const policies: Named[] = [
    ...byLine(users.filter((u) => u.statements.length)).map((u) => ({
      section: u.section,
      line: u.line,
      name: u.policyName,
      compartment: inHome,
      madeFrom: u.policyName === `${u.groupName}-policy` ? "its group" : undefined,
    })),
    ...byLine(workloads).map((w) => ({ section: w.section, line: w.line, name: w.policyName, compartment: inHome })),
    ...byLine(brokers).flatMap((b) => [
      ...(b.statements.length
        ? [{ ...at(b), name: `${b.groupName}-policy`, compartment: inHome, generated: "its account's group" }]
        : []),
      ...(b.function
        ? [{ ...at(b), name: `${b.label}-fn-policy`, compartment: b.compartmentOcid, generated: "its label" }]
        : []),
      ...(b.gateway
        ? [{ ...at(b), name: `${b.label}-gw-policy`, compartment: b.compartmentOcid, generated: "its label" }]
        : []),
    ]),
  ];
  for (const p of policies) {
    // A name written as policy_name is held to 100 characters when read; one made from a group may be longer.
    const length = [...p.name].length;
    if (length <= POLICY_NAME_MAX) continue;
    problems.error({
      file,
      line: p.line,
      section: p.section,
      message: `makes the policy name ${JSON.stringify(p.name)} from ${p.generated ?? p.madeFrom ?? "its settings"}, ${length} characters long; OCI accepts at most ${POLICY_NAME_MAX} for a policy name`,
      fix: "Set policy_name to a shorter name, or shorten the group's name (docs/oci-facts.md#limits).",
    });
  }
  const seen = new Map<string, Named>();
  for (const p of policies) {
    const key = `${p.compartment}\u0000${p.name.toLowerCase()}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, p);
      continue;
    }
    const firstIs = first.generated
      ? `the name of the policy [${first.section}] (line ${first.line}) generates`
      : `the policy_name of [${first.section}] (line ${first.line})`;
    problems.error({
      file,
      line: p.line,
      section: p.section,
      message: p.generated
        ? `generates the policy name ${JSON.stringify(p.name)} from ${p.generated}, which is ${firstIs}`
        : first.generated
          ? `the same policy_name as ${firstIs}`
          : `the same policy_name as [${first.section}] (line ${first.line})`,
      value: p.generated ? undefined : p.name,
      fix: "Policy names are unique in a compartment; give one of the two another policy_name (or the broker another label or group).",
    });
  }
}

function at(b: UpstBrokerSettings): { section: string; line: number } {
  return { section: b.section, line: b.line };
}

/** A trust no user names is a warning: no token can be exchanged through it. */
export function warnUnusedTrusts(
  c: ReadContext,
  trusts: readonly TrustSettings[],
  users: readonly ServiceUserSettings[],
): void {
  const { file, problems } = c;
  for (const t of trusts) {
    if ((t.mode ?? "impersonation") === "impersonation" && !users.some((u) => u.trust === t.label)) {
      problems.warn({
        file,
        section: t.section,
        message: "no service user uses this trust, so no token can be exchanged through it",
        fix: `Add trust = ${t.label} to a [ServiceUser] section, or remove the trust.`,
      });
    }
  }
}

/** Broker accounts and groups live in the same domain as the service users: their names must differ. */
export function checkBrokerPrincipals(
  c: ReadContext,
  users: readonly ServiceUserSettings[],
  services: Pick<ReadContext["draft"], "resourceServers" | "oauthClients" | "upstBrokers">,
): void {
  const { file, problems } = c;
  const principals = [
    ...users.map((u) => ({ section: u.section, line: u.line, user: u.userName, group: u.groupName })),
    ...services.upstBrokers.map((b) => ({
      section: b.section,
      line: b.line,
      user: b.accountUserName,
      group: b.groupName,
    })),
  ];
  for (const [i, b] of services.upstBrokers.entries()) {
    const earlier = principals.slice(0, users.length + i);
    for (const [what, keyOf] of [
      ["user name", (p: (typeof principals)[number]) => p.user],
      ["group", (p: (typeof principals)[number]) => p.group],
    ] as const) {
      const clash = earlier.find((p) => keyOf(p).toLowerCase() === keyOf(principals[users.length + i]).toLowerCase());
      if (clash) {
        problems.error({
          file,
          line: b.line,
          section: b.section,
          message: `the broker account has the same ${what} as [${clash.section}] (line ${clash.line})`,
          value: keyOf(principals[users.length + i]),
          fix: what === "user name" ? "Set account_user_name to another name." : "Set group to another name.",
        });
      }
    }
  }
}

/** Apps share a namespace of display names. */
export function checkAppNames(
  c: ReadContext,
  wif: IniSection | undefined,
  appName: string,
  services: Pick<ReadContext["draft"], "resourceServers" | "oauthClients" | "upstBrokers">,
): void {
  const { reader } = c;
  const apps = [
    { section: wif?.name ?? "WIFConfig", line: wif?.line ?? 0, name: appName },
    ...services.resourceServers.map((r) => ({ section: r.section, line: r.line, name: r.displayName })),
    ...services.oauthClients.map((c) => ({ section: c.section, line: c.line, name: c.displayName })),
  ];
  reader.unique(
    apps,
    (a) => a.name.toLowerCase(),
    "app display name",
    "Give each app its own display_name, or the console shows two apps of one name",
  );
}

/**
 * Every OCID of the file — each `*_ocid` value, and each OCID inside an `allow[]` statement — is of a realm that
 * exists, in `[OCIConfig] region`'s realm (else the tenancy's), and, when regional, in that region.
 */
export function checkOcids(
  c: ReadContext,
  doc: IniDocument,
  tenancyOcid: string | undefined,
  region: { readonly value?: string; readonly section?: IniSection },
): void {
  const ocids = doc.sections.flatMap((section) =>
    [...section.entries.values()].flatMap((e) => {
      if (e.key.endsWith("_ocid"))
        return e.values.flatMap((v, i) =>
          /^ocid1\./.test(v.trim()) ? [{ section, key: e.key, ocid: v.trim(), line: e.lines[i] }] : [],
        );
      if (e.key === "allow")
        return e.values.flatMap((v, i) =>
          [...v.matchAll(/\bocid1\.[a-z0-9-]+\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9.]+/gi)].map((m) => ({
            section,
            key: e.key,
            ocid: m[0],
            line: e.lines[i],
          })),
        );
      return [];
    }),
  );
  checkOcidPlaces(c.reader, ocids, tenancyOcid, region);
}

export { warnWideStatements };

/**
 * The checks across sections, run in this order after every section reader (config/sections/index.ts), each with
 * the readers' one signature: what `retire = true` switches off, broker principals, policy and app names, the
 * realm and region of every OCID, and statements wider than they look.
 */
export const CROSS_CHECKS: readonly ConfigStep[] = [
  (c) => {
    c.draft.retired = readRetired(c.doc.sections, c.reader, c.problems, {
      file: c.file,
      wif: c.draft.wif.section,
      trusts: c.draft.trusts,
      users: c.draft.users,
      oauthClients: c.draft.oauthClients,
      resourceServers: c.draft.resourceServers,
    });
  },
  (c) => checkBrokerPrincipals(c, c.draft.users, c.draft),
  (c) =>
    checkPolicyNames(
      c,
      c.draft.oci.compartmentOcid ?? c.draft.oci.tenancyOcid,
      c.draft.users,
      c.draft.workloads,
      c.draft.upstBrokers,
    ),
  (c) => checkAppNames(c, c.draft.wif.section, c.draft.wif.appName, c.draft),
  (c) => checkOcids(c, c.doc, c.draft.oci.tenancyOcid, { value: c.draft.oci.region, section: c.draft.oci.section }),
  checkTenantPins,
  (c) => warnWideStatements(c.problems, c.file, [...c.draft.users, ...c.draft.upstBrokers], c.draft.oci.tenancyOcid),
];
