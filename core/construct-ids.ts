/**
 * Construct IDs that the composition (app/workload-identity-federation.ts) gives resources, in one place, so that the
 * importer (adopt/), which must not load cdktf, can key import blocks to the same construct paths. IDs are a
 * contract: changing one destroys and recreates the resource.
 */
import { createHash } from "node:crypto";
import { issuerKey } from "./url";

/** `https://token.actions.githubusercontent.com` → `Trust-token-actions-githubusercontent-com`. */
export function trustId(issuer: string): string {
  const key = issuerKey(issuer).replace(/^https:\/\//i, "");
  const slug = key.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  // A plain dotted host maps one to one onto its slug (today's IDs, a contract). Anything else could share a slug
  // with another issuer (gitlab-example.com, gitlab.example.com), so it gets a hash of the issuer after "--",
  // which no plain host's slug contains.
  if (/^[a-z0-9]+(?:\.[a-z0-9]+)*$/.test(key)) return `Trust-${slug}`;
  return `Trust-${slug}--${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

/** Construct paths, relative to the stack, of the resources an adopted set-up maps to. */
export const CONSTRUCT_PATHS = {
  exchangeApp: "Wif/TokenExchangeClient/App",
  trust: (issuer: string) => `Wif/${trustId(issuer)}/Trust`,
  user: (userName: string) => `Wif/ServiceUser-${userName}/User`,
  group: (userName: string) => `Wif/ServiceUser-${userName}/Group`,
  policy: (userName: string) => `Wif/Policy-${userName}/Policy`,
} as const;
