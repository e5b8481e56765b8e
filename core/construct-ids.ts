/**
 * Construct IDs that the composition (app/workload-identity-federation.ts) gives resources, in one place, so that the
 * importer (adopt/), which must not load cdktf, can key import blocks to the same construct paths. IDs are a
 * contract: changing one destroys and recreates the resource.
 */
import { createHash } from "node:crypto";
import { issuerKey } from "./url";

/** The issuer without scheme, in the form issuers are compared, and its slug (today's construct ID after `Trust-`). */
function slugOf(issuer: string): { key: string; slug: string } {
  const key = issuerKey(issuer).replace(/^https:\/\//i, "");
  return { key, slug: key.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") };
}

const PLAIN_HOST = /^[a-z0-9]+(?:\.[a-z0-9]+)*$/;

/**
 * The construct ID of each trust, keyed by issuer as given: `https://token.actions.githubusercontent.com` →
 * `Trust-token-actions-githubusercontent-com`.
 *
 * Every issuer keeps that plain slug (the ID of every stack synthesized before, a contract) unless another issuer of
 * the same config has the same slug (`https://gitlab.example.com` and `https://gitlab-example.com`). Then only a
 * plain dotted host — whose slug cannot be shared by another plain host — keeps it, and the others get
 * `--<16 hex of the issuer's SHA-256>`, which no plain slug contains. So distinct issuers never share an ID, and an
 * issuer's ID changes only when a colliding issuer that is not a plain host joins it (the review reports such a
 * replacement against its baseline).
 */
export function trustIds(issuers: readonly string[]): Map<string, string> {
  const bySlug = new Map<string, number>();
  for (const issuer of issuers) {
    const { slug } = slugOf(issuer);
    bySlug.set(slug, (bySlug.get(slug) ?? 0) + 1);
  }
  const ids = new Map<string, string>();
  for (const issuer of issuers) {
    const { key, slug } = slugOf(issuer);
    const plain = bySlug.get(slug) === 1 || PLAIN_HOST.test(key);
    ids.set(
      issuer,
      plain ? `Trust-${slug}` : `Trust-${slug}--${createHash("sha256").update(key).digest("hex").slice(0, 16)}`,
    );
  }
  return ids;
}

/** The construct ID of one trust among `allIssuers` (the config's issuers; see {@link trustIds}). */
export function trustId(issuer: string, allIssuers: readonly string[] = [issuer]): string {
  return trustIds(allIssuers.includes(issuer) ? allIssuers : [...allIssuers, issuer]).get(issuer)!;
}

/** Construct paths, relative to the stack, of the resources an adopted set-up maps to. */
export const CONSTRUCT_PATHS = {
  exchangeApp: "Wif/TokenExchangeClient/App",
  trust: (issuer: string, allIssuers: readonly string[]) => `Wif/${trustId(issuer, allIssuers)}/Trust`,
  user: (userName: string) => `Wif/ServiceUser-${userName}/User`,
  group: (userName: string) => `Wif/ServiceUser-${userName}/Group`,
  policy: (userName: string) => `Wif/Policy-${userName}/Policy`,
} as const;
