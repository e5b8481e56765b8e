import type { ReviewRule } from "../rule";

/** WIF-T3: signing keys fetched over a channel an attacker can tamper with. */
export const jwksNotHttps: ReviewRule = {
  id: "WIF-T3",
  level: "error",
  cause: "The trust's JWKS endpoint (public_key_endpoint) is not an https URL.",
  explanation:
    "OCI verifies every token against the keys at public_key_endpoint. Served over plain http (or any non-TLS " +
    "scheme), the keys can be replaced in transit, and whoever replaces them can sign tokens that become any " +
    "service user of the trust. Every issuer we know of publishes its keys at an https URL (docs/oci-facts.md#https-keys).",
  fix: "Use the issuer's https JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
  check(model) {
    return (
      model.trusts
        // A `${…}` value is only known at apply time, so it is not judged here.
        .filter(
          (t) =>
            t.publicKeyEndpoint !== undefined &&
            !t.publicKeyEndpoint.startsWith("${") &&
            !/^https:\/\/[^/]/i.test(t.publicKeyEndpoint),
        )
        .map((t) => ({
          address: t.resource.address,
          path: t.resource.path,
          message: `trust "${t.name}" fetches its signing keys from ${JSON.stringify(t.publicKeyEndpoint)}, which is not an https URL`,
        }))
    );
  },
};
