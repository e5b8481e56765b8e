import { formatProblem } from "../../core/problems";
import { configFrom, errorsOf, resources, synth } from "../support/stacks";

const BASE = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000

[WIFConfig]

[Trust github]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif

[ServiceUser deployer]
trust = github
rule[] = github repo=octo-org/app owner_id=1 repo_id=2 branch=main
allow[] = read buckets in compartment ci

[ServiceUser reader]
trust = github
rule[] = github repo=octo-org/app owner_id=1 repo_id=2 branch=dev
allow[] = read objects in compartment ci
`;

const values = (doc: any, type: string) => Object.values<any>(resources(doc, type));

describe("retire = true, the first of two applies", () => {
  test("a config without it synthesizes active apps and trusts, and no retired settings", () => {
    const { config } = configFrom(BASE);
    expect(config.retired).toBeUndefined();
    const { doc } = synth(config);
    expect(values(doc, "oci_identity_domains_app").map((a) => a.active)).toEqual([true]);
    expect(values(doc, "oci_identity_domains_identity_propagation_trust").map((t) => t.active)).toEqual([true]);
  });

  test("on [WIFConfig] deactivates the token-exchange app but keeps it", () => {
    const { doc } = synth(configFrom(BASE.replace("[WIFConfig]\n", "[WIFConfig]\nretire = true\n")).config);
    expect(values(doc, "oci_identity_domains_app").map((a) => [a.display_name, a.active])).toEqual([
      ["TokenExchangeClient", false],
    ]);
  });

  test("on a trust deactivates it and keeps its rules", () => {
    const { doc } = synth(
      configFrom(BASE.replace("audience = oci-wif\n", "audience = oci-wif\nretire = true\n")).config,
    );
    const [trust] = values(doc, "oci_identity_domains_identity_propagation_trust");
    expect([trust.active, trust.impersonation_service_users.length]).toEqual([false, 2]);
  });

  test("on a service user keeps the user and its group but drops its rules, its membership and its policy", () => {
    const { doc } = synth(
      configFrom(BASE.replace("[ServiceUser reader]\n", "[ServiceUser reader]\nretire = true\n")).config,
    );
    expect(
      values(doc, "oci_identity_domains_user")
        .map((u) => u.user_name)
        .sort(),
    ).toEqual(["deployer", "reader"]);
    const groups = Object.fromEntries(
      values(doc, "oci_identity_domains_group").map((g) => [g.display_name, g.members]),
    );
    expect(groups["reader-group"]).toBeUndefined();
    expect(groups["deployer-group"]).toHaveLength(1);
    expect(values(doc, "oci_identity_policy").map((p) => p.name)).toEqual(["deployer-group-policy"]);
    const [trust] = values(doc, "oci_identity_domains_identity_propagation_trust");
    expect(trust.impersonation_service_users.map((u: any) => u.rule).join()).not.toContain("refs/heads/dev");
    expect(trust.impersonation_service_users.map((u: any) => u.rule).join()).toContain("refs/heads/main");
  });

  test("on every user of a trust warns that the trust should be retired too", () => {
    const text = BASE.replace("[ServiceUser reader]\n", "[ServiceUser reader]\nretire = true\n").replace(
      "[ServiceUser deployer]\n",
      "[ServiceUser deployer]\nretire = true\n",
    );
    expect(configFrom(text).warnings.map(formatProblem)).toContain(
      "setupConfig.ini:9 [Trust github]: every service user of this trust is retired, so its rules block disappears, and the provider leaves live rules in place when the block is removed (docs/oci-facts.md#delete-order). Retire the trust too (retire = true), then remove the trust and its users together in the next apply.",
    );
  });

  test("on a resource server or an OAuth client deactivates its app but keeps it and its scopes", () => {
    const servers = `${BASE}
[ResourceServer reports]
audience = https://reports.example.com/
scope[] = reports.read
retire = true

[OAuthClient etl]
scope[] = reports:reports.read
retire = true
`;
    const { config } = configFrom(servers);
    expect(config.retired).toMatchObject({ resourceServers: ["reports"], oauthClients: ["etl"] });
    const apps = values(synth(config).doc, "oci_identity_domains_app");
    const byName = Object.fromEntries(
      apps.map((a) => [a.display_name, [a.active, a.scopes?.length ?? a.allowed_scopes?.length]]),
    );
    expect(byName).toEqual({ TokenExchangeClient: [true, undefined], reports: [false, 1], etl: [false, 1] });
  });

  test("fails when retire is not a boolean", () => {
    expect(errorsOf(BASE.replace("[WIFConfig]\n", "[WIFConfig]\nretire = soon\n"))).toEqual([
      'setupConfig.ini:8 [WIFConfig] retire: must be true or false; got "soon". `true` to deactivate the token-exchange app, the first of the two applies that remove it (an active app cannot be deleted). Default: `false`.',
    ]);
  });
});
