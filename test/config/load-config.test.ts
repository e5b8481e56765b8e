import { formatProblem } from "../../core/problems";
import { loadConfig } from "../../config/load-config";
import { configFrom, errorsOf, fixture } from "../support/stacks";

const BASE = `
[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000

[Trust github]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif

[ServiceUser deployer]
rule[] = github repo=octo-org/app owner_id=1 repo_id=2 branch=main
allow[] = read buckets in compartment ci
`;

/** BASE's user names its trust, so a second trust can be added. */
function withTrust(text: string): string {
  return text.replace("[ServiceUser deployer]\n", "[ServiceUser deployer]\ntrust = github\n");
}

function warningsOf(text: string): string[] {
  return configFrom(text).warnings.map(formatProblem);
}

describe("the seed sample, filled in", () => {
  test("loads with the seed's keys as they are, including token_Exchange_app_name's capital E", () => {
    const { config } = fixture("seed-sample");
    expect(config.domain.url).toBe("https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com");
    expect(config.oci.profile).toBe("DEFAULT");
    expect(config.exchangeApp.displayName).toBe("TokenExchangeClient");
    expect(config.trusts).toEqual([
      expect.objectContaining({
        label: "default",
        name: "wif-trust",
        issuer: "https://token.actions.githubusercontent.com",
        jwksUri: "https://token.actions.githubusercontent.com/.well-known/jwks",
        provider: "github",
        audiences: [],
      }),
    ]);
    expect(config.serviceUsers).toHaveLength(1);
    const [user] = config.serviceUsers;
    expect(user).toMatchObject({
      userName: "ServiceUser",
      trust: "default",
      groupName: "ServiceUser-group",
      statements: [],
    });
    expect(user.rules.map((r) => r.rule.expressions)).toEqual([["sub eq repo:octo-org/octo-repo:ref:refs/heads/main"]]);
  });

  test("says in one line that admin_app_name is not needed", () => {
    const warnings = fixture("seed-sample").warnings.map(formatProblem);
    expect(warnings).toContain(
      "seed-sample.ini:9 [WIFConfig] admin_app_name: is not needed and is ignored: Terraform acts with your own OCI credentials, so no standing admin client is created. You may delete the line.",
    );
  });
});

describe("defaults", () => {
  const { config } = configFrom(BASE);

  test("the exchange app is called TokenExchangeClient", () => {
    expect(config.exchangeApp.displayName).toBe("TokenExchangeClient");
  });
  test("the provider uses the DEFAULT profile and the stack is called wif", () => {
    expect(config.oci.profile).toBe("DEFAULT");
    expect(config.stackName).toBe("wif");
  });
  test("runtimeConfig.ini lands next to the config file, and clients create the profile wif", () => {
    expect(config.runtimeConfigPath).toBe(require("node:path").join(config.baseDir, "runtimeConfig.ini"));
    expect(config.profileName).toBe("wif");
  });
  test("a trust is named wif-<label>, reads the audience from aud, and refuses wildcards", () => {
    expect(config.trusts[0]).toMatchObject({ name: "wif-github", audienceClaim: "aud", allowWildcardRules: false });
  });
  test("the GitHub JWKS URL is filled in for the GitHub issuer", () => {
    expect(config.trusts[0].jwksUri).toBe("https://token.actions.githubusercontent.com/.well-known/jwks");
  });
  test("a user's group is <user>-group and its policy <group>-policy; the only trust is used", () => {
    expect(config.serviceUsers[0]).toMatchObject({
      trust: "github",
      groupName: "deployer-group",
      policyName: "deployer-group-policy",
    });
  });
  test("a GitLab trust gets <issuer>/oauth/discovery/keys", () => {
    const { config: c } = configFrom(
      BASE.replace(
        "[Trust github]\nissuer = https://token.actions.githubusercontent.com",
        "[Trust github]\nissuer = https://gitlab.example.com\nprovider = gitlab",
      ).replace(
        "rule[] = github repo=octo-org/app owner_id=1 repo_id=2 branch=main",
        "rule[] = gitlab project=g/p ref=main",
      ),
    );
    expect(c.trusts[0]).toMatchObject({
      provider: "gitlab",
      jwksUri: "https://gitlab.example.com/oauth/discovery/keys",
    });
  });
});

