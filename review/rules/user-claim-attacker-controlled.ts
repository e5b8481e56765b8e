import { ATTACKER_CONTROLLED_CLAIMS } from "../../core/trust-modes";
import type { ReviewRule } from "../rule";

/** WIF-T4: a user-context trust that maps on a claim users can set. */
export const userClaimAttackerControlled: ReviewRule = {
  id: "WIF-T4",
  level: "error",
  cause:
    "A user-context trust maps tokens to domain users on a claim the token's holder may choose (email, preferred_username, name, upn …).",
  explanation:
    "In user context (allow_impersonation false, subject_type User) the token becomes the existing domain user whose " +
    "subject_mapping_attribute equals subject_claim_name's value (docs/oci-facts.md#trust-modes). Many issuers let users edit " +
    "email or display names, and a trust cannot check email_verified: whoever sets the claim to an administrator's " +
    "user name becomes that administrator.",
  fix: "Map on an immutable, issuer-assigned claim (sub, oid), or put an attribute only the IdP sets on the domain users.",
  check(model) {
    return model.trusts
      .filter(
        (t) =>
          t.trustMode.userMapping && ATTACKER_CONTROLLED_CLAIMS.includes(t.trustMode.userMapping.claim.toLowerCase()),
      )
      .map((t) => ({
        address: t.resource.address,
        path: t.resource.path,
        message: `trust "${t.name}" makes a token the domain user whose ${t.trustMode.userMapping!.attribute} equals its ${t.trustMode.userMapping!.claim} claim, which the token's holder may be able to set`,
      }));
  },
};
