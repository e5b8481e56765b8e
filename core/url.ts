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
