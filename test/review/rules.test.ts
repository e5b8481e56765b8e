import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReviewRule } from "../../review/rule";
import { RULES } from "../../review/rules";
import { anyUserUnconditional } from "../../review/rules/any-user-unconditional";
import { brokerSecretReadable } from "../../review/rules/broker-secret-readable";
import { githubNameSubject } from "../../review/rules/github-name-subject";
import { jwksNotHttps } from "../../review/rules/jwks-not-https";
import { localTestDomain } from "../../review/rules/local-test-domain";
import { lintStack } from "../../review/lint";
import { manageAllOrTenancyWide } from "../../review/rules/manage-all-or-tenancy-wide";
import { refreshTokenLifetime } from "../../review/rules/refresh-token-lifetime";
import { ruleMatchesOtherOwners } from "../../review/rules/rule-matches-other-owners";
import { ruleTooBroad } from "../../review/rules/rule-too-broad";
import { sharedIssuerUnpinned } from "../../review/rules/shared-issuer-unpinned";
import { rulesOverlap } from "../../review/rules/rules-overlap";
import { secretInPlainOutput } from "../../review/rules/secret-in-plain-output";
import { tokenLifetimeBounds } from "../../review/rules/token-lifetime-bounds";
import { trustInactive } from "../../review/rules/trust-inactive";
import { trustWithoutAudience } from "../../review/rules/trust-without-audience";
import { userCanUseConsole } from "../../review/rules/user-can-use-console";
import { ROOT } from "../support/stacks";
import { brokerDoc, cleanUp, docOf, fixtureText, modelOf, synthFixture, synthToDir } from "./support";

const TRUST_ID = "Wif_Trust-token-actions-githubusercontent-com_Trust_9EB241E5";
const TRUST = `oci_identity_domains_identity_propagation_trust.${TRUST_ID}`;
const TRUST_PATH = "wif/Wif/Trust-token-actions-githubusercontent-com/Trust";
const USERS = {
  deployer: "Wif_ServiceUser-ci-deployer_User_BD07D5EB",
  reader: "Wif_ServiceUser-ci-reader_User_0B915A7B",
  releaser: "Wif_ServiceUser-ci-releaser_User_5A9CADED",
};
const DEPLOYER_PATH = "wif/Wif/ServiceUser-ci-deployer/User";
const READER_PATH = "wif/Wif/ServiceUser-ci-reader/User";
const APP = "oci_identity_domains_app.Wif_TokenExchangeClient_App_992C8B6E";

let githubOut: string;
let brokerOut: string;
beforeAll(() => {
  githubOut = synthToDir(fixtureText("github"));
  brokerOut = synthFixture("broker");
});
afterAll(cleanUp);

/** A deep copy of the synthesized github fixture. */
const github = (): any => docOf(githubOut);
const trustOf = (doc: any) => doc.resource.oci_identity_domains_identity_propagation_trust[TRUST_ID];
const run = (rule: ReviewRule, doc: any) => rule.check(modelOf(doc, "wif"));
/** Replaces the trust's rules with `rules`, each mapped to the named user. */
const withRules = (doc: any, rules: Array<[string, keyof typeof USERS]>) => {
  trustOf(doc).impersonation_service_users = rules.map(([rule, user]) => ({
    rule,
    value: `\${oci_identity_domains_user.${USERS[user]}.id}`,
    ocid: `\${oci_identity_domains_user.${USERS[user]}.ocid}`,
  }));
  return doc;
};
const policyOf = (doc: any, id: string) => doc.resource.oci_identity_policy[id];

describe("the rule set", () => {
  test("gives every rule a unique WIF-<area><n> ID, a level, a one-line cause, an explanation and a fix", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect([
        r.id,
        /^WIF-[A-Z]\d+$/.test(r.id),
        ["error", "warning"].includes(r.level),
        /\n/.test(r.cause),
        r.explanation.length > 80,
        r.fix.length > 10,
      ]).toEqual([r.id, true, true, false, true, true]);
    }
  });

  test("is documented in docs/review.md, each rule with its ID, level and cause", () => {
    const doc = readFileSync(join(ROOT, "docs", "review.md"), "utf8");
    for (const r of RULES) expect([r.id, doc.includes(`| ${r.id} | ${r.level} | ${r.cause} |`)]).toEqual([r.id, true]);
  });

  test("keeps every rule quiet on the synthesized github fixture except the warnings it is known to earn", () => {
    const fired = RULES.flatMap((r) => run(r, github()).map(() => r.id));
    expect(fired).toEqual(["WIF-R2", "WIF-R2", "WIF-R3", "WIF-R3", "WIF-R3"]);
  });
});

