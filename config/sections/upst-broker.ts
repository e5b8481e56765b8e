import type { IniSection } from "../../core/ini-file";
import { registerSecretsIn } from "../../core/redact";
import { isPolicyStatementBody, smuggledStatement } from "../../core/policy-statement";
import { SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "../../core/limits";
import { FILE_LIMITS, type FileRefusedError } from "../../core/bounded-file";
import { readPlaceText, type PlaceRule } from "../../core/place";
import { noteInput } from "../../core/stack-source";
import { hasCode } from "../../core/errors";
import type { UpstBrokerSettings } from "../model";
import { COMPARTMENT_OCID, OCID } from "../reader";
import { suggest } from "../spec";
import type { ReadContext } from "./context";
import { serverIndex, type ServerIndex } from "./oauth-client";

const VAULT_OCID = OCID("vault");
const KEY_OCID = OCID("key");
const SUBNET_OCID = OCID("subnet");

/** Records "is required …" for a key of a section. */
function missingIn(c: ReadContext, s: IniSection): (key: string, why: string, fix: string) => void {
  return (key, why, fix) =>
    c.problems.error({ file: c.file, line: s.line, section: s.name, key, message: `is required ${why}`, fix });
}

/** `[UpstBroker <label>]`: a UPST broker (API Gateway → Function → GenerateUserSecurityToken). */
export function readUpstBrokers(c: ReadContext): void {
  const servers = serverIndex(c);
  for (const s of c.byType.get("UpstBroker") ?? []) {
    const broker = readUpstBroker(c, s, servers);
    if (broker) c.draft.upstBrokers.push(broker);
  }
}

/** One `[UpstBroker <label>]`, or undefined when it has errors; each part of the broker has its own reader. */
function readUpstBroker(c: ReadContext, s: IniSection, servers: ServerIndex): UpstBrokerSettings | undefined {
  const { file, reader, problems } = c;
  const before = problems.errorCount;
  const label = s.label!;
  const compartmentOcid = reader.pattern(
    s,
    "compartment_ocid",
    COMPARTMENT_OCID,
    "a compartment OCID, ocid1.compartment.oc1..<id>",
  );
  if (!c.draft.oci.tenancyOcid) {
    problems.error({
      file,
      line: c.draft.oci.section?.line,
      section: "OCIConfig",
      key: "tenancy_ocid",
      message: `is required by [${s.name}]: the function signs requests as a user of this tenancy`,
      fix: "Set [OCIConfig] tenancy_ocid.",
    });
  }
  if (!c.draft.oci.region) {
    problems.error({
      file,
      line: c.draft.oci.section?.line,
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
function readBrokerKey(c: ReadContext, s: IniSection): string | undefined {
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
  c: ReadContext,
  s: IniSection,
  accountUserName: string,
): { groupName: string; statements: string[] } {
  const { file, reader, problems } = c;
  const groupName = reader.name(s, "group", /'/) ?? `${accountUserName}-group`;
  const statements: string[] = [];
  for (const { value, line } of reader.list(s, "allow")) {
    if (smuggledStatement(value)) {
      reader.fail(s, "allow", value, smuggledStatement(value)!, "Write one statement per allow[] line.", line);
    } else if (!isPolicyStatementBody(value) || /^allow\s/i.test(value)) {
      reader.fail(
        s,
        "allow",
        value,
        "is not a policy statement body",
        "Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].",
        line,
      );
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
  c: ReadContext,
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
  c: ReadContext,
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
  c: ReadContext,
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
