/**
 * A failure on the broker's side of the chain (the secret, the auth service), as the status the caller gets:
 * 502 when retrying will not help until someone fixes configuration or policy, 503 when it may. The message is
 * safe to send back and to log: statuses, service codes and OCI request ids, never upstream text, which could
 * quote anything.
 */
export class UpstreamError extends Error {
  constructor(
    public readonly status: 502 | 503,
    message: string,
    /** OCI's `opc-request-id` of the failed call, for a support ticket. */
    public readonly upstreamRequestId?: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/** Turns what an OCI SDK call threw into an {@link UpstreamError}. */
export function upstreamError(what: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const e = (err ?? {}) as { statusCode?: unknown; serviceCode?: unknown; opcRequestId?: unknown; code?: unknown };
  const upstreamId =
    typeof e.opcRequestId === "string" && /^[A-Za-z0-9/._:-]{1,200}$/.test(e.opcRequestId) ? e.opcRequestId : undefined;
  const serviceCode =
    typeof e.serviceCode === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(e.serviceCode) ? e.serviceCode : undefined;
  if (typeof e.statusCode === "number" && e.statusCode >= 100) {
    const status = e.statusCode;
    const retryable = status === 429 || status >= 500;
    const detail = `HTTP ${status}${serviceCode ? ` ${serviceCode}` : ""}`;
    const hint = [401, 403, 404].includes(status)
      ? "; check the function's dynamic group and policy, and the account's API key"
      : "";
    return new UpstreamError(retryable ? 503 : 502, `${what} failed (${detail})${hint}`, upstreamId);
  }
  const code = typeof e.code === "string" && /^[A-Z0-9_]{1,40}$/.test(e.code) ? ` (${e.code})` : "";
  return new UpstreamError(503, `${what} failed: no answer${code}`, upstreamId);
}
