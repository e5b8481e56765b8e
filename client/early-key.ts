import { generateKeyPair, type KeyObject } from "node:crypto";

/**
 * The session key, started before the rest of wif-exchange loads. RSA-2048 generation is the slowest step of a cold
 * exchange (OpenSSL 3.0, which Node 20 ships, takes 100–600 ms on a busy 2-core machine), and it needs nothing from
 * the command, so the bin starts it first, on libuv's thread pool, and the command takes it when it needs the key
 * (client/keys.ts). This module imports only node:crypto, so loading it costs nothing before the start.
 */

const EARLY = Symbol.for("oci-wif-cdktf.early-session-key");

/** A raw key pair, as `generateKeyPair` gives it. */
export interface RawKeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** Generates an RSA-2048 pair with exponent 65537, as Oracle's SDKs do for session keys. */
export function generateRawKeyPair(): Promise<RawKeyPair> {
  return new Promise((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 0x10001 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
}

/**
 * Starts the key for a run that will exchange: not for `--help`, `--version` or `-h` (a key being made keeps the
 * process alive until it is done, so those would wait for it for nothing).
 */
export function startEarlySessionKey(argv: readonly string[]): void {
  if (argv.some((a) => a === "-h" || a === "--help" || a === "--version")) return;
  const g = globalThis as { [EARLY]?: Promise<RawKeyPair> };
  if (g[EARLY]) return;
  const pending = generateRawKeyPair();
  pending.catch(() => {}); // Taken and awaited by the command; a failure is reported there.
  g[EARLY] = pending;
}

/** The key started early, once (the next key, for a renewal, is made fresh); undefined when none was started. */
export function takeEarlySessionKey(): Promise<RawKeyPair> | undefined {
  const g = globalThis as { [EARLY]?: Promise<RawKeyPair> };
  const pending = g[EARLY];
  delete g[EARLY];
  return pending;
}
