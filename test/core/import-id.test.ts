import { importId, importIdProblem } from "../../core/import-id";

const DOMAIN = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";
const SCIM = "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e";
const POLICY = "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000";

describe("import IDs as wif-import writes them", () => {
  test.each([
    ["app", "oci_identity_domains_app", `idcsEndpoint/${DOMAIN}/apps/${SCIM}`],
    [
      "trust",
      "oci_identity_domains_identity_propagation_trust",
      `idcsEndpoint/${DOMAIN}/identityPropagationTrusts/${SCIM}`,
    ],
    ["user", "oci_identity_domains_user", `idcsEndpoint/${DOMAIN}/users/${SCIM}`],
    ["group", "oci_identity_domains_group", `idcsEndpoint/${DOMAIN}/groups/${SCIM}`],
  ] as const)("the %s's ID is the provider's shape, and the check accepts it", (kind, type, expected) => {
    const id = importId[kind](DOMAIN, SCIM);
    expect(id).toBe(expected);
    expect(importIdProblem(type, id, DOMAIN)).toBeUndefined();
  });

  test("a policy is imported by its OCID", () => {
    expect(importIdProblem("oci_identity_policy", POLICY, DOMAIN)).toBeUndefined();
  });

  test("the domain's host is compared without regard to case, and a trailing slash on the config's URL is fine", () => {
    expect(
      importIdProblem(
        "oci_identity_domains_user",
        importId.user(DOMAIN.toUpperCase().replace("HTTPS", "https"), SCIM),
        `${DOMAIN}/`,
      ),
    ).toBeUndefined();
  });
});

describe("importIdProblem refuses", () => {
  const user = (endpoint: string, id = SCIM) => `idcsEndpoint/${endpoint}/users/${id}`;
  test.each([
    ["another host", user("https://evil.example.com"), /names a domain other than/],
    ["a host that only starts like the domain", user(`${DOMAIN}.evil.example.com`), /names a domain other than/],
    ["credentials before the host", user(`https://x@${DOMAIN.slice(8)}`), /names a domain other than/],
    ["http", user(DOMAIN.replace("https", "http")), /names a domain other than/],
    ["a path after the host", user(`${DOMAIN}/admin`), /names a domain other than/],
    [
      "template syntax in the host",
      user('https://${file("/etc/passwd")}'),
      /is not an import ID|names a domain other than/,
    ],
    ["template syntax in the id", user(DOMAIN, '${file("/etc/passwd")}'), /is not an import ID|has an id holding/],
    ["a directive in the id", user(DOMAIN, "%{if true}x%{endif}"), /has an id holding/],
    ["a forged cdktf marker in the id", user(DOMAIN, "${TfToken[TOKEN.1]}"), /is not an import ID|has an id holding/],
    ["a percent-encoded slash in the id", user(DOMAIN, "a%2F..%2Fgroups%2Fx"), /has an id holding/],
    ["an empty id", user(DOMAIN, ""), /has an id holding/],
    ["another collection", `idcsEndpoint/${DOMAIN}/groups/${SCIM}`, /is not an import ID of oci_identity_domains_user/],
    ["no idcsEndpoint prefix", `${DOMAIN}/users/${SCIM}`, /is not an import ID/],
    ["a look-alike letter in the host", user(DOMAIN.replace("identity", "ident\u0456ty")), /names a domain other than/],
  ])("%s", (_what, id, message) => {
    expect(importIdProblem("oci_identity_domains_user", id, DOMAIN)?.message).toMatch(message);
  });

  test.each([
    ["a policy ID that is not an OCID", "oci_identity_policy", '${file("/etc/passwd")}'],
    ["a policy ID with text after the OCID", "oci_identity_policy", `${POLICY}\${x}`],
    ["an OCID of another type for a policy", "oci_identity_policy", POLICY.replace("policy", "user")],
    ["an upper-case OCID", "oci_identity_policy", POLICY.toUpperCase()],
  ])("%s", (_what, type, id) => {
    expect(importIdProblem(type, id, DOMAIN)?.message).toMatch(/is not an OCID of oci_identity_policy/);
  });

  test.each(["terraform_data", "oci_kms_key", "oci_identity_domain"])(
    "a resource of type %s, which is not adopted",
    (type) => {
      expect(importIdProblem(type, POLICY, DOMAIN)).toEqual({
        message: `is for a resource of type ${type}, which cannot be adopted`,
        fix: expect.stringContaining("Remove the entry"),
      });
    },
  );
});

describe("a local test OCI's domain (a loopback iam_guid, WIF-L1)", () => {
  const LOCAL = "http://127.0.0.1:45747";
  const user = (endpoint: string) => `idcsEndpoint/${endpoint}/users/${SCIM}`;

  test("an ID naming the config's own loopback domain is accepted, as wif-import --domain writes it", () => {
    expect(importIdProblem("oci_identity_domains_user", importId.user(LOCAL, SCIM), LOCAL)).toBeUndefined();
    expect(importIdProblem("oci_identity_domains_user", user("http://localhost:8080"), "http://localhost:8080/")).toBe(
      undefined,
    );
  });

  test.each([
    ["another port of the loopback", user("http://127.0.0.1:45748"), LOCAL],
    ["the other loopback name", user("http://localhost:45747"), LOCAL],
    ["https to the loopback host", user("https://127.0.0.1:45747"), LOCAL],
    ["a loopback ID in an https domain's config", user(LOCAL), DOMAIN],
    ["plain http to the config's https domain", user(DOMAIN.replace("https", "http")), DOMAIN],
    ["plain http to a host that is not the loopback", user("http://10.0.0.1:45747"), "http://10.0.0.1:45747"],
  ])("%s is refused", (_what, id, domainUrl) => {
    expect(importIdProblem("oci_identity_domains_user", id, domainUrl)?.message).toMatch(/names a domain other than/);
  });
});