describe("overrides", () => {
  test("every key of a trust and a user is read", () => {
    const { config } = configFrom(
      BASE.replace(
        "audience = oci-wif",
        "audience = a, b,a\naudience_claim = appid\nallow_wildcard_rules = yes\nclock_skew_seconds = 120\nname = my-trust\njwk_uri = https://keys.example/jwks",
      ).replace(
        "allow[] = read buckets in compartment ci",
        "allow[] = read buckets in compartment ci\ngroup = deployers\npolicy_name = deployers-p",
      ),
    );
    expect(config.trusts[0]).toMatchObject({
      audiences: ["a", "b"],
      audienceClaim: "appid",
      allowWildcardRules: true,
      clockSkewSeconds: 120,
      name: "my-trust",
      jwksUri: "https://keys.example/jwks",
    });
    expect(config.serviceUsers[0]).toMatchObject({ groupName: "deployers", policyName: "deployers-p" });
  });

  test("sections and users come out sorted, whatever their order in the file", () => {
    const { config } = fixture("github");
    expect(config.serviceUsers.map((u) => u.userName)).toEqual(["ci-deployer", "ci-reader", "ci-releaser"]);
  });
});

describe("a loopback domain URL (a local test OCI)", () => {
  test.each(["http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://localhost:41000", "http://127.0.0.1"])(
    "%s loads with warning WIF-W-LOOPBACK-DOMAIN, without the trailing slash",
    (url) => {
      const { config, warnings } = configFrom(BASE.replace(/iam_guid = .*/, `iam_guid = ${url}`));
      expect(config.domain.url).toBe(url.replace(/\/$/, ""));
      expect(warnings.map(formatProblem)).toContain(
        `WIF-W-LOOPBACK-DOMAIN setupConfig.ini:3 [IdentityDomain] iam_guid: is a local test OCI on this machine (plain http to loopback), not an identity domain; got ${JSON.stringify(url)}. Only for local end-to-end tests; wif-review fails such a stack. Use the domain URL from the console otherwise.`,
      );
    },
  );

  test.each([
    "http://127.0.0.2:8080",
    "http://localhost.example.com:8080",
    "http://[::1]:8080",
    "http://127.0.0.1:8080/admin",
    "http://user@127.0.0.1:8080",
    "http://127.0.0.1:8080?x=1",
    "https://127.0.0.1:8080",
    "http://127.0.0.1.nip.io",
  ])("fails for %s, which is not a plain loopback origin", (url) => {
    expect(errorsOf(BASE.replace(/iam_guid = .*/, `iam_guid = ${url}`)).length).toBeGreaterThan(0);
  });
});

