import { createPrivateKey } from "node:crypto";
import { registerSecret } from "../../../core/redact";
import type { AuthenticationDetailsProvider, ClientConfiguration } from "oci-common";
import { NoRetryConfigurationDetails } from "oci-common";
import { SecretsClient } from "oci-secrets";
import { parseJson } from "../../../core/bounded-json";
import { SECRET_CACHE_MS } from "./limits";
import { UpstreamError, upstreamError } from "./upstream-error";

/**
 * The broker account's API key, as the `UpstBroker` construct writes it into the secret: base64 of the JSON
 * `{"user", "tenancy", "fingerprint", "region", "private_key"}`. `privateKey` is a secret.
 */
export interface AccountKey {
  readonly user: string;
  readonly tenancy: string;
  readonly fingerprint: string;
  readonly region: string;
  readonly privateKey: string;
}

const FIELDS = ["user", "tenancy", "fingerprint", "region", "private_key"] as const;

/**
 * Decodes the secret's content. Throws an {@link UpstreamError} (502) that names the missing or bad field,
 * never its value.
 */
export function decodeAccountSecret(base64: string): AccountKey {
  let parsed: unknown;
  try {
    parsed = parseJson(Buffer.from(base64, "base64"), { source: "the broker's secret", maxDepth: 8 });
  } catch {
    throw new UpstreamError(
      502,
      "the broker's secret is not base64 of a JSON object; write it as the UpstBroker construct does",
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UpstreamError(
      502,
      "the broker's secret is not base64 of a JSON object; write it as the UpstBroker construct does",
    );
  }
  const o = parsed as Record<string, unknown>;
  const missing = FIELDS.filter((f) => typeof o[f] !== "string" || (o[f] as string).trim() === "");
  if (missing.length) {
    const hint = missing.includes("private_key")
      ? " (with your own key pair, upload the version holding the private key: see the README)"
      : "";
    throw new UpstreamError(502, `the broker's secret has no ${missing.join(", ")}${hint}`);
  }
  if (!/^[a-z0-9-]{2,40}$/.test((o.region as string).trim()))
    throw new UpstreamError(
      502,
      "the broker's secret has a region that is not a region identifier such as us-ashburn-1",
    );
  try {
    createPrivateKey({ key: o.private_key as string, format: "pem" });
  } catch {
    throw new UpstreamError(502, "the broker's secret has a private_key that is not an unencrypted PEM private key");
  }
  return {
    user: (o.user as string).trim(),
    tenancy: (o.tenancy as string).trim(),
    fingerprint: (o.fingerprint as string).trim(),
    region: (o.region as string).trim(),
    privateKey: o.private_key as string,
  };
}

/** Where and how to read the secret. */
export interface SecretSource {
  /** The function's resource principal. */
  readonly provider: AuthenticationDetailsProvider;
  /** Replaces the region's Secrets endpoint (tests only; never taken from a request). */
  readonly endpoint?: string;
  /** @default SECRET_CACHE_MS */
  readonly cacheMs?: number;
  readonly now: () => number;
}

/** The SDKs' own retries would outlast the function's timeout; the caller retries 503s instead. */
export const SDK_CLIENT_CONFIGURATION: ClientConfiguration = { retryConfiguration: NoRetryConfigurationDetails };

/**
 * Reads the account's key with the resource principal and keeps it for a few minutes, so a warm function makes
 * one Secrets call per cache period, not one per request. Concurrent misses share one read. A failed read is not
 * cached.
 */
export class AccountSecretReader {
  private readonly client: SecretsClient;
  private cached?: { key: AccountKey; until: number };
  private pending?: Promise<AccountKey>;

  constructor(
    private readonly secretId: string,
    private readonly source: SecretSource,
  ) {
    this.client = new SecretsClient({ authenticationDetailsProvider: source.provider }, SDK_CLIENT_CONFIGURATION);
    if (source.endpoint) this.client.endpoint = source.endpoint;
  }

  /** The account's key, from the cache or the secret. @throws UpstreamError */
  public async get(requestId: string): Promise<AccountKey> {
    if (this.cached && this.cached.until > this.source.now()) return this.cached.key;
    this.pending ??= this.read(requestId).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(requestId: string): Promise<AccountKey> {
    let content: string | undefined;
    try {
      const response = await this.client.getSecretBundle({
        secretId: this.secretId,
        stage: undefined,
        opcRequestId: requestId,
      });
      const details = response.secretBundle.secretBundleContent;
      content = details && details.contentType === "BASE64" ? details.content : undefined;
    } catch (err) {
      throw upstreamError("reading the broker's secret (GetSecretBundle)", err);
    }
    if (!content) throw new UpstreamError(502, "the broker's secret has no BASE64 content");
    // The account's private key is known to the log writer before anything could quote it (core/redact.ts).
    registerSecret(content);
    const key = decodeAccountSecret(content);
    registerSecret(key.privateKey);
    this.cached = { key, until: this.source.now() + (this.source.cacheMs ?? SECRET_CACHE_MS) };
    return key;
  }
}
