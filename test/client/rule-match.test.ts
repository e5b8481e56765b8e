import { evaluateRule } from "../../client/rule-match";

describe("evaluateRule", () => {
  const claims = {
    sub: "repo:octo-org/app:ref:refs/heads/main",
    groups: ["ops", "dev"],
    level: 3,
    team: "Platform",
  };

  test.each([
    [
      "matches eq on the whole value",
      "sub eq repo:octo-org/app:ref:refs/heads/main",
      "match",
      "the token's sub equals the rule's value",
    ],
    [
      "matches eq with a trailing * by prefix",
      "sub eq repo:octo-org/*",
      "match",
      'the token\'s sub starts with "repo:octo-org/"',
    ],
    [
      "matches a quoted value and a quoted claim name",
      '"sub" eq "repo:octo-org/app:ref:refs/heads/main"',
      "match",
      "the token's sub equals the rule's value",
    ],
    [
      "matches co when the claim contains the value",
      "sub co octo-org/app",
      "match",
      'the token\'s sub contains "octo-org/app"',
    ],
    [
      "fails when eq meets a longer claim without a wildcard",
      "sub eq repo:octo-org/app",
      "no-match",
      'the token\'s sub "repo:octo-org/app:ref:refs/heads/main" goes on after the rule\'s value "repo:octo-org/app" (with "eq" the whole value must be equal; end it with "*" to match the start)',
    ],
    [
      "fails when the claim ends before the rule's value",
      "sub eq repo:octo-org/app:ref:refs/heads/main-2",
      "no-match",
      'the token\'s sub "repo:octo-org/app:ref:refs/heads/main" ends where the rule still expects "-2"',
    ],
    [
      "fails when the values differ, naming the character",
      "sub eq repo:octo-org/api:*",
      "no-match",
      'the token\'s sub differs from the rule\'s value at character 17: the rule has "i:", the token "p:ref:refs/heads/main" (both start "repo:octo-org/ap")',
    ],
    [
      "fails when co finds only part of the value",
      "sub co octo-org/apx",
      "no-match",
      'the token\'s sub "repo:octo-org/app:ref:refs/heads/main" does not contain "octo-org/apx"; the longest start of it that does occur is "octo-org/ap"',
    ],
    ["fails when the claim is missing", "environment eq production", "no-match", "the token has no environment claim"],
    [
      "fails when the claim is a list, naming the element that would match",
      "groups co ops",
      "unsupported",
      'the token\'s groups is a list, and OCI rules compare string claims only (its element "ops" would match if it were a plain string)',
    ],
    [
      "fails when the claim is a number",
      "level eq 3",
      "unsupported",
      "the token's level is a number, and OCI rules compare string claims only",
    ],
    [
      "fails when only letter case differs, and says so",
      "team eq platform",
      "no-match",
      'the token\'s team differs from the rule\'s value at character 1: the rule has "platform", the token "Platform"; they differ only in upper/lower case, which OCI is taken to compare exactly',
    ],
    [
      "fails when * is not at the end, comparing it literally",
      "sub eq repo:*/app:ref:refs/heads/main",
      "no-match",
      'the token\'s sub differs from the rule\'s value at character 6: the rule has "*/app:ref:refs/heads/mai…", the token "octo-org/app:ref:refs/he…" (both start "repo:") ("*" works only at the end of a value, so here it is an ordinary character)',
    ],
    [
      "fails when the rule is not OCI's syntax",
      "sub equals x",
      "invalid",
      'not a rule of the form "<claim> eq|co <value>", so it can never match',
    ],
  ])("%s", (_name, expression, outcome, reason) => {
    const r = evaluateRule(expression, claims);
    expect([r.outcome, r.reason]).toEqual([outcome, reason]);
  });

  test("points out a rule in GitHub's immutable-ID form for a token in the name form of the same repository", () => {
    const r = evaluateRule("sub eq repo:octo-org@1234/app@5678:ref:refs/heads/main", claims);
    expect(r.reason).toBe(
      'the token\'s sub differs from the rule\'s value at character 14: the rule has "@1234/app@5678:ref:refs/…", the token "/app:ref:refs/heads/main" (both start "repo:octo-org"). ' +
        "The rule uses GitHub's immutable-ID subject and the token the name form (repo:owner/repo:…): use subject=both or subject=name",
    );
  });

  test("rates a rule that agrees with more of the claim as closer", () => {
    const near = evaluateRule("sub eq repo:octo-org/app:ref:refs/heads/dev", claims);
    const far = evaluateRule("sub eq repo:other/app:ref:refs/heads/main", claims);
    expect(near.closeness).toBeGreaterThan(far.closeness);
    expect([near.closeness, far.closeness]).toEqual([33, 6]);
  });
});
