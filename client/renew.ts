// wif-exchange --renew: keeps the profile fresh for a long job. A session token lives an hour; the Python SDK's
// token-exchange signer refreshes at half its lifetime, and so do we: a new subject token (GitHub's is requested
// anew; a file or variable is read again, in case the CI refreshed it), a new key pair, a new exchange, and the
// key, token and profile replaced atomically, so a reader sees the old pair or the new one, never a mix.
import { EXIT, WifError } from "../core/errors";
import type { ExchangePlan } from "./exchange-plan";
import { expiryText } from "./exchange-report";
import { acquireSubject, exchangeAndWrite, type ExchangeOutcome } from "./exchange-session";
import type { CliIo } from "../cli/io";
import type { SessionKeyPair } from "./keys";

/** Never renew more often than this, whatever the token says (a token with seconds left must not spin). */
export const MIN_RENEW_DELAY_MS = 1000;

/** How long to wait before renewing a session token that expires at `expiresAt` (seconds), or undefined if unknown. */
export function renewalDelay(expiresAt: number | undefined, nowMs: number): number | undefined {
  if (expiresAt === undefined) return undefined;
  return Math.max(MIN_RENEW_DELAY_MS, (expiresAt * 1000 - nowMs) / 2);
}

/**
 * Renews until `plan.renewForSeconds` have passed since `startedMs` (the last token then still covers that
 * moment). A failed renewal is a warning while the current token is valid, and is retried at half of what is
 * left; once it has expired, a failure ends the command with the failure's exit code.
 */
export async function renewUntilDone(
  plan: ExchangePlan,
  first: ExchangeOutcome,
  startedMs: number,
  io: CliIo,
  makeKeyPair: () => Promise<SessionKeyPair>,
): Promise<number> {
  const endMs = startedMs + plan.renewForSeconds! * 1000;
  let current = first;
  for (;;) {
    const delay = renewalDelay(current.expiresAt, io.now());
    if (delay === undefined) {
      io.err(
        "warning: the session token does not say when it expires, so it cannot be renewed at half its lifetime; stopping.",
      );
      return EXIT.ok;
    }
    if (io.now() + delay >= endMs) {
      io.err(
        `Stopped renewing after ${Math.round((io.now() - startedMs) / 1000)} s (--renew-for); the session token is ${expiryText(current.expiresAt, io.now())}.`,
      );
      return EXIT.ok;
    }
    await io.delay(delay);
    try {
      const keysPromise = makeKeyPair();
      keysPromise.catch(() => {});
      const subject = await acquireSubject(plan, io);
      current = await exchangeAndWrite(plan, subject, await keysPromise, io);
      io.err(`Renewed OCI profile [${current.profile}]: session token ${expiryText(current.expiresAt, io.now())}.`);
    } catch (err) {
      if (!WifError.is(err)) throw err;
      const expired = current.expiresAt === undefined || current.expiresAt * 1000 <= io.now();
      if (expired) throw err;
      io.err(
        `warning: renewal failed, the current session token is still ${expiryText(current.expiresAt, io.now())}: ${err.message}`,
      );
    }
  }
}
