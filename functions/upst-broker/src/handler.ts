import { randomBytes } from "node:crypto";
import { redact } from "../../../core/redact";
import type { AuthenticationDetailsProvider } from "oci-common";
import { ResourcePrincipalAuthenticationDetailsProvider } from "oci-common";
import { AccountSecretReader } from "./account-secret";
import { readConfig } from "./config";
import { UpstIssuer } from "./generate-upst";
import { parseBrokerRequest } from "./request";
import { UpstreamError } from "./upstream-error";

/** What the handler answers; the FDK wrapper copies it onto the HTTP response. */
export interface BrokerResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

/** HTTP headers of the caller's request, as the gateway passed them on (names in any case). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Everything the handler takes from outside. Only the deployment sets these: nothing in a caller's request can
 * change where the broker sends its credentials.
 */
export interface BrokerDeps {
  /** The function's environment: its configuration and the resource principal's variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * One log line per request, and the startup check. Never given a key, token or secret content.
   * @default a line on standard error, which OCI Functions sends to the application's log
   */
  readonly log?: (line: string) => void;
  /**
   * The resource principal that reads the secret.
   * @default oci-common's ResourcePrincipalAuthenticationDetailsProvider, built from `process.env`
   */
  readonly resourcePrincipal?: () => AuthenticationDetailsProvider;
  /** Replaces the Secrets endpoint of the function's region (tests only). @default - the SDK's, for the region */
  readonly secretsEndpoint?: string;
  /** Replaces `https://auth.<region>.oraclecloud.com` (tests only). @default - the SDK's, for the account's region */
  readonly authEndpoint?: string;
  /** @default 5 minutes */
  readonly secretCacheMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A broker: the startup check's findings, and the request handler. */
export interface Broker {
  /** Which configuration is missing or wrong; empty when the broker can serve. */
  readonly problems: readonly string[];
  /** Handles one request. Never throws, never returns a secret other than the issued token. */
  handle(body: Buffer | string, headers: RequestHeaders): Promise<BrokerResponse>;
}

/**
 * Makes the broker once per container: checks the configuration (the startup check, logged at once), and keeps
 * the Secrets client, the cached account key and the auth client for the requests that follow.
 */
export function createBroker(deps: BrokerDeps): Broker {
  // Every log line goes through the one redaction function: the account key and issued tokens are registered there.
  const write = deps.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const log = (line: string) => write(redact(line));
  const now = deps.now ?? Date.now;
  const checked = readConfig(deps.env);
  const problems = "problems" in checked ? checked.problems : [];
  for (const p of problems) log(JSON.stringify({ event: "startup", problem: p }));

  let state: { secrets: AccountSecretReader; issuer: UpstIssuer } | undefined;
  const ready = () => {
    if (state || !("config" in checked)) return state;
    const provider = (deps.resourcePrincipal ?? (() => ResourcePrincipalAuthenticationDetailsProvider.builder()))();
    state = {
      secrets: new AccountSecretReader(checked.config.secretId, {
        provider,
        endpoint: deps.secretsEndpoint,
        cacheMs: deps.secretCacheMs,
        now,
      }),
      issuer: new UpstIssuer(deps.authEndpoint),
    };
    return state;
  };

  return {
    problems,
    async handle(body, headers) {
      const started = now();
      const requestId = newRequestId();
      const answer = (
        status: number,
        payload: Record<string, unknown>,
        event: Record<string, unknown>,
      ): BrokerResponse => {
        log(JSON.stringify({ event: "request", requestId, status, ms: now() - started, ...event }));
        return {
          status,
          headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "opc-request-id": requestId },
          body: JSON.stringify(status === 200 ? payload : { ...payload, requestId }),
        };
      };
      void headers; // The gateway has checked the bearer token; nothing in the headers is needed, or logged.

      if (!("config" in checked)) {
        return answer(
          500,
          { error: `the broker is not configured: ${problems.map((p) => p.split(":")[0]).join("; ")}` },
          { problem: "configuration" },
        );
      }
      // The request first: a bad one is refused without touching the resource principal or any service.
      const request = parseBrokerRequest(body, checked.config.defaultSessionMinutes);
      if ("message" in request) {
        return answer(
          400,
          { error: `${request.field} ${request.message}`, field: request.field },
          { field: request.field },
        );
      }
      let s;
      try {
        s = ready()!;
      } catch (err) {
        return answer(
          500,
          { error: "the broker cannot load its resource principal; see the function's log" },
          { problem: `resource principal: ${errorName(err)}` },
        );
      }
      try {
        const account = await s.secrets.get(requestId);
        const issued = await s.issuer.issue(account, request.publicKeyPem, request.sessionMinutes, requestId, now());
        return answer(
          200,
          { token: issued.token, expiresAt: issued.expiresAt },
          { sessionMinutes: request.sessionMinutes, expiresAt: issued.expiresAt },
        );
      } catch (err) {
        if (err instanceof UpstreamError) {
          return answer(
            err.status,
            { error: err.message },
            { problem: err.message, upstreamRequestId: err.upstreamRequestId },
          );
        }
        return answer(
          500,
          { error: "the broker failed unexpectedly; see the function's log" },
          { problem: errorName(err) },
        );
      }
    },
  };
}

/** An id for this request, returned to the caller and sent to OCI as `opc-request-id`, so one id finds every log line. */
function newRequestId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

/** The class of an unexpected error, without its message (which could quote anything). */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
