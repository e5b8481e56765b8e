import type { IniSection } from "../core/ini-file";
import { registerSecret } from "../core/redact";
import type { ProblemList } from "../core/problems";
import { REFUSED_BACKEND_KEYS } from "./backend-keys";
import { OCID, REGION, type Reader } from "./reader";
import { checkPlace, PROFILE_NAME, type PlaceRule } from "../core/place";
import { credentialInUrl } from "../core/url";
import { refuseValue } from "./value-checks";

export { REFUSED_BACKEND_KEYS } from "./backend-keys";

/**
 * `[Backend]`: where Terraform keeps each stack's state. The state holds the token-exchange client's secret, so a
 * shared, access-controlled and encrypted store matters more here than usual (docs/oci-facts.md#backend).
 */

/** The backend types `[Backend] type` accepts. */
export const BACKEND_TYPES = ["local", "oci", "s3", "http"] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

/** Auth methods of Terraform's native `backend "oci"` (hashicorp/terraform internal/backend/remote-state/oci). */
export const OCI_BACKEND_AUTH = [
  "ApiKey",
  "InstancePrincipal",
  "InstancePrincipalWithCerts",
  "SecurityToken",
  "ResourcePrincipal",
  "OKEWorkloadIdentity",
];

/** Terraform's native OCI backend: Object Storage, locking by a `<key>.lock` object. */
export interface OciBackendSettings {
  readonly type: "oci";
  readonly bucket: string;
  readonly namespace: string;
  readonly key: string;
  readonly region?: string;
  readonly auth?: string;
  readonly configFileProfile?: string;
  readonly kmsKeyId?: string;
  readonly workspaceKeyPrefix?: string;
}

/** The S3 backend pointed at OCI Object Storage's Amazon S3 Compatibility API (or another S3 endpoint). */
export interface S3BackendSettings {
  readonly type: "s3";
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly endpoint: string;
  readonly workspaceKeyPrefix?: string;
}

/**
 * Terraform's HTTP backend: any REST store (GitLab's managed state, a state server). A URL that is itself a credential
 * (an Object Storage pre-authenticated request, a presigned or SAS URL) is refused: see {@link credentialInUrl}.
 */
export interface HttpBackendSettings {
  readonly type: "http";
  readonly address: string;
  readonly lockAddress?: string;
  readonly unlockAddress?: string;
}

/** A local state file, as when there is no `[Backend]`; `path` is absolute. */
export interface LocalBackendSettings {
  readonly type: "local";
  readonly path?: string;
}

/** A validated `[Backend]`. */
export type BackendSettings = LocalBackendSettings | OciBackendSettings | S3BackendSettings | HttpBackendSettings;

/** Which keys each type takes (besides `type`). */
const KEYS_OF: Readonly<Record<BackendType, readonly string[]>> = {
  local: ["path"],
  oci: ["bucket", "namespace", "key", "region", "auth", "config_file_profile", "kms_key_id", "workspace_key_prefix"],
  s3: ["bucket", "namespace", "key", "region", "endpoint", "workspace_key_prefix"],
  http: ["address", "lock_address", "unlock_address"],
};

const BUCKET = /^[A-Za-z0-9_.-]{1,256}$/;
const NAMESPACE = /^[a-z0-9]{1,64}$/;
// An object name: no leading '/', no '..' segment, no template characters ('$', '%', '{').
const OBJECT_KEY = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]{1,1024}$/;
const KMS_KEY = OCID("key");

/** What `[Backend]` may take from the rest of the config. */
export interface BackendContext {
  readonly file: string;
  readonly stackName: string;
  /** `[OCIConfig] region`, the default region of an oci or s3 backend. */
  readonly region?: string;
  /** `[OCIConfig] cli_profile` when it is written in the file. */
  readonly profile?: string;
  /** `[OCIConfig] auth`, the provider's: the oci backend's default when it supports it. */
  readonly auth?: string;
  /** The config file's folder: a local state file stays under it (core/place.ts). */
  readonly baseDir: string;
}

/**
 * Where a local state file may be: under the config's folder (the docs say "relative to this file"), never through
 * a symbolic link out of it, and never a link itself: Terraform writes the state, which holds the client secret,
 * through whatever is there.
 */
const STATE_PLACE: PlaceRule = {
  rootName: "the config's folder",
  expected: "a path under the config's folder, such as terraform.wif.tfstate",
  kind: "file",
  write: true,
};

