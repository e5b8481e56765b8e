/**
 * Which URLs the client sends credentials to. The client secret and the subject token travel in the exchange
 * request, so only https is accepted, except plain http to this machine's loopback address: that is what the
 * test suite's local token endpoint listens on, and nothing there crosses a network. There is deliberately no
 * switch to allow http elsewhere.
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for `http://127.0.0.1…`, `http://localhost…` and `http://[::1]…`. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Checks a URL we are about to send credentials to. Returns the parsed URL, or a sentence saying what is wrong
 * (without the fix, which depends on where the URL came from).
 */
export function checkServiceUrl(value: string): URL | { readonly problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: "must be an https URL" };
  }
  if (url.protocol === "http:" && !isLoopback(url)) {
    return { problem: "must be an https URL (plain http is accepted only for 127.0.0.1, localhost and [::1])" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "must be an https URL" };
  if (url.username || url.password) return { problem: "must not carry a user name or password" };
  if (url.hash) return { problem: "must not carry a #fragment" };
  return url;
}
