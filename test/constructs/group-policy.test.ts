import { GroupPolicy } from "../../constructs/group-policy";
import { ServiceUser } from "../../constructs/service-user";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";
import { isPolicyStatementBody } from "../../core/policy-statement";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000";

describe("GroupPolicy", () => {
  test("prefixes every statement with the group, named through its domain", () => {
    const { doc } = synthOf((s) => {
      const user = new ServiceUser(s, "U", { domain: DOMAIN, userName: "ci" });
      return new GroupPolicy(s, "P", {
        group: user,
        compartmentId: TENANCY,
        statements: ["read buckets in compartment ci", "manage  objects in compartment ci"],
      });
    });
    expect(only(doc, "oci_identity_policy")).toMatchObject({
      compartment_id: TENANCY,
      name: "ci-group-policy",
      statements: [
        "Allow group 'Default'/'ci-group' to read buckets in compartment ci",
        "Allow group 'Default'/'ci-group' to manage objects in compartment ci",
      ],
    });
  });

  test("has a description, which the provider requires", () => {
    const { doc } = synthOf((s) => {
      const user = new ServiceUser(s, "U", { domain: DOMAIN, userName: "ci" });
      return new GroupPolicy(s, "P", { group: user, compartmentId: TENANCY, statements: ["read buckets in tenancy"] });
    });
    expect(only(doc, "oci_identity_policy").description).toMatch(/ci-group/);
  });

  test("names the group by OCID when the domain's name is unknown", () => {
    const { doc, stack, built } = synthOf((s) => {
      const user = new ServiceUser(s, "U", { domain: { url: DOMAIN.url }, userName: "ci" });
      new GroupPolicy(s, "P", { group: user, compartmentId: TENANCY, statements: ["read buckets in tenancy"] });
      return user;
    });
    const groupId = stack.getLogicalId(built.group);
    expect(only(doc, "oci_identity_policy").statements).toEqual([
      `Allow group id \${oci_identity_domains_group.${groupId}.ocid} to read buckets in tenancy`,
    ]);
  });

  test.each([
    [
      "no statements",
      { statements: [] },
      `GroupPolicy at 'test/P': 'statements' must hold at least one statement; got [].`,
    ],
    [
      "a whole statement",
      { statements: ["Allow group x to read buckets in tenancy"] },
      `GroupPolicy at 'test/P': 'statements[0]' must be what follows 'Allow <group> to'; got "Allow group x to read buckets in tenancy". Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].`,
    ],
    [
      "a name subject without a domain name",
      { subject: "name" as const, domainName: undefined },
      `GroupPolicy at 'test/P': 'subject' is "name" but the group's domain has no name; got "name". Give the domain's display name, or use subject "id".`,
    ],
  ])("throws when given %s", (_name, props, message) => {
    const stack = testStack();
    const user = new ServiceUser(stack, "U", {
      domain: "domainName" in props ? { url: DOMAIN.url } : DOMAIN,
      userName: "ci",
    });
    expect(
      () =>
        new GroupPolicy(stack, "P", {
          group: user,
          compartmentId: TENANCY,
          statements: ["read buckets in tenancy"],
          ...props,
        }),
    ).toThrow(message);
  });

  test.each([
    ["read buckets in compartment ci", true],
    ["manage all-resources in tenancy", true],
    ["use functions-family in compartment apps where request.permission = 'FN_INVOCATION'", true],
    ["manage objects in compartment id ocid1.compartment.oc1..aaaa", true],
    ["inspect {BUCKET_READ, OBJECT_READ} in compartment a:b", true],
    ["own buckets in tenancy", false],
    ["read buckets", false],
    ["read buckets in compartment ci where", false],
  ])("isPolicyStatementBody(%j) is %s", (body, expected) => {
    expect(isPolicyStatementBody(body)).toBe(expected);
  });
});
