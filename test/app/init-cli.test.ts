// wif-init: the starter config it writes loads with the config loader, and it never overwrites.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GITIGNORE_LINES, main, renderStarterConfig } from "../../deploy/init-cli";
import type { CliIo } from "../../cli/io";
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
  const io: Partial<CliIo> = { env: {}, cwd, out: (l) => out.push(l), err: (l) => err.push(l) };
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

  test.each([
    ["a Console page", "https://cloud.oracle.com/identity/domains"],
    [
      "a Console page with a domain's OCID",
      "https://cloud.oracle.com/identity/domains/ocid1.domain.oc1..aaaa?region=us-ashburn-1",
    ],
    ["plain http", "http://example.com"],
    ["another host", "https://example.com"],
  ])("fails when the domain URL is %s, saying what a domain URL looks like and where to find it", async (_n, url) => {
    const d = dir();
    const r = await init(["--domain-url", url, "--region", "us-ashburn-1", "--github-repo", "o/r"], d);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `error: --domain-url must be your identity domain's own URL, https://idcs-<id>.identity.oraclecloud.com (a Console page's address is not one); got ${JSON.stringify(url)}.`,
      "Find it in the Console: Identity & Security > Domains > your domain > Details, Domain URL.",
    ]);
    expect(readdirSync(d)).toEqual([]);
  });

  test("writes a .gitignore beside the config for the state, saved plans and runtimeConfig.ini", async () => {
    const d = dir();
    const r = await init([...BASE, "--github-repo", "o/r"], d);
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe(`Wrote ${join(d, ".gitignore")}.`);
    expect(readFileSync(join(d, ".gitignore"), "utf8")).toBe(
      [
        "# oci-wif-cdktf: the Terraform state and runtimeConfig.ini hold the client secret; never commit them.",
        ...GITIGNORE_LINES,
        "",
      ].join("\n"),
    );
  });

  test("adds only the lines an existing .gitignore lacks, keeping what it had", async () => {
    const d = dir();
    writeFileSync(join(d, ".gitignore"), "node_modules/\n.terraform*\nruntimeConfig.ini");
    const r = await init([...BASE, "--github-repo", "o/r"], d);
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe(
      `Added terraform.*.tfstate*, terraform.tfstate*, *.tfplan*, cdktf.out/ to ${join(d, ".gitignore")}.`,
    );
    const text = readFileSync(join(d, ".gitignore"), "utf8");
    expect(text.startsWith("node_modules/\n.terraform*\nruntimeConfig.ini\n\n# oci-wif-cdktf:")).toBe(true);
    for (const line of GITIGNORE_LINES) expect(text.split("\n").filter((l) => l === line)).toEqual([line]);
    // A second config in the same folder adds nothing.
    const again = await init([...BASE, "--github-repo", "o/r", "--output", "other.ini"], d);
    expect(again.out[1]).toBe(`${join(d, ".gitignore")} already ignores the state, saved plans and runtimeConfig.ini.`);
    expect(readFileSync(join(d, ".gitignore"), "utf8")).toBe(text);
  });

  test("leaves a .gitignore that is a link alone, and says what to add", async () => {
    const d = dir();
    const outside = join(dir(), "elsewhere");
    writeFileSync(outside, "x\n");
    symlinkSync(outside, join(d, ".gitignore"));
    const r = await init([...BASE, "--github-repo", "o/r"], d);
    expect(r.code).toBe(0);
    expect(r.out[1]).toMatch(
      /^.*\.gitignore was left as it is \(not a regular file we may change\); add terraform\.\*\.tfstate\*/,
    );
    expect(readFileSync(outside, "utf8")).toBe("x\n");
  });

  test("the starter config names the real default app name and points at the plan/deploy path", async () => {
    const text = renderStarterConfig({
      domainUrl: URL,
      region: "us-ashburn-1",
      githubRepos: ["o/r"],
      gitlabProjects: [],
    });
    expect(text).toContain("; token_exchange_app_name = TokenExchangeClient");
    const d = dir();
    const r = await init([...BASE, "--github-repo", "o/r"], d);
    expect(r.out.join("\n")).toContain("wif-plan --config setupConfig.ini, read it, then wif-deploy");
    expect(r.out.join("\n")).not.toMatch(/cdktf (deploy|diff)/);
  });
});
