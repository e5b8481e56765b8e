import { whereVerdict } from "../../core/policy-condition";
import { alwaysTrueCondition, neverTrueCondition } from "../../core/policy-statement";

const USER = "ocid1.user.oc1..aaaaaaaaexampleuser0000000000000000000000000000000000000";
const GROUP = "ocid1.group.oc1..aaaaaaaaexamplegroup000000000000000000000000000000000000";

/** A statement body on buckets with the condition. */
const on = (where: string, resource = "buckets") => `read ${resource} in compartment ci where ${where}`;

describe("what a where condition constrains", () => {
  // Always true: the statement grants as if it had no where.
  test.each([
    ["a variable compared with itself", "request.user.id = request.user.id"],
    ["a variable compared with itself, differing in case", "request.user.id = REQUEST.USER.ID"],
    ["a pattern of only *", "target.bucket.name = /*/"],
    ["a pattern of several *", "target.bucket.name = /***/"],
    ["!= a non-OCID for an OCID variable", "request.user.id != 'nobody'"],
    ["!= a non-OCID for a target OCID variable", "target.compartment.id != 'none'"],
    ["!= an OCID of a realm that does not exist", `request.groups.id != '${GROUP.replace(".oc1.", ".oc77.")}'`],
    ["!= the empty string", "target.bucket.name != ''"],
    ["!= a value that is not a boolean", "request.user.mfaTotpVerified != 'yes'"],
    ["!= a region that does not exist", "request.region != 'mars'"],
    ["!= a value that cannot be a permission", "request.permission != 'read buckets'"],
    ["!= a value that cannot be an operation", "request.operation != 'List Buckets'"],
    ["!= a day that does not exist", "request.utc-timestamp.day-of-week != 'someday'"],
    ["!= a month that does not exist", "request.utc-timestamp.month-of-year != '13'"],
    ["two equal constants", "'a' = 'a'"],
    ["two equal constants, differing in case (OCI ignores case)", "'A' = 'a'"],
    ["two different constants with !=", "'a' != 'b'"],
    ["a constant matched by a pattern", "'ci-x' = /ci-*/"],
    ["any {…} with an always-true member", "any {target.bucket.name = 'x', request.user.id != 'nobody'}"],
    ["nested any in all, every member always true", "all {'a' = 'a', any {target.bucket.name = /*/, 'x' = 'y'}}"],
    ["any written without spaces", "any{target.bucket.name='x','a'='a'}"],
  ])("is always true for %s", (_name, where) => {
    expect(whereVerdict(on(where))?.verdict).toBe("always");
    expect(alwaysTrueCondition(on(where))).toEqual(expect.any(String));
    expect(neverTrueCondition(on(where))).toBeUndefined();
  });

  // Never true: the statement grants nothing.
  test.each([
    ["= a non-OCID for an OCID variable", "request.user.id = 'nobody'", "buckets"],
    ["!= a variable with itself", "target.bucket.name != target.bucket.name", "buckets"],
    ["!= a pattern of only *", "target.bucket.name != /*/", "buckets"],
    ["a bucket variable on instances", "target.bucket.name = 'x'", "instances"],
    ["a secret variable on buckets", `target.secret.id = '${USER}'`, "buckets"],
    ["all {…} with a never-true member", "all {target.bucket.name = 'x', 'a' = 'b'}", "buckets"],
    ["any {…} of never-true members", "any {'a' = 'b', request.region = 'mars'}", "buckets"],
  ])("is never true for %s", (_name, where, resource) => {
    expect(whereVerdict(on(where, resource))?.verdict).toBe("never");
    expect(neverTrueCondition(on(where, resource))).toEqual(expect.any(String));
    expect(alwaysTrueCondition(on(where, resource))).toBeUndefined();
  });

  // Real constraints.
  test.each([
    ["a bucket name", "target.bucket.name = 'ci-artifacts'", "buckets"],
    ["a bucket name pattern", "target.bucket.name = /ci-*/", "objects"],
    ["!= a real user's OCID", `request.user.id != '${USER}'`, "buckets"],
    ["= a real group's OCID", `request.groups.id = '${GROUP}'`, "buckets"],
    ["a permission", "request.permission = 'FN_INVOCATION'", "functions-family"],
    ["a region key", "request.region = 'iad'", "buckets"],
    ["a region name", "request.region != 'us-phoenix-1'", "buckets"],
    ["MFA", "request.user.mfaTotpVerified = 'true'", "buckets"],
    ["a time window", "request.utc-timestamp before '2027-01-01T00:00Z'", "buckets"],
    ["days of the week", "request.utc-timestamp.day-of-week in ('monday', 'tuesday')", "buckets"],
    ["all {…} of real constraints", "all {request.permission = 'BUCKET_READ', request.region = 'iad'}", "buckets"],
    ["any {…} with one real constraint and one never-true", "any {target.bucket.name = 'x', 'a' = 'b'}", "buckets"],
    ["a bucket variable on all-resources", "target.bucket.name = 'x'", "all-resources"],
    ["a bucket variable on a permission list", "target.bucket.name = 'x'", "{BUCKET_READ}"],
    ["a Terraform reference for an OCID", "target.secret.id = '${oci_vault_secret.s.id}'", "secret-bundles"],
    ["!= a Terraform reference for an OCID", "target.secret.id != '${oci_vault_secret.s.id}'", "secret-bundles"],
    ["two different variables", "target.compartment.id = request.principal.compartment.id", "buckets"],
  ])("narrows the grant for %s", (_name, where, resource) => {
    expect(whereVerdict(on(where, resource))).toEqual({ verdict: "narrows" });
    expect([alwaysTrueCondition(on(where, resource)), neverTrueCondition(on(where, resource))]).toEqual([
      undefined,
      undefined,
    ]);
  });

  test.each([
    ["an unclosed group", "any {target.bucket.name = 'x'"],
    ["an unknown operator", "target.bucket.name ~ 'x'"],
    ["a dangling comparison", "target.bucket.name ="],
  ])("claims nothing about %s", (_name, where) => {
    expect(whereVerdict(on(where))).toEqual({ verdict: "unknown" });
    expect([alwaysTrueCondition(on(where)), neverTrueCondition(on(where))]).toEqual([undefined, undefined]);
  });

  test("says which part decides, and why", () => {
    expect(alwaysTrueCondition(on("any {target.bucket.name = 'x', request.user.id != 'nobody'}"))).toBe(
      "request.user.id != 'nobody': request.user.id is an OCID (of a realm that exists), never 'nobody'",
    );
    expect(neverTrueCondition(on("target.bucket.name = 'x'", "instances"))).toBe(
      "target.bucket.name = 'x': target.bucket.name is not set for instances, and a condition on a variable a request lacks declines it",
    );
  });

  test("has nothing to say about a statement without where, or a whole statement", () => {
    expect(whereVerdict("read buckets in compartment ci")).toBeUndefined();
    expect(alwaysTrueCondition("Allow group 'Default'/'ci' to read buckets in compartment ci where 'a' = 'a'")).toEqual(
      expect.any(String),
    );
  });
});
