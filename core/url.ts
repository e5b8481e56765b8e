/** True for an `https://` URL. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * An issuer or domain URL without its trailing "/": the one normal form in which issuers are compared and domain
 * URLs stored. OCI compares a token's `iss` with a trust's issuer as written, so a config may differ only there.
 */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/$/, "");
}

/**
 * An issuer as OCI compares issuers: scheme and host are case-insensitive (RFC 3986), a trailing `/` is not part of
 * the identity. Two trusts whose issuers give the same key are the same issuer.
 */
export function issuerKey(issuer: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(issuer.trim());
  if (!m) return withoutTrailingSlash(issuer.trim());
  return withoutTrailingSlash(`${m[1].toLowerCase()}${m[2].toLowerCase()}${m[3]}`);
}

/**
 * A query (or fragment) parameter whose name says it carries a credential: presigned and SAS URLs (`X-Amz-Signature`,
 * `X-Amz-Credential`, `X-Goog-Signature`, `sig`), OAuth (`access_token`, `code`-less `token`), API keys (`key`,
 * `apikey`), passwords. Compared without separators and case, so `X-Amz-Security-Token` and `accessToken` match too.
 */
const CREDENTIAL_PARAMETER = /sig|credential|token|secret|key|passw|pwd|auth|session/i;

/** An Object Storage pre-authenticated request: `/p/<the credential>/n/<namespace>/…`. */
const PAR_PATH = /^\/p\/[^/]+\/n\//;

/**
 * Where a URL carries a credential, in words for a message ("user:password@ before the host", "the query parameter
 * X-Amz-Signature"), or undefined when it carries none that we can see. The credential itself is never part of the
 * answer. A URL like this is a secret: it must not be written into a config, a synthesized stack or a log.
 */
export function credentialInUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.username || url.password) return "user:password@ before the host";
  for (const [where, params] of [
    ["query", url.searchParams],
    ["fragment", new URLSearchParams(url.hash.slice(1))],
  ] as const) {
    for (const name of params.keys()) {
      if (CREDENTIAL_PARAMETER.test(name.replace(/[^A-Za-z0-9]/g, "")))
        return `the ${where} parameter ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`;
    }
  }
  // Whatever the host (oraclecloud.com, oci.customer-oci.com, a proxy in front): the path's shape says it.
  if (PAR_PATH.test(url.pathname)) return "a pre-authenticated request (/p/…/), whose URL is its credential";
  return undefined;
}

/**
 * Why a URI-shaped value names no place, or undefined: `https://`, `https:` or `urn:` alone is only a scheme, and a
 * `scheme://` URL whose authority has no host (`https:///read`, `https://@:443/x`) has no host. A value that is not
 * URI-shaped (a bare scope value such as `upst.generate`) is not this function's concern and gives undefined.
 */
export function hostlessUri(value: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(value.trim());
  if (!m) return undefined;
  const rest = m[2];
  if (/^\/*$/.test(rest)) return `is only a scheme (${JSON.stringify(value.trim())}), with no host`;
  if (!rest.startsWith("//")) return undefined;
  const authority = rest.slice(2).split(/[/?#]/)[0];
  const host = authority
    .replace(/^.*@/, "")
    .replace(/:[0-9]*$/, "")
    .replace(/^\[\]$/, "");
  return host === "" ? "has no host after the scheme" : undefined;
}
