import {
  formatSeconds,
  HTTP_LIMITS,
  NetworkError,
  sendBounded,
  type HttpRequest,
  type HttpResponse,
} from "../core/bounded-http";

/** How the client talks to a token endpoint, a broker or GitHub: `timeoutMs` is what is left of the deadline. */
export type Transport = (req: HttpRequest, timeoutMs: number) => Promise<HttpResponse>;

/** The client's transport: core/bounded-http.ts with the deadline given and a token answer's byte limit. */
export const send: Transport = (req, timeoutMs) =>
  sendBounded(req, { deadlineMs: timeoutMs, maxBytes: HTTP_LIMITS.tokenAnswerBytes });

/** How hard to try. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The backoff before the second attempt; it doubles after each further attempt. */
  readonly baseDelayMs: number;
  /** Backoff never exceeds this. */
  readonly maxDelayMs: number;
  /** A server's `Retry-After` is honoured up to this. */
  readonly retryAfterCapMs: number;
  /** Everything, attempts and waits, must finish within this. */
  readonly timeoutMs: number;
}

/** Five attempts, 0.5 s doubling to at most 8 s, `Retry-After` up to 30 s, 60 s in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  retryAfterCapMs: 30_000,
  timeoutMs: 60_000,
};

/** The clock and randomness the retry loop uses, injectable so tests neither sleep nor depend on chance. */
export interface RetryClock {
  readonly now: () => number;
  readonly delay: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** What happened before a retry, for a progress line. */
export interface RetryNotice {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly status: number;
  readonly delayMs: number;
  /** Whether the wait came from the server's `Retry-After`. */
  readonly fromRetryAfter: boolean;
}

/** The final response and how many attempts it took. */
export interface RetryResult {
  readonly response: HttpResponse;
  readonly attempts: number;
  /** Set when a retryable response was returned because attempts or time ran out. */
  readonly gaveUp?: string;
}

/** Only these are worth repeating: the server asked us to slow down, or it failed on its side. */
export function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Sends a request, repeating it after 429 and 5xx responses with exponential backoff and jitter, or after the
 * server's `Retry-After` (capped), until an attempt gets another answer, the attempts run out, or the next wait
 * would pass the total timeout. Network errors and timeouts are not retried: they surface at once.
 *
 * @throws NetworkError when an attempt gets no response
 */
export async function sendWithRetries(
  request: HttpRequest,
  policy: RetryPolicy,
  clock: RetryClock,
  onRetry: (notice: RetryNotice) => void = () => {},
  transport: Transport = send,
): Promise<RetryResult> {
  const deadline = clock.now() + policy.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new NetworkError(`no answer within ${formatSeconds(policy.timeoutMs)}`, "timeout");
    const response = await transport(request, remaining);
    if (!isRetryable(response.status)) return { response, attempts: attempt };
    if (attempt >= policy.maxAttempts) {
      return { response, attempts: attempt, gaveUp: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}` };
    }
    const retryAfter = parseRetryAfter(response.headers["retry-after"], clock.now());
    const delayMs =
      retryAfter !== undefined
        ? Math.min(retryAfter, policy.retryAfterCapMs)
        : backoff(attempt, policy, clock.random());
    if (clock.now() + delayMs >= deadline) {
      return {
        response,
        attempts: attempt,
        gaveUp: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}: the next wait (${formatSeconds(delayMs)}) would pass the ${formatSeconds(policy.timeoutMs)} timeout`,
      };
    }
    onRetry({ attempt, status: response.status, delayMs, fromRetryAfter: retryAfter !== undefined });
    await clock.delay(delayMs);
  }
}

/**
 * The wait after a failed attempt: the exponential step, with its upper half randomised so that many CI jobs
 * failing together do not retry in lockstep.
 */
export function backoff(attempt: number, policy: RetryPolicy, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
