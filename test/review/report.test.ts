import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadStacks } from "../../review/load";
import { renderMarkdown } from "../../review/markdown";
import { review } from "../../review/report";
import { parseStack } from "../../core/stack";
import { brokerDoc, cleanUp, fixtureText, REVIEW_FIXTURES, synthFixture, synthToDir } from "./support";

let githubOut: string;
beforeAll(() => {
  githubOut = synthToDir(fixtureText("github"));
});
afterAll(cleanUp);

const githubReport = () => review(loadStacks(githubOut, "--outdir"));
const brokerReport = () => review([parseStack(brokerDoc(), "broker.cdk.tf.json", "broker")]);

describe("who can become whom", () => {
  test("reports each trust's issuer, audience, state, keys and clients", () => {
    const { address, access, overlaps, overlapTotals, unresolved, ...trust } = githubReport().stacks[0].trusts[0];
    expect(trust).toEqual({
      name: "github-actions",
      path: "wif/Wif/Trust-token-actions-githubusercontent-com/Trust",
      issuer: "https://token.actions.githubusercontent.com",
      audience: { claim: "aud", values: ["oci-wif-prod"] },
      active: true,
      allowImpersonation: true,
      publicKeyEndpoint: "https://token.actions.githubusercontent.com/.well-known/jwks",
      publicCertificate: false,
      clients: ["github-token-exchange"],
    });
    expect(unresolved).toEqual([]);
  });

  test("reports each rule → service user → group → policy statements", () => {
    const access = githubReport().stacks[0].trusts[0].access;
    expect(
      access.map((a) => [
        a.user,
        a.rules,
        a.groups.map((g) => [g.name, g.statements.map((s) => `${s.policy}: ${s.statement}`)]),
      ]),
    ).toEqual([
      [
        "ci-deployer",
        [
          "job_workflow_ref eq octo-org/infra/.github/workflows/deploy.yml@refs/heads/main",
          "sub eq repo:octo-org/web-app:ref:refs/heads/main",
          "sub eq repo:octo-org@1234567/api@89012345:environment:production",
        ],
        [
          [
            "ci-deployers",
            [
              "ci-deployers-policy: Allow group 'Default'/'ci-deployers' to manage object-family in compartment apps",
              "ci-deployers-policy: Allow group 'Default'/'ci-deployers' to use functions-family in compartment apps where request.permission = 'FN_INVOCATION'",
            ],
          ],
        ],
      ],
      [
        "ci-reader",
        [
          "sub eq repo:octo-org/docs:*",
          "sub eq repo:octo-org/web-app:pull_request",
          "sub eq repo:octo-org@1234567/docs@55555555:*",
        ],
        [
          [
            "ci-reader-group",
            ["ci-reader-group-policy: Allow group 'Default'/'ci-reader-group' to read objects in compartment apps"],
          ],
        ],
      ],
      [
        "ci-releaser",
        ["sub eq repo:octo-org/cli:ref:refs/tags/v*"],
        [
          [
            "ci-releasers",
            [
              "ci-releasers-policy: Allow group 'Default'/'ci-releasers' to manage repos in compartment id ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000",
            ],
          ],
        ],
      ],
    ]);
  });

  test("resolves policies that name the group by id as well as by name", () => {
    const out = synthToDir(fixtureText("gitlab"));
    const trusts = review(loadStacks(out, "--outdir")).stacks[0].trusts;
    expect(
      trusts.map((t) =>
        t.access.map((a) => [a.user, a.groups[0].statements.map((s) => s.statement.replace(/\$\{[^}]+\}/, "<ref>"))]),
      ),
    ).toEqual([
      [["gl-deployer", ["Allow group id <ref> to manage instance-family in compartment prod"]]],
      [["gl-internal", ["Allow group id <ref> to read all-resources in compartment ops"]]],
    ]);
  });

  test("reports rules of different users that one token could match, on another claim", () => {
    const overlaps = githubReport().stacks[0].trusts[0].overlaps;
    expect(overlaps.map((o) => [o.kind, ...o.rules.map((r) => r.user)])).toEqual([
      ["different-claims", "ci-deployer", "ci-releaser"],
      ["different-claims", "ci-deployer", "ci-reader"],
      ["different-claims", "ci-deployer", "ci-reader"],
      ["different-claims", "ci-deployer", "ci-reader"],
    ]);
    expect(githubReport().stacks[0].trusts[0].overlapTotals).toEqual({ "same-claim": 0, "different-claims": 4 });
    expect(overlaps.every((o) => o.rules[0].rule.startsWith("job_workflow_ref eq octo-org/infra/"))).toBe(true);
  });
});

