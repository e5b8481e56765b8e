import { formatProblem } from "../../core/problems";
import { configFrom, errorsOf, fixture } from "../support/stacks";

const HEAD = `
[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com
domain_ocid = ocid1.domain.oc1..aaaaaaaaexampledomain000000000000000000000000000000000000

[OCIConfig]
tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000
`;
const RESOURCE_TRUST = `
[Trust github]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif
mode = resource
resource_label = gha
propagate[] = repository
propagate[] = ref
validate[] = github owner_id=1234567
`;
const WORKLOAD = `
[Workload deploy]
match = github repo=octo-org/app branch=main
allow[] = manage object-family in compartment apps
`;

describe("trust modes in the config", () => {
  test("the user-context fixture maps sub to userName and validates a claim", () => {
    const { config, warnings } = fixture("user-context");
    expect(config.trusts[0]).toMatchObject({
      mode: "user",
      userMapping: { claim: "sub", attribute: "userName" },
      claimValidations: [{ name: "tenant_id", value: "corp-prod" }],
    });
    expect(config.serviceUsers).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test("the rpst fixture reads the label, three propagated claims, the owner validation and two workloads", () => {
    const { config } = fixture("rpst");
    expect(config.trusts[0]).toMatchObject({
      mode: "resource",
      resourceLabel: "github-actions",
      propagatedClaims: ["repository", "ref", "environment"],
      claimValidations: [{ name: "repository_owner_id", value: "1234567" }],
    });
    expect(config.domainOcid).toBe("ocid1.domain.oc1..aaaaaaaaexampledomain000000000000000000000000000000000000");
    expect(config.workloads).toEqual([
      expect.objectContaining({
        label: "api-prod",
        policyName: "api-prod-rpst",
        claims: [
          { name: "repository", value: "octo-org/api" },
          { name: "environment", value: "production" },
        ],
      }),
      expect.objectContaining({
        label: "web-deploy",
        policyName: "web-deploy-workload-policy",
        claims: [
          { name: "repository", value: "octo-org/web-app" },
          { name: "ref", value: "refs/heads/main" },
        ],
      }),
    ]);
  });

  test("a trust without mode keys has none of the mode fields", () => {
    const { config } = fixture("github");
    expect(
      Object.keys(config.trusts[0]).filter((k) =>
        ["mode", "userMapping", "resourceLabel", "propagatedClaims", "claimValidations"].includes(k),
      ),
    ).toEqual([]);
    expect(config.workloads).toBeUndefined();
  });

  test("leaves WIF-W-GITHUB-OWNER to the construct, so synthesis prints it once", () => {
    const text =
      HEAD +
      RESOURCE_TRUST.replace("validate[] = github owner_id=1234567\n", "allow_unpinned = a public demo, read-only\n") +
      WORKLOAD;
    expect(configFrom(text).warnings.map(formatProblem)).toEqual([]);
  });

  test("fails when a GitHub resource trust pins no owner and does not say why", () => {
    const text = HEAD + RESOURCE_TRUST.replace("validate[] = github owner_id=1234567\n", "") + WORKLOAD;
    expect(() => configFrom(text)).toThrow(
      "[Trust github] validate: is needed: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id), or set allow_unpinned = <why every GitHub Actions customer's token may be exchanged> in [Trust github].",
    );
  });

  test.each<[string, string, string[]]>([
    [
      "a resource trust has no resource_label",
      HEAD + RESOURCE_TRUST.replace("resource_label = gha\n", "") + WORKLOAD,
      [
        "setupConfig.ini:9 [Trust github] resource_label: is required with mode = resource. Set resource_label = <label>, e.g. github-actions; clients send it as res_type.",
      ],
    ],
    [
      "a trust propagates four claims",
      HEAD +
        RESOURCE_TRUST.replace(
          "propagate[] = ref\n",
          "propagate[] = ref\npropagate[] = environment\npropagate[] = actor\n",
        ) +
        WORKLOAD,
      [
        'setupConfig.ini:14 [Trust github] propagate: holds 4 claims; OCI propagates at most 3; got "repository, ref, environment, actor". Keep the claims your [Workload] matches test.',
      ],
    ],
    [
      "subject_claim is given in mode resource",
      HEAD + RESOURCE_TRUST.replace("mode = resource\n", "mode = resource\nsubject_claim = email\n") + WORKLOAD,
      ["setupConfig.ini:13 [Trust github] subject_claim: applies only to mode = user. Remove it, or set mode = user."],
    ],
    [
      "a workload matches a claim the trust does not propagate",
      HEAD + RESOURCE_TRUST + WORKLOAD.replace("branch=main", "environment=prod"),
      [
        'setupConfig.ini:19 [Workload deploy] match: tests the claim environment, which [Trust github] does not propagate, so no RPST carries it; got "github repo=octo-org/app environment=prod". Add propagate[] = environment to [Trust github] (at most 3 claims).',
      ],
    ],
    [
      "a workload's allow has its own where",
      HEAD +
        RESOURCE_TRUST +
        WORKLOAD.replace("in compartment apps", "in compartment apps where request.region = 'fra'"),
      [
        "setupConfig.ini:20 [Workload deploy] allow: has its own where clause; got \"manage object-family in compartment apps where request.region = 'fra'\". Leave it out: the conditions come from match and the trust.",
      ],
    ],
    [
      "a validation uses an unknown GitHub shorthand",
      HEAD + RESOURCE_TRUST.replace("github owner_id=1234567", "github org=octo") + WORKLOAD,
      [
        'setupConfig.ini:16 [Trust github] validate: github takes owner, owner_id, repo, repo_id, branch, tag, environment, not "org"; got "github org=octo". Write github owner_id=<id>, gitlab namespace_id=<id>, or <claim>=<value>.',
      ],
    ],
    [
      "a match value holds a quote",
      HEAD + RESOURCE_TRUST + WORKLOAD.replace("branch=main", "branch=x'y"),
      [
        'setupConfig.ini:19 [Workload deploy] match: the value of branch must not contain quotes, backslashes or line breaks; got "github repo=octo-org/app branch=x\'y". Write github repo=<o/r> branch=<b>, gitlab project=<g/p> ref=<r>, or <claim>=<value>.',
      ],
    ],
    [
      "a service user names a resource trust",
      HEAD +
        RESOURCE_TRUST +
        WORKLOAD +
        "\n[ServiceUser ci]\nrule[] = sub eq x\nallow[] = read buckets in compartment a\n",
      [
        'setupConfig.ini:22 [ServiceUser ci] trust: names a trust in mode = resource, which maps tokens without service users or rules; got "github". Grant workloads with a [Workload <name>] section instead.',
      ],
    ],
    [
      "a workload has no resource trust",
      HEAD +
        RESOURCE_TRUST.replace(
          "mode = resource\nresource_label = gha\npropagate[] = repository\npropagate[] = ref\n",
          "",
        ) +
        WORKLOAD,
      [
        "setupConfig.ini:14 [Workload deploy] trust: there is no trust with mode = resource. Add mode = resource, resource_label and propagate[] to a [Trust].",
      ],
    ],
    [
      "workloads have no compartment for their policy",
      HEAD.replace(/\[OCIConfig\]\ntenancy_ocid = .*\n/, "") + RESOURCE_TRUST + WORKLOAD,
      [
        "setupConfig.ini [OCIConfig] tenancy_ocid: is needed because [Workload] sections grant permissions, and policies live in a compartment. Set [OCIConfig] tenancy_ocid (and compartment_ocid to keep policies out of the root compartment).",
      ],
    ],
    [
      "a workload's policy has the name of a service user's policy",
      HEAD +
        RESOURCE_TRUST +
        WORKLOAD.replace("allow[] = manage", "policy_name = ci-group-policy\nallow[] = manage") +
        "\n[Trust corp]\nissuer = https://login.example.com\njwk_uri = https://login.example.com/keys\naudience = oci\n\n[ServiceUser ci]\ntrust = corp\nrule[] = sub eq ci\nallow[] = read buckets in compartment a\n",
      [
        'setupConfig.ini:18 [Workload deploy]: the same policy_name as [ServiceUser ci] (line 28); got "ci-group-policy". Policy names are unique in a compartment; give one of the two another policy_name (or the broker another label or group).',
      ],
    ],
    [
      "the mode is misspelt",
      HEAD + RESOURCE_TRUST.replace("mode = resource", "mode = resources") + WORKLOAD,
      [
        'setupConfig.ini:12 [Trust github] mode: must be one of impersonation, user, resource; got "resources". How a token is mapped: `impersonation` (a `[ServiceUser]` per rule, UPST ≤ 1 h), `user` (the existing domain user whose attribute equals a claim, UPST), or `resource` (an ephemeral resource principal session token, RPST ≤ 12 h, for `[Workload]` grants). See *Trust modes*. Default: `impersonation`.',
      ],
    ],
  ])("fails when %s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });
});

describe("[OCIConfig] auth = WorkloadIdentityFederation", () => {
  const OCI =
    "[OCIConfig]\ntenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000\n";
  const withOci = (lines: string) =>
    fixture("wif-deploy").text.replace(/\[OCIConfig\][\s\S]*?\n\n/, `${OCI}${lines}\n`);

  test("reads the token path, client ID, token type and resource type, with the domain URL defaulting to iam_guid", () => {
    expect(fixture("wif-deploy").config.deployAuth).toEqual({
      tokenPath: "/tmp/oidc/token",
      clientId: "0123456789abcdef0123456789abcdef",
      domainUrl: "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
      tokenType: "rpst",
      resourceType: "infra-deployer",
    });
  });

  test("without wif_* keys leaves the provider's arguments to the environment (OCI_<NAME>), emitting none", () => {
    const text = withOci("auth = WorkloadIdentityFederation\n");
    expect(configFrom(text.replace("wif-deploy.ini", "setupConfig.ini")).config.deployAuth).toBeUndefined();
  });

  test.each<[string, string, string[]]>([
    [
      "an RPST deploy has no resource type",
      "auth = WorkloadIdentityFederation\nwif_token_path = /t\nwif_client_id = abc\nwif_token_type = rpst\n",
      [
        "wif-deploy.ini:7 [OCIConfig] wif_resource_type: is required with wif_token_type = rpst. Set it to the resource_label of the trust the pipeline's token goes through.",
      ],
    ],
    [
      "wif keys are given with another auth",
      "auth = ApiKey\nwif_client_id = abc\n",
      [
        "wif-deploy.ini:10 [OCIConfig] wif_client_id: applies only with auth = WorkloadIdentityFederation. Set auth = WorkloadIdentityFederation, or remove the key.",
      ],
    ],
    [
      "someone tries to put the client secret in the file (refused, and its value is not echoed)",
      "auth = WorkloadIdentityFederation\nwif_token_path = /t\nwif_client_id = abc\nwif_client_secret = s3cr3t\n",
      [
        "wif-deploy.ini:12 [OCIConfig] wif_client_secret: unknown key. [OCIConfig] takes cli_profile, tenancy_ocid, compartment_ocid, region, auth, wif_token_path, wif_client_id, wif_domain_url, wif_token_type, wif_resource_type.",
      ],
    ],
  ])("fails when %s", (_name, lines, expected) => {
    const text = withOci(lines);
    expect(errorsOf(text).map((e) => e.replace("setupConfig.ini", "wif-deploy.ini"))).toEqual(expected);
  });
});
