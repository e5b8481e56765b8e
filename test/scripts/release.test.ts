// scripts/release.ts: its dry run (the fast parts: no tests, no build) against a local registry, with git and gh
// wrapped to record every call, proving it publishes, tags, pushes and writes nothing while saying what it would do;
// and the refusals that stop a real run before anything happens.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changelogSection, parseTag } from "../../scripts/release";
import { startLocalRegistry, type LocalRegistry } from "../support/local-registry";
import { removeTemp, ROOT, sh, shAsync, temp } from "../support/packages";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
/** git subcommands that change nothing. */
const READ_ONLY_GIT = ["rev-parse", "status", "for-each-ref", "log", "show", "ls-remote", "cat-file"];

let registry: LocalRegistry;
let bin: string;
let logs: { git: string; gh: string };

beforeAll(async () => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  sh("npm", ["run", "-s", "build:client"], ROOT);
  registry = await startLocalRegistry();
  bin = temp("wif-release-bin-");
  logs = { git: join(bin, "git.log"), gh: join(bin, "gh.log") };
  const realGit = sh("sh", ["-c", "command -v git"], ROOT).trim();
  writeFileSync(join(bin, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logs.git}'\nexec '${realGit}' "$@"\n`);
  writeFileSync(join(bin, "gh"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logs.gh}'\nexit 1\n`);
  chmodSync(join(bin, "git"), 0o755);
  chmodSync(join(bin, "gh"), 0o755);
}, 120_000);
afterAll(async () => {
  await registry.close();
  removeTemp();
});

function release(args: string[]) {
  for (const log of Object.values(logs)) writeFileSync(log, "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    npm_config_registry: registry.url,
    npm_config_cache: temp("wif-release-cache-"),
    NODE_AUTH_TOKEN: "npm_plantedPublishToken0123456789",
    GH_TOKEN: "ghs_plantedGitHubToken0123456789",
  };
  delete env.GITHUB_REF_TYPE;
  delete env.GITHUB_REF_NAME;
  return shAsync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "release.ts"), ...args], ROOT, env);
}

/**
 * What a release could change here: the tags, HEAD, the working tree, tarballs left behind. (Not every ref: the
 * branches and the stash are shared with other worktrees of this repository, which may be busy meanwhile.)
 */
function repositoryState() {
  const git = (...args: string[]) => sh("git", args, ROOT);
  const tarballs = [ROOT, join(ROOT, "packages", "wif-client")].flatMap((d) =>
    readdirSync(d).filter((f) => f.endsWith(".tgz")),
  );
  return {
    tags: git("for-each-ref", "refs/tags"),
    head: git("rev-parse", "HEAD"),
    status: git("status", "--porcelain"),
    tarballs,
  };
}

const calls = (log: string) => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);

