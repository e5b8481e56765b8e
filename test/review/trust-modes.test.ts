import { renderMarkdown } from "../../review/markdown";
import { review } from "../../review/report";
import { RULES } from "../../review/rules";
import { rpstGrantUnpinned } from "../../review/rules/rpst-grant-unpinned";
import { trustWithoutClaimValidations } from "../../review/rules/trust-without-claim-validations";
import { userClaimAttackerControlled } from "../../review/rules/user-claim-attacker-controlled";
import { loadStacks } from "../../review/load";
import { cleanUp, docOf, modelOf, synthFixture } from "./support";

let userOut: string;
let rpstOut: string;
let gitlabOut: string;
beforeAll(() => {
  userOut = synthFixture("user-context");
  rpstOut = synthFixture("rpst");
  gitlabOut = synthFixture("rpst-gitlab");
});
afterAll(cleanUp);

const trustOf = (doc: any) => Object.values<any>(doc.resource.oci_identity_domains_identity_propagation_trust)[0];
const fired = (doc: any) => RULES.flatMap((r) => r.check(modelOf(doc, "wif")).map((f) => `${r.id} ${f.message}`));

describe("the review of a user-context trust", () => {
  test("says which domain user a token becomes, and that no user is created", () => {
    const trust = review(loadStacks(userOut, "--outdir")).stacks[0].trusts[0];
    expect([trust.mode, trust.userContext, trust.claimValidations, trust.access]).toEqual([
      "user",
      { claim: "sub", attribute: "userName" },
      [{ name: "tenant_id", value: "corp-prod" }],
      [],
    ]);
    expect(renderMarkdown(review(loadStacks(userOut, "--outdir")))).toContain(
      "User context: a token becomes the existing domain user whose `userName` equals its `sub` claim (`userName == <sub>`)",
    );
  });

  test("earns no finding as synthesized", () => {
    expect(fired(docOf(userOut))).toEqual([]);
  });

  test("fails WIF-T4 when it maps on email", () => {
    const doc = docOf(userOut);
    trustOf(doc).subject_claim_name = "email";
    expect(userClaimAttackerControlled.check(modelOf(doc, "wif")).map((f) => f.message)).toEqual([
      'trust "wif-corp" makes a token the domain user whose userName equals its email claim, which the token\'s holder may be able to set',
    ]);
  });

  test("warns WIF-T5 when it has no claim validations", () => {
    const doc = docOf(userOut);
    delete trustOf(doc).claim_validations;
    expect(trustWithoutClaimValidations.check(modelOf(doc, "wif")).map((f) => f.message)).toEqual([
      'trust "wif-corp" (mode user, issuer https://login.corp.example.com/oauth2/default) has no claim validations, so any token of the issuer with the audience is exchanged',
    ]);
  });
});

describe("the review of a resource (RPST) trust", () => {
  test("lists which workload, with which claims, may do what", () => {
    const trust = review(loadStacks(rpstOut, "--outdir")).stacks[0].trusts[0];
    expect(trust.mode).toBe("resource");
    expect(trust.resource!.label).toBe("github-actions");
    expect(trust.resource!.propagatedClaims).toEqual(["ext_repository", "ext_ref", "ext_environment"]);
    expect(trust.resource!.grants.map((g) => [g.policy, g.claims, g.pinned])).toEqual([
      ["api-prod-rpst", ["ext_repository = octo-org/api", "ext_environment = production"], true],
      ["api-prod-rpst", ["ext_repository = octo-org/api", "ext_environment = production"], true],
      ["web-deploy-workload-policy", ["ext_repository = octo-org/web-app", "ext_ref = refs/heads/main"], true],
    ]);
  });

  test("keeps the workload grants out of 'other grants' and renders them under the trust", () => {
    const report = review(loadStacks(rpstOut, "--outdir"));
    expect(report.stacks[0].otherGrants).toEqual([]);
    expect(renderMarkdown(report)).toContain(
      "| `ext_repository = octo-org/web-app`<br>`ext_ref = refs/heads/main` | manage object-family in compartment apps | `web-deploy-workload-policy` |",
    );
  });

  test("earns no finding as synthesized, with a looked-up domain OCID too", () => {
    expect([fired(docOf(rpstOut)), fired(docOf(gitlabOut))]).toEqual([[], []]);
  });

  test.each([
    [
      "the principal type condition is missing",
      (s: string) => s.replace("request.principal.type = 'identityfederateddomainapp', ", ""),
      "principal type",
    ],
    [
      "the domain condition is missing",
      (s: string) => s.replace(/request\.principal\.domain\.id = '[^']*', /, ""),
      "identity domain",
    ],
    [
      "the conditions are under any",
      (s: string) => s.replace("where all {", "where any {"),
      "principal type or the identity domain",
    ],
  ])("fails WIF-P5 when %s", (_name, change, missing) => {
    const doc = docOf(rpstOut);
    const policy = Object.values<any>(doc.resource.oci_identity_policy).find(
      (p) => p.name === "web-deploy-workload-policy",
    );
    policy.statements = policy.statements.map(change);
    expect(rpstGrantUnpinned.check(modelOf(doc, "wif")).map((f) => f.message)).toEqual([
      `policy "web-deploy-workload-policy": ${JSON.stringify(policy.statements[0])} does not pin the ${missing}`,
    ]);
  });
});
