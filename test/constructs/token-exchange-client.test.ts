import { TerraformOutput } from "cdktf";
import { IdentityDomainsApp } from "../../.gen/providers/oci/identity-domains-app";
import { TokenExchangeClient } from "../../constructs/token-exchange-client";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";

describe("TokenExchangeClient", () => {
  test("is a confidential custom web app allowed only the client-credentials grant, active", () => {
    const { json } = synthOf((s) => new TokenExchangeClient(s, "Exchange", { domain: DOMAIN }));
    expect(json).toHaveResourceWithProperties(IdentityDomainsApp, {
      idcs_endpoint: DOMAIN.url,
      schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:App"],
      based_on_template: { value: "CustomWebAppTemplateId" },
      is_oauth_client: true,
      client_type: "confidential",
      allowed_grants: ["client_credentials"],
      active: true,
    });
  });

  test("sets force_delete, so destroy can remove the active app", () => {
    const { doc } = synthOf((s) => new TokenExchangeClient(s, "Exchange", { domain: DOMAIN }));
    expect(only(doc, "oci_identity_domains_app").force_delete).toBe(true);
  });

  test("is called TokenExchangeClient by default", () => {
    const { doc } = synthOf((s) => new TokenExchangeClient(s, "Exchange", { domain: DOMAIN }));
    expect(only(doc, "oci_identity_domains_app").display_name).toBe("TokenExchangeClient");
  });

  test("takes another display name and description", () => {
    const { doc } = synthOf(
      (s) => new TokenExchangeClient(s, "Exchange", { domain: DOMAIN, displayName: "ci-exchange", description: "CI" }),
    );
    expect(only(doc, "oci_identity_domains_app")).toMatchObject({ display_name: "ci-exchange", description: "CI" });
  });

  test("grants no admin role: the stack has no grant and the app no role", () => {
    const { doc } = synthOf((s) => new TokenExchangeClient(s, "Exchange", { domain: DOMAIN }));
    expect(doc.resource.oci_identity_domains_grant).toBeUndefined();
    expect(Object.keys(only(doc, "oci_identity_domains_app")).filter((k) => /role|grant/.test(k))).toEqual([
      "allowed_grants",
    ]);
  });

  test("exposes the client ID as the app's name and the secret only wrapped in sensitive()", () => {
    const { built, doc } = synthOf((s) => {
      const client = new TokenExchangeClient(s, "Exchange", { domain: DOMAIN });
      new TerraformOutput(s, "id", { value: client.clientId });
      new TerraformOutput(s, "secret", { value: client.clientSecret, sensitive: true });
      return { client, id: s.getLogicalId(client.app) };
    });
    expect(doc.output.id.value).toBe(`\${oci_identity_domains_app.${built.id}.name}`);
    expect(doc.output.secret.value).toBe(`\${sensitive(oci_identity_domains_app.${built.id}.client_secret)}`);
  });

  test("throws when the display name is empty", () => {
    expect(() => new TokenExchangeClient(testStack(), "Exchange", { domain: DOMAIN, displayName: " " })).toThrow(
      `TokenExchangeClient at 'test/Exchange': 'displayName' must not be empty; got " ". Set [WIFConfig] token_exchange_app_name.`,
    );
  });
});
