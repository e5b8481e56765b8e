import { TerraformOutput, Testing } from "cdktf";
import { BrokerAccount } from "../../constructs/broker-account";
import { DynamicResourceGroup } from "../../constructs/dynamic-resource-group";
import { ResourceServer } from "../../constructs/resource-server";
import { UpstBroker, type UpstBrokerProps } from "../../constructs/upst-broker";
import { DOMAIN, only, resources, synthOf, testStack } from "../support/stacks";

const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplebroker0000000000000000000000000000000000";
const FUNCTION = {
  subnetIds: ["ocid1.subnet.oc1.iad.aaaa"],
  image: "iad.ocir.io/ns/upst-broker:1.0.0",
};

function build(over: (parts: { server: ResourceServer }) => Partial<UpstBrokerProps> = () => ({})) {
  return synthOf((s) => {
    const account = new BrokerAccount(s, "Account", { domain: DOMAIN, userName: "upst-account" });
    const server = new ResourceServer(s, "Server", {
      domain: DOMAIN,
      displayName: "broker-api",
      audience: "https://upst.example.com/",
      scopes: [{ value: "upst.generate" }],
    });
    return new UpstBroker(s, "Broker", {
      domain: DOMAIN,
      compartmentId: COMPARTMENT,
      tenancyOcid: "ocid1.tenancy.oc1..aaaa",
      region: "us-ashburn-1",
      account,
      name: "upst",
      function: FUNCTION,
      gateway: {
        subnetId: "ocid1.subnet.oc1.iad.bbbb",
        resourceServer: server,
        scope: "upst.generate",
      },
      ...over({ server }),
    });
  });
}

