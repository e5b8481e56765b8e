// `wif-init`: a starter setupConfig.ini from a few flags, every key it leaves out shown commented. What it writes
// is checked with the config loader before anything is written, so it always loads.
import { existsSync, linkSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { listFlag, stringFlag, type FlagSpec } from "../cli/flags";
import { runCommand, type CommandSpec } from "../cli/command";
import { callerDirectory, type CliIo } from "../cli/io";
import { parseConfig } from "../config/load-config";
import { REGION } from "../core/constants";
import { github, GITHUB_ISSUER } from "../core/issuers/github";
import { gitlab, GITLAB_ISSUER } from "../core/issuers/gitlab";
import { EXIT, UsageError, WifError } from "../core/errors";
import { FILE_LIMITS } from "../core/bounded-file";
import { readNamedText } from "../core/place";
import { ConfigError, formatProblem } from "../core/problems";
import { writeFilesAtomically } from "../core/secret-file";

const FLAGS: Record<string, FlagSpec> = {
  "domain-url": {
    type: "string",
    value: "<url>",
    help: "the identity domain URL (Identity & Security > Domains > your domain > Domain URL)",
  },
  region: { type: "string", value: "<region>", help: "the domain's region, e.g. us-ashburn-1" },
  "github-repo": {
    type: "string",
    value: "<owner/repo>",
    multiple: true,
    help: "a GitHub repository whose main branch may deploy (repeatable)",
  },
  "gitlab-project": {
    type: "string",
    value: "<group/project>",
    multiple: true,
    help: "a gitlab.com project whose main branch may deploy (repeatable)",
  },
  output: {
    type: "string",
    value: "<path>",
    help: "where to write (default ./setupConfig.ini); an existing file is never overwritten",
  },
};

const COMMAND: CommandSpec = {
  name: "wif-init",
  synopsis: "--domain-url <url> --region <region> (--github-repo <owner/repo> | --gitlab-project <group/project>)...",
  about: [
    "Writes a starter setupConfig.ini: one trust per CI platform, one service user each, every other key commented;",
    "and a .gitignore beside it (or the lines it lacks) for the state, saved plans and runtimeConfig.ini.",
  ],
  flags: FLAGS,
  exitCodes: "0 written, 2 bad input or the file exists (nothing written)",
};

/**
 * What must never be committed from a config's folder: the Terraform state (it holds the client secret), saved
 * plans (they hold the state's values), Terraform's working folders, runtimeConfig.ini (the client secret again)
 * and the synthesized stacks.
 */
export const GITIGNORE_LINES = [
  "terraform.*.tfstate*",
  "terraform.tfstate*",
  "*.tfplan*",
  ".terraform*",
  "runtimeConfig.ini",
  "cdktf.out/",
] as const;

/** An identity domain's URL as the Console shows it: https://idcs-<id>.identity.oraclecloud.com, any realm, no path. */
const DOMAIN_URL = /^https:\/\/idcs-[a-z0-9]+\.identity\.[a-z0-9.-]+\/?$/i;
const GITHUB_REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.-]{1,100}(\/[A-Za-z0-9_.-]{1,100}){1,10}$/;

/** The inputs of a starter config. */
export interface StarterInputs {
  readonly domainUrl: string;
  readonly region: string;
  readonly githubRepos: readonly string[];
  readonly gitlabProjects: readonly string[];
}

/**
 * Runs `wif-init`. Returns the exit code: 0 written, 2 bad input or the file exists (nothing written).
 *
 * @param argv the arguments after the command name
 * @param io the process, or a test's stand-in
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => {
    const inputs = checkInputs({
      domainUrl: stringFlag(flags, "domain-url") ?? "",
      region: stringFlag(flags, "region") ?? "",
      githubRepos: listFlag(flags, "github-repo"),
      gitlabProjects: listFlag(flags, "gitlab-project"),
    });
    const shown = stringFlag(flags, "output") ?? "setupConfig.ini";
    const path = resolve(callerDirectory(io), shown);
    const text = renderStarterConfig(inputs);
    checkLoads(text, shown, dirname(path));
    writeNew(path, text, shown);
    const ignore = extendGitignore(dirname(path));
    for (const line of nextSteps(shown, inputs, ignore)) io.out(line);
    return EXIT.ok;
  });
}

/**
 * Writes `.gitignore` in `dir`, or adds to it the lines of {@link GITIGNORE_LINES} it lacks (under a comment that
 * says why); a .gitignore that is a link or not a regular file is left alone. Returns what was done, for the
 * summary.
 */
