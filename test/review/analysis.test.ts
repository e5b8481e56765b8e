import { parseStatement } from "../../review/policy";
import { broadReason, crossOwnerReason, immutableTwinPattern, overlapOf, shapeOf } from "../../review/rule-analysis";
import { parseStack, referencesIn } from "../../core/stack";

describe("parseStatement", () => {
  test("reads subjects by name, by id, with and without a domain, and several at once", () => {
    const s = parseStatement(
      "Allow group 'Default'/'ci', group id ${oci_identity_domains_group.G.ocid}, dynamic-group ops/fn to read objects in compartment id ocid1.compartment.oc1..x where target.bucket.name = 'b'",
    );
    expect(s.subjects.map(({ kind, domain, name, id }) => ({ kind, domain, name, id }))).toEqual([
      { kind: "group", domain: "Default", name: "ci", id: undefined },
      { kind: "group", domain: undefined, name: undefined, id: "${oci_identity_domains_group.G.ocid}" },
      { kind: "dynamic-group", domain: "ops", name: "fn", id: undefined },
    ]);
    expect([s.parsed, s.verb, s.resource, s.location, s.where]).toEqual([
      true,
      "read",
      "objects",
      "compartment id ocid1.compartment.oc1..x",
      "target.bucket.name = 'b'",
    ]);
  });

  test("reads any-user, permission lists and tenancy-wide statements", () => {
    const s = parseStatement("allow any-user to use {SECRET_BUNDLE_READ} in tenancy");
    expect([s.subjects[0].kind, s.resource, s.location, s.where]).toEqual([
      "any-user",
      "{SECRET_BUNDLE_READ}",
      "tenancy",
      undefined,
    ]);
  });

  test("keeps statements it cannot read, unparsed, and non-Allow statements as not granting", () => {
    expect([
      parseStatement("Allow group x to do everything").parsed,
      parseStatement("Endorse group x to read objects in tenancy foo").isAllow,
    ]).toEqual([false, false]);
  });
});

describe("rule shapes", () => {
  test("take quotes and the trailing wildcard apart", () => {
    expect(shapeOf('"sub" eq "repo:o/r:*"')).toEqual({
      expression: '"sub" eq "repo:o/r:*"',
      valid: true,
      claim: "sub",
      operator: "eq",
      value: "repo:o/r:",
      prefix: true,
    });
    expect(shapeOf("sub is x").valid).toBe(false);
  });

  test.each<[string, string, string | undefined]>([
    ["sub eq repo:o/r:*", "sub eq repo:o/r:ref:refs/heads/main", "same-claim"],
    ["sub eq repo:o/r:ref:refs/heads/main", "sub eq repo:o/r:pull_request", undefined],
    ["sub eq repo:o/a*", "sub eq repo:o/b*", undefined],
    ["sub co prod", "sub eq repo:o/r:environment:prod", "same-claim"],
    ["sub co prod", "sub eq repo:o/r:ref:refs/heads/main", undefined],
    ["sub co a", "sub co b", "same-claim"],
    [
      "sub eq repo:o/r:ref:refs/heads/main",
      "job_workflow_ref eq o/w/.github/workflows/d.yml@refs/heads/main",
      "different-claims",
    ],
  ])("say whether %j and %j can match one token", (a, b, kind) => {
    expect([overlapOf(shapeOf(a), shapeOf(b)), overlapOf(shapeOf(b), shapeOf(a))]).toEqual([kind, kind]);
  });

  test("tell rules that leave the owner from broad rules within it", () => {
    const judge = (e: string) => [crossOwnerReason(shapeOf(e)) !== undefined, broadReason(shapeOf(e)) !== undefined];
    expect(
      [
        "sub eq *",
        "sub eq repo:octo*",
        "sub eq repo:octo-org/*",
        "sub eq repo:octo-org/app:ref:refs/heads/*",
        "sub eq project_path:ops*",
        "namespace_path eq ops",
      ].map(judge),
    ).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [true, false],
      [false, true],
    ]);
  });

  test("find the immutable-ID twin of a name-form GitHub subject", () => {
    const twin = immutableTwinPattern("sub eq repo:octo-org/app:ref:refs/heads/main")!;
    expect([
      twin.test("repo:octo-org@1/app@2:ref:refs/heads/main"),
      twin.test("repo:octo-org@1/other@2:ref:refs/heads/main"),
      immutableTwinPattern("sub eq repo:o@1/r@2:*"),
    ]).toEqual([true, false, undefined]);
  });
});

describe("reading a stack", () => {
  test("finds resource and local references, but not variables or functions", () => {
    expect(
      referencesIn({
        a: ['${replace(sensitive(oci_identity_domains_app.A_1.client_secret), "x.y", "%")}'],
        b: "${local.L} ${var.v} ${path.module}",
      }),
    ).toEqual([
      { type: "oci_identity_domains_app", name: "A_1", attribute: "client_secret" },
      { type: "local", name: "L" },
    ]);
  });

  test("throws for JSON that is not a Terraform stack", () => {
    expect(() => parseStack({ hello: 1 }, "x/cdk.tf.json", "x")).toThrow(
      'x/cdk.tf.json: not a synthesized Terraform stack (no "resource", "output" or "terraform" key). Point at cdktf.out, a stack directory or its cdk.tf.json.',
    );
  });
});
