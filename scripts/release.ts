// The release, as .github/workflows/release.yml runs it on a version tag, and its dry run:
//
//   npm run release -- --dry-run                  what releasing package.json's version would do; publishes, tags,
//                                                 pushes and writes nothing (npm publish --dry-run for both packages)
//   npm run release -- --dry-run --skip-tests --skip-build    the fast parts only (test/scripts/release.test.ts)
//   node --import tsx scripts/release.ts --tag v0.1.0         the real thing (CI only: needs npm and gh credentials)
//
// Steps: the tag is v<version> of both package.json files (and the GitLab component's pinned client) and points at
// HEAD of a clean tree; `npm test`; `npm run build`, after which the tree must still be clean (the committed
// action/dist/ is what the sources build to); `npm publish --provenance --access public` of the library and of
// packages/wif-client (a version already on the registry is skipped, so a failed run can be re-run); the Action's
// major tag (v0, v1, …) moved to this commit and pushed; the GitHub release created with the notes of CHANGELOG.md's
// section for the version.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FlagSpec, stringFlag } from "../cli/flags";
import { runCommand, type CommandSpec } from "../cli/command";
import { type CliIo, withProcessDefaults } from "../cli/io";
import { EXIT, UsageError, WifError } from "../core/errors";
import { redact, registerSecret } from "../core/redact";

const ROOT = join(__dirname, "..");

const FLAGS: Record<string, FlagSpec> = {
  tag: {
    type: "string",
    value: "<vX.Y.Z>",
    help: "the tag to release (default $GITHUB_REF_NAME; with --dry-run, v<package.json version>)",
  },
  "dry-run": { type: "boolean", help: "publish, tag, push and write nothing; say what would be done" },
  "skip-tests": { type: "boolean", help: "with --dry-run: do not run npm test" },
  "skip-build": { type: "boolean", help: "with --dry-run: do not build (packs what is built)" },
};

const COMMAND: CommandSpec = {
  name: "scripts/release.ts",
  synopsis: "[--tag <vX.Y.Z>] [--dry-run [--skip-tests] [--skip-build]]",
  about: [
    "Releases the version a tag names: checks, tests, builds, publishes both npm packages with provenance, moves the",
    "Action's major tag and creates the GitHub release from CHANGELOG.md. With --dry-run nothing leaves this machine.",
  ],
  flags: FLAGS,
  exitCodes: "0 done, 1 refused or failed, 2 bad flags",
};

/** The packages a release publishes, by folder. */
export const PACKAGES = [".", "packages/wif-client"] as const;

