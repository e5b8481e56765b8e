/**
 * Construct IDs that the composition (app/workload-identity-federation.ts) gives resources, in one place, so that the
 * importer (adopt/), which must not load cdktf, can key import blocks to the same construct paths. IDs are a
 * contract: changing one destroys and recreates the resource.
 */

/** `https://token.actions.githubusercontent.com` → `Trust-token-actions-githubusercontent-com`. */
export function trustId(issuer: string): string {
  const slug = issuer
    .replace(/^https:\/\//i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `Trust-${slug}`;
}

/** Construct paths, relative to the stack, of the resources an adopted set-up maps to. */
export const CONSTRUCT_PATHS = {
  exchangeApp: "Wif/TokenExchangeClient/App",
  trust: (issuer: string) => `Wif/${trustId(issuer)}/Trust`,
  user: (userName: string) => `Wif/ServiceUser-${userName}/User`,
  group: (userName: string) => `Wif/ServiceUser-${userName}/Group`,
  policy: (userName: string) => `Wif/Policy-${userName}/Policy`,
} as const;
