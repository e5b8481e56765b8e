import { renderChange, renderPlan } from "../../deploy/plan-render";

const SECRET = "idcs-marker-0f2b4c1d9e8a77aa";

describe("renderPlan", () => {
  test("shows a value holding JSON nested 100,000 deep as a value, without walking into it", () => {
    // A jsonencode() value is judged member by member; one nested past core/bounded-json.ts's bound is not JSON to
    // it, so it is never walked (walking it overflowed the stack).
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const lines = renderChange("oci_identity_domains_app.App", {
      actions: ["update"],
      before: { description: "a" },
      after: { description: deep },
    });
    expect(lines[0]).toBe("~ oci_identity_domains_app.App");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ {4}description: "a" -> /);
  });

  test("shows every secret attribute of a replaced app, secret, key and sensitive-marked value as (secret)", () => {
    const lines = renderChange("oci_identity_domains_app.App", {
      actions: ["delete", "create"],
      before: {
        display_name: "a",
        client_secret: SECRET,
        hashed_client_secret: SECRET,
        secret_content: [{ content: SECRET }],
        private_key_pem: SECRET,
        note: SECRET,
        password: SECRET,
      },
      after: {
        display_name: "b",
        client_secret: null,
        hashed_client_secret: null,
        secret_content: [{ content: `${SECRET}2` }],
        private_key_pem: null,
        note: `${SECRET}3`,
        password: "x",
      },
      after_unknown: { client_secret: true, hashed_client_secret: true, private_key_pem: true },
      before_sensitive: { note: true },
      after_sensitive: { note: true },
    });
    expect(lines).toEqual([
      "-/+ oci_identity_domains_app.App (replace)",
      "    client_secret: (secret) -> (known after apply)",
      '    display_name: "a" -> "b"',
      "    hashed_client_secret: (secret) -> (known after apply)",
      "    note: (secret) -> (secret)",
      "    password: (secret) -> (secret)",
      "    private_key_pem: (secret) -> (known after apply)",
      "    secret_content.0.content: (secret) -> (secret)",
    ]);
  });

  test("shows a value holding key material as (secret), whatever its name", () => {
    const lines = renderPlan({
      resource_changes: [
        {
          address: "x.y",
          change: {
            actions: ["create"],
            after: { description: "-----BEGIN PRIVATE KEY-----MIIEowIBAAKCAQEAu1SU1LfVLP-----END PRIVATE KEY-----" },
          },
        },
      ],
    });
    expect(lines).toEqual([
      "Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.",
      "+ x.y",
      "    description: (secret)",
    ]);
  });

  test("prints nothing for a resource without changes", () => {
    expect(renderChange("x.y", { actions: ["no-op"], before: { a: SECRET }, after: { a: SECRET } })).toEqual([]);
  });
});
