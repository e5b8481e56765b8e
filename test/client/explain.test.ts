import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../client/explain-cli";
import { fixture, synth } from "../support/stacks";
import { configFrom } from "../support/stacks";
import { makeJwt } from "../support/token-endpoint";
import { leaked, removeTempDirs, run, tempDir } from "./harness";

const GITHUB = "https://token.actions.githubusercontent.com";
// 2026-09-05T12:00:00Z, the time every check runs at (--at), and tokens valid around it.
const AT = "2026-09-05T12:00:00Z";
const NOW = Date.parse(AT) / 1000;

const OVERLAP_CONFIG = [
  "[IdentityDomain]",
  "iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
  "[OCIConfig]",
  "tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000",
  "region = us-ashburn-1",
  "[Trust github]",
  `issuer = ${GITHUB}`,
  "audience = oci-wif",
  "[ServiceUser org-reader]",
  "trust = github",
  "rule[] = github repo=octo-org/* any_ref",
  "allow[] = read objects in compartment apps",
  "[ServiceUser app-deployer]",
  "trust = github",
  "rule[] = github repo=octo-org/app branch=main",
  "allow[] = manage objects in compartment apps",
  "",
].join("\n");

let dir: string;
beforeAll(() => {
  dir = tempDir();
  mkdirSync(join(dir, "github"));
  writeFileSync(join(dir, "github", "cdk.tf.json"), synth(fixture("github").config).json);
  writeFileSync(join(dir, "overlap.ini"), OVERLAP_CONFIG);
  writeFileSync(join(dir, "overlap.tf.json"), synth(configFrom(OVERLAP_CONFIG).config).json);
  writeFileSync(join(dir, "handmade.tf.json"), JSON.stringify(handmadeStack()));
});
afterAll(removeTempDirs);

/** A stack as a hand-edited or imported one might look: literal user ids, an inactive trust, array claims. */
function handmadeStack() {
  const trust = (over: Record<string, unknown>) => ({
    name: "t",
    issuer: "https://issuer.example",
    active: true,
    allow_impersonation: true,
    impersonation_service_users: [{ rule: 'groups co "network-admin"', value: "3f1c0ffee" }],
    ...over,
  });
  return {
    resource: {
      oci_identity_domains_identity_propagation_trust: {
        Groups: trust({ name: "groups" }),
        Off: trust({ name: "off", issuer: "https://off.example", active: false }),
        NoImp: trust({ name: "noimp", issuer: "https://noimp.example", allow_impersonation: false }),
        Skew: trust({
          name: "skew",
          issuer: "https://skew.example",
          clock_skew_seconds: 120,
          impersonation_service_users: [{ rule: "sub eq a", value: "u" }],
        }),
      },
    },
  };
}

function token(claims: Record<string, unknown>): string {
  return makeJwt({
    iss: GITHUB,
    aud: "oci-wif-prod",
    sub: "repo:octo-org/web-app:ref:refs/heads/main",
    exp: NOW + 300,
    ...claims,
  });
}

async function explain(claims: Record<string, unknown>, ...source: string[]) {
  const jwt = token(claims);
  const r = await run(main, ["--token-env", "JWT", "--at", AT, ...(source.length ? source : ["--stack", "github"])], {
    cwd: dir,
    home: dir,
    env: { JWT: jwt },
  });
  expect(leaked([...r.out, ...r.err], [jwt])).toEqual([]);
  return r;
}

