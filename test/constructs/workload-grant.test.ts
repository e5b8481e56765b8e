import { PropagationTrust, type PropagationTrustProps } from "../../constructs/propagation-trust";
import { DomainOcidLookup, WorkloadGrant, type WorkloadGrantProps } from "../../constructs/workload-grant";
import { isPolicyStatementBody } from "../../core/policy-statement";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";
import type { TerraformStack } from "cdktf";

const GITHUB = "https://token.actions.githubusercontent.com";
const DOMAIN_OCID = "ocid1.domain.oc1..aaaaaaaaexampledomain";
const trustProps = (over: Partial<PropagationTrustProps> = {}): PropagationTrustProps => ({
  domain: DOMAIN,
  name: "gha",
  issuer: GITHUB,
  publicKeyEndpoint: `${GITHUB}/.well-known/jwks`,
  clients: [{ clientId: "c" }],
  audiences: ["oci"],
  mode: "resource",
  impersonatingResource: "github-actions",
  propagatedClaims: ["repository", "ref"],
  claimValidations: [{ name: "repository_owner_id", value: "1" }],
  ...over,
});
const grant = (s: TerraformStack, over: Partial<WorkloadGrantProps> = {}, trust = trustProps()) =>
  new WorkloadGrant(s, "G", {
    trust: new PropagationTrust(s, "T", trust),
    domainOcid: DOMAIN_OCID,
    compartmentId: "ocid1.compartment.oc1..aaaaaaaaexample",
    name: "deploy-rpst",
    statements: ["manage object-family in compartment apps"],
    claims: [
      { name: "repository", value: "octo-org/web" },
      { name: "ref", value: "refs/heads/main" },
    ],
    ...over,
  });

describe("WorkloadGrant", () => {
  test("grants any-user only with the principal type, the domain and each claim pinned", () => {
    const { doc } = synthOf((s) => grant(s));
    expect(only(doc, "oci_identity_policy")).toMatchObject({
      name: "deploy-rpst",
      statements: [
        "Allow any-user to manage object-family in compartment apps where all { request.principal.type = 'identityfederateddomainapp', " +
          `request.principal.domain.id = '${DOMAIN_OCID}', request.principal.ext_repository = 'octo-org/web', request.principal.ext_ref = 'refs/heads/main' }`,
      ],
    });
  });

  test("writes statements that the policy grammar accepts", () => {
    const { built } = synthOf((s) => grant(s));
    expect(built.statements.map((st) => isPolicyStatementBody(st.replace(/^Allow any-user to /, "")))).toEqual([true]);
  });

  test("looks the domain OCID up by URL when asked to", () => {
    const { doc } = synthOf((s) => {
      const lookup = new DomainOcidLookup(s, "Lookup", {
        domain: DOMAIN,
        compartmentId: "ocid1.tenancy.oc1..aaaaaaaaexample",
      });
      return grant(s, { domainOcid: lookup.domainOcid });
    });
    expect(only(doc.data ? { resource: doc.data } : {}, "oci_identity_domains")).toEqual({
      compartment_id: "ocid1.tenancy.oc1..aaaaaaaaexample",
      url: DOMAIN.url,
    });
    expect(only(doc, "oci_identity_policy").statements[0]).toContain(
      "request.principal.domain.id = '${data.oci_identity_domains.Lookup_Domains_",
    );
  });

  test.each<[string, Partial<WorkloadGrantProps>, string]>([
    [
      "no claims",
      { claims: [] },
      `'claims' must hold at least one claim condition; got []. Without one, every RPST of the domain gets these permissions.`,
    ],
    [
      "a claim the trust does not propagate",
      { claims: [{ name: "environment", value: "prod" }] },
      `'claims[0].name' is not propagated by the trust, so no RPST carries it; got "environment". Add it to the trust's propagated claims (now ["repository","ref"]; at most 3).`,
    ],
    [
      "a statement with its own where",
      { statements: ["read buckets in compartment a where target.bucket.name = 'x'"] },
      `'statements[0]' must not have a where clause; got "read buckets in compartment a where target.bucket.name = 'x'". The grant writes the conditions; give claims instead.`,
    ],
    [
      "a domain OCID that is not one",
      { domainOcid: "ocid1.tenancy.oc1..aaaaaaaaexample" },
      `'domainOcid' must be an identity domain OCID, ocid1.domain.oc1..<id>; got "ocid1.tenancy.oc1..aaaaaaaaexample".`,
    ],
    [
      "a claim value with a quote",
      { claims: [{ name: "ref", value: "x' or 'a'='a" }] },
      `'claims[0].value' must not contain quotes, backslashes or line breaks; got "x' or 'a'='a".`,
    ],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => grant(testStack(), over)).toThrow(message);
  });

  test("throws when the trust is not in mode resource", () => {
    expect(() =>
      grant(
        testStack(),
        {},
        { ...trustProps(), mode: "impersonation", impersonatingResource: undefined, propagatedClaims: undefined },
      ),
    ).toThrow(
      `WorkloadGrant at 'test/G': 'trust' must be a trust in mode "resource"; got "impersonation". Workload grants apply to RPSTs; set the trust's mode to resource.`,
    );
  });
});
