import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BrokerAccount } from "../../constructs/broker-account";
import { DOMAIN, FIXTURES, only, synthOf, testStack } from "../support/stacks";

const PUBLIC_KEY = readFileSync(join(FIXTURES, "keys", "broker-public.pem"), "utf8");

describe("BrokerAccount", () => {
  test("is a regular user that may use API keys and nothing else", () => {
    const { doc } = synthOf((s) => new BrokerAccount(s, "A", { domain: DOMAIN, userName: "upst-account" }));
    const user = only(doc, "oci_identity_domains_user");
    expect(user.urnietfparamsscimschemasoracleidcsextensionuser_user).toEqual({ bypass_notification: true });
    expect(user.urnietfparamsscimschemasoracleidcsextensioncapabilities_user).toEqual({
      can_use_api_keys: true,
      can_use_auth_tokens: false,
      can_use_console: false,
      can_use_console_password: false,
      can_use_customer_secret_keys: false,
      can_use_db_credentials: false,
      can_use_oauth2client_credentials: false,
      can_use_smtp_credentials: false,
    });
  });

  test("generates an RSA-2048 key pair in Terraform by default and registers its public half", () => {
    const { doc, stack, built } = synthOf(
      (s) => new BrokerAccount(s, "A", { domain: DOMAIN, userName: "upst-account" }),
    );
    const key = only(doc, "tls_private_key");
    expect(key).toEqual({ algorithm: "RSA", rsa_bits: 2048 });
    const keyId = Object.keys(doc.resource.tls_private_key)[0];
    expect(only(doc, "oci_identity_domains_api_key")).toMatchObject({
      key: `\${tls_private_key.${keyId}.public_key_pem}`,
      schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:apikey"],
      user: { value: `\${oci_identity_domains_user.${stack.getLogicalId(built.user)}.id}` },
    });
    expect(doc.provider.tls).toEqual([{}]);
  });

  test("takes a public key instead, so no private key enters state", () => {
    const { doc, built } = synthOf(
      (s) => new BrokerAccount(s, "A", { domain: DOMAIN, userName: "upst-account", publicKeyPem: PUBLIC_KEY }),
    );
    expect(doc.resource.tls_private_key).toBeUndefined();
    expect(doc.provider?.tls).toBeUndefined();
    expect(only(doc, "oci_identity_domains_api_key").key).toBe(PUBLIC_KEY);
    expect(built.privateKeyPem).toBeUndefined();
  });

  test("is the only member of its group", () => {
    const { doc } = synthOf((s) => new BrokerAccount(s, "A", { domain: DOMAIN, userName: "upst-account" }));
    expect(only(doc, "oci_identity_domains_group").display_name).toBe("upst-account-group");
  });

  test("adds one TLS provider however many accounts generate keys", () => {
    const { doc } = synthOf((s) => {
      new BrokerAccount(s, "A", { domain: DOMAIN, userName: "a" });
      new BrokerAccount(s, "B", { domain: DOMAIN, userName: "b" });
    });
    expect(doc.provider.tls).toHaveLength(1);
  });

  test.each([
    [
      "a private key, without printing it",
      { publicKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" },
      `BrokerAccount at 'test/A': 'publicKeyPem' must be a PEM public key (-----BEGIN PUBLIC KEY----- …); got "<59 characters, not shown>". Export it with: openssl rsa -in key.pem -pubout`,
    ],
    ["a bad email", { email: "nobody" }, `BrokerAccount at 'test/A': 'email' must be an email address; got "nobody".`],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => new BrokerAccount(testStack(), "A", { domain: DOMAIN, userName: "u", ...over })).toThrow(message);
  });
});