describe("the synthesized broker and resource-server fixtures", () => {
  const synthesizedBroker = (): any => docOf(brokerOut);
  const only = (doc: any, type: string, prefix: string) =>
    Object.entries<any>(doc.resource[type]).find(([k]) => k.startsWith(prefix))!;

  test("keep every rule quiet on the broker, and earn WIF-A2 for the resource server's two-week refresh token", () => {
    expect(RULES.flatMap((r) => run(r, synthesizedBroker()).map((f) => `${r.id} ${f.message}`))).toEqual([]);
    const resourceServer = docOf(synthFixture("resource-server"));
    expect(RULES.flatMap((r) => run(r, resourceServer).map((f) => `${r.id} ${f.message}`))).toEqual([
      `WIF-A2 app "Reports API": refresh_token_expiry 1209600 s is longer than Oracle's default of one week (604800 s)`,
    ]);
  });

  test("fail on the broker's real shapes: session minutes in the function config, capabilities, the secret policy", () => {
    const doc = synthesizedBroker();
    only(doc, "oci_functions_function", "Wif_UpstBroker-upst_Function")[1].config.UPST_SESSION_MINUTES = "61";
    delete only(doc, "oci_identity_domains_user", "Wif_BrokerAccount-upst_User")[1]
      .urnietfparamsscimschemasoracleidcsextensioncapabilities_user.can_use_console;
    const [, policy] = only(doc, "oci_identity_policy", "Wif_UpstBroker-upst_FunctionPolicy");
    policy.statements[0] = policy.statements[0].replace(/ where .*$/, "");
    expect(
      [tokenLifetimeBounds, userCanUseConsole, brokerSecretReadable].map((r) => run(r, doc).map((f) => f.message)),
    ).toEqual([
      [`function "upst-fn": config UPST_SESSION_MINUTES = "61" is outside GenerateUpst's 5 to 60 minutes`],
      [
        `user "upst-account" is not a service user and can_use_console is not false, so it could sign in to the console`,
      ],
      [
        `policy "upst-fn-policy": "Allow dynamic-group 'Default'/'upst-fn-dg' to read secret-bundles in compartment id ocid1.compartment.oc1..aaaaaaaaexamplebroker0000000000000000000000000000000000" lets dynamic-group 'Default'/'upst-fn-dg' read every secret in its compartment; add where target.secret.id = '<the broker secret's OCID>'`,
      ],
    ]);
  });
});

describe("WIF-T1 trust without audience", () => {
  test("passes a trust with client_claim_name and client_claim_values", () => {
    expect(run(trustWithoutAudience, github())).toEqual([]);
  });

  test.each([
    [
      "neither is set",
      (t: any) => {
        delete t.client_claim_name;
        delete t.client_claim_values;
      },
    ],
    ["the values are empty", (t: any) => (t.client_claim_values = [])],
  ])("fails when %s", (_, change) => {
    const doc = github();
    change(trustOf(doc));
    expect(run(trustWithoutAudience, doc)).toEqual([
      {
        address: TRUST,
        path: TRUST_PATH,
        message:
          'trust "github-actions" (issuer https://token.actions.githubusercontent.com) has no audience constraint, so a token minted for any other service is accepted',
      },
    ]);
  });
});