export function extendGitignore(dir: string): string {
  const file = join(dir, ".gitignore");
  let text = "";
  if (existsSync(file) || isLink(file)) {
    try {
      text = readNamedText(file, FILE_LIMITS.config);
    } catch {
      return `${file} was left as it is (not a regular file we may change); add ${GITIGNORE_LINES.join(", ")} to your ignore rules yourself.`;
    }
  }
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !have.has(l));
  if (!missing.length) return `${file} already ignores the state, saved plans and runtimeConfig.ini.`;
  const block = [
    "# oci-wif-cdktf: the Terraform state and runtimeConfig.ini hold the client secret; never commit them.",
    ...missing,
  ].join("\n");
  const content = text === "" ? `${block}\n` : `${text}${text.endsWith("\n") ? "" : "\n"}\n${block}\n`;
  writeFilesAtomically([{ path: file, content, mode: 0o644 }]);
  return text === "" ? `Wrote ${file}.` : `Added ${missing.join(", ")} to ${file}.`;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Checks the flags' values; throws UsageError naming the flag, the value and the fix. */
export function checkInputs(i: StarterInputs): StarterInputs {
  if (!i.domainUrl)
    throw new UsageError(
      "--domain-url is required: your identity domain's URL, e.g. https://idcs-….identity.oraclecloud.com.",
    );
  if (!DOMAIN_URL.test(i.domainUrl))
    throw new UsageError([
      `--domain-url must be your identity domain's own URL, https://idcs-<id>.identity.oraclecloud.com (a Console page's address is not one); got ${JSON.stringify(i.domainUrl)}.`,
      "Find it in the Console: Identity & Security > Domains > your domain > Details, Domain URL.",
    ]);
  if (!REGION.test(i.region))
    throw new UsageError(`--region must be a region identifier such as us-ashburn-1; got ${JSON.stringify(i.region)}.`);
  if (i.githubRepos.length + i.gitlabProjects.length === 0) {
    throw new UsageError(
      "give at least one --github-repo <owner/repo> or --gitlab-project <group/project>: the CI that may sign in.",
    );
  }
  for (const r of i.githubRepos)
    if (!GITHUB_REPO.test(r))
      throw new UsageError(`--github-repo must be owner/repo, e.g. octo-org/app; got ${JSON.stringify(r)}.`);
  for (const p of i.gitlabProjects) {
    if (!GITLAB_PROJECT.test(p))
      throw new UsageError(
        `--gitlab-project must be group/project (subgroups allowed), e.g. platform/deploy; got ${JSON.stringify(p)}.`,
      );
  }
  return i;
}

