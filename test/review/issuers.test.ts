// The review's rules on a stack of each issuer family (core/issuers/): every fixture is clean of errors; rules that
// reach past the tenant (WIF-R1), broad ones (WIF-R2), overlaps (WIF-R4) and unpinned shared issuers (WIF-T6) are
// found in each family's own subject forms.
import { RULES } from "../../review/rules";
import { fixture, synth } from "../support/stacks";
import { modelOf } from "./support";

const FAMILIES = [
  "bitbucket",
  "azure-devops",
  "circleci",
  "buildkite",
  "terraform",
  "kubernetes",
  "entra",
  "google",
  "aws",
  "spacelift",
  "env0",
];

/** Every finding of every rule on the stack, `<rule> <message>`. */
function review(doc: unknown): string[] {
  const model = modelOf(doc, "wif");
  return RULES.flatMap((r) => r.check(model).map((f) => `${r.id} ${f.message}`));
}

/** The fixture's stack with its trust's rules replaced by `rules`, each mapped to the fixture's first user. */
function withRules(name: string, rules: string[]): unknown {
  const { doc } = synth(fixture(name).config);
  const trusts = doc.resource.oci_identity_domains_identity_propagation_trust;
  const trust = trusts[Object.keys(trusts)[0]];
  const value = trust.impersonation_service_users[0].value;
  const ocid = trust.impersonation_service_users[0].ocid;
  trust.impersonation_service_users = rules.map((rule) => ({ rule, value, ocid }));
  delete trust.claim_validations;
  return doc;
}

/** The warnings each fixture earns on purpose: rules as broad as the platform's subjects allow. */
const KNOWN: Record<string, string[]> = {
  bitbucket: ["WIF-R2"],
  circleci: ["WIF-R2"],
  kubernetes: ["WIF-R2"],
};

describe.each(FAMILIES)("the review of the %s fixture", (name) => {
  test("finds no error, and only the warnings it is known to earn", () => {
    expect(review(synth(fixture(name).config).doc).map((f) => f.split(" ")[0])).toEqual(KNOWN[name] ?? []);
  });
});

describe("each family's subjects", () => {
  test.each<[string, string, string]>([
    [
      "buildkite",
      "sub eq organization:ac*",
      'WIF-R1 rule "sub eq organization:ac*" of trust "wif-buildkite" (→ bk-deployer) matches other organizations too: its wildcard ends inside the organization name ("organization:ac*")',
    ],
    [
      "terraform",
      "sub eq organization:acme*",
      'WIF-R1 rule "sub eq organization:acme*" of trust "wif-hcp" (→ tf-apply) matches other organizations too: its wildcard ends inside the organization name ("organization:acme*")',
    ],
    [
      "kubernetes",
      "sub eq system:serviceaccount:c*",
      'WIF-R1 rule "sub eq system:serviceaccount:c*" of trust "wif-eks" (→ k8s-deployer) matches other namespaces too: its wildcard ends inside the namespace name ("system:serviceaccount:c*")',
    ],
    [
      "google",
      "sub eq 1122*",
      'WIF-R1 rule "sub eq 1122*" of trust "wif-google" (→ run-reader) matches other Google customers\' service accounts too: a prefix of the numeric ID ("1122*") names no account',
    ],
    [
      "kubernetes",
      "sub eq system:serviceaccount:ci:*",
      'WIF-R2 rule "sub eq system:serviceaccount:ci:*" of trust "wif-eks" (→ k8s-deployer) matches every service account of namespace ci',
    ],
    [
      "terraform",
      "sub eq organization:acme:*",
      'WIF-R2 rule "sub eq organization:acme:*" of trust "wif-hcp" (→ tf-apply) matches every project and workspace of organization acme',
    ],
    [
      "aws",
      "sub eq arn:aws:iam::123456789012:role/*",
      'WIF-R2 rule "sub eq arn:aws:iam::123456789012:role/*" of trust "wif-aws" (→ lambda-deployer) matches every role of account 123456789012',
    ],
    [
      "spacelift",
      "sub eq space:root:stack:oci-prod:*",
      'WIF-R2 rule "sub eq space:root:stack:oci-prod:*" of trust "wif-spacelift" (→ sl-planner) matches every run (read and write) of stack oci-prod',
    ],
    [
      "circleci",
      "sub eq org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/*",
      'WIF-R2 rule "sub eq org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/*" of trust "wif-circleci" (→ circle-deployer) matches every project of organization 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    ],
    [
      "azure-devops",
      "sub eq p://contoso/web/*",
      'WIF-R2 rule "sub eq p://contoso/web/*" of trust "wif-azure-devops" (→ ado-deployer) matches every pipeline of project contoso/web',
    ],
  ])("%s: %s", (name, rule, finding) => {
    expect(review(withRules(name, [rule]))).toContain(finding);
  });

  test.each<[string, string]>([
    ["buildkite", "build_branch eq main"],
    ["terraform", "terraform_run_phase eq apply"],
    ["google", "email_verified eq true"],
    ["env0", "deploymentType eq deploy"],
  ])("WIF-T6 finds the %s rule %s, which names no tenant of a shared issuer", (name, rule) => {
    expect(review(withRules(name, [rule])).filter((f) => f.startsWith("WIF-T6"))).toHaveLength(1);
  });

  test("an issuer of one tenant needs no pin: WIF-T6 stays quiet for a rule that names none", () => {
    for (const [name, rule] of [
      ["aws", "aud eq oci-wif"],
      ["kubernetes", "aud eq oci-wif"],
      ["spacelift", "runType eq TRACKED"],
    ])
      expect(review(withRules(name, [rule])).filter((f) => f.startsWith("WIF-T6"))).toEqual([]);
  });

  test("WIF-R4 finds two users' overlapping rules in any family's subjects", () => {
    const { doc } = synth(fixture("kubernetes").config);
    const trusts = doc.resource.oci_identity_domains_identity_propagation_trust;
    const eks = Object.values<any>(trusts).find((t) => t.issuer.includes("eks"));
    const [first] = eks.impersonation_service_users;
    const other = Object.values<any>(trusts).find((t) => t !== eks).impersonation_service_users[0];
    eks.impersonation_service_users = [first, { ...other, rule: "sub eq system:serviceaccount:ci:*" }];
    expect(review(doc).filter((f) => f.startsWith("WIF-R4"))).toHaveLength(1);
  });
});
