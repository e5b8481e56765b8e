import { ServiceUser } from "../../constructs/service-user";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";

describe("ServiceUser", () => {
  const { doc, built, stack } = synthOf(
    (s) => new ServiceUser(s, "Deployer", { domain: DOMAIN, userName: "ci-deployer" }),
  );
  const user = only(doc, "oci_identity_domains_user");
  const group = only(doc, "oci_identity_domains_group");

  test("is a service user with the given user name", () => {
    expect(user).toMatchObject({
      idcs_endpoint: DOMAIN.url,
      user_name: "ci-deployer",
      urnietfparamsscimschemasoracleidcsextensionuser_user: { service_user: true },
    });
    expect(user.schemas).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User",
    ]);
  });

  test("has no name, email or password: a service user cannot sign in", () => {
    expect(Object.keys(user)).not.toEqual(expect.arrayContaining(["name"]));
    expect(user.emails).toBeUndefined();
    expect(user.password).toBeUndefined();
  });

  test("is the only member of its group, <user>-group by default", () => {
    const userId = stack.getLogicalId(built.user);
    expect(group.display_name).toBe("ci-deployer-group");
    expect(group.members).toEqual([{ type: "User", value: `\${oci_identity_domains_user.${userId}.id}` }]);
  });

  test("reads the group back with all attributes, so members do not drift", () => {
    expect(group.attribute_sets).toEqual(["all"]);
  });

  test("ignores schema URNs the service adds, and can be destroyed", () => {
    for (const r of [user, group]) {
      expect(r.lifecycle).toEqual({ ignore_changes: ["schemas"] });
      expect(r.force_delete).toBe(true);
    }
  });

  test("takes a group name and a description", () => {
    const { doc: d } = synthOf(
      (s) => new ServiceUser(s, "U", { domain: DOMAIN, userName: "u", groupName: "deployers", description: "d" }),
    );
    expect(only(d, "oci_identity_domains_group").display_name).toBe("deployers");
    expect(only(d, "oci_identity_domains_user").description).toBe("d");
  });

  test.each([
    [
      "a user name with a space",
      { userName: "ci deployer" },
      `ServiceUser at 'test/U': 'userName' must be letters, digits, '.', '_', '-' or '@' (at most 100); got "ci deployer".`,
    ],
    [
      "a group name with a quote",
      { userName: "u", groupName: "a'b" },
      `ServiceUser at 'test/U': 'groupName' must not be empty or contain a single quote (policies quote it); got "a'b".`,
    ],
  ])("throws when given %s", (_name, props, message) => {
    expect(() => new ServiceUser(testStack(), "U", { domain: DOMAIN, ...props })).toThrow(message);
  });
});
