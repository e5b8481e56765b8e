import * as v from "valibot";
/**
 * The two requests of `wif-broker`: an access token from the identity domain with the client-credentials grant and
 * the broker's scope, then the broker itself (API Gateway → function), which answers with a session token bound
 * to the public key sent. Both retry 429 and 5xx; neither ever puts a secret in an error.
 */
import { formatSeconds, NetworkError, type HttpRequest, type HttpResponse } from "../core/bounded-http";
import { answerStrings, obj, readAnswer, str } from "../core/schema";
import { ExchangeError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { decodeJwt, MAX_JWT_CHARS, type DecodedJwt } from "./jwt";
import { send, sendWithRetries, type RetryClock, type RetryNotice, type RetryPolicy, type Transport } from "./retry";

/** The domain's client-credentials answer (RFC 6749, section 5.1): what we read of it. */
const ACCESS_TOKEN_ANSWER = obj({ access_token: v.pipe(str(MAX_JWT_CHARS), v.minLength(1, "is empty")) });
/** The broker's answer (functions/upst-broker): the session token, and when it expires. */
const BROKER_ANSWER = obj({
  token: v.pipe(str(MAX_JWT_CHARS), v.minLength(1, "is empty")),
  expiresAt: v.optional(str(100)),
});

/** The identity domain's token endpoint (the same as the exchange's). */
export const DOMAIN_TOKEN_PATH = "/oauth2/v1/token";

/** What getting an access token needs. `clientSecret` is a secret. */
export interface ClientCredentials {
  readonly domainUrl: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The fully qualified scope: the resource server's audience followed by the scope's value. */
  readonly scope: string;
}

/** How to retry, and whom to tell. */
export interface CallOptions {
  readonly policy: RetryPolicy;
  readonly clock: RetryClock;
  readonly onRetry: (what: string, notice: RetryNotice) => void;
  readonly transport?: Transport;
}

/**
 * `POST <domain>/oauth2/v1/token` with `grant_type=client_credentials&scope=…`, the client authenticated with
 * HTTP Basic (RFC 6749, section 4.4). Returns the access token, a secret.
 * @throws ExchangeError saying what to check, naming the flag or variable
 */
export async function fetchAccessToken(input: ClientCredentials, options: CallOptions): Promise<string> {
  // As the exchange does (exchange.ts): id and secret as they are; domain-issued ones hold no characters to escape.
  const basic = Buffer.from(`${input.clientId}:${input.clientSecret}`, "utf8").toString("base64");
  registerSecret(basic); // an endpoint or proxy that echoes the request would show it
  const request: HttpRequest = {
    method: "POST",
    url: new URL(DOMAIN_TOKEN_PATH, input.domainUrl.href.replace(/\/?$/, "/")),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      Authorization: `Basic ${basic}`,
    },
    body: new URLSearchParams([
      ["grant_type", "client_credentials"],
      ["scope", input.scope],
    ]).toString(),
  };
  const { response, gaveUp } = await sendOrExplain(
    request,
    options,
    "the identity domain",
    "--domain-url (WIF_DOMAIN_URL)",
    "access token",
  );
  if (response.status === 200) {
    const { access_token: token } = readAnswer(ACCESS_TOKEN_ANSWER, response, {
      source: "the identity domain's HTTP 200 answer (nothing was sent to the broker)",
    });
    registerSecret(token);
    return token;
  }
  const { error, description } = oauthError(response);
  const status = `HTTP ${response.status}${error ? `, ${error}` : ""}${description ? `: ${description}` : ""}`;
  if (response.status === 401 || error === "invalid_client") {
    throw new ExchangeError(
      [
        `the identity domain refused the client credentials (${status}).`,
        "  Check --client-id (WIF_BROKER_CLIENT_ID) and the secret in WIF_BROKER_CLIENT_SECRET or --client-secret-file: the [OAuthClient]'s client ID and current secret.",
      ],
      response.status,
    );
  }
  if (error === "invalid_scope") {
    throw new ExchangeError(
      [
        `the identity domain refused the scope ${JSON.stringify(input.scope)} (${status}).`,
        "  Check --scope (WIF_BROKER_SCOPE): the resource server's audience followed by the scope, and granted to this client (its [OAuthClient] scope[]).",
      ],
      response.status,
    );
  }
  throw new ExchangeError(
    `the identity domain did not issue an access token (${status})${gaveUp ? `; ${gaveUp}` : ""}.`,
    response.status,
  );
}