/** The state file Terraform writes when no path is given (app/backend.ts) must be a safe place too. */
function checkDefaultState(
  problems: ProblemList,
  ctx: BackendContext,
  where: { file: string; section?: string; key?: string; line?: number },
): void {
  const name = `terraform.${ctx.stackName}.tfstate`;
  const checked = checkPlace(ctx.baseDir, name, STATE_PLACE);
  if (checked.refusal)
    problems.error({
      ...where,
      message: `the state file ${name} (the default) ${checked.refusal.message}`,
      fix: checked.refusal.fix,
    });
}

/** Refuses URL keys that carry a credential (core/url.ts), before anything quotes the value; returns those keys. */
function refuseUrlCredentials(
  section: IniSection,
  problems: ProblemList,
  at: At,
  keys: readonly string[],
): Set<string> {
  const refused = new Set<string>();
  for (const key of keys) {
    const value = section.entries.get(key)?.values[0];
    // A value no key may hold (a token marker, key material) is the reader's to report, with its own reason.
    const where = value === undefined || refuseValue(key, value.trim()) ? undefined : credentialInUrl(value);
    if (!where) continue;
    refused.add(key);
    problems.error({
      ...at(key),
      message: `must not carry a credential (${where}; the value is not shown): it would reach the stack and CI logs`,
      fix:
        key === "endpoint"
          ? "Give the plain endpoint; the S3 backend signs with ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY."
          : "Give the plain state URL and set TF_HTTP_USERNAME and TF_HTTP_PASSWORD in the environment instead (or use type = oci).",
    });
  }
  return refused;
}

/**
 * Reads `[Backend]`, or returns undefined when there is none (a local state file next to the config, as always).
 * Records a located problem for every bad or misplaced key.
 */
export function readBackend(
  section: IniSection | undefined,
  reader: Reader,
  problems: ProblemList,
  ctx: BackendContext,
): BackendSettings | undefined {
  if (!section) {
    checkDefaultState(problems, ctx, { file: ctx.file });
    return undefined;
  }
  const at = (key: string) => ({
    file: ctx.file,
    section: section.name,
    key,
    line: section.entries.get(key)?.line ?? section.line,
  });
  const before = problems.errorCount;
  for (const [key, fix] of Object.entries(REFUSED_BACKEND_KEYS)) {
    // A credential refused here is still a secret read from the file: no later line may quote it.
    if (key !== "username") section.entries.get(key)?.values.forEach((v) => registerSecret(v));
    if (section.entries.has(key))
      problems.error({
        ...at(key),
        message: "would put a credential in the config, the synthesized stack and CI logs",
        fix,
      });
  }
  const type = reader.choice(section, "type", BACKEND_TYPES) as BackendType | undefined;
  if (!type) return undefined;
  for (const entry of section.entries.values()) {
    if (entry.key === "type" || entry.key in REFUSED_BACKEND_KEYS || KEYS_OF[type].includes(entry.key)) continue;
    const owners = BACKEND_TYPES.filter((t) => KEYS_OF[t].includes(entry.key));
    if (owners.length)
      problems.error({
        ...at(entry.key),
        message: `does not apply to type = ${type}`,
        fix: `It is a key of type = ${owners.join(" or ")}; remove it.`,
      });
  }
  const settings = readTyped(type, section, reader, problems, ctx, at);
  return problems.errorCount > before ? undefined : settings;
}

type At = (key: string) => { file: string; section: string; key: string; line: number };

