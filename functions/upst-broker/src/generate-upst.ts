import { SimpleAuthenticationDetailsProvider } from "oci-common";
import { parseJson } from "../../../core/bounded-json";
import { registerSecret } from "../../../core/redact";
import { DataplaneClient } from "oci-identitydataplane";
import type { AccountKey } from "./account-secret";
import { SDK_CLIENT_CONFIGURATION } from "./account-secret";
import { UpstreamError, upstreamError } from "./upstream-error";

/** A session token and when it expires. */
export interface IssuedToken {
  /** The UPST. Secret. */
  readonly token: string;
  /** ISO 8601: the token's `exp`, else now + the minutes asked for. */
  readonly expiresAt: string;
}

/**
 * Calls GenerateUserSecurityToken (`POST https://auth.<region>.oraclecloud.com/v1/token/upst/actions/GenerateUpst`)
 * signed with the account's API key (`keyId = <tenancy>/<user>/<fingerprint>`), through the OCI SDK's
 * DataplaneClient. One client per account key is kept, so a warm function does not rebuild it.
 */
export class UpstIssuer {
  private client?: { account: AccountKey; client: DataplaneClient };

  /** @param endpoint replaces `https://auth.<region>.oraclecloud.com` (tests only; never taken from a request) */
  constructor(private readonly endpoint?: string) {}

  /** @throws UpstreamError */
  public async issue(
    account: AccountKey,
    publicKeyPem: string,
    sessionMinutes: number,
    requestId: string,
    nowMs: number,
  ): Promise<IssuedToken> {
    let token: unknown;
    try {
      const response = await this.clientFor(account).generateUserSecurityToken({
        generateUserSecurityTokenDetails: { publicKey: publicKeyPem, sessionExpirationInMinutes: sessionMinutes },
        opcRequestId: requestId,
      });
      token = response.securityToken?.token;
      if (typeof token === "string") registerSecret(token);
    } catch (err) {
      throw upstreamError("GenerateUserSecurityToken", err);
    }
    if (typeof token !== "string" || token === "")
      throw new UpstreamError(502, "GenerateUserSecurityToken answered without a token");
    return { token, expiresAt: new Date(expiryOf(token) ?? nowMs + sessionMinutes * 60_000).toISOString() };
  }

  private clientFor(account: AccountKey): DataplaneClient {
    if (this.client?.account === account) return this.client.client;
    const provider = new SimpleAuthenticationDetailsProvider(
      account.tenancy,
      account.user,
      account.fingerprint,
      account.privateKey,
      null,
    );
    const client = new DataplaneClient({ authenticationDetailsProvider: provider }, SDK_CLIENT_CONFIGURATION);
    // The region id, not a Region object: the SDK maps unknown or new regions to their realm's domain.
    client.regionId = account.region;
    if (this.endpoint) client.endpoint = this.endpoint;
    this.client = { account, client };
    return client;
  }
}

/** The token's `exp` in ms, when it has one (read, not verified: the auth service just gave it to us). */
function expiryOf(token: string): number | undefined {
  try {
    const payload = parseJson(Buffer.from(token.split(".")[1] ?? "", "base64url"), { source: "token", maxDepth: 8 });
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