/** The starter config's text. Deterministic: the same inputs give the same bytes. */
export function renderStarterConfig(i: StarterInputs): string {
  const lines = [
    "; setupConfig.ini for oci-wif-cdktf, written by wif-init. Every key is described in README.md,",
    '; "Configuration reference". Keys commented out with ";" show their defaults or an example.',
    "",
    "[IdentityDomain]",
    "; The domain URL (Identity & Security > Domains > your domain > Domain URL).",
    `iam_guid = ${i.domainUrl}`,
    "; The domain's name, as policies name its groups ('<name>'/'<group>').",
    "; name = Default",
    "",
    "[OCIConfig]",
    `region = ${i.region}`,
    "; The tenancy, written to runtimeConfig.ini for the CI's profile (the session token names it too).",
    "; tenancy_ocid = ocid1.tenancy.oc1..<your tenancy>",
    "; The OCI CLI profile Terraform uses to deploy this.",
    "; cli_profile = DEFAULT",
    "",
    "[WIFConfig]",
    "; token_exchange_app_name = TokenExchangeClient",
    "; The profile wif-exchange writes in the CI job.",
    "; profile_name = wif",
    "; stack_name = wif",
  ];
  if (i.githubRepos.length) {
    lines.push(
      "",
      `[Trust ${github.id}]`,
      `issuer = ${GITHUB_ISSUER}`,
      "; The audience the job requests its token for.",
      "audience = oci-wif",
    );
    lines.push("; clock_skew_seconds = 60", "", `[ServiceUser ${github.id}-ci]`, `trust = ${github.id}`);
    lines.push("; Add owner_id=<id> repo_id=<id> to pin the repository against renames (see README.md, Rules).");
    // The rule names the owner, which pins this shared issuer to it (docs/issuers.md, the tenant pin).
    for (const r of i.githubRepos) lines.push(`rule[] = ${github.id} repo=${r} branch=main`);
    lines.push(
      "; group = github-ci-group",
      "; What the job may do: a policy statement after 'Allow group <group> to'.",
      "; allow[] = manage objects in compartment <compartment>",
    );
  }
  if (i.gitlabProjects.length) {
    lines.push(
      "",
      `[Trust ${gitlab.id}]`,
      `issuer = ${GITLAB_ISSUER}`,
      "; The aud of the job's id_tokens.",
      "audience = oci-wif",
    );
    lines.push("; clock_skew_seconds = 60", "", `[ServiceUser ${gitlab.id}-ci]`, `trust = ${gitlab.id}`);
    for (const p of i.gitlabProjects) lines.push(`rule[] = ${gitlab.id} project=${p} ref=main`);
    lines.push("; group = gitlab-ci-group", "; allow[] = manage objects in compartment <compartment>");
  }
  return lines.join("\n") + "\n";
}

/** Loads the text with the config loader: a value the flags let through but the config refuses is bad input. */
function checkLoads(text: string, shown: string, baseDir: string): void {
  try {
    parseConfig(text, shown, baseDir);
  } catch (err) {
    if (err instanceof ConfigError || WifError.is(err)) {
      const problems = err instanceof ConfigError ? err.problems.map(formatProblem) : [(err as Error).message];
      throw new UsageError([
        `a value of the flags is refused; nothing was written (the problems name the key the flag fills in ${shown}):`,
        ...problems.map((p) => `  ${p}`),
      ]);
    }
    throw err;
  }
}

/** Writes a new file: a temporary file linked into place, which fails if the target exists (never overwrites). */
function writeNew(path: string, text: string, shown: string): void {
  const temp = join(dirname(path), `.wif-init-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o644, flag: "wx" });
    linkSync(temp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UsageError(
        `${shown} exists; wif-init never overwrites. Pass --output <path> for a new file, or edit yours.`,
      );
    throw new UsageError(`cannot write ${shown} (${code ?? String(err)}); nothing was written.`);
  } finally {
    rmSync(temp, { force: true });
  }
}

function nextSteps(shown: string, i: StarterInputs, ignore: string): string[] {
  return [
    `Wrote ${shown}.`,
    ignore,
    "Next:",
    `  1. Edit ${shown}: uncomment allow[] with what the CI may do, and pin repositories with owner_id/repo_id.`,
    `  2. wif-synth --config ${shown}         (or: npm run synth -- --config ${shown})`,
    "  3. wif-review --outdir cdktf.out        (who can become whom; wif-plan runs it on the plan too)",
    `  4. wif-plan --config ${shown}, read it, then wif-deploy   (a redacted plan and its review; the apply writes runtimeConfig.ini)`,
    `  5. In the CI job: ${i.githubRepos.length ? "the GitHub Action (action.yml)" : ""}${i.githubRepos.length && i.gitlabProjects.length ? " or " : ""}${i.gitlabProjects.length ? "the GitLab component (templates/wif-exchange.yml)" : ""}, or wif-exchange.`,
  ];
}