function readTyped(
  type: BackendType,
  section: IniSection,
  reader: Reader,
  problems: ProblemList,
  ctx: BackendContext,
  at: At,
): BackendSettings | undefined {
  const templated = (key: string, value: string | undefined) => {
    // Backend blocks take no expressions; a '${' would be read as one and fail at terraform init.
    if (value !== undefined && /[$%]\{/.test(value)) {
      problems.error({
        ...at(key),
        message: "must not contain '${' or '%{'",
        value,
        fix: "Backend settings are literal; remove the template.",
      });
      return undefined;
    }
    return value;
  };
  if (type === "local") {
    if (!section.entries.has("path")) checkDefaultState(problems, ctx, at("path"));
    if (templated("path", reader.string(section, "path")) === undefined) return { type };
    const place = reader.place(section, "path", ctx.baseDir, STATE_PLACE);
    return place ? { type, path: place.path } : undefined;
  }
  // Checked before the reader, whose message would quote the credential.
  const withCredential = refuseUrlCredentials(section, problems, at, [
    "address",
    "lock_address",
    "unlock_address",
    "endpoint",
  ]);
  if (type === "http") {
    const url = (key: string) => (withCredential.has(key) ? undefined : templated(key, reader.url(section, key)));
    const address = url("address");
    if (!section.entries.has("address"))
      problems.error({
        ...at("address"),
        message: "is required for type = http",
        fix: "Set address to the state URL (https).",
      });
    const lockAddress = url("lock_address");
    const unlockAddress = url("unlock_address");
    return address ? { type, address, lockAddress, unlockAddress } : undefined;
  }
  const required = (key: string, value: string | undefined, fix: string) => {
    if (value === undefined && !section.entries.has(key))
      problems.error({ ...at(key), message: `is required for type = ${type}`, fix });
    return value;
  };
  const bucket = required(
    "bucket",
    reader.pattern(section, "bucket", BUCKET, "a bucket name (letters, digits, '.', '_' or '-')"),
    "Set bucket to the Object Storage bucket that holds the state.",
  );
  const namespaceValue = reader.pattern(
    section,
    "namespace",
    NAMESPACE,
    "an Object Storage namespace (lower-case letters and digits; oci os ns get prints it)",
  );
  const key =
    reader.pattern(
      section,
      "key",
      OBJECT_KEY,
      "an object name of letters, digits, '.', '_', '-' and '/', without a leading '/' or '..'",
    ) ?? `${ctx.stackName}/terraform.tfstate`;
  const region = reader.pattern(section, "region", REGION, "a region identifier such as us-ashburn-1") ?? ctx.region;
  const workspaceKeyPrefix = reader.pattern(
    section,
    "workspace_key_prefix",
    OBJECT_KEY,
    "a prefix of letters, digits, '.', '_', '-' and '/'",
  );

  if (type === "oci") {
    const namespace = required(
      "namespace",
      namespaceValue,
      "Set namespace to the tenancy's Object Storage namespace (oci os ns get).",
    );
    // The provider's auth and profile are the backend's defaults: one login for both, as on the command line.
    const auth =
      reader.choice(section, "auth", OCI_BACKEND_AUTH) ??
      (section.entries.has("auth") ? undefined : OCI_BACKEND_AUTH.find((a) => a === ctx.auth));
    const usesProfile = auth === undefined || auth === "ApiKey" || auth === "SecurityToken";
    const configFileProfile =
      reader.pathName(section, "config_file_profile", PROFILE_NAME) ?? (usesProfile ? ctx.profile : undefined);
    const kmsKeyId = reader.pattern(section, "kms_key_id", KMS_KEY, "a Vault key OCID, ocid1.key.oc1..<id>");
    if (auth === "SecurityToken") {
      const fix = (what: string) =>
        `The oci backend needs both region and config_file_profile with auth = SecurityToken; set ${what} here or in [OCIConfig].`;
      if (!region && !section.entries.has("region"))
        problems.error({ ...at("region"), message: "is required with auth = SecurityToken", fix: fix("region") });
      if (!configFileProfile && !section.entries.has("config_file_profile")) {
        problems.error({
          ...at("config_file_profile"),
          message: "is required with auth = SecurityToken",
          fix: fix("config_file_profile (the profile wif-exchange writes)"),
        });
      }
    }
    if (!bucket || !namespace) return undefined;
    return { type, bucket, namespace, key, region, auth, configFileProfile, kmsKeyId, workspaceKeyPrefix };
  }

  // s3: OCI's compatibility endpoint from namespace and region, or an endpoint given outright.
  const endpointValue = withCredential.has("endpoint")
    ? undefined
    : templated("endpoint", reader.url(section, "endpoint"));
  if (endpointValue && namespaceValue)
    problems.error({
      ...at("endpoint"),
      message: "cannot be combined with namespace",
      fix: "Keep namespace (for OCI's endpoint) or endpoint (any other), not both.",
    });
  if (!region && !section.entries.has("region"))
    problems.error({
      ...at("region"),
      message: "is required for type = s3",
      fix: "Set region here or in [OCIConfig].",
    });
  if (!endpointValue && !namespaceValue && !section.entries.has("namespace") && !section.entries.has("endpoint")) {
    problems.error({
      ...at("namespace"),
      message: "or endpoint is required for type = s3",
      fix: "Set namespace (OCI Object Storage's S3 compatibility endpoint is derived from it and the region).",
    });
  }
  const endpoint =
    endpointValue ??
    (namespaceValue && region ? `https://${namespaceValue}.compat.objectstorage.${region}.oraclecloud.com` : undefined);
  if (!bucket || !region || !endpoint) return undefined;
  return { type, bucket, key, region, endpoint, workspaceKeyPrefix };
}
