/**
 * The exchange step of the end-to-end scenarios: a subject token built for a rule the deployed trust holds (or for
 * the user-context or resource mapping), `wif-exchange` run with the runtimeConfig.ini the deploy wrote, and a
 * request signed with what it wrote, sent to the local OCI, which says who it accepted it as.
 */
import { request } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SessionAuthDetailProvider } from "oci-common/lib/auth/session-auth-details-provider";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import type { Principal } from "../../testing/local-oci";
import type { CommandResult, Scenario } from "../support/e2e";

/** Claims that make `<claim> eq|co <value>` match (a trailing `*` filled in). */
export function claimsForRule(rule: string): Record<string, string> {
  const m = /^\s*(\S+)\s+(eq|co)\s+(.+?)\s*$/i.exec(rule);
  if (!m) throw new Error(`cannot read rule ${rule}`);
  const value = m[3].replace(/^"(.*)"$/, "$1");
  return { [m[1]]: value.endsWith("*") ? `${value.slice(0, -1)}e2e` : value };
}

/** The claims every token of a trust must carry: the first audience value and every claim validation. */
export function trustClaims(trust: any): Record<string, string> {
  const out: Record<string, string> = {};
  if (trust.client_claim_name) out[trust.client_claim_name] = trust.client_claim_values[0];
  for (const v of trust.claim_validations ?? []) out[v.name] = v.value;
  return out;
}

/** A subject token of `issuer`, valid for five minutes. */
export function subjectToken(mint: (c: Record<string, unknown>) => string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  return mint({ sub: "e2e:no-rule-matches-this", iat: now - 5, nbf: now - 5, exp: now + 300, ...claims });
}

/** Runs `wif-exchange` with the deployed runtimeConfig.ini and a token file; the profile goes to `<dir>/client`. */
export async function exchange(s: Scenario, token: string, extra: readonly string[] = []): Promise<CommandResult> {
  const client = join(s.dir, "client");
  mkdirSync(client, { recursive: true, mode: 0o700 });
  const tokenFile = join(client, "subject.jwt");
  writeFileSync(tokenFile, token, { mode: 0o600 });
  return s.bin("wif-exchange", "wif-exchange", [
    "--runtime-config",
    s.runtimeConfigPath,
    "--config-file",
    join(client, "config"),
    "--token-file",
    tokenFile,
    "--timeout",
    "30",
    ...extra,
  ]);
}

/** Signs `GET /n/` (Object Storage's GetNamespace) with a keyId and key, and sends it to the local OCI. */
export async function signedNamespaceGet(
  url: string,
  keyId: string,
  privateKeyPem: string,
): Promise<{ status: number; principal?: Principal }> {
  const provider = {
    getKeyId: async () => keyId,
    getPrivateKey: () => privateKeyPem,
    getPassphrase: () => null,
  };
  const signer = new DefaultRequestSigner(provider as any);
  const headers = new Headers();
  const uri = `${url}/n/`;
  await signer.signHttpRequest({ method: "GET", uri, headers });
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(uri, { method: "GET", headers: Object.fromEntries(headers.entries()) }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
  return { status };
}

/** The written session profile's token and key, through oci-common's session provider (as the OCI CLI reads it). */
export async function profileSigner(configFile: string, profile: string): Promise<{ keyId: string; key: string }> {
  const p = new SessionAuthDetailProvider(configFile, profile);
  return { keyId: await p.getKeyId(), key: String(p.getPrivateKey()) };
}

/** The RPST and its key as `wif-exchange --rpst` wrote them under `<config dir>/sessions/<profile>/`. */
export function rpstFiles(configDir: string, profile: string): { keyId: string; key: string } {
  const dir = join(configDir, "sessions", profile);
  return {
    keyId: `ST$${readFileSync(join(dir, "rpst"), "utf8").trim()}`,
    key: readFileSync(join(dir, "rpst_private_key.pem"), "utf8"),
  };
}