/** The broker's answer. `token` is a secret. */
export interface BrokerResult {
  readonly token: string;
  readonly decoded: DecodedJwt;
  /** The broker's `expiresAt`, when it sent one. */
  readonly expiresAt?: string;
}

/**
 * `POST <broker URL>` with `Authorization: Bearer <access token>` and `{"publicKey": <PEM>, "sessionMinutes"?}`.
 * @throws ExchangeError with the broker's own reason and request id when it refuses or fails
 */
export async function callBroker(
  input: {
    readonly brokerUrl: URL;
    readonly accessToken: string;
    readonly publicKeyPem: string;
    readonly sessionMinutes?: number;
  },
  options: CallOptions,
): Promise<BrokerResult> {
  const request: HttpRequest = {
    method: "POST",
    url: input.brokerUrl,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      Authorization: `Bearer ${input.accessToken}`,
    },
    body: JSON.stringify({
      publicKey: input.publicKeyPem,
      ...(input.sessionMinutes === undefined ? {} : { sessionMinutes: input.sessionMinutes }),
    }),
  };
  const { response, gaveUp } = await sendOrExplain(
    request,
    options,
    "the broker",
    "--broker-url (WIF_BROKER_URL)",
    "session token",
  );
  if (response.status === 200) {
    const { token, expiresAt } = readAnswer(BROKER_ANSWER, response, {
      source: "the broker's HTTP 200 answer (nothing was written)",
    });
    registerSecret(token);
    const decoded = decodeJwt(token);
    if ("error" in decoded)
      throw new ExchangeError(`the session token the broker returned ${decoded.error}; nothing was written.`, 200);
    return { token, decoded, expiresAt: expiresAt === "" ? undefined : expiresAt };
  }
  const fields = answerStrings(response);
  const reason = fields.error ?? fields.message;
  const requestId = fields.requestId ?? headerValue(response, "opc-request-id");
  const detail = `HTTP ${response.status}${reason ? `: ${oneLine(reason)}` : ""}${requestId ? `; request id ${oneLine(requestId)}` : ""}`;
  if (response.status === 401 || response.status === 403) {
    throw new ExchangeError(
      [
        `the broker's gateway refused the access token (${detail}).`,
        "  Check --scope (WIF_BROKER_SCOPE): the gateway wants the resource server's audience and the broker's scope; and that the domain lets clients read its signing certificate.",
      ],
      response.status,
    );
  }
  if (response.status === 404) {
    throw new ExchangeError(
      [
        `the broker was not found (${detail}).`,
        "  Check --broker-url (WIF_BROKER_URL): the upst_brokers output's endpoint; and --scope (WIF_BROKER_SCOPE), in case the gateway hides the route from tokens without it.",
      ],
      404,
    );
  }
  if (response.status === 400) throw new ExchangeError(`the broker refused the request (${detail}).`, 400);
  throw new ExchangeError(
    `the broker could not issue a session token (${detail})${gaveUp ? `; ${gaveUp}` : ""}. Its log has the request id.`,
    response.status,
  );
}

async function sendOrExplain(request: HttpRequest, options: CallOptions, who: string, flag: string, what: string) {
  try {
    return await sendWithRetries(
      request,
      options.policy,
      options.clock,
      (n) => options.onRetry(who, n),
      options.transport ?? send,
    );
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new ExchangeError(
        err.code === "timeout"
          ? `${who} ${request.url.origin} did not answer within ${formatSeconds(options.policy.timeoutMs)} (--timeout); no ${what} was issued.`
          : [`${who} ${request.url.origin}: ${err.message}.`, `  Check ${flag} and this machine's network access.`],
      );
    }
    throw err;
  }
}

function headerValue(response: HttpResponse, name: string): string | undefined {
  const v = response.headers[name];
  return typeof v === "string" ? v : undefined;
}

/** Text from a server, shortened to one printable line. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

function oauthError(response: HttpResponse): { error?: string; description?: string } {
  const fields = answerStrings(response);
  return { error: fields.error?.slice(0, 60), description: fields.error_description?.slice(0, 200) };
}
