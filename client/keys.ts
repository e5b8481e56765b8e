import { createHash, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generate = promisify(generateKeyPair);

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
 * RSA key takes tens to hundreds of milliseconds and should not block timers such as the request timeout.
 */
export async function makeSessionKeyPair(): Promise<SessionKeyPair> {
  const { publicKey, privateKey } = await generate("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
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
