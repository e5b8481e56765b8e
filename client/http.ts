import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/** One HTTP request. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One HTTP response, with the body read as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The request got no response: the connection failed, or no answer came in time. */
export class NetworkError extends Error {
  constructor(
    message: string,
    /** `timeout`, or the system error code (`ECONNREFUSED`, `ENOTFOUND`, …). */
    public readonly code: string,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

/** Bodies larger than this are cut off: a token response is a few kilobytes, an error page rarely more. */
const MAX_BODY = 1024 * 1024;

/**
 * Sends a request with Node's own http/https modules (no dependency, and cheaper to load than `fetch`) and gives
 * up after `timeoutMs`, counting connection, request and response together.
 */
export function send(req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, "utf8");
    const headers: Record<string, string> = { ...req.headers };
    if (body) headers["Content-Length"] = String(body.length);
    const call = req.url.protocol === "https:" ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const r = call(req.url, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      res.on("end", () =>
        finish(() =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        ),
      );
      res.on("error", (err) => finish(() => reject(toNetworkError(err))));
    });
    const timer = setTimeout(
      () => {
        finish(() => reject(new NetworkError(`no answer within ${formatSeconds(timeoutMs)}`, "timeout")));
        r.destroy();
      },
      Math.max(1, timeoutMs),
    );
    r.on("error", (err) => finish(() => reject(toNetworkError(err))));
    r.end(body);
  });
}

function toNetworkError(err: Error): NetworkError {
  const code = (err as NodeJS.ErrnoException).code ?? "network";
  return new NetworkError(code === "network" ? err.message : code, code);
}

/** `1.5 s`, `60 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