describe("apps, secrets and counts", () => {
  test("reports the exchange client, and where its secret lives, without its value", () => {
    const s = githubReport().stacks[0];
    expect(s.apps).toEqual([
      {
        name: "github-token-exchange",
        address: "oci_identity_domains_app.Wif_TokenExchangeClient_App_992C8B6E",
        path: "wif/Wif/TokenExchangeClient/App",
        kind: "client",
        clientType: "confidential",
        allowedGrants: ["client_credentials"],
        allowedScopes: [],
        audience: null,
        scopes: [],
        accessTokenExpiry: null,
        refreshTokenExpiry: null,
      },
    ]);
    expect(s.secrets).toEqual([
      {
        secret:
          'client secret of app "github-token-exchange" (`oci_identity_domains_app.Wif_TokenExchangeClient_App_992C8B6E`)',
        places: [
          "Terraform state (`client_secret`; the provider does not mark it sensitive)",
          "output `runtime_config_ini` (sensitive)",
          "output `token_exchange_client_secret` (sensitive)",
          "local `Wif_RuntimeConfig_Content_938D097D` (a template Terraform fills in at apply; not shown here)",
          "file `../../../runtimeConfig.ini` (relative to the stack directory), written on apply by `terraform_data.Wif_RuntimeConfig_File_9065D72B`",
        ],
      },
    ]);
    expect(s.counts).toEqual({
      oci_identity_domains_app: 1,
      oci_identity_domains_group: 3,
      oci_identity_domains_identity_propagation_trust: 1,
      oci_identity_domains_user: 3,
      oci_identity_policy: 3,
      terraform_data: 1,
    });
  });

  test("reports the broker's resource server, client, account, dynamic group and Vault secret", () => {
    const s = brokerReport().stacks[0];
    expect(
      s.apps.map((a) => [
        a.name,
        a.kind,
        a.audience,
        a.scopes.map((x) => x.value),
        a.allowedScopes,
        a.accessTokenExpiry,
        a.refreshTokenExpiry,
      ]),
    ).toEqual([
      [
        "upst-broker-api",
        "resource server",
        "https://broker.example.com/",
        ["upst.read", "upst.deploy"],
        [],
        3600,
        604800,
      ],
      ["upst-broker-client", "client", null, [], ["https://broker.example.com/upst.read"], null, null],
    ]);
    expect(s.accounts).toEqual([
      {
        user: "upst-broker",
        address: "oci_identity_domains_user.Broker_Account_User_U1",
        serviceUser: false,
        apiKeys: 1,
        console: "off",
        groups: [
          {
            name: "upst-broker-group",
            address: "oci_identity_domains_group.Broker_Account_Group_G1",
            statements: [
              {
                policy: "upst-broker-account-policy",
                policyAddress: "oci_identity_policy.Broker_AccountPolicy_P2",
                statement: "Allow group 'Default'/'upst-broker-group' to read objects in compartment apps",
              },
            ],
          },
        ],
      },
    ]);
    expect(s.otherGrants.map((g) => [g.subject, g.matchingRule])).toEqual([
      ["dynamic-group upst-broker-fn", "resource.id = '${oci_functions_function.Broker_Function_F1.id}'"],
      ["any-user", undefined],
    ]);
    expect(s.secrets[1]).toEqual({
      secret: 'Vault secret "upst-broker-api-key" (`oci_vault_secret.Broker_Key_Secret_S1`)',
      places: [
        "vault `ocid1.vault.oc1.iad.aaaaaaaaexamplevault0000000000000000000000000000000000000`, encrypted with key `ocid1.key.oc1.iad.aaaaaaaaexamplekey00000000000000000000000000000000000000000`",
        "Terraform state (`secret_content`), content from an input variable or function",
      ],
    });
  });

  test("flags Vault secret content written literally in the configuration, without printing it", () => {
    const doc = brokerDoc();
    doc.resource.oci_vault_secret.Broker_Key_Secret_S1.secret_content.content = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t";
    const report = review([parseStack(doc, "broker.cdk.tf.json", "broker")]);
    expect(report.stacks[0].secrets[1].places[1]).toBe(
      "Terraform state (`secret_content`), **content written literally in the configuration** (it is in the repository)",
    );
    expect(JSON.stringify(report)).not.toContain("LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t");
  });
});