describe("validation", () => {
  test.each([
    [
      "a missing [IdentityDomain]",
      BASE.replace(/\[IdentityDomain\]\niam_guid = .*\n/, ""),
      ["setupConfig.ini [IdentityDomain]: section is missing. Add [IdentityDomain] with iam_guid = <domain URL>."],
    ],
    [
      "an http domain URL",
      BASE.replace("iam_guid = https://", "iam_guid = http://"),
      [
        'setupConfig.ini:3 [IdentityDomain] iam_guid: must be an https URL; got "http://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com". OCI fetches keys and checks issuers over TLS only; use the https:// form.',
      ],
    ],
    [
      "a domain URL with a path",
      BASE.replace("oraclecloud.com\n", "oraclecloud.com/ui/v1/adminconsole\n"),
      [
        'setupConfig.ini:3 [IdentityDomain] iam_guid: must be the domain URL only, without a path; got "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com/ui/v1/adminconsole". Use https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com.',
      ],
    ],
    [
      "the sample's placeholder",
      BASE.replace(/iam_guid = .*/, "iam_guid = <your-iam-guid-here>"),
      [
        'setupConfig.ini:3 [IdentityDomain] iam_guid: still holds the sample\'s placeholder; got "<your-iam-guid-here>". Fill in your value.',
      ],
    ],
    [
      "an empty required key",
      BASE.replace(/iam_guid = .*/, "iam_guid ="),
      [
        "setupConfig.ini:2 [IdentityDomain] iam_guid: is required. The domain URL, `https://idcs-<id>.identity.oraclecloud.com` (the seed's name for it).",
      ],
    ],
    [
      "a compartment OCID where the tenancy's belongs",
      BASE.replace("ocid1.tenancy.oc1..aaaaaaaaexampletenancy", "ocid1.compartment.oc1..aaaaaaaaexampletenancy"),
      [
        'setupConfig.ini:6 [OCIConfig] tenancy_ocid: must be a tenancy OCID, ocid1.tenancy.oc1..<id>; got "ocid1.compartment.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000". Tenancy OCID. Required when any service user has `allow[]` statements.',
      ],
    ],
    [
      "a malformed region",
      BASE.replace("[OCIConfig]\n", "[OCIConfig]\nregion = Ashburn\n"),
      [
        'setupConfig.ini:6 [OCIConfig] region: must be a region identifier such as us-ashburn-1; got "Ashburn". Region for the provider and for clients, e.g. `us-ashburn-1`. Default: the profile\'s.',
      ],
    ],
    [
      "an unknown provider auth",
      BASE.replace("[OCIConfig]\n", "[OCIConfig]\nauth = apikeys\n"),
      [
        'setupConfig.ini:6 [OCIConfig] auth: must be one of ApiKey, SecurityToken, InstancePrincipal, InstancePrincipalWithCerts, ResourcePrincipal, OKEWorkloadIdentity, WorkloadIdentityFederation; got "apikeys". Provider auth: `ApiKey`, `SecurityToken`, `InstancePrincipal`, `ResourcePrincipal`, `OKEWorkloadIdentity` or `WorkloadIdentityFederation`. Default: the provider\'s (`ApiKey`).',
      ],
    ],
    [
      "a typo in a key",
      BASE.replace("audience = oci-wif", "audeince = oci-wif"),
      ["setupConfig.ini:10 [Trust github] audeince: unknown key. Did you mean audience?"],
    ],
    [
      "a typo in a section type",
      BASE + "[Trsut other]\nissuer = https://other.example\n",
      ["setupConfig.ini:15 [Trsut other]: unknown section. Did you mean [Trust other]?"],
    ],
    [
      "a [Trust] without a label",
      BASE + "[Trust]\nissuer = https://other.example\n",
      ["setupConfig.ini:15 [Trust]: needs a label. Write [Trust <name, e.g. github>]."],
    ],
    [
      "an http issuer",
      BASE.replace(
        "issuer = https://token.actions.githubusercontent.com",
        "issuer = http://token.actions.githubusercontent.com",
      ),
      [
        'setupConfig.ini:9 [Trust github] issuer: must be an https URL; got "http://token.actions.githubusercontent.com". OCI fetches keys and checks issuers over TLS only; use the https:// form.',
      ],
    ],
    [
      "an http JWKS URL",
      BASE.replace(
        "audience = oci-wif",
        "audience = oci-wif\njwk_uri = http://token.actions.githubusercontent.com/.well-known/jwks",
      ),
      [
        'setupConfig.ini:11 [Trust github] jwk_uri: must be an https URL; got "http://token.actions.githubusercontent.com/.well-known/jwks". OCI fetches keys and checks issuers over TLS only; use the https:// form.',
      ],
    ],
    [
      "an issuer without JWKS URL or certificate",
      withTrust(BASE) + "[Trust azure]\nissuer = https://sts.windows.net/tid/\naudience = api://oci\n",
      [
        "setupConfig.ini:16 [Trust azure] jwk_uri: is required for this issuer. Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
      ],
    ],
    [
      "two trusts for one issuer",
      withTrust(BASE) + "[Trust again]\nissuer = https://token.actions.githubusercontent.com/\naudience = x\n",
      [
        'setupConfig.ini:16 [Trust again]: the same issuer as [Trust github] (line 8); got "https://token.actions.githubusercontent.com". OCI allows one trust per issuer; put every rule of this issuer under one trust.',
      ],
    ],
    [
      "two users with one name, differing in case",
      BASE +
        "[ServiceUserConfig]\nuser_name = Deployer\nrule[] = github repo=octo-org/other branch=main\nallow[] = read buckets in compartment ci\n",
      [
        'setupConfig.ini:15 [ServiceUserConfig]: the same user name as [ServiceUser deployer] (line 12); got "deployer". User names are unique in a domain (case-insensitively).',
        'setupConfig.ini:15 [ServiceUserConfig]: the same group as [ServiceUser deployer] (line 12); got "deployer-group". Give each service user its own group, so each policy grants exactly one user.',
        'setupConfig.ini:15 [ServiceUserConfig]: the same policy_name as [ServiceUser deployer] (line 12); got "Deployer-group-policy". Policy names are unique in a compartment; give one of the two another policy_name (or the broker another label or group).',
      ],
    ],
    [
      "one rule for two users",
      BASE +
        "[ServiceUser other]\nrule[] = github repo=octo-org/app owner_id=1 repo_id=2 branch=main\nallow[] = read buckets in compartment ci\n",
      [
        'setupConfig.ini:16 [ServiceUser other] rule: is also a rule of [ServiceUser deployer]; got "github repo=octo-org/app owner_id=1 repo_id=2 branch=main". A token must map to exactly one service user; keep the rule in one section.',
      ],
    ],
    [
      "a user without rules",
      BASE.replace(/rule\[\] = .*\n/, ""),
      [
        "setupConfig.ini:12 [ServiceUser deployer] rule: at least one rule is needed, or no token can become this user. Add rule[] = github repo=<owner>/<repo> branch=main (or gitlab …, or <claim> eq <value>).",
      ],
    ],
    [
      "a user naming a trust that does not exist",
      BASE.replace("[ServiceUser deployer]\n", "[ServiceUser deployer]\ntrust = githbu\n"),
      ['setupConfig.ini:13 [ServiceUser deployer] trust: names no trust; got "githbu". Did you mean github?'],
    ],
    [
      "a wildcard rule",
      BASE.replace(/rule\[\] = .*/, "rule[] = sub eq *"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: matches every token the issuer signs, so anyone who can get one could become this user; got "sub eq *". Narrow the rule, or set allow_wildcard_rules = true in [Trust github] if that is really meant.',
      ],
    ],
    [
      "a '*' with co",
      BASE.replace(/rule\[\] = .*/, "rule[] = sub co repo:octo-org/*"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: "*" is a wildcard only with "eq"; "co" already matches part of the value, so drop the "*"; got "sub co repo:octo-org/*".',
      ],
    ],
    [
      "a '*' in the middle of a value",
      BASE.replace(/rule\[\] = .*/, "rule[] = sub eq repo:*:ref:refs/heads/main"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: "*" may only end a value (as in Oracle\'s "username eq kafka*"); got "repo:*:ref:refs/heads/main"; got "sub eq repo:*:ref:refs/heads/main".',
      ],
    ],
    [
      "a rule that is not OCI syntax",
      BASE.replace(/rule\[\] = .*/, "rule[] = sub = x"),
      ['setupConfig.ini:13 [ServiceUser deployer] rule: the operator must be "eq" or "co"; got "="; got "sub = x".'],
    ],
    [
      "the seed's allow:all",
      BASE.replace(/rule\[\] = .*/, "rule[] = allow:all"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: "allow:all" is not a rule OCI accepts; got "allow:all". Name who may impersonate (e.g. github repo=org/app branch=main), or write sub eq * and set allow_wildcard_rules = true.',
      ],
    ],
    [
      "a typo in a GitHub rule option",
      BASE.replace(/rule\[\] = .*/, "rule[] = github repo=octo-org/app brnch=main"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: unknown option "brnch" (did you mean "branch"?); options are repo, owner_id, repo_id, subject, branch, tag, environment, pull_request, any_ref, workflow; got "github repo=octo-org/app brnch=main".',
      ],
    ],
    [
      "a GitLab rule under a GitHub trust",
      BASE.replace(/rule\[\] = .*/, "rule[] = gitlab project=g/p ref=main"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: a gitlab rule cannot match tokens of this github trust; got "gitlab project=g/p ref=main".',
      ],
    ],
    [
      "an immutable-ID subject without IDs",
      BASE.replace(/rule\[\] = .*/, "rule[] = github repo=octo-org/app subject=id branch=main"),
      [
        'setupConfig.ini:13 [ServiceUser deployer] rule: subject format "id" needs both the owner id and the repository id; got "github repo=octo-org/app subject=id branch=main".',
      ],
    ],
    [
      "a whole policy statement",
      BASE.replace(
        "allow[] = read buckets in compartment ci",
        "allow[] = Allow group x to read buckets in compartment ci",
      ),
      [
        'setupConfig.ini:14 [ServiceUser deployer] allow: holds a whole statement; got "Allow group x to read buckets in compartment ci". Write only what follows "Allow group … to", e.g. read buckets in compartment ci.',
      ],
    ],
    [
      "a statement that is not a statement",
      BASE.replace("allow[] = read buckets in compartment ci", "allow[] = everything"),
      [
        'setupConfig.ini:14 [ServiceUser deployer] allow: is not a policy statement body; got "everything". Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].',
      ],
    ],
    [
      "statements without a tenancy to hold the policy",
      BASE.replace(/\[OCIConfig\]\ntenancy_ocid = .*\n/, ""),
      [
        "setupConfig.ini [OCIConfig] tenancy_ocid: is needed because service users have allow[] statements, and policies live in a compartment. Set [OCIConfig] tenancy_ocid (and compartment_ocid to keep policies out of the root compartment).",
      ],
    ],
    [
      "a group name with a quote",
      BASE.replace("allow[] = read", "group = ops'team\nallow[] = read"),
      [
        "setupConfig.ini:14 [ServiceUser deployer] group: must be letters, digits, spaces, '.', '_', '-' or '@', starting with a letter or digit (at most 100); got \"ops'team\". Name of the user's group, which its policy names. Default: `<user>-group`.",
      ],
    ],
    [
      "a clock skew out of range",
      BASE.replace("audience = oci-wif", "audience = oci-wif\nclock_skew_seconds = 99999"),
      [
        'setupConfig.ini:11 [Trust github] clock_skew_seconds: must be a whole number from 0 to 3600; got "99999". Allowed clock skew on `iat`/`exp`, 0–3600. Default: the service\'s.',
      ],
    ],
    [
      "a non-boolean flag",
      BASE.replace("audience = oci-wif", "audience = oci-wif\nallow_wildcard_rules = maybe"),
      [
        'setupConfig.ini:11 [Trust github] allow_wildcard_rules: must be true or false; got "maybe". `true` to allow rules such as `sub eq *` that match every token of the issuer. Default: `false`.',
      ],
    ],
    [
      "impersonationrule without a [ServiceUserConfig]",
      BASE.replace("[Trust github]", "[TrustConfiguration]").replace(
        "[ServiceUser deployer]\n",
        "impersonationrule = sub eq x\n[ServiceUser deployer]\ntrust = default\n",
      ),
      [
        "setupConfig.ini:12 [TrustConfiguration] impersonationrule: has no service user to map to. Add [ServiceUserConfig] with user_name = <name>.",
      ],
    ],
  ])("fails when the config has %s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  test("reports every problem of a file at once, in file order", () => {
    const text = BASE.replace("iam_guid = https://", "iam_guid = http://")
      .replace("audience = oci-wif", "audeince = x")
      .replace("allow[] = read", "allow[] = Allow read");
    const errors = errorsOf(text);
    expect(errors.map((e) => e.split(":")[1].split(" ")[0])).toEqual(["3", "10", "14"]);
  });

  test("throws a ConfigError naming the file when it does not exist", () => {
    expect(() => loadConfig("/nonexistent/setupConfig.ini")).toThrow(
      "1 problem in the config:\n  /nonexistent/setupConfig.ini: file not found. Copy setupConfig.ini from the project root and fill it in, or point WIF_CONFIG at yours.",
    );
  });
});

