import { registerSecretsIn } from "../core/redact";
import type { IniSection } from "../core/ini-file";
import type { OAuthClientSettings, ResourceServerSettings, ScopeGrantSettings, UpstBrokerSettings } from "./model";
import type { ProblemList } from "../core/problems";
import { compare, COMPARTMENT_OCID, OCID, Reader } from "./reader";
import { suggest } from "./spec";
import { isPolicyStatementBody, smuggledStatement } from "../core/policy-statement";
import {
  ACCESS_TOKEN_EXPIRY_MAX,
  ACCESS_TOKEN_EXPIRY_MIN,
  REFRESH_TOKEN_EXPIRY_MAX,
  SESSION_MINUTES_MAX,
  SESSION_MINUTES_MIN,
} from "../core/limits";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { readPlaceText, type PlaceRule } from "../core/place";
import { noteInput } from "../core/stack-source";
import { hasCode } from "../core/errors";
import { hostlessUri } from "../core/url";

const SCOPE_VALUE = /^[A-Za-z0-9._~:/-]{1,100}$/;
const VAULT_OCID = OCID("vault");
const KEY_OCID = OCID("key");
const SUBNET_OCID = OCID("subnet");

/** What every service-section reader gets: where it reads and what the rest of the file says. */
interface ServiceContext {
  readonly file: string;
  readonly baseDir: string;
  readonly reader: Reader;
  readonly problems: ProblemList;
  readonly tenancyOcid?: string;
  readonly region?: string;
  readonly ociSection?: IniSection;
}

/** The resource servers read so far, for references to them; `broken` are labels of ones with errors. */
interface ServerIndex {
  readonly all: readonly ResourceServerSettings[];
  readonly broken: ReadonlySet<string>;
  find(label: string): ResourceServerSettings | undefined;
}

/** Everything the OAuth and broker sections say. */
export interface ServiceSections {
  readonly resourceServers: ResourceServerSettings[];
  readonly oauthClients: OAuthClientSettings[];
  readonly upstBrokers: UpstBrokerSettings[];
}

/**
 * Reads `[ResourceServer]`, `[OAuthClient]` and `[UpstBroker]` sections, one reader per section kind (the types of
 * config/spec.ts). Problems go to `problems`; whatever has an error is left out of the result.
 */
export function readServiceSections(
  byType: Map<string, IniSection[]>,
  reader: Reader,
  problems: ProblemList,
  context: { file: string; baseDir: string; tenancyOcid?: string; region?: string; ociSection?: IniSection },
): ServiceSections {
  const c: ServiceContext = { ...context, reader, problems };
  const resourceServers: ResourceServerSettings[] = [];
  // Labels of resource servers that had errors: references to them are not reported again.
  const broken = new Set<string>();
  for (const s of byType.get("ResourceServer") ?? []) {
    const server = readResourceServer(c, s);
    if (server) resourceServers.push(server);
    else broken.add(s.label!.toLowerCase());
  }
  reader.unique(
    resourceServers,
    (r) => r.audience,
    "audience",
    "An audience identifies one resource server in a domain",
  );
  const servers: ServerIndex = {
    all: resourceServers,
    broken,
    find: (label) => resourceServers.find((r) => r.label.toLowerCase() === label.toLowerCase()),
  };
  const oauthClients = (byType.get("OAuthClient") ?? []).flatMap((s) => readOAuthClient(c, s, servers) ?? []);
  const upstBrokers = (byType.get("UpstBroker") ?? []).flatMap((s) => readUpstBroker(c, s, servers) ?? []);
  return {
    resourceServers: resourceServers.sort((a, b) => compare(a.label, b.label)),
    oauthClients: oauthClients.sort((a, b) => compare(a.label, b.label)),
    upstBrokers: upstBrokers.sort((a, b) => compare(a.label, b.label)),
  };
}

/** Records "is required …" for a key of a section. */
function missingIn(c: ServiceContext, s: IniSection): (key: string, why: string, fix: string) => void {
  return (key, why, fix) =>
    c.problems.error({ file: c.file, line: s.line, section: s.name, key, message: `is required ${why}`, fix });
}

