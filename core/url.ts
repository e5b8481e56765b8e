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