describe("wif-explain against a synthesized stack", () => {
  test("shows the claims, the trust checks and every rule, and names the service user the token becomes", async () => {
    const r = await explain({ jti: "x1" });
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual([
      "Token claims (decoded WITHOUT verifying the signature; OCI checks it against the trust's keys):",
      `  iss  ${GITHUB}`,
      "  aud  oci-wif-prod",
      "  sub  repo:octo-org/web-app:ref:refs/heads/main",
      `  exp  ${NOW + 300}  (2026-09-05 12:05:00 UTC)`,
      "  jti  x1",
      "",
      'Trust "github-actions" (oci_identity_domains_identity_propagation_trust.Wif_Trust-token-actions-githubusercontent-com_Trust_9EB241E5):',
      '  ok    iss is the issuer of trust "github-actions"',
      "  ok    the trust is active",
      "  ok    the trust allows impersonation",
      '  ok    aud "oci-wif-prod" is one of the trust\'s audiences',
      "  ok    the token is valid until 2026-09-05 12:05:00 UTC, for 5 min more",
      "",
      "Impersonation rules (OCI uses the first match, in an order Terraform does not control, so every match is listed):",
      "  no match  job_workflow_ref eq octo-org/infra/.github/workflows/deploy.yml@refs/heads/main  ->  ci-deployer",
      "            the token has no job_workflow_ref claim",
      "  no match  sub eq repo:octo-org/cli:ref:refs/tags/v*  ->  ci-releaser",
      '            the token\'s sub differs from the rule\'s value at character 15: the rule has "cli:ref:refs/tags/v", the token "web-app:ref:refs/heads/m…" (both start "repo:octo-org/")',
      "  no match  sub eq repo:octo-org/docs:*  ->  ci-reader",
      '            the token\'s sub differs from the rule\'s value at character 15: the rule has "docs:", the token "web-app:ref:refs/heads/m…" (both start "repo:octo-org/")',
      "  no match  sub eq repo:octo-org/web-app:pull_request  ->  ci-reader",
      '            the token\'s sub differs from the rule\'s value at character 23: the rule has "pull_request", the token "ref:refs/heads/main" (both start "repo:octo-org/web-app:")',
      "  match     sub eq repo:octo-org/web-app:ref:refs/heads/main  ->  ci-deployer",
      "  no match  sub eq repo:octo-org@1234567/api@89012345:environment:production  ->  ci-deployer",
      '            the token\'s sub differs from the rule\'s value at character 14: the rule has "@1234567/api@89012345:en…", the token "/web-app:ref:refs/heads/…" (both start "repo:octo-org")',
      "  no match  sub eq repo:octo-org@1234567/docs@55555555:*  ->  ci-reader",
      '            the token\'s sub differs from the rule\'s value at character 14: the rule has "@1234567/docs@55555555:", the token "/web-app:ref:refs/heads/…" (both start "repo:octo-org")',
      "",
      'Result: the token would become service user "ci-deployer".',
    ]);
  });

  test("fails when no rule matches, and names the closest rule and the part that differs", async () => {
    const r = await explain({ sub: "repo:octo-org/web-app:ref:refs/heads/dev" });
    expect(r.code).toBe(1);
    expect(r.out.slice(-3)).toEqual([
      "Result: refused: no impersonation rule matches the token.",
      "Closest rule: sub eq repo:octo-org/web-app:ref:refs/heads/main  ->  ci-deployer",
      '  the token\'s sub differs from the rule\'s value at character 38: the rule has "main", the token "dev" (both start "repo:octo-org/web-app:ref:refs/heads/").',
    ]);
  });

  test("points out GitHub's immutable-ID subject when the rule is written in the name form", async () => {
    const r = await explain({ sub: "repo:octo-org@1234567/web-app@424242:ref:refs/heads/main" });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '            the token\'s sub differs from the rule\'s value at character 14: the rule has "/web-app:ref:refs/heads/…", the token "@1234567/web-app@424242:…" (both start "repo:octo-org"). ' +
        "The token uses GitHub's immutable-ID subject (repo:owner@<id>/repo@<id>:…) and the rule the name form: write the rule with owner_id and repo_id",
    );
  });

  test("matches a trailing-* rule by prefix", async () => {
    const r = await explain({ sub: "repo:octo-org/cli:ref:refs/tags/v1.2.3" });
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toBe('Result: the token would become service user "ci-releaser".');
  });

  test.each([
    [
      "fails when the audience is not the trust's",
      { aud: "api://other" },
      '  FAIL  aud "api://other" is not one of the trust\'s audiences ("oci-wif-prod"); request the token for "oci-wif-prod"',
    ],
    [
      "fails when the token has expired",
      { exp: NOW - 600 },
      "  FAIL  the token expired at 2026-09-05 11:50:00 UTC, 10 min ago",
    ],
    [
      "fails when the token is not valid yet",
      { nbf: NOW + 3600 },
      "  FAIL  the token is not valid before 2026-09-05 13:00:00 UTC, 60 min from now",
    ],
    ["fails when the token has no exp claim", { exp: "soon" }, "  FAIL  the token has no numeric exp claim"],
  ])("%s, and says which user its rules would otherwise give", async (_name, claims, line) => {
    const r = await explain(claims);
    expect(r.code).toBe(1);
    expect(r.out).toContain(line);
    expect(r.out.at(-2)).toBe(`Result: refused: ${line.replace("  FAIL  ", "")}.`);
    expect(r.out.at(-1)).toBe('        (Its rules would otherwise map it to "ci-deployer".)');
  });

  test.each([
    [
      "fails when no trust has the token's issuer",
      { iss: "https://gitlab.com" },
      '  FAIL  no trust in github has issuer "https://gitlab.com" (issuers: https://token.actions.githubusercontent.com)',
    ],
    [
      "fails when the issuer differs only by a trailing slash",
      { iss: `${GITHUB}/` },
      `  FAIL  no trust has issuer "${GITHUB}/"; trust "github-actions" has "${GITHUB}", which differs only by a trailing "/" (the issuer must be exactly the token's iss)`,
    ],
  ])("%s", async (_name, claims, line) => {
    const r = await explain(claims);
    expect(r.code).toBe(1);
    expect(r.out.slice(-4)).toEqual([
      "Trusts in github:",
      line,
      "",
      `Result: refused: ${line.replace("  FAIL  ", "")}.`,
    ]);
  });
});

