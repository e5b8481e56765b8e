/**
 * The broker's bounds, in one place. The session bounds are GenerateUserSecurityTokenDetails'
 * `sessionExpirationInMinutes` (5 to 60, default 60; docs/oci-facts.md#generate-upst), shared with the construct
 * and the config reader through core/limits.ts, which imports nothing (the bundle stays free of cdktf).
 */
export { SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "../../../core/limits";
export const SESSION_MINUTES_DEFAULT = 60;

/** A request body larger than this is refused unread: a 4096-bit PEM public key and the JSON around it is under 1 KiB. */
export const MAX_BODY_BYTES = 8 * 1024;

/** Smallest RSA modulus accepted for the caller's key (what the OCI SDKs and CLI generate). */
export const MIN_RSA_BITS = 2048;
/** Largest: anything beyond is no real session key, and only costs the auth service time. */
export const MAX_RSA_BITS = 8192;

/** How long the decoded secret is kept in memory between invocations of a warm function. */
export const SECRET_CACHE_MS = 5 * 60 * 1000;