describe("suppressions", () => {
  test("are read with their rule ID in upper case, reason and scope", () => {
    const { config } = configFrom(
      BASE + "[Suppress wif-gh1]\nreason = renamed before 2026-07-15, INFRA-42\napplies_to[] = ServiceUser-deployer\n",
    );
    expect(config.suppressions).toEqual([
      {
        ruleId: "WIF-GH1",
        reason: "renamed before 2026-07-15, INFRA-42",
        appliesTo: ["ServiceUser-deployer"],
        line: 15,
      },
    ]);
  });

  test.each([
    [
      "without a reason",
      "[Suppress WIF-T2]\n",
      "setupConfig.ini:15 [Suppress WIF-T2] reason: is required. Why the finding is accepted (at least 10 characters): a ticket, a justification.",
    ],
    [
      "with a reason too short to say why",
      "[Suppress WIF-T2]\nreason = ok\n",
      'setupConfig.ini:16 [Suppress WIF-T2] reason: is too short to say why; got "ok". Give the justification or a ticket, at least 10 characters.',
    ],
  ])("fail %s", (_name, section, message) => {
    expect(errorsOf(BASE + section)).toEqual([message]);
  });
});

describe("warnings", () => {
  test("a user without statements can do nothing, and says so", () => {
    expect(warningsOf(BASE.replace("allow[] = read buckets in compartment ci\n", ""))).toEqual([
      "setupConfig.ini:12 [ServiceUser deployer] allow: no policy statements, so tokens exchanged for this user can do nothing in OCI. Add allow[] = <verb> <resource-type> in compartment <name>.",
    ]);
  });

  test("a trust no user refers to is useless, and says so", () => {
    expect(warningsOf(withTrust(BASE) + "[Trust gitlab]\nissuer = https://gitlab.com\naudience = x\n")).toEqual([
      "setupConfig.ini [Trust gitlab]: no service user uses this trust, so no token can be exchanged through it. Add trust = gitlab to a [ServiceUser] section, or remove the trust.",
    ]);
  });

  test("a clean config has none", () => {
    expect(warningsOf(BASE)).toEqual([]);
  });
});
