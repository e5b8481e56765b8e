import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * The one HTTP client for answers from outside (the token endpoint, the broker, GitHub's token service, an
 * identity domain during import), with two bounds that hold whatever the server does:
 * - an overall deadline for connecting, sending and reading the whole answer — not an idle timeout, so a server
 *   that sends a byte every 200 ms is cut at the deadline like one that sends nothing;
 * - a byte limit enforced while the body streams in: a `Content-Length` above it is refused before a body byte is
 *   read, and a body that grows past it is abandoned (the socket destroyed) at the limit, never buffered further.
 * A cut connection, a reset, a TLS failure or a name that does not resolve becomes a {@link NetworkError} with a
 * one-line reason that says what to check. Node's own modules only: the slim client bundles this file.
 */

/** One HTTP request. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One HTTP response, its body complete and within the limit. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as text (UTF-8, malformed bytes replaced): for error messages. JSON is parsed from `bytes`. */
  readonly body: string;
  /** The body as received. @default Buffer.from(body) when a test builds a response */
  readonly bytes?: Buffer;
}

/** The bounds of one request. */
export interface HttpLimits {
  /** Everything (connection, request, the whole answer) must be done within this. */
  readonly deadlineMs: number;
  /** The largest body read. */
  readonly maxBytes: number;
}

/** Bounds by kind of answer; each is far above what the service sends and far below what could hurt. */
export const HTTP_LIMITS = {
  /** A token endpoint or broker answer: a few KB; an error page rarely more than tens. */
  tokenAnswerBytes: 1024 * 1024,
  /** One page of an identity domain's SCIM list, or of IAM policies. */
  pageBytes: 20 * 1024 * 1024,
  /** One request of `wif-import`. */
  importDeadlineMs: 30_000,
} as const;

/** Why a request got no usable answer. */
export type NetworkErrorCode =
  | "timeout"
  | "too-large"
  | "cut"
  | "reset"
  | "refused"
  | "dns"
  | "tls"
  | "redirect"
  | "network";

/** The request got no complete answer: the connection failed, the deadline passed, or the answer was too large. */
export class NetworkError extends Error {
  constructor(
    /** One line: what happened and what to check. Holds no part of the answer. */
    message: string,
    public readonly code: NetworkErrorCode,
    /** The system error code, when there was one (`ECONNRESET`, `CERT_HAS_EXPIRED`). */
    public readonly errno?: string,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

/**
 * Sends a request and reads the whole answer within `limits`. Redirects are not followed (a 3xx is returned as it
 * is). Never rejects with anything but a {@link NetworkError}.
 */
export function sendBounded(req: HttpRequest, limits: HttpLimits): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, "utf8");
    const headers: Record<string, string> = { ...req.headers };
    if (body) headers["Content-Length"] = String(body.length);
    const call = req.url.protocol === "https:" ? httpsRequest : httpRequest;
    let settled = false;
    let received = 0;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    // Settles first, then drops the connection: what the destruction emits finds the request settled.
    const fail = (err: NetworkError) => {
      finish(() => reject(err));
      r.destroy();
      response?.destroy();
    };
    let response: import("node:http").IncomingMessage | undefined;
    const r = call(req.url, { method: req.method, headers }, (res) => {
      response = res;
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        return fail(
          new NetworkError(
            `the answer declares ${declared} bytes; the limit is ${limits.maxBytes}, so none of it was read`,
            "too-large",
          ),
        );
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        if (received > limits.maxBytes) {
          return fail(
            new NetworkError(
              `the answer is larger than ${limits.maxBytes} bytes; stopped reading at the limit`,
              "too-large",
            ),
          );
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        if (!res.complete) return; // 'aborted' follows as an error
        const bytes = Buffer.concat(chunks);
        finish(() =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes }),
        );
      });
      res.on("aborted", () => fail(cut(received)));
      res.on("error", (err) => fail(res.complete ? toNetworkError(err, req.url) : cut(received, err)));
      res.on("close", () => {
        if (!res.complete) fail(cut(received));
      });
    });
    const timer = setTimeout(
      () =>
        fail(
          new NetworkError(
            `no complete answer within ${formatSeconds(limits.deadlineMs)}${received ? ` (${received} bytes of it had arrived)` : ""}`,
            "timeout",
          ),
        ),
      Math.max(1, limits.deadlineMs),
    );
    r.on("error", (err) => fail(toNetworkError(err, req.url)));
    r.end(body);
  });
}

function cut(received: number, err?: Error): NetworkError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  return new NetworkError(
    `the connection was closed after ${received} bytes of the answer, before it was complete; try again`,
    "cut",
    errno,
  );
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO|HOSTNAME_MISMATCH)/;

/** A system error as one line saying what to check. */
export function toNetworkError(err: Error, url: URL): NetworkError {
  const errno = (err as NodeJS.ErrnoException).code;
  if (errno === "ECONNRESET" || /socket hang up/i.test(err.message))
    return new NetworkError(
      `the connection was reset (${errno ?? "socket hang up"}); try again, and check any proxy or firewall in between`,
      "reset",
      errno,
    );
  if (errno === "ECONNREFUSED")
    return new NetworkError("the connection was refused (ECONNREFUSED); check the URL and port", "refused", errno);
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN" || errno === "EAI_NONAME")
    return new NetworkError(
      `the host name ${url.hostname} does not resolve (${errno}); check the URL and this machine's DNS`,
      "dns",
      errno,
    );
  if (errno?.startsWith("HPE_"))
    return new NetworkError(
      `the answer is not well-formed HTTP (${errno}): its Content-Length does not match its body, or a proxy in between is broken`,
      "network",
      errno,
    );
  if (errno && TLS_CODES.test(errno))
    return new NetworkError(
      `TLS failed (${errno}): the server's certificate is not trusted or does not match its name; if a proxy inspects TLS, give its CA in NODE_EXTRA_CA_CERTS`,
      "tls",
      errno,
    );
  return new NetworkError(
    `the request failed (${errno ?? "network error"}); check the URL and this machine's network access`,
    "network",
    errno,
  );
}

/** `1.5 s`, `60 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