/** One `[ResourceServer <label>]`, or undefined when it has errors. */
function readResourceServer(c: ServiceContext, s: IniSection): ResourceServerSettings | undefined {
  const { file, reader, problems } = c;
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
      problems.error({
        file,
        line,
        section: s.name,
        key: "scope",
        value,
        message: `${hostless}, so it is not a scope value`,
        fix: "Write scope[] = <value> [description], e.g. scope[] = upst.generate Generate session tokens.",
      });
    } else if (!SCOPE_VALUE.test(scopeValue)) {
      problems.error({
        file,
        line,
        section: s.name,
        key: "scope",
        value,
        message: "must start with a scope value of letters, digits and . _ ~ : / -",
        fix: "Write scope[] = <value> [description], e.g. scope[] = upst.generate Generate session tokens.",
      });
    } else if (scopes.some((x) => x.value === scopeValue)) {
      problems.error({
        file,
        line,
        section: s.name,
        key: "scope",
        value,
        message: `defines "${scopeValue}" twice`,
        fix: "Remove one.",
      });
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

/** One `[OAuthClient <label>]`, or undefined when it has errors. */
function readOAuthClient(c: ServiceContext, s: IniSection, servers: ServerIndex): OAuthClientSettings | undefined {
  const { file, reader, problems } = c;
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
        problems.error({
          file,
          line,
          section: s.name,
          key: "scope",
          value,
          message: `[${server.section}] has no scope "${scope}"`,
          fix: `Its scopes: ${server.scopes.map((x) => x.value).join(", ")}.`,
        });
      } else {
        scopes.push({ server: server.label, scope });
      }
    } else if (/^\S+$/.test(value) && (value.includes("://") || value.startsWith("urn:")) && hostlessUri(value)) {
      problems.error({
        file,
        line,
        section: s.name,
        key: "scope",
        value,
        message: `${hostlessUri(value)}, so it names no scope`,
        fix: "Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.",
      });
    } else if (/^\S+$/.test(value) && (value.includes("://") || value.startsWith("urn:"))) {
      scopes.push({ fqs: value });
    } else {
      const labels = servers.all.map((r) => r.label);
      const hint = colon > 0 ? suggest(value.slice(0, colon), labels) : undefined;
      problems.error({
        file,
        line,
        section: s.name,
        key: "scope",
        value,
        message: "names no resource server and is not a fully qualified scope",
        fix: hint
          ? `Did you mean ${hint}:${value.slice(colon + 1)}?`
          : "Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.",
      });
    }
  }
  const displayName = reader.name(s, "display_name") ?? s.label!;
  if (count() > before) return undefined;
  return { label: s.label!, section: s.name, line: s.line, displayName, scopes };
}

/** One `[UpstBroker <label>]`, or undefined when it has errors; each part of the broker has its own reader. */
function readUpstBroker(c: ServiceContext, s: IniSection, servers: ServerIndex): UpstBrokerSettings | undefined {
  const { file, reader, problems } = c;
  const before = problems.errorCount;
  const label = s.label!;
  const compartmentOcid = reader.pattern(
    s,
    "compartment_ocid",
    COMPARTMENT_OCID,
    "a compartment OCID, ocid1.compartment.oc1..<id>",
  );
  if (!c.tenancyOcid) {
    problems.error({
      file,
      line: c.ociSection?.line,
      section: "OCIConfig",
      key: "tenancy_ocid",
      message: `is required by [${s.name}]: the function signs requests as a user of this tenancy`,
      fix: "Set [OCIConfig] tenancy_ocid.",
    });
  }
  if (!c.region) {
    problems.error({
      file,
      line: c.ociSection?.line,
      section: "OCIConfig",
      key: "region",
      message: `is required by [${s.name}]: the function calls the region's auth endpoint`,
      fix: "Set [OCIConfig] region.",
    });
  }
  const accountUserName = reader.name(s, "account_user_name", /\s/) ?? `${label}-account`;
  const accountEmail = reader.pattern(s, "account_email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address");

  const publicKeyPem = readBrokerKey(c, s);
  const { groupName, statements } = readBrokerStatements(c, s, accountUserName);
  const { vaultId, keyId, keyProtection } = readBrokerVault(c, s);
  const { wantFunction, fn } = readBrokerFunction(c, s);
  const gateway = readBrokerGateway(c, s, wantFunction, servers);
  if (problems.errorCount > before || !compartmentOcid) return undefined;
  return {
    label,
    section: s.name,
    line: s.line,
    compartmentOcid,
    accountUserName,
    accountEmail,
    publicKeyPem,
    groupName,
    statements,
    vault: vaultId && keyId ? { vaultId, keyId } : undefined,
    keyProtection,
    function: fn,
    gateway,
  };
}

/**
 * Where a public key file may be: under the config's folder (a pull request must not make CI read a file elsewhere),
 * a regular file, no link out of the folder.
 */
const PUBLIC_KEY_PLACE: PlaceRule = {
  rootName: "the config's folder",
  expected: "`generate`, or the path of a PEM public key under the config's folder, such as keys/broker-public.pem",
  kind: "file",
};

