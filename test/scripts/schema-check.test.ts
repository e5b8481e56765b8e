import { loadAllSchemas } from "../../scripts/schema/provider-schema";
import { checkStackAgainstSchema } from "../../scripts/schema/schema-check";
import { fixture, synth } from "../support/stacks";

const SCHEMAS = loadAllSchemas();

/** The github fixture's stack, parsed, with `mutate` applied to a deep copy. */
function mutated(mutate: (doc: any, ids: Record<string, string>) => void): string[] {
  const { doc } = synth(fixture("github").config);
  const copy = JSON.parse(JSON.stringify(doc));
  const first = (type: string) => Object.keys(copy.resource[type])[0];
  mutate(copy, {
    app: first("oci_identity_domains_app"),
    trust: first("oci_identity_domains_identity_propagation_trust"),
    user: first("oci_identity_domains_user"),
    policy: first("oci_identity_policy"),
  });
  return checkStackAgainstSchema(copy, SCHEMAS).map((p) => `${p.path}: ${p.message}`);
}

describe("checkStackAgainstSchema", () => {
  test("passes every stack our fixtures synthesize", () => {
    for (const name of ["seed-sample", "github", "gitlab", "resource-server", "broker"]) {
      expect([name, checkStackAgainstSchema(synth(fixture(name).config).doc, SCHEMAS)]).toEqual([name, []]);
    }
  });

  test.each<[string, (doc: any, ids: Record<string, string>) => void, (ids: Record<string, string>) => string[]]>([
    [
      "an unknown attribute",
      (d, i) => (d.resource.oci_identity_domains_app[i.app].is_oauth_clients = true),
      (i) => [
        `$.resource.oci_identity_domains_app.${i.app}.is_oauth_clients: unknown attribute or block "is_oauth_clients" (did you mean "is_oauth_client"?)`,
      ],
    ],
    [
      "a missing required attribute",
      (d, i) => delete d.resource.oci_identity_policy[i.policy].description,
      (i) => [`$.resource.oci_identity_policy.${i.policy}.description: required attribute "description" is missing`],
    ],
    [
      "a missing required block",
      (d, i) => delete d.resource.oci_identity_domains_app[i.app].based_on_template,
      (i) => [
        `$.resource.oci_identity_domains_app.${i.app}.based_on_template: required block "based_on_template" is missing (at least 1)`,
      ],
    ],
    [
      "too many items in a max-1 block",
      (d, i) => (d.resource.oci_identity_domains_app[i.app].based_on_template = [{ value: "a" }, { value: "b" }]),
      (i) => [
        `$.resource.oci_identity_domains_app.${i.app}.based_on_template: "based_on_template" allows at most 1 block; got 2`,
      ],
    ],
    [
      "a block written as an attribute value",
      (d, i) =>
        (d.resource.oci_identity_domains_user[i.user].urnietfparamsscimschemasoracleidcsextensionuser_user = true),
      (i) => [
        `$.resource.oci_identity_domains_user.${i.user}.urnietfparamsscimschemasoracleidcsextensionuser_user: must be an object (a block); got true`,
      ],
    ],
    [
      "an attribute nested in the wrong block",
      (d, i) =>
        (d.resource.oci_identity_domains_user[
          i.user
        ].urnietfparamsscimschemasoracleidcsextensionuser_user.can_use_console = false),
      (i) => [
        `$.resource.oci_identity_domains_user.${i.user}.urnietfparamsscimschemasoracleidcsextensionuser_user.can_use_console: unknown attribute or block "can_use_console"`,
      ],
    ],
    [
      "a computed-only attribute set",
      (d, i) => (d.resource.oci_identity_domains_app[i.app].client_secret = "x"),
      (i) => [
        `$.resource.oci_identity_domains_app.${i.app}.client_secret: "client_secret" is computed by the provider and cannot be set`,
      ],
    ],
    [
      "a value of the wrong type",
      (d, i) => (d.resource.oci_identity_domains_identity_propagation_trust[i.trust].oauth_clients = "one"),
      (i) => [
        `$.resource.oci_identity_domains_identity_propagation_trust.${i.trust}.oauth_clients: must be a set; got "one"`,
      ],
    ],
    [
      "an unknown resource type",
      (d) => (d.resource.oci_identity_domains_trust = { x: {} }),
      () => [`$.resource.oci_identity_domains_trust: unknown resource type "oci_identity_domains_trust"`],
    ],
    [
      "a reference to an attribute that does not exist",
      (d, i) =>
        (d.resource.oci_identity_domains_identity_propagation_trust[i.trust].oauth_clients = [
          `\${oci_identity_domains_app.${i.app}.client_id}`,
        ]),
      (i) => [
        `$.resource.oci_identity_domains_identity_propagation_trust.${i.trust}.oauth_clients[0]: refers to attribute "client_id" of oci_identity_domains_app, which has no such attribute`,
      ],
    ],
    [
      "a reference to a resource that is not declared",
      (d, i) =>
        (d.resource.oci_identity_domains_identity_propagation_trust[i.trust].oauth_clients = [
          "${oci_identity_domains_app.Gone.name}",
        ]),
      (i) => [
        `$.resource.oci_identity_domains_identity_propagation_trust.${i.trust}.oauth_clients[0]: refers to oci_identity_domains_app.Gone, which is not declared`,
      ],
    ],
    [
      "an ignore_changes entry the resource does not have",
      (d, i) => (d.resource.oci_identity_domains_user[i.user].lifecycle.ignore_changes = ["schema"]),
      (i) => [
        `$.resource.oci_identity_domains_user.${i.user}.lifecycle.ignore_changes[0]: ignores "schema", which the resource does not have`,
      ],
    ],
    [
      "a provider argument that does not exist",
      (d) => (d.provider.oci[0].profile = "DEFAULT"),
      () => [`$.provider.oci[0].profile: unknown attribute or block "profile" (did you mean "config_file_profile"?)`],
    ],
    [
      "a provider source with no schema",
      (d) => (d.terraform.required_providers.oci.source = "hashicorp/oci"),
      () => [`$.terraform.required_providers.oci.source: no schema for provider "hashicorp/oci"`],
    ],
  ])("fails on %s, with its JSON path", (_name, mutate, expected) => {
    let ids: Record<string, string> = {};
    const problems = mutated((d, i) => {
      ids = i;
      mutate(d, i);
    });
    expect(problems).toEqual(expected(ids));
  });
});
