import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../client/explain-cli";
import { fixture, synth } from "../support/stacks";
import { makeJwt } from "../support/token-endpoint";
import { removeTempDirs, run, tempDir } from "./harness";

const AT = "2026-09-05T12:00:00Z";
const NOW = Date.parse(AT) / 1000;
let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeFileSync(join(dir, "user.tf.json"), synth(fixture("user-context").config).json);
  writeFileSync(join(dir, "rpst.tf.json"), synth(fixture("rpst").config).json);
});
afterAll(removeTempDirs);

async function explain(claims: Record<string, unknown>, stack: string) {
  const jwt = makeJwt({ iat: NOW - 10, exp: NOW + 300, ...claims });
  return run(main, ["--token-env", "JWT", "--at", AT, "--stack", stack], { cwd: dir, home: dir, env: { JWT: jwt } });
}
const CORP = { iss: "https://login.corp.example.com/oauth2/default", aud: "api://oci", tenant_id: "corp-prod" };
const GITHUB = {
  iss: "https://token.actions.githubusercontent.com",
  aud: "oci-wif-prod",
  repository_owner_id: "1234567",
};

describe("wif-explain on a user-context trust", () => {
  test("says which domain user the token becomes", async () => {
    const r = await explain({ ...CORP, sub: "alice@corp.example.com" }, "user.tf.json");
    expect(r.code).toBe(0);
    expect(r.out.slice(-4)).toEqual([
      'User context: OCI looks up the existing domain user whose userName equals the token\'s sub ("alice@corp.example.com")',
      "  and issues a UPST for that user, with that user's own groups and policies. Whether such a user exists cannot be checked offline.",
      "",
      'Result: the token would become domain user userName == "alice@corp.example.com".',
    ]);
  });

  test("fails when the token does not meet the trust's claim validation", async () => {
    const r = await explain({ ...CORP, tenant_id: "corp-dev", sub: "alice" }, "user.tf.json");
    expect(r.code).toBe(1);
    expect(r.out).toContain('  FAIL  tenant_id is "corp-dev"; the trust\'s claim validation requires "corp-prod"');
  });
});

describe("wif-explain on a resource (RPST) trust", () => {
  test("says when no workload grant matches the token's claims, from the config as from the stack", async () => {
    const claims = {
      ...GITHUB,
      sub: "repo:octo-org/docs:ref:refs/heads/main",
      repository: "octo-org/docs",
      ref: "refs/heads/main",
    };
    const fromStack = await explain(claims, "rpst.tf.json");
    const jwt = makeJwt({ iat: NOW - 10, exp: NOW + 300, ...claims });
    const fromConfig = await run(
      main,
      ["--token-env", "JWT", "--at", AT, "--config", join(__dirname, "..", "fixtures", "rpst.ini")],
      { cwd: dir, home: dir, env: { JWT: jwt } },
    );
    for (const r of [fromStack, fromConfig]) {
      expect(r.out).toContain(
        "No workload grant of this stack matches those claims, so the RPST could do nothing it grants.",
      );
    }
  });

  test("lists the web-deploy grant for a main-branch token of the web app, read from the config", async () => {
    const claims = {
      ...GITHUB,
      sub: "repo:octo-org/web-app:ref:refs/heads/main",
      repository: "octo-org/web-app",
      ref: "refs/heads/main",
    };
    const jwt = makeJwt({ iat: NOW - 10, exp: NOW + 300, ...claims });
    const r = await run(
      main,
      ["--token-env", "JWT", "--at", AT, "--config", join(__dirname, "..", "fixtures", "rpst.ini")],
      { cwd: dir, home: dir, env: { JWT: jwt } },
    );
    expect(r.out).toContain("  manage object-family in compartment apps  (policy web-deploy-workload-policy)");
  });

  test("says what the RPST would carry for policy conditions", async () => {
    const r = await explain(
      {
        ...GITHUB,
        sub: "repo:octo-org/api:environment:production",
        repository: "octo-org/api",
        ref: "refs/heads/main",
        environment: "production",
      },
      "rpst.tf.json",
    );
    expect(r.code).toBe(0);
    expect(r.out.slice(-10)).toEqual([
      'Resource principal: with res_type "github-actions", OCI issues an RPST (up to 12 h) that carries, for policy conditions',
      "(request.principal.ext_<claim>; which other claims it carries is unverified):",
      '  ext_repository = "octo-org/api"',
      '  ext_ref = "refs/heads/main"',
      '  ext_environment = "production"',
      "Workload grants whose conditions it would meet (type and domain aside):",
      "  use functions-family in compartment apps  (policy api-prod-rpst)",
      "  read secret-bundles in compartment apps  (policy api-prod-rpst)",
      "",
      "Result: the token would become resource principal github-actions.",
    ]);
  });

  test("fails when the owner is not the one the trust validates", async () => {
    const r = await explain(
      { ...GITHUB, repository_owner_id: "666", sub: "repo:evil/x:ref:refs/heads/main" },
      "rpst.tf.json",
    );
    expect(r.code).toBe(1);
    expect(r.out[r.out.length - 1]).toBe(
      'Result: refused: repository_owner_id is "666"; the trust\'s claim validation requires "1234567".',
    );
  });
});