/** `api_key`: `generate`, or a PEM public key file (a bounded regular file; never a private key). */
function readBrokerKey(c: ServiceContext, s: IniSection): string | undefined {
  const { reader } = c;
  let publicKeyPem: string | undefined;
  const apiKey = reader.string(s, "api_key");
  if (apiKey !== undefined && apiKey.toLowerCase() !== "generate") {
    const place = reader.place(s, "api_key", c.baseDir, PUBLIC_KEY_PLACE);
    if (!place) return undefined;
    try {
      const text = readPlaceText(place, FILE_LIMITS.pem);
      registerSecretsIn(text); // a private key given by mistake is a secret from here on
      noteInput(place.path, text); // for the stack's record (core/stack-source.ts)
      publicKeyPem = text.trim() + "\n";
    } catch (err) {
      const why = hasCode<FileRefusedError>(err, "WIF-E-FILE")
        ? err.reason
        : `cannot be read (${(err as NodeJS.ErrnoException).code})`;
      reader.fail(
        s,
        "api_key",
        apiKey,
        why,
        "Give `generate`, or the path of a PEM public key, relative to this file.",
      );
    }
    if (publicKeyPem !== undefined && /PRIVATE KEY/.test(publicKeyPem)) {
      // Never echo the file: it is a private key.
      reader.fail(
        s,
        "api_key",
        apiKey,
        "is a private key",
        "Give the public key only (openssl rsa -in key.pem -pubout); the private key goes into the Vault secret, not into Terraform.",
      );
      publicKeyPem = undefined;
    } else if (
      publicKeyPem !== undefined &&
      !/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/.test(publicKeyPem.replace(/\r/g, ""))
    ) {
      reader.fail(
        s,
        "api_key",
        apiKey,
        "is not a PEM public key",
        "Export it with: openssl rsa -in key.pem -pubout -out public.pem.",
      );
      publicKeyPem = undefined;
    }
  }

  return publicKeyPem;
}

