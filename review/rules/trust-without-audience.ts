import type { ReviewRule } from "../rule";

/** WIF-T1: a trust that accepts tokens minted for any audience. */
export const trustWithoutAudience: ReviewRule = {
  id: "WIF-T1",
  level: "error",
  cause: "The trust has no audience constraint (client_claim_name with client_claim_values).",
  explanation:
    "Without a client claim, OCI accepts every token the issuer signs, whatever service it was minted for: a token a " +
    "GitHub job requested for another cloud, or for a third-party service that later leaks it, can be exchanged here. " +
    "The product refuses missing audience constraints unless they are explicitly allowed (docs/oci-facts.md#trust: " +
    "client_claim_name/client_claim_values; for GitHub and GitLab use aud).",
  fix: "Set [Trust …] audience = <your audience> and request tokens for it (GitHub: core.getIDToken('<audience>')).",
  check(model) {
    return model.trusts
      .filter((t) => !t.audience)
      .map((t) => ({
        address: t.resource.address,
        path: t.resource.path,
        message: `trust "${t.name}" (issuer ${t.issuer}) has no audience constraint, so a token minted for any other service is accepted`,
      }));
  },
};