describe("wif-explain with overlapping rules", () => {
  test.each([
    ["--stack", "overlap.tf.json"],
    ["--config", "overlap.ini"],
  ])("says the result is ambiguous when rules of two users match (%s)", async (...source) => {
    const r = await explain({ aud: "oci-wif", sub: "repo:octo-org/app:ref:refs/heads/main" }, ...source);
    expect(r.code).toBe(1);
    expect(r.out.filter((l) => l.startsWith("  match")).sort()).toEqual([
      "  match     sub eq repo:octo-org/*  ->  org-reader",
      "  match     sub eq repo:octo-org/app:ref:refs/heads/main  ->  app-deployer",
    ]);
    expect(r.out.at(-1)).toBe(
      "Result: AMBIGUOUS: rules of 2 service users match (app-deployer, org-reader). OCI takes the first match in an order you do not control, so either could be chosen. Narrow the rules so that exactly one matches.",
    );
  });

  test("gives the same answer from setupConfig.ini as from its synthesized stack", async () => {
    const claims = { sub: "repo:octo-org/web-app:pull_request" };
    const fromStack = await explain(claims, "--stack", "github");
    const fromConfig = await explain(claims, "--config", join(__dirname, "..", "fixtures", "github.ini"));
    expect(fromConfig.out.at(-1)).toBe('Result: the token would become service user "ci-reader".');
    expect(fromConfig.out.at(-1)).toBe(fromStack.out.at(-1));
    const rules = (out: string[]) => out.filter((l) => /^ {2}(match|no match)/.test(l)).sort();
    expect(rules(fromConfig.out)).toEqual(rules(fromStack.out));
  });
});

