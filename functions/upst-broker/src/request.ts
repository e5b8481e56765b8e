import { createPublicKey, type KeyObject } from "node:crypto";
import { parseJson, type DataError } from "../../../core/bounded-json";
import { hasCode } from "../../../core/errors";
import { MAX_BODY_BYTES, MAX_RSA_BITS, MIN_RSA_BITS, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "./limits";

/** A caller's request, checked: the key to bind the session token to, and its length. */
export interface BrokerRequest {
  /** The caller's public key, re-encoded by us as an SPKI PEM (never the caller's text as it came). */
  readonly publicKeyPem: string;
  readonly sessionMinutes: number;
}

/** Why a request was refused: the field (or `body`) and a sentence that is safe to send back. */
export interface RequestProblem {
  readonly field: string;
  readonly message: string;
}

const FIELDS = new Set(["publicKey", "sessionMinutes"]);
/** Only public keys: `createPublicKey` would also derive one from a private key or a certificate, which we refuse. */
const PUBLIC_PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (RSA )?PUBLIC KEY-----$/;

/**
 * Checks a request body: `{"publicKey": "<PEM>", "sessionMinutes": 5–60}`, `sessionMinutes` optional. Refuses an
 * oversized body, anything but a JSON object, unknown fields, a key that is not an RSA public key of at least
 * 2048 bits, and a length out of range. Messages name the field and never echo the value.
 */
export function parseBrokerRequest(body: Buffer | string, defaultMinutes: number): BrokerRequest | RequestProblem {
  const bytes = typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.length;
  if (bytes > MAX_BODY_BYTES)
    return { field: "body", message: `must be at most ${MAX_BODY_BYTES} bytes; got ${bytes}` };
  let parsed: unknown;
  try {
    // The one JSON reader (core/bounded-json.ts): UTF-8 only, bounded nesting, no key twice, no __proto__.
    parsed = parseJson(body, { source: "body", maxDepth: 8 });
  } catch (err) {
    const why = hasCode<DataError>(err, "WIF-E-DATA") ? ` (the body ${err.reason})` : "";
    return { field: "body", message: `must be a JSON object {"publicKey": "<PEM>", "sessionMinutes": 5-60}${why}` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { field: "body", message: 'must be a JSON object {"publicKey": "<PEM>", "sessionMinutes": 5-60}' };
  }
  const fields = parsed as Record<string, unknown>;
  const extra = Object.keys(fields).filter((k) => !FIELDS.has(k));
  if (extra.length) {
    const shown = extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40)));
    return {
      field: extra[0].slice(0, 40),
      message: `is not a known field (${shown.join(", ")}); only publicKey and sessionMinutes are accepted`,
    };
  }

  const key = checkPublicKey(fields.publicKey);
  if ("message" in key) return key;

  let sessionMinutes = defaultMinutes;
  if (fields.sessionMinutes !== undefined) {
    const m = fields.sessionMinutes;
    if (typeof m !== "number" || !Number.isInteger(m) || m < SESSION_MINUTES_MIN || m > SESSION_MINUTES_MAX) {
      return {
        field: "sessionMinutes",
        message: `must be a whole number from ${SESSION_MINUTES_MIN} to ${SESSION_MINUTES_MAX} (GenerateUserSecurityToken's bounds); got ${typeof m === "number" ? m : typeof m}`,
      };
    }
    sessionMinutes = m;
  }
  return { publicKeyPem: key.export({ type: "spki", format: "pem" }) as string, sessionMinutes };
}

function checkPublicKey(value: unknown): KeyObject | RequestProblem {
  const field = "publicKey";
  if (value === undefined) return { field, message: "is required: the PEM public key the session token is bound to" };
  if (typeof value !== "string")
    return { field, message: `must be a PEM string; got ${value === null ? "null" : typeof value}` };
  if (!PUBLIC_PEM.test(value.trim())) {
    return {
      field,
      message: "must be a PEM public key (-----BEGIN PUBLIC KEY-----); private keys and certificates are refused",
    };
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: value.trim(), format: "pem" });
  } catch {
    return { field, message: "is not a readable PEM public key" };
  }
  if (key.asymmetricKeyType !== "rsa")
    return { field, message: `must be an RSA key; got ${key.asymmetricKeyType ?? "unknown"}` };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
    return { field, message: `must be an RSA key of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits; got ${bits}` };
  }
  return key;
}
