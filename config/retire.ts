import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type {
  OAuthClientSettings,
  ResourceServerSettings,
  RetiredSettings,
  ServiceUserSettings,
  TrustSettings,
} from "./model";
import type { Reader } from "./reader";

/** What `retire = true` can switch off, with the sections they were read from. */
export interface RetireInput {
  readonly file: string;
  readonly wif?: IniSection;
  readonly trusts: readonly TrustSettings[];
  readonly users: readonly ServiceUserSettings[];
  readonly oauthClients: readonly OAuthClientSettings[];
  readonly resourceServers: readonly ResourceServerSettings[];
}

/**
 * Reads every `retire = true`: the first of the two applies that removing an app, a trust or a service user takes
 * (docs/oci-facts.md#delete-order). Returns undefined when nothing is retired, so configs without the key load as before.
 */
export function readRetired(
  sections: readonly IniSection[],
  reader: Reader,
  problems: ProblemList,
  input: RetireInput,
): RetiredSettings | undefined {
  const byName = new Map(sections.map((s) => [s.name, s]));
  const retired = (name: string | undefined) => {
    const section = name === undefined ? undefined : byName.get(name);
    return section ? reader.bool(section, "retire") === true : false;
  };
  const result: RetiredSettings = {
    exchangeApp: retired(input.wif?.name),
    trusts: input.trusts.filter((t) => retired(t.section)).map((t) => t.label),
    serviceUsers: input.users.filter((u) => retired(u.section)).map((u) => u.userName),
    oauthClients: input.oauthClients.filter((c) => retired(c.section)).map((c) => c.label),
    resourceServers: input.resourceServers.filter((r) => retired(r.section)).map((r) => r.label),
  };
  for (const t of input.trusts) {
    const users = input.users.filter((u) => u.trust === t.label);
    if (
      users.length &&
      users.every((u) => result.serviceUsers.includes(u.userName)) &&
      !result.trusts.includes(t.label)
    ) {
      problems.warn({
        file: input.file,
        section: t.section,
        line: t.line,
        message:
          "every service user of this trust is retired, so its rules block disappears, and the provider leaves live rules in place when the block is removed (docs/oci-facts.md#delete-order)",
        fix: "Retire the trust too (retire = true), then remove the trust and its users together in the next apply.",
      });
    }
  }
  const any =
    result.exchangeApp ||
    result.trusts.length ||
    result.serviceUsers.length ||
    result.oauthClients.length ||
    result.resourceServers.length;
  return any ? result : undefined;
}
