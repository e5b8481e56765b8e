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