describe("WIF-T2 inactive trust", () => {
  test("passes an active trust that allows impersonation", () => {
    expect(run(trustInactive, github())).toEqual([]);
  });

  test("passes a trust without allow_impersonation that lists no service users", () => {
    const doc = github();
    delete trustOf(doc).allow_impersonation;
    delete trustOf(doc).impersonation_service_users;
    expect(run(trustInactive, doc)).toEqual([]);
  });

  test("fails when the trust is not active (OCI's default)", () => {
    const doc = github();
    delete trustOf(doc).active;
    expect(run(trustInactive, doc)).toEqual([
      {
        address: TRUST,
        path: TRUST_PATH,
        message:
          'trust "github-actions" is inactive (active is not true; OCI defaults it to false), so every exchange through it fails',
      },
    ]);
  });

  test("fails when the trust lists service users but does not allow impersonation", () => {
    const doc = github();
    trustOf(doc).allow_impersonation = false;
    expect(run(trustInactive, doc)).toEqual([
      {
        address: TRUST,
        path: TRUST_PATH,
        message:
          'trust "github-actions" lists 7 impersonation rules but allow_impersonation is not true, so they are ignored',
      },
    ]);
  });
});

describe("WIF-T3 JWKS endpoint not https", () => {
  test("passes an https JWKS URL", () => {
    expect(run(jwksNotHttps, github())).toEqual([]);
  });

  test("fails when the JWKS URL is plain http", () => {
    const doc = github();
    trustOf(doc).public_key_endpoint = "http://token.actions.githubusercontent.com/.well-known/jwks";
    expect(run(jwksNotHttps, doc)).toEqual([
      {
        address: TRUST,
        path: TRUST_PATH,
        message:
          'trust "github-actions" fetches its signing keys from "http://token.actions.githubusercontent.com/.well-known/jwks", which is not an https URL',
      },
    ]);
  });
});