describe("the release script's dry run", () => {
  test("publishes, tags, pushes and writes nothing, and says what it would publish, tag and announce", async () => {
    const before = repositoryState();
    const r = await release(["--dry-run", "--skip-tests", "--skip-build"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`release v${VERSION} (dry run: nothing is published, tagged, pushed or written)`);
    for (const name of ["oci-wif-cdktf", "oci-wif-client"])
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ {2}publish {4}${name}@${VERSION} \\(\\d+ files, \\d+ kB packed\\): npm publish --ignore-scripts --provenance --access public --dry-run: would publish$`,
          ),
        ),
      );
    const head = before.head.trim().slice(0, 12);
    const major = `v${VERSION.split(".")[0]}`;
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^ {2}major tag {2}would move ${major} from .+ to ${head} and push it$`)),
    );
    const notesAt = lines.indexOf(`  release    would create the GitHub release v${VERSION} with these notes:`);
    expect(notesAt).toBeGreaterThan(0);
    const notes = changelogSection(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8"), VERSION)!.notes;
    expect(
      lines
        .slice(notesAt + 2)
        .join("\n")
        .trimEnd(),
    ).toBe(notes);

    // npm publish --dry-run ran against the registry (it asks whether the version exists) and sent it nothing.
    expect(registry.requests).toContain("GET /oci-wif-cdktf");
    expect(registry.requests).toContain("GET /oci-wif-client");
    expect(registry.requests.filter((q) => !q.startsWith("GET "))).toEqual([]);
    expect(calls(logs.gh)).toEqual([]);
    const gitCalls = calls(logs.git);
    expect(gitCalls.length).toBeGreaterThan(0);
    expect(gitCalls.filter((c) => !READ_ONLY_GIT.includes(c.split(" ")[0]))).toEqual([]);
    expect(repositoryState()).toEqual(before);
    for (const token of ["npm_plantedPublishToken0123456789", "ghs_plantedGitHubToken0123456789"])
      expect(r.stdout + r.stderr).not.toContain(token);
  }, 120_000); // packs and npm publish --dry-run twice, on a shared, busy machine

  test("refuses a tag that does not match both package.json versions, before anything else", async () => {
    const r = await release(["--tag", "v99.0.0"]);
    expect([r.code, r.stdout]).toEqual([1, "release v99.0.0\n"]);
    expect(r.stderr).toBe(
      `error: the tag is v99.0.0 but package.json says ${VERSION}, packages/wif-client/package.json says ${VERSION}, templates/wif-exchange.yml client-version says ${VERSION}: set them all to 99.0.0, commit, and tag that commit.\n` +
        'CHANGELOG.md has no section "## [99.0.0]" with notes: write what changed under it.\n',
    );
    expect(calls(logs.gh)).toEqual([]);
    expect(calls(logs.git)).toEqual([]);
  }, 30_000);

  test.each([
    [["--tag", "1.0.0"], 'error: --tag "1.0.0" is not a version tag; give v<major>.<minor>.<patch>, e.g. v0.1.0.'],
    [["--tag", "v1.0"], 'error: --tag "v1.0" is not a version tag; give v<major>.<minor>.<patch>, e.g. v0.1.0.'],
    [
      ["--tag", `v${VERSION}`, "--skip-tests"],
      "error: --skip-tests and --skip-build are for --dry-run only: a release always tests and builds.",
    ],
    [[], "error: give the tag to release: --tag v<version> (in CI: GITHUB_REF_NAME of a tag push)."],
    [["--dry-run", "--publish"], "error: unknown flag --publish. See --help."],
  ])(
    "fails with exit 2 when given %j",
    async (args, message) => {
      const r = await release(args);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, "", `${message}\n`]);
    },
    30_000,
  );
});

describe(".github/workflows/release.yml", () => {
  const workflow = (require("js-yaml") as { load(text: string): any }).load(
    readFileSync(join(ROOT, ".github", "workflows", "release.yml"), "utf8"),
  );
  const steps = workflow.jobs.release.steps as { uses?: string; run?: string; env?: Record<string, string> }[];

  test("runs on version tags only, one at a time, with no permission but the two a release needs", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*.*.*"] } });
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency).toEqual({ group: "release", "cancel-in-progress": false });
    expect(Object.keys(workflow.jobs)).toEqual(["release"]);
    expect(workflow.jobs.release.permissions).toEqual({ contents: "write", "id-token": "write" });
  });

  test("runs the release script, with the tag read by the script rather than spliced into a shell line", () => {
    const runs = steps.filter((s) => s.run).map((s) => s.run!.trim());
    expect(runs.at(-1)).toBe("node --import tsx scripts/release.ts");
    expect(runs).toContain("npm ci --no-audit --no-fund");
    expect(runs.filter((r) => r.includes("${{"))).toEqual([]);
    expect(Object.keys(steps.at(-1)!.env ?? {}).sort()).toEqual(["GH_TOKEN", "NODE_AUTH_TOKEN"]);
  });

  test("uses the Node 24 majors of the actions it runs (Node 20 left the runners on 2026-09-16)", () => {
    const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses).toEqual(["actions/checkout@v5", "actions/setup-node@v5"]);
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))).toMatchObject({ with: { "node-version": 24 } });
  });
});

describe("parseTag and changelogSection", () => {
  test("a tag gives its version, the Action's major tag, and whether it is a prerelease", () => {
    expect(parseTag("v0.1.0")).toEqual({ version: "0.1.0", major: "v0", prerelease: false });
    expect(parseTag("v12.3.4-rc.1")).toEqual({ version: "12.3.4-rc.1", major: "v12", prerelease: true });
  });

  test("finds a version's section, in either heading form, up to the next section", () => {
    const text =
      "# Changelog\n\n## [1.2.30] — 2027-01-02\n\nnot this\n\n## 1.2.3 — 2026-12-20\n\n- fixed\n\n## [1.2.2]\n\nold\n";
    expect(changelogSection(text, "1.2.3")).toEqual({ heading: "## 1.2.3 — 2026-12-20", notes: "- fixed" });
    expect(changelogSection(text, "1.2.30")?.notes).toBe("not this");
    expect(changelogSection(text, "1.2.2")?.notes).toBe("old");
    expect(changelogSection(text, "1.2")).toBeUndefined();
  });
});