/** The broker account's group and what its session tokens may do. */
function readBrokerStatements(
  c: ServiceContext,
  s: IniSection,
  accountUserName: string,
): { groupName: string; statements: string[] } {
  const { file, reader, problems } = c;
  const groupName = reader.name(s, "group", /'/) ?? `${accountUserName}-group`;
  const statements: string[] = [];
  for (const { value, line } of reader.list(s, "allow")) {
    if (smuggledStatement(value)) {
      problems.error({
        file,
        line,
        section: s.name,
        key: "allow",
        value,
        message: smuggledStatement(value)!,
        fix: "Write one statement per allow[] line.",
      });
    } else if (!isPolicyStatementBody(value) || /^allow\s/i.test(value)) {
      problems.error({
        file,
        line,
        section: s.name,
        key: "allow",
        value,
        message: "is not a policy statement body",
        fix: "Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].",
      });
    } else {
      statements.push(value.replace(/\s+/g, " "));
    }
  }
  if (!reader.list(s, "allow").length) {
    problems.warn({
      file,
      line: s.line,
      section: s.name,
      key: "allow",
      message: "no policy statements, so the broker's session tokens can do nothing in OCI",
      fix: "Add allow[] = <verb> <resource-type> in compartment <name>.",
    });
  }

  return { groupName, statements };
}

/** The vault for the API-key secret: an existing one, or one to create. */
function readBrokerVault(
  c: ServiceContext,
  s: IniSection,
): { vaultId?: string; keyId?: string; keyProtection: "HSM" | "SOFTWARE" } {
  const { reader } = c;
  const missing = missingIn(c, s);
  const vaultId = reader.pattern(s, "vault_ocid", VAULT_OCID, "a vault OCID, ocid1.vault.oc1.<region>.<id>");
  const keyId = reader.pattern(s, "vault_key_ocid", KEY_OCID, "a key OCID, ocid1.key.oc1.<region>.<id>");
  const createVault = reader.bool(s, "create_vault") ?? false;
  const keyProtection = (reader.choice(s, "key_protection", ["HSM", "SOFTWARE"]) ?? "HSM") as "HSM" | "SOFTWARE";
  if (createVault && (s.entries.has("vault_ocid") || s.entries.has("vault_key_ocid"))) {
    reader.fail(
      s,
      "create_vault",
      "true",
      "cannot be combined with vault_ocid or vault_key_ocid",
      "Use your vault, or create one; not both.",
    );
  } else if (!createVault && (vaultId === undefined) !== (keyId === undefined)) {
    reader.fail(
      s,
      vaultId ? "vault_key_ocid" : "vault_ocid",
      undefined,
      "is needed with the other one",
      "Give both vault_ocid and vault_key_ocid.",
    );
  } else if (!createVault && !s.entries.has("vault_ocid") && !s.entries.has("vault_key_ocid")) {
    missing(
      "vault_ocid",
      "to say where the API key is kept",
      "Give vault_ocid and vault_key_ocid of an existing vault, or set create_vault = true.",
    );
  }

  return { vaultId, keyId, keyProtection };
}

/** The Functions application and function, unless `function = false`. */
function readBrokerFunction(
  c: ServiceContext,
  s: IniSection,
): { wantFunction: boolean; fn: UpstBrokerSettings["function"] } {
  const { file, reader, problems } = c;
  const missing = missingIn(c, s);
  const wantFunction = reader.bool(s, "function") ?? true;
  let fn: UpstBrokerSettings["function"];
  const sessionMinutes =
    reader.integer(s, "session_minutes", SESSION_MINUTES_MIN, SESSION_MINUTES_MAX) ?? SESSION_MINUTES_MAX;
  if (wantFunction) {
    const subnetIds: string[] = [];
    for (const { value, line } of reader.list(s, "function_subnet_ocid")) {
      if (SUBNET_OCID.test(value)) subnetIds.push(value);
      else
        problems.error({
          file,
          line,
          section: s.name,
          key: "function_subnet_ocid",
          value,
          message: "must be a subnet OCID, ocid1.subnet.oc1.<region>.<id>",
        });
    }
    if (!s.entries.has("function_subnet_ocid"))
      missing(
        "function_subnet_ocid",
        "for the function",
        "Add function_subnet_ocid[] = <subnet OCID>, or set function = false.",
      );
    const image = reader.pattern(
      s,
      "function_image",
      /^[a-z0-9.-]+\/\S+:\S+$/,
      "an image reference <region>.ocir.io/<namespace>/<repo>:<tag>",
    );
    if (!s.entries.has("function_image"))
      missing(
        "function_image",
        "for the function",
        "Build and push the broker function's image, then set function_image; or set function = false.",
      );
    const memoryMb = reader.integer(s, "function_memory_mb", 128, 3072) ?? 256;
    const timeoutSeconds = reader.integer(s, "function_timeout_seconds", 1, 300) ?? 30;
    if (image) fn = { subnetIds, image, memoryMb, timeoutSeconds, sessionMinutes };
  }

  return { wantFunction, fn };
}

/** The API Gateway and its deployment, unless `gateway = false`. */
function readBrokerGateway(
  c: ServiceContext,
  s: IniSection,
  wantFunction: boolean,
  servers: ServerIndex,
): UpstBrokerSettings["gateway"] {
  const { reader } = c;
  const missing = missingIn(c, s);
  const wantGateway = reader.bool(s, "gateway") ?? true;
  let gateway: UpstBrokerSettings["gateway"];
  if (wantGateway) {
    if (!wantFunction)
      reader.fail(s, "gateway", "true", "needs the function to route to", "Set function = true, or gateway = false.");
    const subnetId = reader.pattern(
      s,
      "gateway_subnet_ocid",
      SUBNET_OCID,
      "a subnet OCID, ocid1.subnet.oc1.<region>.<id>",
    );
    if (!s.entries.has("gateway_subnet_ocid"))
      missing("gateway_subnet_ocid", "for the gateway", "Set gateway_subnet_ocid, or gateway = false.");
    const endpointType = (reader.choice(s, "gateway_endpoint_type", ["PUBLIC", "PRIVATE"]) ?? "PUBLIC") as
      | "PUBLIC"
      | "PRIVATE";
    const serverLabel = reader.string(s, "resource_server");
    const server = serverLabel !== undefined ? servers.find(serverLabel) : undefined;
    if (serverLabel === undefined) {
      missing(
        "resource_server",
        "for the gateway to know which access tokens to accept",
        "Add a [ResourceServer <label>] and set resource_server = <label>.",
      );
    } else if (!server && !servers.broken.has(serverLabel.toLowerCase())) {
      const hint = suggest(
        serverLabel,
        servers.all.map((r) => r.label),
      );
      reader.fail(
        s,
        "resource_server",
        serverLabel,
        "names no [ResourceServer]",
        hint ? `Did you mean ${hint}?` : undefined,
      );
    }
    const scope = reader.string(s, "scope") ?? server?.scopes[0]?.value;
    if (server && scope && !server.scopes.some((x) => x.value === scope)) {
      reader.fail(
        s,
        "scope",
        scope,
        `is not a scope of [${server.section}]`,
        `Its scopes: ${server.scopes.map((x) => x.value).join(", ")}.`,
      );
    }
    const pathPrefix =
      reader.pattern(
        s,
        "path_prefix",
        /^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/,
        "a path starting with '/' and not ending with one",
      ) ?? "/upst";
    const routePath = reader.pattern(s, "route_path", /^\/[A-Za-z0-9._~/-]*$/, "a path starting with '/'") ?? "/token";
    if (subnetId && server && scope)
      gateway = { subnetId, endpointType, resourceServer: server.label, scope, pathPrefix, routePath };
  }

  return gateway;
}
