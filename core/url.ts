/** True for an `https://` URL. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * An issuer as OCI compares issuers: scheme and host are case-insensitive (RFC 3986), a trailing `/` is not part of
 * the identity. Two trusts whose issuers give the same key are the same issuer.
 */
export function issuerKey(issuer: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(issuer.trim());
  if (!m) return issuer.trim().replace(/\/$/, "");
  return `${m[1].toLowerCase()}${m[2].toLowerCase()}${m[3]}`.replace(/\/$/, "");
}
