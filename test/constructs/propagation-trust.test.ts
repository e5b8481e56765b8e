import { Token } from "cdktf";
import { Construct } from "constructs";
import { ImpersonationRule } from "../../core/impersonation-rule";
import { PropagationTrust, type PropagationTrustProps } from "../../constructs/propagation-trust";
import { ServiceUser } from "../../constructs/service-user";
import { warningsOf } from "../../app/synth";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";

const GITHUB = "https://token.actions.githubusercontent.com";
const base = (over: Partial<PropagationTrustProps> = {}): PropagationTrustProps => ({
  domain: DOMAIN,
  name: "github",
  issuer: GITHUB,
  publicKeyEndpoint: `${GITHUB}/.well-known/jwks`,
  clients: [{ clientId: "client-id-1" }],
  audiences: ["oci-wif"],
  ...over,
});

describe("PropagationTrust", () => {
  test("is an active JWT trust that allows impersonation, for its clients", () => {
    const { doc } = synthOf((s) => new PropagationTrust(s, "T", base()));
    expect(only(doc, "oci_identity_domains_identity_propagation_trust")).toMatchObject({
      idcs_endpoint: DOMAIN.url,
      schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust"],
      name: "github",
      type: "JWT",
      issuer: GITHUB,
      public_key_endpoint: `${GITHUB}/.well-known/jwks`,
      active: true,
      allow_impersonation: true,
      oauth_clients: ["client-id-1"],
    });
  });

  test("reads everything back (attribute_sets all), so the rules do not drift", () => {
    const { doc } = synthOf((s) => new PropagationTrust(s, "T", base()));
    expect(only(doc, "oci_identity_domains_identity_propagation_trust").attribute_sets).toEqual(["all"]);
  });

  test("constrains the audience on aud by default, or on another claim", () => {
    const trust = (over: Partial<PropagationTrustProps>) =>
      only(
        synthOf((s) => new PropagationTrust(s, "T", base(over))).doc,
        "oci_identity_domains_identity_propagation_trust",
      );
    expect(trust({})).toMatchObject({ client_claim_name: "aud", client_claim_values: ["oci-wif"] });
    expect(trust({ audiences: ["a", "b"], audienceClaim: "appid" })).toMatchObject({
      client_claim_name: "appid",
      client_claim_values: ["a", "b"],
    });
  });

  test("warns when there is no audience constraint, and sets no client claim", () => {
    const { doc, stack } = synthOf((s) => new PropagationTrust(s, "T", base({ audiences: [] })));
    const trust = only(doc, "oci_identity_domains_identity_propagation_trust");
    expect(trust.client_claim_name).toBeUndefined();
    expect(trust.client_claim_values).toBeUndefined();
    expect(warningsOf(stack)).toEqual([
      `WIF-W-TRUST-NO-AUDIENCE PropagationTrust at 'test/T': trust for ${GITHUB} has no audience constraint, so a token the issuer minted for any other service is accepted. Set an audience ([Trust] audience = …) and request tokens for it.`,
    ]);
  });

  test("maps each rule to the user's SCIM id and OCID, sorted by rule", () => {
    const { doc, stack, built } = synthOf((s) => {
      const trust = new PropagationTrust(s, "T", base());
      const user = new ServiceUser(s, "U", { domain: DOMAIN, userName: "ci" });
      trust.addImpersonation(
        ImpersonationRule.github({ repository: "o/r", ownerId: "1", repositoryId: "2", tag: "v1" }),
        user,
      );
      trust.addImpersonation(
        ImpersonationRule.github({ repository: "o/r", ownerId: "1", repositoryId: "2", branch: "main" }),
        user,
      );
      return user;
    });
    const u = stack.getLogicalId(built.user);
    expect(only(doc, "oci_identity_domains_identity_propagation_trust").impersonation_service_users).toEqual([
      {
        rule: "sub eq repo:o@1/r@2:ref:refs/heads/main",
        value: `\${oci_identity_domains_user.${u}.id}`,
        ocid: `\${oci_identity_domains_user.${u}.ocid}`,
      },
      {
        rule: "sub eq repo:o@1/r@2:ref:refs/tags/v1",
        value: `\${oci_identity_domains_user.${u}.id}`,
        ocid: `\${oci_identity_domains_user.${u}.ocid}`,
      },
    ]);
  });

  test("adds both subject forms of a GitHub rule, and returns what it added", () => {
    const stack = testStack();
    const trust = new PropagationTrust(stack, "T", base());
    const user = new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci" });
    const added = trust.addImpersonation(
      ImpersonationRule.github({
        repository: "o/r",
        ownerId: "1",
        repositoryId: "2",
        subjectFormat: "both",
        branch: "main",
      }),
      user,
    );
    expect(added.map((m) => m.expression)).toEqual([
      "sub eq repo:o@1/r@2:ref:refs/heads/main",
      "sub eq repo:o/r:ref:refs/heads/main",
    ]);
    expect(trust.mappings).toHaveLength(2);
    expect(warningsOf(stack)).toEqual([]);
  });

  test("warns when a GitHub rule matches only the name form of sub", () => {
    const stack = testStack();
    const trust = new PropagationTrust(stack, "T", base());
    trust.addImpersonation(
      ImpersonationRule.github({ repository: "o/r", branch: "main" }),
      new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci" }),
    );
    expect(warningsOf(stack)).toEqual([
      "WIF-W-RULE-NAME-SUBJECT PropagationTrust at 'test/T': rule for GitHub o/r, branch main matches only the name form of GitHub's sub claim. Repositories created or renamed since 2026-07-15 send repo:owner@<id>/repo@<id>:…, which it will not match. Use github repo=… owner_id=… repo_id=… (subject=both while migrating).",
    ]);
  });

  test("throws when a rule is added twice", () => {
    const stack = testStack();
    const trust = new PropagationTrust(stack, "T", base());
    const a = new ServiceUser(stack, "A", { domain: DOMAIN, userName: "a" });
    const b = new ServiceUser(stack, "B", { domain: DOMAIN, userName: "b" });
    trust.addImpersonation(ImpersonationRule.parse("sub eq x"), a);
    expect(() => trust.addImpersonation(ImpersonationRule.parse("sub eq x"), b)).toThrow(
      `PropagationTrust at 'test/T': rule "sub eq x" is already mapped to 'a'. A token must map to one service user; remove the duplicate.`,
    );
  });

  test("throws on a wildcard rule unless wildcards are allowed", () => {
    const stack = testStack();
    const user = new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci" });
    const strict = new PropagationTrust(stack, "T", base());
    expect(() => strict.addImpersonation(ImpersonationRule.parse("sub eq *"), user)).toThrow(
      `PropagationTrust at 'test/T': rule "sub eq *" matches every token of ${GITHUB}, so anyone who can get one could become 'ci'. Narrow the rule, or set allowWildcardRules.`,
    );
    const lax = new PropagationTrust(
      stack,
      "L",
      base({ name: "lax", issuer: "https://gitlab.com", allowWildcardRules: true }),
    );
    expect(lax.addImpersonation(ImpersonationRule.parse("sub eq *"), user)).toHaveLength(1);
  });

  test.each([
    [
      "an http issuer",
      { issuer: "http://x" },
      `PropagationTrust at 'test/T': 'issuer' must be an https URL; got "http://x".`,
    ],
    [
      "an http JWKS URL",
      { publicKeyEndpoint: "http://x/jwks" },
      `PropagationTrust at 'test/T': 'publicKeyEndpoint' must be an https URL; got "http://x/jwks". OCI fetches signing keys over TLS only.`,
    ],
    [
      "neither JWKS URL nor certificate",
      { publicKeyEndpoint: undefined },
      `PropagationTrust at 'test/T': 'publicKeyEndpoint' and 'publicCertificate': exactly one is needed; got {}. Give the issuer's JWKS URL, or a PEM certificate.`,
    ],
    [
      "no clients",
      { clients: [] },
      `PropagationTrust at 'test/T': 'clients' must name at least one OAuth client; got []. Pass the TokenExchangeClient.`,
    ],
    [
      "a negative clock skew",
      { clockSkewSeconds: -1 },
      `PropagationTrust at 'test/T': 'clockSkewSeconds' must be a whole number of seconds, 0 or more; got -1.`,
    ],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => new PropagationTrust(testStack(), "T", base(over))).toThrow(message);
  });
});