describe("the Markdown report", () => {
  test("shows the trust, a who-can-become-whom row per user, the findings and the counts", () => {
    const md = renderMarkdown(githubReport());
    expect(md).toContain(
      "**Trust `github-actions`**: issuer `https://token.actions.githubusercontent.com`; audience `aud` ∈ {`oci-wif-prod`}; active; impersonation allowed; keys from `https://token.actions.githubusercontent.com/.well-known/jwks`; clients: `github-token-exchange`.",
    );
    expect(md).toContain(
      "| `sub eq repo:octo-org/cli:ref:refs/tags/v*` | `ci-releaser` | `ci-releasers` | Allow group 'Default'/'ci-releasers' to manage repos in compartment id ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000 |",
    );
    expect(md).toContain("**✅ 0 errors, 5 warnings, 0 suppressed; 1 stack.**");
    expect(md).toContain("| `oci_identity_domains_user` | 3 |");
    expect(md).toContain(
      "repositories created or renamed since 2026-07-15 send repo:owner@&lt;id&gt;/repo@&lt;id&gt;:…",
    );
  });

  test("never contains the runtimeConfig.ini template or the API key, which the stacks hold as locals and arguments", () => {
    const github = JSON.parse(readFileSync(join(githubOut, "stacks", "wif", "cdk.tf.json"), "utf8"));
    const template = String(Object.values(github.locals)[0]);
    const broker = readFileSync(join(REVIEW_FIXTURES, "broker.cdk.tf.json"), "utf8");
    for (const out of [renderMarkdown(githubReport()), JSON.stringify(githubReport())]) {
      expect([out.includes("oauthclientsecret"), out.includes(template.slice(0, 60))]).toEqual([false, false]);
    }
    const brokerOut = renderMarkdown(brokerReport()) + JSON.stringify(brokerReport());
    expect([broker.includes("BEGIN PUBLIC KEY"), brokerOut.includes("BEGIN PUBLIC KEY")]).toEqual([true, false]);
  });

  test("escapes what Markdown would read as markup in plain text, and pipes inside code", () => {
    const doc = brokerDoc();
    doc.resource.oci_identity_domains_app.Broker_ResourceServer_App_R1.scopes[0].description = "a|b <c> *d* _e_";
    doc.resource.oci_identity_domains_app.Broker_ResourceServer_App_R1.scopes[1].value = "x|y";
    const md = renderMarkdown(review([parseStack(doc, "broker.cdk.tf.json", "broker")]));
    expect(md).toContain("defines `upst.read` (a\\|b &lt;c&gt; \\*d\\* \\_e\\_)<br>defines `x\\|y`");
  });
});

describe("the UPST broker chain", () => {
  test("shows caller → scope → gateway → function → account → grants for a broker the construct made", () => {
    const report = review(loadStacks(synthFixture("broker"), "--outdir"));
    const s = report.stacks[0];
    expect(s.brokers).toEqual([
      {
        callers: ["broker-caller"],
        scopes: ["https://upst-broker.example.com/upst.generate"],
        gateway: "upst-deployment",
        function: "upst-fn",
        functionAddress: expect.stringMatching(/^oci_functions_function\.Wif_UpstBroker-upst_Function_/),
        secret: "upst-api-key",
        account: "upst-account",
        grants: ["Allow group 'Default'/'upst-account-group' to read objects in compartment reports"],
      },
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain(
      "- `broker-caller` → scope `https://upst-broker.example.com/upst.generate` → gateway `upst-deployment` → function `upst-fn` → " +
        "account `upst-account` (key in secret `upst-api-key`) → may read objects in compartment reports\n",
    );
  });

  test("marks the links a stack does not show: no gateway, a secret filled from a variable", () => {
    const s = brokerReport().stacks[0];
    expect(s.brokers.map(({ functionAddress, ...b }) => b)).toEqual([
      {
        callers: [],
        scopes: [],
        gateway: null,
        function: "upst-broker",
        secret: "upst-broker-api-key",
        account: null,
        grants: [],
      },
    ]);
    expect(renderMarkdown(brokerReport())).toContain(
      "- **?** (no client of this stack may request the scope) → scope **?** → gateway **?** (none routes to the function) → function `upst-broker` → account **?** (the secret does not name a user of this stack) → may do nothing in this stack\n",
    );
  });
});
