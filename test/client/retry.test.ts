import { backoff, DEFAULT_RETRY_POLICY, parseRetryAfter, sendWithRetries, type RetryPolicy } from "../../client/retry";
import type { HttpRequest, HttpResponse } from "../../core/bounded-http";

const REQUEST: HttpRequest = { method: "POST", url: new URL("https://idcs.example/oauth2/v1/token"), headers: {} };

/** A transport that answers with the given statuses in turn, and a clock that only moves when the loop waits. */
function fake(statuses: Array<number | [number, string]>) {
  let now = 1_000_000;
  const waits: number[] = [];
  const timeouts: number[] = [];
  const transport = async (_req: HttpRequest, timeoutMs: number): Promise<HttpResponse> => {
    timeouts.push(timeoutMs);
    const next = statuses.shift()!;
    const [status, retryAfter] = Array.isArray(next) ? next : [next, undefined];
    return { status, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter }, body: "" };
  };
  const clock = {
    now: () => now,
    delay: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 1,
  };
  return { transport, clock, waits, timeouts };
}

const POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, timeoutMs: 60_000 };

describe("sendWithRetries", () => {
  test("doubles the wait after each 5xx up to the cap, then returns the answer that is not retryable", async () => {
    const f = fake([500, 502, 503, 504, 200]);
    const r = await sendWithRetries(REQUEST, { ...POLICY, maxDelayMs: 3000 }, f.clock, undefined, f.transport);
    expect([r.response.status, r.attempts, r.gaveUp]).toEqual([200, 5, undefined]);
    expect(f.waits).toEqual([500, 1000, 2000, 3000]);
  });

  test("gives each attempt what is left of the total timeout", async () => {
    const f = fake([503, 200]);
    await sendWithRetries(REQUEST, POLICY, f.clock, undefined, f.transport);
    expect(f.timeouts).toEqual([60_000, 59_500]);
  });

  test.each([400, 401, 403, 404, 409])("returns %i at once, without retrying", async (status) => {
    const f = fake([status]);
    const r = await sendWithRetries(REQUEST, POLICY, f.clock, undefined, f.transport);
    expect([r.response.status, r.attempts, f.waits]).toEqual([status, 1, []]);
  });

  test("waits for an HTTP-date Retry-After", async () => {
    const f = fake([[429, new Date(1_000_000 + 7_000).toUTCString()], 200]);
    await sendWithRetries(REQUEST, POLICY, f.clock, undefined, f.transport);
    expect(f.waits).toEqual([7000]);
  });

  test("reports each retry before waiting", async () => {
    const f = fake([[429, "3"], 503, 200]);
    const notices: unknown[] = [];
    await sendWithRetries(REQUEST, POLICY, f.clock, (n) => notices.push(n), f.transport);
    expect(notices).toEqual([
      { attempt: 1, status: 429, delayMs: 3000, fromRetryAfter: true },
      { attempt: 2, status: 503, delayMs: 1000, fromRetryAfter: false },
    ]);
  });

  test("gives up when the attempts run out", async () => {
    const f = fake([503, 503]);
    const r = await sendWithRetries(REQUEST, { ...POLICY, maxAttempts: 2 }, f.clock, undefined, f.transport);
    expect([r.response.status, r.attempts, r.gaveUp]).toEqual([503, 2, "gave up after 2 attempts"]);
  });
});

describe("backoff", () => {
  test.each([
    [1, 0, 250],
    [1, 0.999, 500],
    [3, 0.5, 1500],
    [10, 0, 4000],
    [10, 1, 8000],
  ])("after attempt %i with random %f waits %i ms", (attempt, random, ms) => {
    expect(backoff(attempt, DEFAULT_RETRY_POLICY, random)).toBe(ms);
  });
});

describe("parseRetryAfter", () => {
  test.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Thu, 01 Jan 1970 00:00:10 GMT", 10_000],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("reads %p as %p ms", (header, ms) => {
    expect(parseRetryAfter(header, 0)).toBe(ms);
  });
});