describe("wif-explain on trusts set up by hand", () => {
  test("says that OCI compares string claims only when the claim is a list", async () => {
    const r = await explain(
      { iss: "https://issuer.example", groups: ["network-admin", "dev"] },
      "--stack",
      "handmade.tf.json",
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('  no match  groups co "network-admin"  ->  SCIM id 3f1c0ffee');
    expect(r.out).toContain(
      '            the token\'s groups is a list, and OCI rules compare string claims only (its element "network-admin" would match if it were a plain string)',
    );
  });

  test.each([
    [
      "fails when the trust is not active",
      "https://off.example",
      "  FAIL  the trust is not active (active defaults to false in OCI), so it accepts no token",
    ],
    [
      "fails when the trust does not allow impersonation",
      "https://noimp.example",
      "  FAIL  the trust does not allow impersonation, so its rules are not used (OCI then looks the subject up as a domain user, which cannot be checked offline)",
    ],
  ])("%s", async (_name, iss, line) => {
    const r = await explain({ iss, groups: "network-admin" }, "--stack", "handmade.tf.json");
    expect(r.code).toBe(1);
    expect(r.out).toContain(line);
  });

  test("allows the trust's clock skew on expiry", async () => {
    const r = await explain({ iss: "https://skew.example", sub: "a", exp: NOW - 60 }, "--stack", "handmade.tf.json");
    expect(r.code).toBe(0);
    expect(r.out).toContain("  ok    the token is valid until 2026-09-05 11:59:00 UTC, for 60 s more");
  });
});

describe("wif-explain input", () => {
  test("uses the only stack under cdktf.out/stacks when no source is given", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "cdktf.out", "stacks", "wif"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "stacks", "wif", "cdk.tf.json"), synth(fixture("github").config).json);
    const r = await run(main, ["--token-stdin", "--at", AT], { cwd, home: cwd, stdin: token({}) });
    expect(r.err).toEqual([
      "note: checking against cdktf.out/stacks/wif/cdk.tf.json (pass --stack or --config to choose).",
    ]);
    expect(r.code).toBe(0);
  });

  const cases: Array<[string, string[], Record<string, string>, string[]]> = [
    [
      "fails when both --stack and --config are given",
      ["--token-env", "JWT", "--stack", "a", "--config", "b"],
      {},
      ["error: give --stack or --config, not both."],
    ],
    [
      "fails when the stack does not exist",
      ["--token-env", "JWT", "--stack", "nope"],
      {},
      ["error: --stack nope: not found. Run `npm run synth` first, or pass --config setupConfig.ini."],
    ],
    [
      "fails when the stack is not a Terraform stack",
      ["--token-env", "JWT", "--stack", "not-a-stack.json"],
      {},
      [
        'error: --stack not-a-stack.json: not a synthesized Terraform stack (no "resource", "output" or "terraform" key). Point at cdktf.out, a stack directory or its cdk.tf.json.',
      ],
    ],
    [
      "fails when the stack holds no trust",
      ["--token-env", "JWT", "--stack", "empty.json"],
      {},
      [
        "error: --stack empty.json: holds no oci_identity_domains_identity_propagation_trust; is it the stack of a WIF config?",
      ],
    ],
    [
      "fails when --at is not a time",
      ["--token-env", "JWT", "--stack", "github", "--at", "noon"],
      {},
      ['error: --at must be an ISO 8601 time such as 2026-09-05T12:00:00Z; got "noon".'],
    ],
    [
      "fails when the token is not a JWT, without echoing it",
      ["--token-env", "JWT", "--stack", "github"],
      { JWT: "opaque-secret-value" },
      ["error: the subject token from --token-env JWT is not a JWT (expected three base64url parts separated by '.')."],
    ],
    ["fails when the GitHub source is asked for", ["--github"], {}, ["error: unknown flag --github. See --help."]],
    [
      "fails when the config has problems, listing them",
      ["--token-env", "JWT", "--config", "bad.ini"],
      {},
      [
        "error: 1 problem in bad.ini:",
        "  bad.ini [IdentityDomain]: section is missing. Add [IdentityDomain] with iam_guid = <domain URL>.",
      ],
    ],
  ];
  test("fails when the stack is not JSON, without the parser's words (they quote the file)", async () => {
    const r = await run(main, ["--token-env", "JWT", "--stack", "overlap.ini"], {
      cwd: dir,
      home: dir,
      env: { JWT: token({}) },
    });
    expect(r.err).toEqual(["error: --stack overlap.ini: is not valid JSON. Synthesize again with `npm run synth`."]);
    expect([r.code, r.out]).toEqual([2, []]);
  });

  test.each(cases)("%s", async (_name, argv, env, expected) => {
    writeFileSync(join(dir, "empty.json"), '{"resource": {}}');
    writeFileSync(join(dir, "not-a-stack.json"), "{}");
    writeFileSync(join(dir, "bad.ini"), "");
    const r = await run(main, argv, { cwd: dir, home: dir, env: { JWT: token({}), ...env } });
    expect(r.err).toEqual(expected);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
  });
});
