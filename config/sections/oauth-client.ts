import type { IniSection } from "../../core/ini-file";
import { hostlessUri } from "../../core/url";
import type { OAuthClientSettings, ResourceServerSettings, ScopeGrantSettings } from "../model";
import { suggest } from "../spec";
import type { ReadContext } from "./context";

/** The resource servers read so far, for references to them; `broken` are labels of ones with errors. */
export interface ServerIndex {
  readonly all: readonly ResourceServerSettings[];
  readonly broken: ReadonlySet<string>;
  find(label: string): ResourceServerSettings | undefined;
}

/** The `[ResourceServer]` sections read so far (config/sections/resource-server.ts), by label. */
export function serverIndex(c: ReadContext): ServerIndex {
  const all = c.draft.resourceServers;
  return {
    all,
    broken: c.draft.brokenServers,
    find: (label) => all.find((r) => r.label.toLowerCase() === label.toLowerCase()),
  };
}

/** `[OAuthClient <label>]`: a confidential client allowed scopes of resource servers. */
export function readOAuthClients(c: ReadContext): void {
  const servers = serverIndex(c);
  for (const s of c.byType.get("OAuthClient") ?? []) {
    const client = readOAuthClient(c, s, servers);
    if (client) c.draft.oauthClients.push(client);
  }
}

/** One `[OAuthClient <label>]`, or undefined when it has errors. */
function readOAuthClient(c: ReadContext, s: IniSection, servers: ServerIndex): OAuthClientSettings | undefined {
  const { reader, problems } = c;
  const count = () => problems.errorCount;
  const before = count();
  const scopes: ScopeGrantSettings[] = [];
  for (const { value, line } of reader.list(s, "scope")) {
    const colon = value.indexOf(":");
    const server = colon > 0 ? servers.find(value.slice(0, colon)) : undefined;
    if (colon > 0 && servers.broken.has(value.slice(0, colon).toLowerCase())) {
      continue; // that server's own errors are reported
    } else if (server) {
      const scope = value.slice(colon + 1);
      if (!server.scopes.some((x) => x.value === scope)) {
        reader.fail(
          s,
          "scope",
          value,
          `[${server.section}] has no scope "${scope}"`,
          `Its scopes: ${server.scopes.map((x) => x.value).join(", ")}.`,
          line,
        );
      } else {
        scopes.push({ server: server.label, scope });
      }
    } else if (/^\S+$/.test(value) && (value.includes("://") || value.startsWith("urn:")) && hostlessUri(value)) {
      reader.fail(
        s,
        "scope",
        value,
        `${hostlessUri(value)}, so it names no scope`,
        "Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.",
        line,
      );
    } else if (/^\S+$/.test(value) && (value.includes("://") || value.startsWith("urn:"))) {
      scopes.push({ fqs: value });
    } else {
      const labels = servers.all.map((r) => r.label);
      const hint = colon > 0 ? suggest(value.slice(0, colon), labels) : undefined;
      reader.fail(
        s,
        "scope",
        value,
        "names no resource server and is not a fully qualified scope",
        hint
          ? `Did you mean ${hint}:${value.slice(colon + 1)}?`
          : "Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.",
        line,
      );
    }
  }
  const displayName = reader.name(s, "display_name") ?? s.label!;
  if (count() > before) return undefined;
  return { label: s.label!, section: s.name, line: s.line, displayName, scopes };
}
