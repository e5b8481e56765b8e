import { parseJson } from "../core/bounded-json";
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { registerSecret } from "../core/redact";
import { ExchangeError } from "../core/errors";
import { generateRawKeyPair, takeEarlySessionKey } from "./early-key";

/** A fresh session key pair: the public half goes to the token endpoint, the private half signs OCI requests. */
export interface SessionKeyPair {
  /** PKCS#8 PEM, what `key_file` points to. Secret. */
  readonly privateKeyPem: string;
  /** The public key's DER SubjectPublicKeyInfo. */
  readonly publicKeyDer: Buffer;
  readonly publicKey: KeyObject;
}

/**
 * Makes an RSA-2048 key pair (what Oracle's SDKs use for session keys). Asynchronous, because generating an
 * RSA key takes tens to hundreds of milliseconds and should not block timers such as the request timeout. The first
 * pair of a run is the one the bin started before the command loaded, when it did (client/early-key.ts).
 */
export async function makeSessionKeyPair(): Promise<SessionKeyPair> {
  const { publicKey, privateKey } = await (takeEarlySessionKey() ?? generateRawKeyPair());
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  registerSecret(privateKeyPem);
  return {
    privateKeyPem,
    publicKeyDer: publicKey.export({ type: "spki", format: "der" }),
    publicKey,
  };
}

/**
 * The `public_key` form parameter: base64 of the DER SubjectPublicKeyInfo, with no PEM header, footer or line
 * breaks (docs/oci-facts.md#token-exchange). URL-encoding is left to the form encoder.
 */
export function publicKeyParameter(publicKeyDer: Buffer): string {
  return publicKeyDer.toString("base64");
}

/** OCI's key fingerprint: MD5 of the DER public key, as lower-case hex pairs joined by `:`. */
export function ociFingerprint(publicKeyDer: Buffer): string {
  return createHash("md5")
    .update(publicKeyDer)
    .digest("hex")
    .replace(/(..)(?!$)/g, "$1:");
}

/**
 * A token from OCI (UPST or RPST) carries the public key it is bound to as its `jwk` claim (a JSON string in OCI's
 * tokens; an object is accepted too). If that is not our key, the private key we would write cannot sign for the
 * token, so nothing may be written. A missing or unreadable claim cannot be checked and is only reported.
 *
 * @param token what to call the token in messages ("session token", "RPST")
 * @param missing how a token without a `jwk` claim is reported
 * @throws ExchangeError when the token is bound to another key
 */
export function checkKeyBinding(
  claims: Readonly<Record<string, unknown>>,
  keys: SessionKeyPair,
  io: { err(line: string): void },
  token = "session token",
  missing: "warning" | "note" = "warning",
): void {
  const raw = claims.jwk;
  if (raw === undefined) {
    io.err(`${missing}: the ${token} has no jwk claim, so its binding to the new key could not be checked.`);
    return;
  }
  let bound: Buffer;
  try {
    const jwk = (typeof raw === "string" ? parseJson(raw, { source: "jwk" }) : raw) as JsonWebKey;
    bound = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
  } catch {
    io.err(
      `warning: the ${token}'s jwk claim is not a readable public key, so its binding to the new key could not be checked.`,
    );
    return;
  }
  if (!bound.equals(keys.publicKeyDer)) {
    throw new ExchangeError(
      `the ${token} is bound to a different public key than the one sent, so it could not be used; nothing was written.`,
    );
  }
}
