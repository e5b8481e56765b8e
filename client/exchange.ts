import { formatSeconds, NetworkError, type HttpRequest, type HttpResponse } from "../core/bounded-http";
import { answerStrings, obj, readAnswer, str } from "../core/schema";
import { ExchangeError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { decodeJwt, formatTime, MAX_JWT_CHARS, numericDate, type DecodedJwt } from "./jwt";
import { publicKeyParameter } from "./keys";
import { send, sendWithRetries, type RetryClock, type RetryNotice, type RetryPolicy, type Transport } from "./retry";

/** The token endpoint's answer to an exchange: the session token in `token` (docs/oci-facts.md#token-exchange). */
const TOKEN_ANSWER = obj({ token: str(MAX_JWT_CHARS) });

/** The literals of the JWT → UPST exchange (docs/oci-facts.md#token-exchange). */
export const TOKEN_EXCHANGE = {
  path: "/oauth2/v1/token",
  grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
  requestedTokenType: "urn:oci:token-type:oci-upst",
  subjectTokenType: "jwt",
} as const;

/** What an exchange needs. `clientSecret` and `subjectToken` are secrets. */
export interface ExchangeInput {
  /** The identity domain URL, without a trailing `/`. */
  readonly domainUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly subjectToken: string;
  /** DER SubjectPublicKeyInfo of the session key. */
  readonly publicKeyDer: Buffer;
  /**
   * `requested_token_type`.
   * @default the UPST's, `urn:oci:token-type:oci-upst`
   */
  readonly requestedTokenType?: string;
  /** Parameters after the documented five, in order (the RPST's `res_type`, `rpst_exp`). */
  readonly extraParams?: ReadonlyArray<readonly [string, string]>;
}

/** A session token (UPST) and its claims. */
export interface ExchangeResult {
  /** The UPST. Secret. */
  readonly token: string;
  readonly decoded: DecodedJwt;
  readonly attempts: number;
}

/**
 * The exchange request: `POST <domain>/oauth2/v1/token`, a form body with exactly the documented parameters,
 * and the client's credentials as HTTP Basic authentication.
 */
export function buildExchangeRequest(input: ExchangeInput): HttpRequest {
  const body = new URLSearchParams([
    ["grant_type", TOKEN_EXCHANGE.grantType],
    ["requested_token_type", input.requestedTokenType ?? TOKEN_EXCHANGE.requestedTokenType],
    ["subject_token", input.subjectToken],
    ["subject_token_type", TOKEN_EXCHANGE.subjectTokenType],
    ["public_key", publicKeyParameter(input.publicKeyDer)],
    ...(input.extraParams ?? []).map(([k, v]): [string, string] => [k, v]),
  ]).toString();
  const basic = Buffer.from(`${input.clientId}:${input.clientSecret}`, "utf8").toString("base64");
  registerSecret(basic); // an endpoint or proxy that echoes the request would show it
  return {
    method: "POST",
    url: new URL(TOKEN_EXCHANGE.path, input.domainUrl + "/"),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      Authorization: `Basic ${basic}`,
    },
    body,
  };
}

/** Context for explaining a refusal: where the credentials came from, and the subject token's claims. */
export interface FailureContext {
  /** The runtime config file, for "check oauthclientid in …". */
  readonly runtimeConfigFile: string;
  readonly clientId: string;
  readonly subjectClaims: Record<string, unknown>;
  /** The `wif-explain` command line to suggest. */
  readonly explainHint: string;
}

/**
 * Exchanges a subject token for a UPST, retrying 429 and 5xx.
 * @throws ExchangeError explaining a refusal or an unusable answer in words
 */
export async function exchangeToken(
  input: ExchangeInput,
  context: FailureContext,
  policy: RetryPolicy,
  clock: RetryClock,
  onRetry: (notice: RetryNotice) => void,
  transport: Transport = send,
): Promise<ExchangeResult> {
  const request = buildExchangeRequest(input);
  let result;
  try {
    result = await sendWithRetries(request, policy, clock, onRetry, transport);
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new ExchangeError(
        err.code === "timeout"
          ? [
              `the token endpoint ${request.url.origin} did not answer within ${formatSeconds(policy.timeoutMs)} (--timeout).`,
            ]
          : [
              `the token endpoint ${request.url.origin}: ${err.message}.`,
              `  Check [IdentityDomain] iam_guid in ${context.runtimeConfigFile} and this machine's network access.`,
            ],
      );
    }
    throw err;
  }
  const { response, attempts, gaveUp } = result;
  if (response.status !== 200) throw new ExchangeError(explainFailure(response, context, gaveUp), response.status);

  const { token } = readAnswer(TOKEN_ANSWER, response, {
    source: `the token endpoint's HTTP 200 answer (nothing was written)`,
  });
  registerSecret(token);
  const decoded = decodeJwt(token);
  if ("error" in decoded)
    throw new ExchangeError(`the session token the endpoint returned ${decoded.error}; nothing was written.`);
  return { token, decoded, attempts };
}

/** Lines that say why the endpoint refused, in words, and what to check. */
export function explainFailure(response: HttpResponse, context: FailureContext, gaveUp?: string): string[] {
  const { error, description } = oauthError(response);
  const detail = [error, description].filter(Boolean).join(": ");
  const status = `HTTP ${response.status}${detail ? `, ${detail}` : ""}`;
  const claims = context.subjectClaims;
  const show = (name: string) => (claims[name] === undefined ? "(none)" : JSON.stringify(claims[name]));

  if (response.status === 401) {
    return [
      `the token endpoint refused the client credentials (${status}).`,
      `  Check [WIFConfig] oauthclientid (${JSON.stringify(context.clientId)}) and oauthclientsecret in ${context.runtimeConfigFile}: they must be the`,
      "  token-exchange app's client ID and current secret (terraform output), and the app must be active.",
      `  If they are right, see whether the token itself is the problem: ${context.explainHint}`,
    ];
  }
  if (response.status === 400) {
    const exp = numericDate(claims, "exp");
    return [
      `the token endpoint refused the exchange (${status}). OCI does not say which check failed; the usual causes are:`,
      `  - no impersonation rule of the trust matches the token (sub ${show("sub")});`,
      `  - no active trust has the token's issuer (iss ${show("iss")}), or the token's audience (aud ${show("aud")}) is not the trust's;`,
      `  - the token has expired (exp ${exp === undefined ? "(none)" : formatTime(exp)}) or the trust cannot fetch the issuer's keys;`,
      `  - the client ${JSON.stringify(context.clientId)} is not one of the trust's oauth_clients.`,
      `  See which, offline: ${context.explainHint}`,
    ];
  }
  if (response.status === 429 || response.status >= 500) {
    return [`the token endpoint is unavailable (${status})${gaveUp ? `; ${gaveUp}` : ""}. Try again later.`];
  }
  if (response.status === 404) {
    return [
      `the token endpoint was not found (${status}).`,
      `  Check [IdentityDomain] iam_guid in ${context.runtimeConfigFile}: it must be the identity domain URL.`,
    ];
  }
  return [`the token endpoint refused the exchange (${status}).`, `  ${context.explainHint}`];
}

/** The OAuth `error` and `error_description` of a response body, shortened to one line each. */
function oauthError(response: Pick<HttpResponse, "body" | "bytes">): { error?: string; description?: string } {
  const fields = answerStrings(response);
  return { error: fields.error?.slice(0, 200), description: fields.error_description?.slice(0, 200) };
}
