/**
 * The hostile-input corpus's harness: a valid base config, edits to it, and a run of the real synthesis in a
 * temporary directory that captures every byte printed.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";

/** Planted secrets. None of these, nor their distinctive parts, may appear in anything printed. */
export const PEM_KEY =
  "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7s3cr3t0MARKER0pem0b0dyAbCdEf1234-----END PRIVATE KEY-----";
export const PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7s3cr3t0MARKER0pem0b0dyAbCdEf1234";
export const JWT = [
  Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url"),
  Buffer.from(JSON.stringify({ sub: "repo:o/r:ref:refs/heads/main", marker: "s3cr3t0MARKER0jwt" })).toString(
    "base64url",
  ),
  "c2lnbmF0dXJlLXMzY3IzdDBNQVJLRVI",
].join(".");
export const CLIENT_SECRET = "idcscs-8a7f2c1e-0s3cr3t0MARKER-44aa9b";
export const PASSWORD = "hunter2s3cr3t0MARKER";
/** What must never appear in output. */
export const PLANTED = [
  "s3cr3t0MARKER",
  "MARKER0pem",
  PEM_BODY.slice(0, 24),
  JWT,
  JWT.split(".")[1],
  CLIENT_SECRET,
  PASSWORD,
];

export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000";

/** A small valid config: one trust, two users. Sections in this order; edits address them by header. */
export const BASE = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com
name = Default

[OCIConfig]
tenancy_ocid = ${TENANCY}
compartment_ocid = ${COMPARTMENT}
region = us-ashburn-1

[WIFConfig]
token_exchange_app_name = github-token-exchange

[Trust github]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif-prod

[ServiceUser ci-deployer]
rule[] = github repo=octo-org/web-app owner_id=1234567 repo_id=89012345 branch=main
allow[] = manage object-family in compartment apps

[ServiceUser ci-reader]
rule[] = github repo=octo-org/web-app owner_id=1234567 repo_id=89012345 pull_request
allow[] = read objects in compartment apps
`;

/** The base config with `key = value` set in `[section]` (replaced when present, else added at its end). */
export function withKey(section: string, key: string, value: string, text = BASE): string {
  const lines = text.split("\n");
  const start = lines.indexOf(`[${section}]`);
  if (start < 0) throw new Error(`no [${section}] in the config`);
  let end = lines.findIndex((l, i) => i > start && l.startsWith("["));
  if (end < 0) end = lines.length;
  while (end > start + 1 && lines[end - 1] === "") end--;
  const at = lines.findIndex(
    (l, i) => i > start && i < end && new RegExp(`^${key.replace(/[[\]]/g, "\\$&")}\\s*=`).test(l),
  );
  if (at >= 0 && !key.endsWith("[]")) lines[at] = `${key} = ${value}`;
  else lines.splice(end, 0, `${key} = ${value}`);
  return lines.join("\n");
}

/** The base config with a section appended. */
export function withSection(header: string, body: string, text = BASE): string {
  return `${text}\n[${header}]\n${body}\n`;
}

/** What one synthesis did. */
export interface Run {
  readonly exitCode: number;
  readonly lines: string[];
  /** Whether a stack (or anything under the output directory) was written. */
  readonly wrote: boolean;
  readonly dir: string;
}

/**
 * Synthesizes `text` as setupConfig.ini in a new temporary directory. `prepare` may plant files there first
 * (the config's directory); the output goes to `<dir>/cdktf.out`.
 */
export function run(text: string | undefined, prepare?: (dir: string) => string | void): Run {
  const dir = mkdtempSync(join(tmpdir(), "wif-hostile-"));
  try {
    let configPath = join(dir, "setupConfig.ini");
    if (text !== undefined) writeFileSync(configPath, text);
    const other = prepare?.(dir);
    if (typeof other === "string") configPath = other;
    const lines: string[] = [];
    const outdir = join(dir, "cdktf.out");
    const result = synthesize({ configPath, outdir, log: (l) => lines.push(l) });
    const stacks = join(outdir, "stacks");
    const wrote =
      existsSync(stacks) &&
      readdirSync(stacks).some((n) => statSync(join(stacks, n, "cdk.tf.json"), { throwIfNoEntry: false })?.isFile());
    return { exitCode: result.exitCode, lines, wrote, dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The printed lines with the temporary directory written as `<dir>`, so messages can be compared exactly. */
export function normalized(r: Run): string[] {
  return r.lines.map((l) => l.split(r.dir).join("<dir>"));
}