describe("PropagationTrust: one trust per issuer and identity domain", () => {
  const OTHER_DOMAIN = { url: "https://idcs-fedcba9876543210fedcba9876543210.identity.oraclecloud.com", name: "Other" };

  test.each([
    ["the same issuer", GITHUB, DOMAIN.url],
    ["the issuer with a trailing /", `${GITHUB}/`, DOMAIN.url],
    ["the issuer's host in another case", "https://Token.Actions.GitHubUserContent.com", DOMAIN.url],
    ["the same issuer, the domain URL with a trailing / and in capitals", GITHUB, `${DOMAIN.url.toUpperCase()}/`],
  ])("throws when a second trust in the stack has %s", (_name, issuer, domainUrl) => {
    const stack = testStack();
    new PropagationTrust(stack, "GitHub", base());
    expect(
      () =>
        new PropagationTrust(stack, "GitHubRpst", {
          ...base({ issuer, name: "github-rpst" }),
          domain: { ...DOMAIN, url: domainUrl },
        }),
    ).toThrow(
      `PropagationTrust at 'test/GitHubRpst': 'issuer' is already the issuer of PropagationTrust at 'test/GitHub' in this identity domain, and OCI allows one trust per issuer; got ${JSON.stringify(issuer)}. Add these rules to that trust (addImpersonation), or create this one for another identity domain.`,
    );
  });

  test("throws for a trust nested deeper in the stack, naming where the first one is", () => {
    const stack = testStack();
    new PropagationTrust(new Construct(stack, "Team"), "GitHub", base());
    expect(() => new PropagationTrust(new Construct(stack, "Other"), "GitHub", base())).toThrow(
      /^PropagationTrust at 'test\/Other\/GitHub': 'issuer' is already the issuer of PropagationTrust at 'test\/Team\/GitHub' /,
    );
  });

  test("allows the same issuer for another identity domain, or in another stack", () => {
    const stack = testStack();
    new PropagationTrust(stack, "GitHub", base());
    expect(() => new PropagationTrust(stack, "GitHubOther", { ...base(), domain: OTHER_DOMAIN })).not.toThrow();
    expect(() => new PropagationTrust(testStack(), "GitHub", base())).not.toThrow();
  });

  test("allows another issuer, and does not compare an issuer only known at apply time", () => {
    const stack = testStack();
    new PropagationTrust(stack, "GitHub", base());
    expect(() => new PropagationTrust(stack, "GitLab", base({ issuer: "https://gitlab.com" }))).not.toThrow();
    const unresolved = Token.asString({ resolve: () => GITHUB });
    new PropagationTrust(stack, "Late1", base({ issuer: unresolved }));
    expect(() => new PropagationTrust(stack, "Late2", base({ issuer: unresolved }))).not.toThrow();
  });

  test("a trust that failed validation does not block the issuer", () => {
    const stack = testStack();
    expect(() => new PropagationTrust(stack, "Broken", base({ clients: [] }))).toThrow(/'clients'/);
    expect(() => new PropagationTrust(stack, "GitHub", base())).not.toThrow();
  });
});
