import { isSecretField, secretKind } from "../../adopt/render";

describe("what the importer never copies", () => {
  test.each([
    ["clientSecret", true],
    ["client_secret", true],
    ["privateKey", true],
    ["private_key", true],
    ["password", true],
    ["apiKey", true],
    ["credentials", true],
    ["description", false],
    ["displayName", false],
    ["publicCertificate", false],
    ["publicKeyEndpoint", false],
    ["clientClaimValues", false],
  ])("an attribute named %s is a secret: %s", (field, secret) => {
    expect(isSecretField(field)).toBe(secret);
  });

  const CERT =
    "-----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIUExampleCertificateBody0123456789abcdef=-----END CERTIFICATE-----";
  const KEY =
    "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7-----END PRIVATE KEY-----";
  test.each([
    ["a certificate as the public certificate", CERT, "publicCertificate", undefined],
    ["a certificate anywhere else", CERT, "description", "a PEM certificate"],
    ["a private key as the public certificate", KEY, "publicCertificate", "a PEM private key"],
    ["a certificate followed by a private key", `${CERT}\n${KEY}`, "publicCertificate", "a PEM private key"],
    [
      "a client secret inside a description",
      "rotated idcscs-5e3c7a1b-0d2f-4a6b-9c8d on Monday",
      "description",
      "an OCI client secret (idcscs-…)",
    ],
    ["credentials in an issuer URL", "https://user:pass@issuer.example.com", "issuer", "credentials in a URL"],
    ["a plain description", "Service user for the deploy job", "description", undefined],
    ["an OCID", "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000", "id", undefined],
  ])("%s", (_name, value, field, kind) => {
    expect(secretKind(value, field)).toBe(kind);
  });
});
