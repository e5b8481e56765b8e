import { ImpersonationRule } from "../../core/impersonation-rule";
import { PropagationTrust, type PropagationTrustProps } from "../../constructs/propagation-trust";
import { GitHubClaims, GitLabClaims } from "../../core/trust-modes";
import { ServiceUser } from "../../constructs/service-user";
import { warningsOf } from "../../app/synth";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";

const GITHUB = "https://token.actions.githubusercontent.com";
const TRUST = "oci_identity_domains_identity_propagation_trust";
const base = (over: Partial<PropagationTrustProps> = {}): PropagationTrustProps => ({
  domain: DOMAIN,
  name: "github",
  issuer: GITHUB,
  publicKeyEndpoint: `${GITHUB}/.well-known/jwks`,
  clients: [{ clientId: "client-id-1" }],
  audiences: ["oci-wif"],
  ...over,
});
const trustOf = (over: Partial<PropagationTrustProps>) =>
  only(synthOf((s) => new PropagationTrust(s, "T", base(over))).doc, TRUST);
const MODE_KEYS = [
  "subject_type",
  "subject_claim_name",
  "subject_mapping_attribute",
  "impersonating_resource",
  "claim_propagations",
  "claim_validations",
];

describe("PropagationTrust modes", () => {
  test("mode impersonation (the default) sets none of the mode attributes", () => {
    const trust = trustOf({});
    expect(MODE_KEYS.filter((k) => k in trust)).toEqual([]);
    expect(trust.allow_impersonation).toBe(true);
  });

  test("mode user maps sub to userName by default, as a User subject without impersonation", () => {
    expect(trustOf({ mode: "user", claimValidations: [GitHubClaims.ownerId("1")] })).toMatchObject({
      allow_impersonation: false,
      subject_type: "User",
      subject_claim_name: "sub",
      subject_mapping_attribute: "userName",
    });
  });

  test("mode user takes another claim and user attribute", () => {
    const trust = trustOf({
      mode: "user",
      subjectClaim: "oid",
      userAttribute: "externalId",
      issuer: "https://login.example.com",
    });
    expect(trust).toMatchObject({ subject_claim_name: "oid", subject_mapping_attribute: "externalId" });
  });

  test("mode resource sets subject_type Resource, the resource label and ext_ claim propagations", () => {
    const trust = trustOf({
      mode: "resource",
      impersonatingResource: "github-actions",
      propagatedClaims: ["repository", "ext_ref", "environment"],
      claimValidations: [GitHubClaims.ownerId("1234567")],
    });
    expect(trust).toMatchObject({
      allow_impersonation: true,
      subject_type: "Resource",
      impersonating_resource: "github-actions",
      claim_propagations: ["ext_repository", "ext_ref", "ext_environment"],
      claim_validations: [{ name: "repository_owner_id", value: "1234567" }],
    });
    expect(trust.subject_claim_name).toBeUndefined();
  });

  test("writes claim validations from the GitHub and GitLab helpers in any mode", () => {
    expect(
      trustOf({ claimValidations: [GitHubClaims.ownerId("1"), GitHubClaims.repositoryId("2")] }).claim_validations,
    ).toEqual([
      { name: "repository_owner_id", value: "1" },
      { name: "repository_id", value: "2" },
    ]);
    expect([GitLabClaims.namespaceId("7"), GitLabClaims.projectId("8"), GitLabClaims.projectPath("g/p")]).toEqual([
      { name: "namespace_id", value: "7" },
      { name: "project_id", value: "8" },
      { name: "project_path", value: "g/p" },
    ]);
  });

  test("warns WIF-W-GITHUB-OWNER when a GitHub trust in mode resource pins no owner", () => {
    const { stack } = synthOf(
      (s) =>
        new PropagationTrust(
          s,
          "T",
          base({ mode: "resource", impersonatingResource: "gha", propagatedClaims: ["repository"] }),
        ),
    );
    expect(warningsOf(stack)).toEqual([
      "WIF-W-GITHUB-OWNER PropagationTrust at 'test/T': GitHub trust without a claim validation that pins the owner, so a workflow of any GitHub account can present a token. Add validate[] = github owner_id=<id> (claim_validations repository_owner_id).",
    ]);
  });

  test("warns WIF-W-USER-CLAIM when a user-context trust maps on email", () => {
    const { stack } = synthOf(
      (s) =>
        new PropagationTrust(s, "T", base({ mode: "user", subjectClaim: "email", issuer: "https://idp.example.com" })),
    );
    expect(warningsOf(stack)).toEqual([
      "WIF-W-USER-CLAIM PropagationTrust at 'test/T': user-context trust maps on the 'email' claim, which many issuers let users set themselves; whoever sets it to an admin's name becomes that admin. Map on an immutable, issuer-assigned claim such as sub.",
    ]);
  });

  test("throws when a rule is added to a trust in mode user", () => {
    const stack = testStack();
    const trust = new PropagationTrust(stack, "T", base({ mode: "user" }));
    const user = new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci" });
    expect(() => trust.addImpersonation(ImpersonationRule.parse("sub eq x"), user)).toThrow(
      `PropagationTrust at 'test/T': mode "user" maps tokens without service users, so rule "claim sub eq x" for 'ci' cannot be added. Use a trust in mode "impersonation".`,
    );
  });

  test.each<[string, Partial<PropagationTrustProps>, string]>([
    [
      "a resource trust without a label",
      { mode: "resource" },
      `'impersonatingResource' is required in mode "resource"; got undefined. Give a label such as github-actions; clients send it as res_type.`,
    ],
    [
      "four propagated claims",
      { mode: "resource", impersonatingResource: "r", propagatedClaims: ["a", "b", "c", "d"] },
      `'propagatedClaims' may hold at most 3 claims (OCI's limit); got ["a","b","c","d"]. Keep the claims your policies test.`,
    ],
    [
      "a claim propagated twice",
      { mode: "resource", impersonatingResource: "r", propagatedClaims: ["ref", "ext_ref"] },
      `'propagatedClaims[1]' repeats another claim; got "ext_ref". Remove the duplicate.`,
    ],
    [
      "a resource label that is an expression",
      { mode: "resource", impersonatingResource: '${file("x")}' },
      `'impersonatingResource' must be letters, digits, '.', '_' or '-' (at most 64); got "\${file(\\"x\\")}".`,
    ],
    [
      "a subject claim outside mode user",
      { subjectClaim: "sub" },
      `'subjectClaim' applies only to mode "user"; got "sub". Remove it, or set mode to user.`,
    ],
    [
      "a validation value with a quote",
      { claimValidations: [{ name: "repository", value: "o/r'" }] },
      `'claimValidations[0].value' must not contain quotes, backslashes or line breaks; got "o/r'".`,
    ],
    [
      "two validations of one claim",
      { claimValidations: [GitHubClaims.ownerId("1"), GitHubClaims.ownerId("2")] },
      `'claimValidations[1].name' repeats another validation's claim; got "repository_owner_id". A claim can be validated against one value.`,
    ],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => new PropagationTrust(testStack(), "T", base(over))).toThrow(message);
  });
});