describe("WIF-R1 rule matches other owners", () => {
  test("passes rules that pin the owner, even with a wildcard after it", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/*", "reader"],
      ["sub eq repo:octo-org@1234567/api@89012345:ref:refs/heads/main", "deployer"],
      ["job_workflow_ref eq octo-org/infra/.github/workflows/deploy.yml@*", "deployer"],
    ]);
    expect(run(ruleMatchesOtherOwners, doc)).toEqual([]);
  });

  test("fails when a rule matches every token, ends its wildcard inside the owner, or uses co on sub", () => {
    const doc = withRules(github(), [
      ["sub eq *", "reader"],
      ["sub eq repo:octo*", "reader"],
      ['sub co "octo-org/app:ref:refs/heads/main"', "deployer"],
    ]);
    expect(run(ruleMatchesOtherOwners, doc)).toEqual([
      {
        address: TRUST,
        path: READER_PATH,
        message: 'rule "sub eq *" of trust "github-actions" (→ ci-reader) matches every sub the issuer signs',
      },
      {
        address: TRUST,
        path: READER_PATH,
        message:
          'rule "sub eq repo:octo*" of trust "github-actions" (→ ci-reader) matches other owners too: its wildcard ends inside the owner name ("repo:octo*")',
      },
      {
        address: TRUST,
        path: DEPLOYER_PATH,
        message:
          'rule "sub co \\"octo-org/app:ref:refs/heads/main\\"" of trust "github-actions" (→ ci-deployer) matches other owners too: "co" finds "octo-org/app:ref:refs/heads/main" anywhere in sub, so a repository or project of another owner whose name contains it matches',
      },
    ]);
  });
});

describe("WIF-T6 shared issuer unpinned", () => {
  test("passes rules that each name the owner, and a trust whose claim validation names it", () => {
    expect(run(sharedIssuerUnpinned, github())).toEqual([]);
    const validated = withRules(github(), [["environment eq prod", "deployer"]]);
    trustOf(validated).claim_validations = [{ name: "repository_owner_id", value: "1234567" }];
    expect(run(sharedIssuerUnpinned, validated)).toEqual([]);
  });

  test("fails when a rule of a github.com trust names no owner, at the user the rule maps to", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/app:ref:refs/heads/main", "deployer"],
      ["environment eq prod", "reader"],
      ["repository co octo-org", "reader"],
    ]);
    expect(run(sharedIssuerUnpinned, doc)).toEqual([
      {
        address: TRUST,
        path: READER_PATH,
        message:
          'rule "environment eq prod" of trust "github-actions" (→ ci-reader) names no GitHub Actions tenant, and issuer https://token.actions.githubusercontent.com is shared, so any customer\'s matching token becomes the user',
      },
      {
        address: TRUST,
        path: READER_PATH,
        message:
          'rule "repository co octo-org" of trust "github-actions" (→ ci-reader) names no GitHub Actions tenant, and issuer https://token.actions.githubusercontent.com is shared, so any customer\'s matching token becomes the user',
      },
    ]);
  });

  test("fails for a resource trust of github.com without a tenant validation, and not for one of another issuer", () => {
    const doc = github();
    Object.assign(trustOf(doc), {
      allow_impersonation: false,
      impersonating_resource: "gha",
      subject_type: "Resource",
      impersonation_service_users: undefined,
    });
    expect(run(sharedIssuerUnpinned, doc).map((f) => f.message)).toEqual([
      'trust "github-actions" (mode resource) accepts every GitHub Actions customer\'s tokens for its audience: issuer https://token.actions.githubusercontent.com is shared and no claim validation names a tenant (repository_owner_id, repository_owner, repository_id, repository)',
    ]);
    trustOf(doc).issuer = "https://token.actions.githubusercontent.com/octo-enterprise";
    expect(run(sharedIssuerUnpinned, doc)).toEqual([]);
  });
});

describe("WIF-R2 rule too broad", () => {
  test("passes rules for one branch, tag pattern, environment or pull requests", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/web-app:ref:refs/heads/main", "deployer"],
      ["sub eq repo:octo-org/cli:ref:refs/tags/v*", "releaser"],
      ["sub eq repo:octo-org/web-app:pull_request", "reader"],
    ]);
    expect(run(ruleTooBroad, doc)).toEqual([]);
  });

  test("fails when a rule covers every ref of a repository, every repository of an owner, or names only the owner", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/docs:*", "reader"],
      ["sub eq repo:octo-org/*", "reader"],
      ["repository_owner eq octo-org", "deployer"],
    ]);
    expect(run(ruleTooBroad, doc).map((f) => f.message)).toEqual([
      'rule "sub eq repo:octo-org/docs:*" of trust "github-actions" (→ ci-reader) matches every branch, tag, environment and pull request of octo-org/docs',
      'rule "sub eq repo:octo-org/*" of trust "github-actions" (→ ci-reader) matches every repository of octo-org',
      'rule "repository_owner eq octo-org" of trust "github-actions" (→ ci-deployer) matches every repository and ref of owner octo-org',
    ]);
  });
});

describe("WIF-R3 GitHub name-form subject", () => {
  test("passes a name-form rule whose immutable-ID twin maps to the same user", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/docs:*", "reader"],
      ["sub eq repo:octo-org@1234567/docs@55555555:*", "reader"],
    ]);
    expect(run(githubNameSubject, doc)).toEqual([]);
  });

  test("fails when the only immutable-ID twin maps to another user", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/web-app:ref:refs/heads/main", "deployer"],
      ["sub eq repo:octo-org@1234567/web-app@89012345:ref:refs/heads/main", "reader"],
    ]);
    expect(run(githubNameSubject, doc)).toEqual([
      {
        address: TRUST,
        path: DEPLOYER_PATH,
        message:
          'rule "sub eq repo:octo-org/web-app:ref:refs/heads/main" of trust "github-actions" (→ ci-deployer) matches only the name form of GitHub\'s sub; repositories created or renamed since 2026-07-15 send repo:owner@<id>/repo@<id>:…',
      },
    ]);
  });
});

describe("WIF-R4 rules of different users overlap", () => {
  test("passes rules whose values cannot meet, and overlapping rules of one user", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/api:ref:refs/heads/main", "deployer"],
      ["sub eq repo:octo-org/api:pull_request", "reader"],
      ["sub eq repo:octo-org/docs:*", "reader"],
      ["sub eq repo:octo-org/docs:ref:refs/heads/main", "reader"],
    ]);
    expect(run(rulesOverlap, doc)).toEqual([]);
  });

  test("fails when one user's prefix rule covers another user's rule", () => {
    const doc = withRules(github(), [
      ["sub eq repo:octo-org/api:*", "reader"],
      ["sub eq repo:octo-org/api:ref:refs/heads/main", "deployer"],
    ]);
    expect(run(rulesOverlap, doc)).toEqual([
      {
        address: TRUST,
        path: TRUST_PATH,
        message:
          'rules "sub eq repo:octo-org/api:*" (→ ci-reader) and "sub eq repo:octo-org/api:ref:refs/heads/main" (→ ci-deployer) of trust "github-actions" can match the same token; Terraform stores rules as a set, so which one OCI tries first is not under our control',
      },
    ]);
  });
});

describe("WIF-P1 manage all-resources or tenancy-wide", () => {
  const POLICY_ID = "Wif_Policy-ci-deployer_Policy_7A2092C6";
  const POLICY = `oci_identity_policy.${POLICY_ID}`;
  const withStatements = (statements: string[]) => {
    const doc = github();
    policyOf(doc, POLICY_ID).statements = statements;
    return doc;
  };

  test("passes grants in a compartment, and tenancy-wide or all-resources grants with a where", () => {
    const doc = withStatements([
      "Allow group 'Default'/'ci-deployers' to manage object-family in compartment apps",
      "Allow group 'Default'/'ci-deployers' to manage all-resources in compartment apps where target.bucket.name = 'builds'",
      "Allow group 'Default'/'ci-deployers' to read buckets in tenancy where request.permission = 'BUCKET_READ'",
    ]);
    expect(run(manageAllOrTenancyWide, doc)).toEqual([]);
  });

  test("fails when a statement manages all-resources, or reaches the whole tenancy, without a where", () => {
    const doc = withStatements([
      "Allow group 'Default'/'ci-deployers' to manage all-resources in compartment apps",
      "Allow group 'Default'/'ci-deployers' to read buckets in tenancy",
    ]);
    expect(run(manageAllOrTenancyWide, doc)).toEqual([
      {
        address: POLICY,
        path: "wif/Wif/Policy-ci-deployer/Policy",
        message: `policy "ci-deployers-policy": "Allow group 'Default'/'ci-deployers' to manage all-resources in compartment apps" grants manage all-resources without a where condition`,
      },
      {
        address: POLICY,
        path: "wif/Wif/Policy-ci-deployer/Policy",
        message: `policy "ci-deployers-policy": "Allow group 'Default'/'ci-deployers' to read buckets in tenancy" grants access in the whole tenancy without a where condition`,
      },
    ]);
  });
});

describe("WIF-P2 any-user without conditions", () => {
  test("passes any-user with a where (API Gateway calling the broker function)", () => {
    expect(run(anyUserUnconditional, brokerDoc())).toEqual([]);
  });

  test.each(["any-user", "any-group"])("fails when %s is granted without a where", (subject) => {
    const doc = brokerDoc();
    doc.resource.oci_identity_policy.Broker_FunctionPolicy_P1.statements[1] = `Allow ${subject} to use functions-family in compartment broker`;
    expect(run(anyUserUnconditional, doc)).toEqual([
      {
        address: "oci_identity_policy.Broker_FunctionPolicy_P1",
        path: "broker/Broker/FunctionPolicy",
        message: `policy "upst-broker-fn-policy": "Allow ${subject} to use functions-family in compartment broker" grants to ${subject} without a where condition`,
      },
    ]);
  });
});

describe("WIF-A1 token lifetime bounds", () => {
  test("passes an access token of 3600 s and a 60-minute broker session, and the bounds themselves", () => {
    expect(run(tokenLifetimeBounds, brokerDoc())).toEqual([]);
    const doc = brokerDoc();
    doc.resource.oci_identity_domains_app.Broker_ResourceServer_App_R1.access_token_expiry = 60;
    doc.resource.oci_identity_domains_app.Broker_Client_App_C1.access_token_expiry = 31536000;
    doc.resource.oci_functions_function.Broker_Function_F1.config.UPST_SESSION_MINUTES = "5";
    expect(run(tokenLifetimeBounds, doc)).toEqual([]);
  });

  test("fails when an access token is shorter than 60 s or longer than a year, or the session is not 5–60 minutes", () => {
    const doc = brokerDoc();
    doc.resource.oci_identity_domains_app.Broker_ResourceServer_App_R1.access_token_expiry = 59;
    doc.resource.oci_identity_domains_app.Broker_Client_App_C1.access_token_expiry = 31536001;
    doc.resource.oci_functions_function.Broker_Function_F1.config.UPST_SESSION_MINUTES = "90";
    expect(run(tokenLifetimeBounds, doc)).toEqual([
      {
        address: "oci_identity_domains_app.Broker_ResourceServer_App_R1",
        path: "broker/Broker/ResourceServer/App",
        message: `app "upst-broker-api": access_token_expiry 59 s is outside Oracle's documented range, 60 s to 1 year (31536000 s)`,
      },
      {
        address: "oci_identity_domains_app.Broker_Client_App_C1",
        path: "broker/Broker/Client/App",
        message: `app "upst-broker-client": access_token_expiry 31536001 s is outside Oracle's documented range, 60 s to 1 year (31536000 s)`,
      },
      {
        address: "oci_functions_function.Broker_Function_F1",
        path: "broker/Broker/Function",
        message: `function "upst-broker": config UPST_SESSION_MINUTES = "90" is outside GenerateUpst's 5 to 60 minutes`,
      },
    ]);
  });
});

describe("WIF-A2 refresh token lifetime", () => {
  test("passes a refresh token of one week", () => {
    expect(run(refreshTokenLifetime, brokerDoc())).toEqual([]);
  });

  test.each([
    [
      604801,
      `app "upst-broker-api": refresh_token_expiry 604801 s is longer than Oracle's default of one week (604800 s)`,
    ],
    [0, `app "upst-broker-api": refresh_token_expiry 0 s is not a positive number of seconds`],
  ])("fails when the refresh token lives %i s", (seconds, message) => {
    const doc = brokerDoc();
    doc.resource.oci_identity_domains_app.Broker_ResourceServer_App_R1.refresh_token_expiry = seconds;
    expect(run(refreshTokenLifetime, doc)).toEqual([
      {
        address: "oci_identity_domains_app.Broker_ResourceServer_App_R1",
        path: "broker/Broker/ResourceServer/App",
        message,
      },
    ]);
  });
});

describe("WIF-U1 user can use the console", () => {
  test("passes service users, and a broker account with console access switched off", () => {
    expect(run(userCanUseConsole, github())).toEqual([]);
    expect(run(userCanUseConsole, brokerDoc())).toEqual([]);
  });

  test("fails when the broker account leaves its capabilities unset", () => {
    const doc = brokerDoc();
    delete doc.resource.oci_identity_domains_user.Broker_Account_User_U1
      .urnietfparamsscimschemasoracleidcsextensioncapabilities_user;
    expect(run(userCanUseConsole, doc)).toEqual([
      {
        address: "oci_identity_domains_user.Broker_Account_User_U1",
        path: "broker/Broker/Account/User",
        message:
          'user "upst-broker" is not a service user and can_use_console is not false and can_use_console_password is not false, so it could sign in to the console',
      },
    ]);
  });

  test("fails when a service user's flag is dropped and only the console password is switched off", () => {
    const doc = github();
    const user = doc.resource.oci_identity_domains_user[USERS.reader];
    delete user.urnietfparamsscimschemasoracleidcsextensionuser_user;
    user.urnietfparamsscimschemasoracleidcsextensioncapabilities_user = {
      can_use_console_password: false,
    };
    expect(run(userCanUseConsole, doc)).toEqual([
      {
        address: `oci_identity_domains_user.${USERS.reader}`,
        path: READER_PATH,
        message:
          'user "ci-reader" is not a service user and can_use_console is not false, so it could sign in to the console',
      },
    ]);
  });
});

describe("WIF-S1 secret in a non-sensitive output", () => {
  test("passes sensitive outputs that carry the client secret, and plain outputs that carry only its ID", () => {
    expect(run(secretInPlainOutput, github())).toEqual([]);
  });

  test("fails when the client-secret output, or the runtimeConfig.ini output (through a local), is not sensitive", () => {
    const doc = github();
    delete doc.output.token_exchange_client_secret.sensitive;
    doc.output.runtime_config_ini.sensitive = false;
    expect(run(secretInPlainOutput, doc)).toEqual([
      {
        address: "output.runtime_config_ini",
        path: "wif/runtime_config_ini",
        message: `output "runtime_config_ini" is not sensitive but carries the client secret of ${APP}`,
      },
      {
        address: "output.token_exchange_client_secret",
        path: "wif/token_exchange_client_secret",
        message: `output "token_exchange_client_secret" is not sensitive but carries the client secret of ${APP}`,
      },
    ]);
  });
});

describe("WIF-S2 broker secret readable by more than the broker function", () => {
  const statements = (doc: any) => doc.resource.oci_identity_policy.Broker_FunctionPolicy_P1.statements;
  const at = {
    address: "oci_identity_policy.Broker_FunctionPolicy_P1",
    path: "broker/Broker/FunctionPolicy",
  };

  test("passes read secret-bundles for the function's own dynamic group, pinned to the secret", () => {
    expect(run(brokerSecretReadable, brokerDoc())).toEqual([]);
  });

  test("passes a stack without a Vault secret, whatever it grants", () => {
    const doc = github();
    policyOf(doc, "Wif_Policy-ci-reader_Policy_A4180171").statements = [
      "Allow group 'Default'/'ci-reader-group' to read secret-family in compartment apps",
    ];
    expect(run(brokerSecretReadable, doc)).toEqual([]);
  });

  test("fails when a group may read secrets", () => {
    const doc = brokerDoc();
    statements(doc)[0] = "Allow group 'Default'/'upst-broker-group' to read secret-family in compartment broker";
    expect(run(brokerSecretReadable, doc)).toEqual([
      {
        ...at,
        message: `policy "upst-broker-fn-policy": "Allow group 'Default'/'upst-broker-group' to read secret-family in compartment broker" lets group 'Default'/'upst-broker-group' read secrets, not only the broker function`,
      },
    ]);
  });

  test("fails when the dynamic group may read every secret of the compartment", () => {
    const doc = brokerDoc();
    statements(doc)[0] = "Allow dynamic-group 'Default'/'upst-broker-fn' to read secret-bundles in compartment broker";
    expect(run(brokerSecretReadable, doc)).toEqual([
      {
        ...at,
        message: `policy "upst-broker-fn-policy": "Allow dynamic-group 'Default'/'upst-broker-fn' to read secret-bundles in compartment broker" lets dynamic-group 'Default'/'upst-broker-fn' read every secret in its compartment; add where target.secret.id = '<the broker secret's OCID>'`,
      },
    ]);
  });

  test("fails when the dynamic group takes in every function of the compartment", () => {
    const doc = brokerDoc();
    const rule =
      "ALL {resource.type = 'fnfunc', resource.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000'}";
    doc.resource.oci_identity_domains_dynamic_resource_group.Broker_FunctionGroup_D1.matching_rule = rule;
    expect(run(brokerSecretReadable, doc)).toEqual([
      {
        ...at,
        message: `policy "upst-broker-fn-policy": ${JSON.stringify(statements(doc)[0])} grants to dynamic group "upst-broker-fn", whose matching rule ${JSON.stringify(rule)} takes in more than the broker function`,
      },
    ]);
  });
});

describe("WIF-L1 a stack made for a local test OCI", () => {
  const local = (doc: any, url: string) => {
    const copy = JSON.parse(JSON.stringify(doc));
    for (const byName of Object.values<any>(copy.resource))
      for (const r of Object.values<any>(byName)) if ("idcs_endpoint" in r) r.idcs_endpoint = url;
    return copy;
  };

  test("is quiet for a domain URL", () => {
    expect(run(localTestDomain, docOf(githubOut))).toEqual([]);
  });

  test.each(["http://127.0.0.1:8080", "http://localhost:1", "https://127.0.0.1:8443", "http://idcs-x.example.com"])(
    "fails every resource that talks to %s, and a [Suppress WIF-L1] does not silence it",
    (url) => {
      const doc = local(docOf(githubOut), url);
      const found = run(localTestDomain, doc);
      expect(found).toHaveLength(8);
      expect(found[0].message).toBe(`oci_identity_domains_app talks to ${JSON.stringify(url)}, a local test domain`);
      doc["//"] = { ...doc["//"], wif: { suppressions: [{ rule: "WIF-L1", reason: "tests", applies_to: [] }] } };
      const findings = lintStack(modelOf(doc, "wif")).filter((f) => f.rule === "WIF-L1");
      expect(findings.every((f) => f.suppressed === undefined)).toBe(true);
    },
  );
});