/** A tag `v<semver>`; its version, and whether that is a prerelease (1.0.0-rc.1). */
export function parseTag(tag: string): { version: string; major: string; prerelease: boolean } {
  const m = /^v((\d+)\.\d+\.\d+(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?)$/.exec(tag);
  if (!m)
    throw new UsageError(
      `--tag ${JSON.stringify(tag)} is not a version tag; give v<major>.<minor>.<patch>, e.g. v0.1.0.`,
    );
  return { version: m[1], major: `v${m[2]}`, prerelease: m[3] !== undefined };
}

/**
 * The section of CHANGELOG.md for `version`: its heading (`## [0.1.0] — 2026-12-20`) and the text under it, up to
 * the next `## ` heading.
 */
export function changelogSection(changelog: string, version: string): { heading: string; notes: string } | undefined {
  const lines = changelog.split("\n");
  const escaped = version.replace(/[.+]/g, "\\$&");
  const start = lines.findIndex((l) => new RegExp(`^## \\[?${escaped}\\]?(\\s|$)`).test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return {
    heading: lines[start],
    notes: lines
      .slice(start + 1, end < 0 ? undefined : end)
      .join("\n")
      .trim(),
  };
}

/** A release that cannot go ahead: exit 1, with every reason. */
class ReleaseRefused extends WifError {
  constructor(lines: readonly string[]) {
    super("WIF-E-RELEASE", "failed", lines);
    this.name = "ReleaseRefused";
  }
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], inherit = false): Run {
  const r = spawnSync(command, [...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: inherit ? "inherit" : "pipe",
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function must(command: string, args: readonly string[], inherit = false): string {
  const r = run(command, args, inherit);
  if (r.status !== 0)
    throw new ReleaseRefused([
      `${command} ${args.join(" ")} failed (exit ${r.status}):`,
      ...tail(r.stderr || r.stdout),
    ]);
  return r.stdout;
}

/** The last lines of a command's output, safe to print. */
function tail(text: string, n = 15): string[] {
  return redact(text.trimEnd(), true).split("\n").slice(-n);
}

const git = (...args: string[]) => run("git", args);
const versionOf = (folder: string) =>
  JSON.parse(readFileSync(join(ROOT, folder, "package.json"), "utf8")) as { name: string; version: string };

/** The GitLab component's pinned client version (`client-version` input's default). */
function componentClientVersion(): string | undefined {
  const text = readFileSync(join(ROOT, "templates", "wif-exchange.yml"), "utf8");
  return /^ {4}client-version:\n(?: {6}.*\n)*? {6}default: *["']?([^"'\s]+)/m.exec(text)?.[1];
}

export interface ReleaseOptions {
  readonly tag?: string;
  readonly dryRun: boolean;
  readonly skipTests: boolean;
  readonly skipBuild: boolean;
  /** Where GITHUB_REF_TYPE and GITHUB_REF_NAME are read (a tag push names the tag). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What every step of one run knows. */
interface Step {
  readonly tag: string;
  readonly version: string;
  /** The Action's major tag: v0, v1, … */
  readonly major: string;
  readonly prerelease: boolean;
  readonly dry: boolean;
  readonly say: (line: string) => void;
}

/** The tag a run releases: `--tag`, else the pushed tag in CI, else (dry run) v<package.json version>. */
function tagOf(options: ReleaseOptions): string {
  const tag =
    options.tag ??
    (options.env.GITHUB_REF_TYPE === "tag" ? options.env.GITHUB_REF_NAME : undefined) ??
    (options.dryRun ? `v${versionOf(".").version}` : undefined);
  if (!tag) throw new UsageError("give the tag to release: --tag v<version> (in CI: GITHUB_REF_NAME of a tag push).");
  return tag;
}

/** What no run may pass: versions that differ from the tag's, and a version without notes. Returns the notes. */
function checkVersionsAndNotes(step: Step): { heading: string; notes: string } {
  const errors: string[] = [];
  const versions = {
    "package.json": versionOf(".").version,
    "packages/wif-client/package.json": versionOf("packages/wif-client").version,
    "templates/wif-exchange.yml client-version": componentClientVersion() ?? "(none)",
  };
  const mismatched = Object.entries(versions).filter(([, v]) => v !== step.version);
  if (mismatched.length) {
    const says = mismatched.map(([where, v]) => `${where} says ${v}`).join(", ");
    errors.push(`the tag is ${step.tag} but ${says}: set them all to ${step.version}, commit, and tag that commit.`);
  } else step.say(`  versions   ${Object.keys(versions).join(", ")}: ${step.version}`);
  const section = changelogSection(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8"), step.version);
  if (!section?.notes)
    errors.push(`CHANGELOG.md has no section "## [${step.version}]" with notes: write what changed under it.`);
  if (errors.length) throw new ReleaseRefused(errors);
  return section!;
}

/**
 * What only a real run needs: a dated section, the tag on HEAD, a clean tree. A real run stops on the first
 * report; a dry run says what a real one would stop on, and goes on. Returns HEAD and the tree's status.
 */
function checkReadiness(step: Step, heading: string): { head: string; dirty: string } {
  const notReady: string[] = [];
  if (/unreleased/i.test(heading)) notReady.push(`CHANGELOG.md's heading "${heading}" still says unreleased: date it.`);
  const head = git("rev-parse", "HEAD").stdout.trim();
  const tagged = git("rev-parse", "-q", "--verify", `refs/tags/${step.tag}^{commit}`).stdout.trim();
  if (tagged !== head)
    notReady.push(
      tagged
        ? `the tag ${step.tag} is on ${tagged.slice(0, 12)}, not on HEAD (${head.slice(0, 12)}).`
        : `there is no tag ${step.tag} yet.`,
    );
  const dirty = git("status", "--porcelain").stdout.trimEnd();
  if (dirty) notReady.push(`the working tree has changes: ${dirty.split("\n").length} paths differ from HEAD.`);
  step.say(`  commit     ${head}${tagged === head ? ` (${step.tag})` : ""}`);
  notReadyIf(step, notReady);
  return { head, dirty };
}

function notReadyIf(step: Step, reasons: readonly string[]): void {
  if (reasons.length && !step.dry) throw new ReleaseRefused(reasons);
  for (const reason of reasons) step.say(`  not ready  ${reason} (a real run would stop here)`);
}

/** `npm test`, then `npm run build`, which must leave the tree as it was (the committed action/dist/ is current). */
function testAndBuild(step: Step, options: ReleaseOptions, dirty: string): void {
  if (options.skipTests) step.say("  tests      skipped (--skip-tests)");
  else {
    must("npm", ["test"], true);
    step.say("  tests      npm test passed");
  }
  if (options.skipBuild) {
    step.say("  build      skipped (--skip-build): packing what is built");
    return;
  }
  must("npm", ["run", "build"], true);
  const after = git("status", "--porcelain").stdout.trimEnd();
  if (after === dirty) step.say("  build      npm run build: the committed action/dist/ is what the sources build to");
  else
    notReadyIf(step, [
      `the build changed tracked files (${after.split("\n").length} paths; a stale action/dist/?): run npm run build:action and commit.`,
    ]);
}

/** Packs both packages into `work` and publishes each tarball (a dry run: `npm publish --dry-run`). */
function publish(step: Step, work: string): void {
  const packed = JSON.parse(
    must("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work, ...PACKAGES.map((p) => `./${p}`)]),
  ) as { name: string; version: string; filename: string; entryCount: number; size: number }[];
  for (const p of packed) {
    const id = `${p.name}@${p.version}`;
    const published = run("npm", ["view", id, "version"]);
    if (published.status === 0 && published.stdout.trim() === p.version) {
      step.say(`  publish    ${id}: already on the registry, skipped`);
      continue;
    }
    const flags = ["--ignore-scripts", "--provenance", "--access", "public"];
    if (step.prerelease) flags.push("--tag", "next");
    if (step.dry) flags.push("--dry-run");
    must("npm", ["publish", join(work, p.filename), ...flags]);
    const size = `${p.entryCount} files, ${(p.size / 1024).toFixed(0)} kB packed`;
    step.say(
      `  publish    ${id} (${size}): npm publish ${flags.join(" ")}: ${step.dry ? "would publish" : "published"}`,
    );
  }
}

/** Moves the Action's major tag to `head` and pushes it; a prerelease leaves it alone. */
function moveMajorTag(step: Step, head: string): void {
  if (step.prerelease) {
    step.say(`  major tag  ${step.major} stays where it is: ${step.tag} is a prerelease`);
    return;
  }
  const was = git("rev-parse", "-q", "--verify", `refs/tags/${step.major}^{commit}`).stdout.trim();
  const move = `${step.major} from ${was ? was.slice(0, 12) : "(not here)"} to ${head.slice(0, 12)}`;
  if (step.dry) {
    step.say(`  major tag  would move ${move} and push it`);
    return;
  }
  must("git", ["tag", "--force", step.major, head]);
  must("git", ["push", "--force", "origin", `refs/tags/${step.major}`]);
  step.say(`  major tag  moved ${move} and pushed it`);
}

/** Creates the GitHub release with `notes`; a dry run prints them. */
function createRelease(step: Step, notes: string, work: string): void {
  if (step.dry) {
    step.say(
      `  release    would create the GitHub release ${step.tag}${step.prerelease ? " (prerelease)" : ""} with these notes:`,
    );
    step.say("");
    for (const line of redact(notes, true).split("\n")) step.say(line);
    return;
  }
  const file = join(work, "notes.md");
  writeFileSync(file, `${notes}\n`);
  const args = ["release", "create", step.tag, "--verify-tag", "--title", step.tag, "--notes-file", file];
  must("gh", step.prerelease ? [...args, "--prerelease"] : args);
  step.say(`  release    created the GitHub release ${step.tag}`);
}

/** Runs the release (or its dry run), printing one line per step to `say`. */
export function release(options: ReleaseOptions, say: (line: string) => void): void {
  if (!options.dryRun && (options.skipTests || options.skipBuild))
    throw new UsageError("--skip-tests and --skip-build are for --dry-run only: a release always tests and builds.");
  const tag = tagOf(options);
  const step: Step = { tag, ...parseTag(tag), dry: options.dryRun, say };
  say(`release ${tag}${step.dry ? " (dry run: nothing is published, tagged, pushed or written)" : ""}`);
  const { heading, notes } = checkVersionsAndNotes(step);
  const { head, dirty } = checkReadiness(step, heading);
  testAndBuild(step, options, dirty);
  const work = mkdtempSync(join(tmpdir(), "wif-release-"));
  try {
    publish(step, work);
    moveMajorTag(step, head);
    createRelease(step, notes, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The command (through the commands' frame, cli/command.ts): exit 0 done, 1 refused or failed, 2 bad flags. */
export function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  const io = withProcessDefaults(rawIo);
  return runCommand(COMMAND, argv, io, async (flags, out) => {
    registerSecret(io.env.NODE_AUTH_TOKEN);
    registerSecret(io.env.GH_TOKEN);
    release(
      {
        tag: stringFlag(flags, "tag"),
        dryRun: flags["dry-run"] === true,
        skipTests: flags["skip-tests"] === true,
        skipBuild: flags["skip-build"] === true,
        env: io.env,
      },
      out.out,
    );
    return EXIT.ok;
  });
}

if (require.main === module) main(process.argv.slice(2)).then((code) => (process.exitCode = code));
