// wif-init: the starter config it writes loads with the config loader, and it never overwrites.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, renderStarterConfig } from "../../app/init-cli";
import type { SynthIo } from "../../app/synth-cli";
import { loadConfig } from "../../config/load-config";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "wif-init-"));
  made.push(d);
  return d;
}

async function init(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: SynthIo = { env: {}, cwd, out: (l) => out.push(l), err: (l) => err.push(l) };
  return { code: await main(argv, io), out, err };
}

const URL = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";
const BASE = ["--domain-url", URL, "--region", "eu-frankfurt-1"];

describe("wif-init", () => {
  test("writes a config that the loader accepts, with one trust and service user per CI platform", async () => {
    const d = dir();
    const r = await init(
      [
        ...BASE,
        "--github-repo",
        "octo-org/app",
        "--github-repo",
        "octo-org/api",
        "--gitlab-project",
        "platform/tools/deploy",
      ],
      d,
    );
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out[0]).toBe("Wrote setupConfig.ini.");
    const { config, warnings } = loadConfig(join(d, "setupConfig.ini"));
    expect(config.oci.region).toBe("eu-frankfurt-1");
    expect(config.trusts.map((t) => t.issuer)).toEqual([
      "https://token.actions.githubusercontent.com",
      "https://gitlab.com",
    ]);
    expect(config.serviceUsers.map((u) => [u.userName, u.rules.length])).toEqual([
      ["github-ci", 2],
      ["gitlab-ci", 1],
    ]);
    // The policies are left for the user to write, and the loader says so.
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^no policy statements/),
      expect.stringMatching(/^no policy statements/),
    ]);
  });

  test("comments every key it does not set, and is deterministic", () => {
    const text = renderStarterConfig({
      domainUrl: URL,
      region: "us-ashburn-1",
      githubRepos: ["o/r"],
      gitlabProjects: [],
    });
    expect(text).toBe(
      renderStarterConfig({ domainUrl: URL, region: "us-ashburn-1", githubRepos: ["o/r"], gitlabProjects: [] }),
    );
    for (const key of [
      "name",
      "tenancy_ocid",
      "cli_profile",
      "token_exchange_app_name",
      "profile_name",
      "stack_name",
      "clock_skew_seconds",
      "group",
      "allow[]",
    ]) {
      expect(text).toContain(`\n; ${key} = `);
    }
    expect(text).not.toContain("gitlab");
  });

  test("fails when the file exists, and leaves it as it was", async () => {
    const d = dir();
    writeFileSync(join(d, "setupConfig.ini"), "mine\n");
    const r = await init([...BASE, "--github-repo", "o/r"], d);
    expect([r.code, r.out, r.err]).toEqual([
      2,
      [],
      ["error: setupConfig.ini exists; wif-init never overwrites. Pass --output <path> for a new file, or edit yours."],
    ]);
    expect(readFileSync(join(d, "setupConfig.ini"), "utf8")).toBe("mine\n");
  });

  test.each([
    [
      ["--region", "eu-frankfurt-1", "--github-repo", "o/r"],
      "error: --domain-url is required: your identity domain's URL, e.g. https://idcs-….identity.oraclecloud.com.",
    ],
    [
      ["--domain-url", URL, "--region", "Frankfurt", "--github-repo", "o/r"],
      'error: --region must be a region identifier such as us-ashburn-1; got "Frankfurt".',
    ],
    [
      BASE,
      "error: give at least one --github-repo <owner/repo> or --gitlab-project <group/project>: the CI that may sign in.",
    ],
    [
      [...BASE, "--github-repo", "o/r\n[x]"],
      'error: --github-repo must be owner/repo, e.g. octo-org/app; got "o/r\\n[x]".',
    ],
    [
      [...BASE, "--gitlab-project", "solo"],
      'error: --gitlab-project must be group/project (subgroups allowed), e.g. platform/deploy; got "solo".',
    ],
  ])("fails when given %j, writing nothing", async (argv, message) => {
    const d = dir();
    const r = await init(argv, d);
    expect([r.code, r.out, r.err]).toEqual([2, [], [message]]);
  });

  test("fails when the domain URL is one the config refuses, quoting the loader's problem", async () => {
    const d = dir();
    const r = await init(["--domain-url", "http://example.com", "--region", "us-ashburn-1", "--github-repo", "o/r"], d);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe("error: the flags give a config that does not load; nothing was written:");
    expect(r.err[1]).toMatch(/^error: {3}setupConfig\.ini:6 \[IdentityDomain\] iam_guid: /);
  });
});
