// `wif-init`: a starter setupConfig.ini from a few flags, every key it leaves out shown commented. What it writes
// is checked with the config loader before anything is written, so it always loads.
import { linkSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { flagHelp, listFlag, parseFlags, stringFlag, type FlagSpec, STANDARD_FLAGS } from "../client/cli-args";
import { parseConfig } from "../config/load-config";
import { REGION } from "../core/constants";
import { github, GITHUB_ISSUER } from "../core/issuers/github";
import { gitlab, GITLAB_ISSUER } from "../core/issuers/gitlab";
import { EXIT, UsageError, WifError } from "../core/errors";
import { ConfigError, formatProblem } from "../core/problems";
import { packageVersion } from "../core/version";
import { processOutput, redactedOutput } from "../core/text-out";
import { callerDirectory, type SynthIo } from "./synth-cli";

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
  ...STANDARD_FLAGS,
};

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
export async function main(argv: readonly string[], rawIo: SynthIo = processIo()): Promise<number> {
  const io = redactedOutput(rawIo);
  try {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      for (const line of usage()) io.out(line);
      return EXIT.ok;
    }
    if (flags.version) {
      io.out(`wif-init ${packageVersion()}`);
      return EXIT.ok;
    }
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
    for (const line of nextSteps(shown, inputs)) io.out(line);
    return EXIT.ok;
  } catch (err) {
    if (!WifError.is(err)) throw err;
    for (const line of err.lines) io.err(`error: ${line}`);
    return err.exitCode;
  }
}

function processIo(): SynthIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    ...processOutput(),
  };
}

function usage(): string[] {
  return [
    "Usage: wif-init --domain-url <url> --region <region> (--github-repo <owner/repo> | --gitlab-project <group/project>)...",
    "Writes a starter setupConfig.ini: one trust per CI platform, one service user each, every other key commented.",
    "",
    ...flagHelp(FLAGS),
    "",
    "Exit codes: 0 written, 2 bad input or the file exists (nothing written), 70 a bug.",
  ];
}

/** Checks the flags' values; throws UsageError naming the flag, the value and the fix. */
export function checkInputs(i: StarterInputs): StarterInputs {
  if (!i.domainUrl)
    throw new UsageError(
      "--domain-url is required: your identity domain's URL, e.g. https://idcs-….identity.oraclecloud.com.",
    );
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
    "; token_exchange_app_name = wif-token-exchange",
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
        `the flags give a config that does not load; nothing was written:`,
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

function nextSteps(shown: string, i: StarterInputs): string[] {
  return [
    `Wrote ${shown}.`,
    "Next:",
    `  1. Edit ${shown}: uncomment allow[] with what the CI may do, and pin repositories with owner_id/repo_id.`,
    `  2. wif-synth --config ${shown}         (or: npm run synth -- --config ${shown})`,
    "  3. wif-review --outdir cdktf.out        (who can become whom)",
    "  4. npm run plan, then npm run deploy    (a redacted plan and its review; the apply writes runtimeConfig.ini)",
    `  5. In the CI job: ${i.githubRepos.length ? "the GitHub Action (action.yml)" : ""}${i.githubRepos.length && i.gitlabProjects.length ? " or " : ""}${i.gitlabProjects.length ? "the GitLab component (templates/wif-exchange.yml)" : ""}, or wif-exchange.`,
  ];
}
