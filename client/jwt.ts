/**
 * Reading JWTs without verifying them. Neither command has the issuer's keys at hand (OCI checks the signature
 * against the trust's JWKS), so every use here is for display, for a first sanity check, or for reading our own
 * session token's claims, which the endpoint just gave us over TLS.
 */
import { parseJson } from "../core/bounded-json";

/** A JWT's decoded header and payload. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Longer tokens are refused before decoding: real ones are a few kilobytes. */
export const MAX_JWT_CHARS = 64 * 1024;

/** True when `text` has the shape of a signed JWT: three base64url segments, the first two non-empty. */
export function looksLikeJwt(text: string): boolean {
  const parts = text.split(".");
  return (
    parts.length === 3 &&
    SEGMENT.test(parts[0]) &&
    SEGMENT.test(parts[1]) &&
    (parts[2] === "" || SEGMENT.test(parts[2]))
  );
}

/**
 * Decodes a JWT's header and payload. Returns a reason instead of throwing, so the caller can say which input
 * was bad without ever echoing the token.
 */
export function decodeJwt(token: string): DecodedJwt | { readonly error: string } {
  if (token.length > MAX_JWT_CHARS)
    return { error: `is ${token.length} characters long; a JWT is at most ${MAX_JWT_CHARS} here` };
  if (!looksLikeJwt(token)) {
    return { error: "is not a JWT (expected three base64url parts separated by '.')" };
  }
  const [h, p] = token.split(".");
  const header = parseSegment(h);
  const claims = parseSegment(p);
  if (!header) return { error: "is not a JWT (its header is not base64url-encoded JSON)" };
  if (!claims) return { error: "is not a JWT (its payload is not base64url-encoded JSON)" };
  return { header, claims };
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    // Bounded like every JSON we read (core/bounded-json.ts): claims nested 30,000 deep fit in 64 KB.
    const value: unknown = parseJson(Buffer.from(segment, "base64url"), { source: "segment" });
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A numeric date claim (`exp`, `iat`, `nbf`) in seconds, or undefined when absent or not a number. */
export function numericDate(claims: Record<string, unknown>, name: string): number | undefined {
  const v = claims[name];
  // A date a Date cannot hold is no date: treated as absent for checks, printed as a number by explain.
  return typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= MAX_DATE_SECONDS ? v : undefined;
}

/** Seconds since the epoch that a JavaScript Date can hold (±8.64e15 ms): claims beyond it are shown as numbers. */
const MAX_DATE_SECONDS = 8.64e12;

/** `2026-09-05T12:00:00.000Z`, or undefined for a time a Date cannot hold (a claim of 1e20 must not crash us). */
export function isoTime(seconds: number): string | undefined {
  return Number.isFinite(seconds) && Math.abs(seconds) <= MAX_DATE_SECONDS
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

/** `2026-09-05 12:00:00 UTC` for a time in seconds since the epoch; out of a Date's range, the number itself. */
export function formatTime(seconds: number): string {
  const iso = isoTime(seconds);
  return iso ? iso.replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : `${seconds} s after the epoch (not a date)`;
}

/** `4 min`, `2 h 5 min`, `45 s` for a duration in seconds (sign ignored). */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
