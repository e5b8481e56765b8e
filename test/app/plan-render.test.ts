import { forgetSecrets, redact } from "../../core/redact";
import { registerPlanSecrets, renderChange, renderPlan } from "../../deploy/plan-render";

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

  test("a sensitive output of several members is hidden whole, but only its secret members are learnt", () => {
    // Terraform marks an output sensitive as a whole when one member is (the broker's client secret among its names,
    // URLs and OCIDs). Every member is hidden in the plan; only the secret one may be cut out of later lines, or the
    // names, URLs and OCIDs (and words of them) would vanish from every line after, Terraform's and the review's.
    forgetSecrets();
    const broker = {
      name: "upst-broker-gateway-group",
      endpoint: "http://127.0.0.1:46793/upst/token",
      vault: "ocid1.vault.oc1.iad.amaaaaaaexamplevault0000000000000000000000000000000000",
      policy: "Allow dynamic-group upst-gw-dg to use secret-family in compartment reports",
      client_secret: SECRET,
      spec: JSON.stringify({ token: `${SECRET}-in-json`, path: "/upst" }),
    };
    const plan = {
      output_changes: {
        upst_brokers: { actions: ["create"], after: broker, after_sensitive: true },
      },
    } as unknown as Parameters<typeof registerPlanSecrets>[0];
    expect(renderPlan(plan).join("\n")).not.toMatch(/upst-broker-gateway-group|127\.0\.0\.1|idcs-marker/);
    const later = Object.values(broker).join(" | ");
    expect(redact(later)).toBe(
      `${broker.name} | ${broker.endpoint} | ${broker.vault} | ${broker.policy} | [secret] | {"token":"[secret]","path":"/upst"}`,
    );
    expect(redact("0 to create, 1 to update: a vault in iad, the oci_identity_domains_dynamic_resource_group")).toBe(
      "0 to create, 1 to update: a vault in iad, the oci_identity_domains_dynamic_resource_group",
    );
    forgetSecrets();
  });

  test("a value that holds a key gives only the key to later lines, so plain text never starts to look secret", () => {
    // Registered whole, a URL holding key material made its windows (`https://`) secret; every value holding them
    // then looked secret and was registered in turn, until descriptions, names and statements vanished from output.
    forgetSecrets();
    const key = "Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUpLTE1OT1BRUlNUVVZX";
    const after = {
      public_key_endpoint: "https://oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789/keys",
      jwks_note: `https://keys.example.com/${key}/jwks`,
      description: "Workload Identity Federation for tokens issued by https://gitlab.com. Managed by Terraform.",
      statements: ["Allow group 'Default'/'ci-group' to read buckets in compartment apps"],
    };
    const lines = renderPlan({
      resource_changes: [{ address: "x.t", type: "x", change: { actions: ["create"], after } }],
    });
    expect(lines).toContain(`    public_key_endpoint: ${JSON.stringify(after.public_key_endpoint)}`);
    expect(lines).toContain("    jwks_note: (secret)");
    expect(redact(`${after.description} ${after.statements[0]} ${after.public_key_endpoint}`)).toBe(
      `${after.description} ${after.statements[0]} ${after.public_key_endpoint}`,
    );
    expect(redact(`echo: ${key.slice(0, 30)}`)).toBe("echo: [secret]");
    forgetSecrets();
  });

  test("prints nothing for a resource without changes", () => {
    expect(renderChange("x.y", { actions: ["no-op"], before: { a: SECRET }, after: { a: SECRET } })).toEqual([]);
  });
});