describe("UpstBroker", () => {
  const { doc, stack, built } = build();
  const policies = Object.values<any>(resources(doc, "oci_identity_policy"));

  test("creates a vault and an AES-256 key in HSM when none is given", () => {
    expect(only(doc, "oci_kms_vault")).toMatchObject({
      compartment_id: COMPARTMENT,
      display_name: "upst-vault",
      vault_type: "DEFAULT",
    });
    expect(only(doc, "oci_kms_key")).toMatchObject({
      key_shape: { algorithm: "AES", length: 32 },
      protection_mode: "HSM",
    });
  });

  test("keeps user, tenancy, fingerprint, region and the generated private key in one base64 JSON secret", () => {
    const secret = only(doc, "oci_vault_secret");
    expect(secret.secret_name).toBe("upst-api-key");
    expect(secret.secret_content.content_type).toBe("BASE64");
    expect(secret.secret_content.content).toMatch(
      /^\$\{base64encode\(jsonencode\(\{"user" = oci_identity_domains_user\.\S+\.ocid, "tenancy" = "ocid1\.tenancy\.oc1\.\.aaaa", "fingerprint" = oci_identity_domains_api_key\.\S+\.fingerprint, "region" = "us-ashburn-1", "private_key" = tls_private_key\.\S+\.private_key_pem\}\)\)\}$/,
    );
    expect(secret.lifecycle).toBeUndefined();
  });

  test("runs the function with the secret's OCID and the session length in its config", () => {
    expect(only(doc, "oci_functions_function")).toMatchObject({
      image: FUNCTION.image,
      memory_in_mbs: "256",
      timeout_in_seconds: 30,
      config: {
        UPST_SECRET_OCID: `\${oci_vault_secret.${stack.getLogicalId(built.secret)}.id}`,
        UPST_SESSION_MINUTES: "60",
      },
    });
    expect(only(doc, "oci_functions_application").subnet_ids).toEqual(FUNCTION.subnetIds);
  });

  test("lets only that function read only that secret's bundle", () => {
    const fnId = stack.getLogicalId(built.function!);
    const groups = Object.values<any>(resources(doc, "oci_identity_domains_dynamic_resource_group"));
    expect(groups.map((g) => g.matching_rule)).toContain(
      `ALL {resource.type = 'fnfunc', resource.id = '\${oci_functions_function.${fnId}.id}'}`,
    );
    expect(policies.flatMap((p) => p.statements)).toContain(
      `Allow dynamic-group 'Default'/'upst-fn-dg' to read secret-bundles in compartment id ${COMPARTMENT} where target.secret.id = '\${oci_vault_secret.${stack.getLogicalId(built.secret)}.id}'`,
    );
  });

  test("lets only that gateway invoke functions, and only in the broker's compartment", () => {
    const gwId = stack.getLogicalId(built.gateway!);
    const groups = Object.values<any>(resources(doc, "oci_identity_domains_dynamic_resource_group"));
    expect(groups.map((g) => g.matching_rule)).toContain(
      `ALL {resource.type = 'ApiGateway', resource.id = '\${oci_apigateway_gateway.${gwId}.id}'}`,
    );
    expect(policies.flatMap((p) => p.statements)).toContain(
      `Allow dynamic-group 'Default'/'upst-gw-dg' to use functions-family in compartment id ${COMPARTMENT}`,
    );
  });

  test("authenticates the domain's access tokens for the audience and requires the scope on the route", () => {
    const spec = only(doc, "oci_apigateway_deployment").specification;
    expect(spec.request_policies.authentication).toEqual({
      type: "TOKEN_AUTHENTICATION",
      token_header: "Authorization",
      token_auth_scheme: "Bearer",
      is_anonymous_access_allowed: false,
      validation_policy: {
        type: "REMOTE_JWKS",
        uri: `${DOMAIN.url}/admin/v1/SigningCert/jwk`,
        max_cache_duration_in_hours: 1,
        additional_validation_policy: {
          issuers: ["https://identity.oraclecloud.com/", "https://identity.oraclecloud.com"],
          audiences: ["https://upst.example.com/"],
        },
      },
    });
    expect(spec.routes).toEqual([
      {
        path: "/token",
        methods: ["POST"],
        backend: {
          type: "ORACLE_FUNCTIONS_BACKEND",
          function_id: `\${oci_functions_function.${stack.getLogicalId(built.function!)}.id}`,
        },
        request_policies: { authorization: { type: "ANY_OF", allowed_scope: ["upst.generate"] } },
      },
    ]);
    expect(only(doc, "oci_apigateway_deployment").path_prefix).toBe("/upst");
  });

  test("exposes its endpoint: the gateway's hostname, the prefix and the route", () => {
    const { stack: s, built: b } = build();
    new TerraformOutput(s, "endpoint", { value: b.endpoint });
    expect(JSON.parse(Testing.synth(s)).output.endpoint.value).toBe(
      `https://\${oci_apigateway_gateway.${s.getLogicalId(b.gateway!)}.hostname}/upst/token`,
    );
  });

  test("uses a given vault and key instead of creating them", () => {
    const { doc: d } = build(() => ({
      vault: { vaultId: "ocid1.vault.oc1.iad.v", keyId: "ocid1.key.oc1.iad.k" },
    }));
    expect(d.resource.oci_kms_vault).toBeUndefined();
    expect(only(d, "oci_vault_secret")).toMatchObject({
      vault_id: "ocid1.vault.oc1.iad.v",
      key_id: "ocid1.key.oc1.iad.k",
    });
  });

  test("creates no function or gateway, nor their groups and policies, when they are switched off", () => {
    const { doc: d } = build(() => ({ function: undefined, gateway: undefined }));
    for (const type of [
      "oci_functions_application",
      "oci_functions_function",
      "oci_apigateway_gateway",
      "oci_apigateway_deployment",
      "oci_identity_domains_dynamic_resource_group",
      "oci_identity_policy",
    ]) {
      expect([type, d.resource[type]]).toEqual([type, undefined]);
    }
    expect(only(d, "oci_vault_secret")).toBeDefined();
  });

  test("with the admin's public key, leaves the private key out of the secret and lets them upload it", () => {
    const { doc: d } = synthOf((s) => {
      const account = new BrokerAccount(s, "Account", {
        domain: DOMAIN,
        userName: "upst-account",
        publicKeyPem: require("node:fs").readFileSync(
          require("node:path").join(__dirname, "..", "fixtures", "keys", "broker-public.pem"),
          "utf8",
        ),
      });
      return new UpstBroker(s, "Broker", {
        domain: DOMAIN,
        compartmentId: COMPARTMENT,
        tenancyOcid: "t",
        region: "r",
        account,
        name: "upst",
      });
    });
    const secret = only(d, "oci_vault_secret");
    expect(secret.secret_content.content).not.toContain("private_key");
    expect(secret.lifecycle).toEqual({ ignore_changes: ["secret_content"] });
  });

  test.each([
    [
      "a session under 5 minutes",
      () => ({ function: { ...FUNCTION, sessionMinutes: 4 } }),
      "UpstBroker at 'test/Broker': 'function.sessionMinutes' must be a whole number from 5 to 60 (GenerateUserSecurityToken's sessionExpirationInMinutes); got 4.",
    ],
    [
      "a session over an hour",
      () => ({ function: { ...FUNCTION, sessionMinutes: 61 } }),
      "UpstBroker at 'test/Broker': 'function.sessionMinutes' must be a whole number from 5 to 60 (GenerateUserSecurityToken's sessionExpirationInMinutes); got 61.",
    ],
    [
      "a gateway without a function",
      () => ({ function: undefined }),
      `UpstBroker at 'test/Broker': 'gateway' needs a function to route to; got "gateway". Configure the function too.`,
    ],
    [
      "a scope the resource server does not have",
      ({ server }: { server: ResourceServer }) => ({
        gateway: { subnetId: "s", resourceServer: server, scope: "other" },
      }),
      `UpstBroker at 'test/Broker': 'gateway.scope' is not a scope of resource server 'test/Server'; got "other". Its scopes: upst.generate.`,
    ],
    [
      "no subnets",
      () => ({ function: { ...FUNCTION, subnetIds: [] } }),
      "UpstBroker at 'test/Broker': 'function.subnetIds' must name at least one subnet; got [].",
    ],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => build(over)).toThrow(message);
  });
});

describe("DynamicResourceGroup", () => {
  test("is a domain dynamic group that policies name as dynamic-group", () => {
    const { doc, built } = synthOf(
      (s) =>
        new DynamicResourceGroup(s, "G", {
          domain: DOMAIN,
          name: "fn-dg",
          matchingRule: "ALL {resource.type = 'fnfunc'}",
        }),
    );
    expect(only(doc, "oci_identity_domains_dynamic_resource_group")).toMatchObject({
      display_name: "fn-dg",
      matching_rule: "ALL {resource.type = 'fnfunc'}",
      schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:DynamicResourceGroup"],
    });
    expect(built.groupKind).toBe("dynamic-group");
  });

  test("throws when the matching rule is not one", () => {
    expect(
      () =>
        new DynamicResourceGroup(testStack(), "G", {
          domain: DOMAIN,
          name: "g",
          matchingRule: "everything",
        }),
    ).toThrow(
      `DynamicResourceGroup at 'test/G': 'matchingRule' must be a matching rule such as ALL {resource.type = 'fnfunc', …}; got "everything".`,
    );
  });
});
