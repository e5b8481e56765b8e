import type { IniSection } from "../../core/ini-file";
import { ACCESS_TOKEN_EXPIRY_MAX, ACCESS_TOKEN_EXPIRY_MIN, REFRESH_TOKEN_EXPIRY_MAX } from "../../core/limits";
import { hostlessUri } from "../../core/url";
import type { ResourceServerSettings } from "../model";
import type { ReadContext } from "./context";

const SCOPE_VALUE = /^[A-Za-z0-9._~:/-]{1,100}$/;

/**
 * `[ResourceServer <label>]`: an audience with custom scopes and its own token lifetimes. Labels of servers with
 * errors are remembered, so references to them (OAuth clients, brokers) are not reported again.
 */
export function readResourceServers(c: ReadContext): void {
  for (const s of c.byType.get("ResourceServer") ?? []) {
    const server = readResourceServer(c, s);
    if (server) c.draft.resourceServers.push(server);
    else c.draft.brokenServers.add(s.label!.toLowerCase());
  }
  c.reader.unique(
    c.draft.resourceServers,
    (r) => r.audience,
    "audience",
    "An audience identifies one resource server in a domain",
  );
}

/** One `[ResourceServer <label>]`, or undefined when it has errors. */
function readResourceServer(c: ReadContext, s: IniSection): ResourceServerSettings | undefined {
  const { reader, problems } = c;
  const count = () => problems.errorCount;
  const before = count();
  const label = s.label!;
  const audience = reader.pattern(
    s,
    "audience",
    /^\S+$/,
    "a URI without spaces, e.g. https://upst-broker.example.com/",
  );
  const audienceHostless = audience !== undefined ? hostlessUri(audience) : undefined;
  if (audienceHostless)
    reader.fail(
      s,
      "audience",
      audience,
      audienceHostless,
      "Write the base URI with its host, e.g. https://upst-broker.example.com/.",
    );
  const scopes: { value: string; description?: string }[] = [];
  for (const { value, line } of reader.list(s, "scope")) {
    const [scopeValue, ...rest] = value.split(/\s+/);
    const hostless = hostlessUri(scopeValue);
    if (hostless) {
      reader.fail(
        s,
        "scope",
        value,
        `${hostless}, so it is not a scope value`,
        "Write scope[] = <value> [description], e.g. scope[] = upst.generate Generate session tokens.",
        line,
      );
    } else if (!SCOPE_VALUE.test(scopeValue)) {
      reader.fail(
        s,
        "scope",
        value,
        "must start with a scope value of letters, digits and . _ ~ : / -",
        "Write scope[] = <value> [description], e.g. scope[] = upst.generate Generate session tokens.",
        line,
      );
    } else if (scopes.some((x) => x.value === scopeValue)) {
      reader.fail(s, "scope", value, `defines "${scopeValue}" twice`, "Remove one.", line);
    } else {
      scopes.push({ value: scopeValue, description: rest.length ? rest.join(" ") : undefined });
    }
  }
  const accessTokenExpiry = reader.integer(s, "access_token_expiry", ACCESS_TOKEN_EXPIRY_MIN, ACCESS_TOKEN_EXPIRY_MAX);
  const refreshTokenExpiry = reader.integer(
    s,
    "refresh_token_expiry",
    Math.max(ACCESS_TOKEN_EXPIRY_MIN, accessTokenExpiry ?? 0),
    REFRESH_TOKEN_EXPIRY_MAX,
  );
  const displayName = reader.name(s, "display_name") ?? label;
  if (count() > before || !audience) return undefined;
  return { label, section: s.name, line: s.line, displayName, audience, scopes, accessTokenExpiry, refreshTokenExpiry };
}
