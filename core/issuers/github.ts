/**
 * GitHub Actions. Sources: https://docs.github.com/en/actions/reference/security/oidc (issuers, `sub` forms, the
 * immutable-ID subject, claims), https://docs.github.com/en/enterprise-server@latest/actions/reference/security/oidc
 * (GHES), https://github.com/actions/toolkit/blob/main/packages/core/src/oidc-utils.ts (the token request).
 */
import { checkPlainValue, checkRefName, RuleError } from "../rule-grammar";
import type { ClaimCondition } from "../trust-modes";
import { WARNING } from "../warnings";
import type { IssuerFamily, RuleParts, RuleView } from "./types";

/** GitHub Actions' OIDC issuer on github.com, shared by every customer. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Which form of GitHub's `sub` claim a rule matches. Repositories created or renamed on or after 2026-07-15 send
 * `repo:owner@<ownerId>/repo@<repoId>:…` (immutable IDs) by default; older ones send `repo:owner/repo:…`.
 */
export type GitHubSubjectFormat = "name" | "id" | "both";

/** Options of a GitHub Actions rule: a repository plus exactly one of what in it may use the rule. */
export interface GitHubRuleOptions {
  /** `owner/repository`. The repository part may be `*` for every repository of the owner. */
  readonly repository: string;
  /**
   * The owner's numeric ID (`gh api users/<owner> --jq .id`). Needed for the immutable-ID subject.
   * @default - none; only the name subject can be built
   */
  readonly ownerId?: string;
  /**
   * The repository's numeric ID (`gh api repos/<owner>/<repo> --jq .id`). Needed for the immutable-ID subject.
   * @default - none; only the name subject can be built
   */
  readonly repositoryId?: string;
  /**
   * Which `sub` form to match; `both` emits one rule per form, for a repository that is being migrated.
   * @default - "id" when both IDs are given, otherwise "name"
   */
  readonly subjectFormat?: GitHubSubjectFormat;
  /** A branch name (`main`, or `release-*`). */
  readonly branch?: string;
  /** A tag name (`v1.2.3`, or `v*`). */
  readonly tag?: string;
  /** A deployment environment name (`production`). */
  readonly environment?: string;
  /** Jobs run for a pull request. */
  readonly pullRequest?: boolean;
  /** Any ref, environment or event of the repository (`repo:owner/repo:*`). */
  readonly anyRef?: boolean;
  /**
   * A workflow file under `.github/workflows/` of the repository (`deploy.yml`). Matched on the
   * `job_workflow_ref` claim, combined with `branch` or `tag` when one is given (otherwise any ref).
   */
  readonly workflow?: string;
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

/** The expressions of a GitHub rule, or a {@link RuleError} with every problem of the options. */
export function githubRule(options: GitHubRuleOptions): RuleParts {
  const problems: string[] = [];
  const [owner, repo, ...extra] = options.repository.split("/");
  if (extra.length || repo === undefined || !GITHUB_OWNER.test(owner) || !(repo === "*" || GITHUB_REPO.test(repo))) {
    problems.push(`repository must be "owner/name" (name may be "*"); got ${JSON.stringify(options.repository)}`);
  }
  for (const [name, id] of [
    ["owner id", options.ownerId],
    ["repository id", options.repositoryId],
  ] as const) {
    if (id !== undefined && !NUMERIC_ID.test(id)) problems.push(`${name} must be a number; got ${JSON.stringify(id)}`);
  }
  const hasIds = options.ownerId !== undefined && options.repositoryId !== undefined;
  const format = options.subjectFormat ?? (hasIds ? "id" : "name");
  if (!["name", "id", "both"].includes(format)) {
    problems.push(`subject format must be "name", "id" or "both"; got ${JSON.stringify(format)}`);
  } else if (format !== "name" && !hasIds) {
    problems.push(`subject format "${format}" needs both the owner id and the repository id`);
  }
  if (repo === "*" && format !== "name") {
    problems.push(`repository "*" has no repository id, so it only works with subject format "name"`);
  }
  if (repo === "*" && (!options.anyRef || options.workflow !== undefined)) {
    problems.push(`repository "*" combines only with any_ref, because "*" may only end a rule value`);
  }

  const targets = (["branch", "tag", "environment", "pullRequest", "anyRef"] as const).filter(
    (k) => options[k] !== undefined && options[k] !== false,
  );
  if (targets.length > 1) {
    problems.push(`give only one of branch, tag, environment, pull_request or any_ref; got ${targets.join(", ")}`);
  }
  if (options.workflow !== undefined && (targets.includes("environment") || targets.includes("pullRequest"))) {
    problems.push("workflow combines with branch or tag only");
  }
  if (targets.length === 0 && options.workflow === undefined) {
    problems.push("say what may use the rule: branch, tag, environment, pull_request, workflow or any_ref");
  }
  for (const k of ["branch", "tag"] as const) {
    if (options[k] !== undefined) checkRefName(k, options[k]!, problems);
  }
  if (options.environment !== undefined) checkPlainValue("environment", options.environment, problems);
  if (options.workflow !== undefined && !/^[A-Za-z0-9._-]+\.ya?ml$/.test(options.workflow)) {
    problems.push(
      `workflow must be a file name under .github/workflows ending in .yml or .yaml; got ${JSON.stringify(options.workflow)}`,
    );
  }
  if (problems.length) throw new RuleError(problems);

  let what: string;
  let suffix: string;
  if (options.branch !== undefined) [what, suffix] = [`branch ${options.branch}`, `ref:refs/heads/${options.branch}`];
  else if (options.tag !== undefined) [what, suffix] = [`tag ${options.tag}`, `ref:refs/tags/${options.tag}`];
  else if (options.environment !== undefined)
    [what, suffix] = [`environment ${options.environment}`, `environment:${options.environment}`];
  else if (options.pullRequest) [what, suffix] = ["pull requests", "pull_request"];
  else [what, suffix] = ["any ref", "*"];

  if (options.workflow !== undefined) {
    const ref =
      options.branch !== undefined
        ? `refs/heads/${options.branch}`
        : options.tag !== undefined
          ? `refs/tags/${options.tag}`
          : "*";
    const expression = `job_workflow_ref eq ${owner}/${repo}/.github/workflows/${options.workflow}@${ref}`;
    const summary = `GitHub ${owner}/${repo}, workflow ${options.workflow}${ref === "*" ? "" : `, ${what}`}`;
    return { expressions: [expression], summary, subjectFormat: "name" };
  }

  // `repo:owner/*` already ends in the wildcard; anything after it would put "*" mid-value.
  const byName = repo === "*" && suffix === "*" ? `sub eq repo:${owner}/*` : `sub eq repo:${owner}/${repo}:${suffix}`;
  const byId = `sub eq repo:${owner}@${options.ownerId}/${repo}@${options.repositoryId}:${suffix}`;
  const expressions = format === "name" ? [byName] : format === "id" ? [byId] : [byId, byName];
  return { expressions, summary: `GitHub ${owner}/${repo}, ${what}`, subjectFormat: format };
}

/**
 * True for a rule on GitHub's `sub` in the name form (`repo:owner/repo:…`) rather than the immutable-ID form
 * (`repo:owner@<id>/repo@<id>:…`), whether built by the typed options or written by hand.
 */
export function isGitHubNameSubject(expression: string): boolean {
  return /^sub eq "?repo:[^@/:]+\/[^@:]+(?::|$)/.test(expression);
}

/**
 * GitHub Actions token claims that identify an owner, repository or run context. The numeric IDs are immutable;
 * the names can be re-registered by someone else after a rename or deletion.
 * @see https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
 */
export const GitHubClaims = {
  ownerId: (id: string): ClaimCondition => ({ name: "repository_owner_id", value: id }),
  owner: (name: string): ClaimCondition => ({ name: "repository_owner", value: name }),
  repositoryId: (id: string): ClaimCondition => ({ name: "repository_id", value: id }),
  repository: (ownerAndRepo: string): ClaimCondition => ({ name: "repository", value: ownerAndRepo }),
  branch: (branch: string): ClaimCondition => ({ name: "ref", value: `refs/heads/${branch}` }),
  tag: (tag: string): ClaimCondition => ({ name: "ref", value: `refs/tags/${tag}` }),
  environment: (name: string): ClaimCondition => ({ name: "environment", value: name }),
} as const;

/** `true`/`false` of a flag option written alone (`pull_request`) or with a value. */
export function flagOption(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new RuleError([`option "${name}" is a flag; write it alone or as ${name}=true; got ${JSON.stringify(value)}`]);
}

/** A prefix or exact value that names a whole GitHub owner: `repo:<owner>/…` or `repo:<owner>@<id>/…`. */
const OWNER_IN_SUB = /^repo:[^/:*]+\//;
/** `<owner>/<repo>/.github/workflows/…`: a job_workflow_ref that names its owner. */
const OWNER_IN_WORKFLOW = /^[^/*]+\//;

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq") return false;
  switch (r.claim) {
    case "sub":
      return OWNER_IN_SUB.test(r.value);
    case "job_workflow_ref":
    case "workflow_ref":
    case "repository":
      return r.prefix ? OWNER_IN_WORKFLOW.test(r.value) : r.value !== "";
    case "repository_owner":
    case "repository_owner_id":
    case "repository_id":
      return !r.prefix && r.value !== "";
    default:
      return false;
  }
}

export const github: IssuerFamily = {
  id: "github",
  title: "GitHub Actions",
  platform: "GitHub",
  issuers: [
    {
      name: "github.com",
      example: GITHUB_ISSUER,
      pattern: /^https:\/\/token\.actions\.githubusercontent\.com$/,
      shared: true,
      jwks: () => `${GITHUB_ISSUER}/.well-known/jwks`,
    },
    {
      name: "enterprise issuer (include_enterprise_slug)",
      example: `${GITHUB_ISSUER}/<enterprise-slug>`,
      pattern: /^https:\/\/token\.actions\.githubusercontent\.com\/[A-Za-z0-9_.-]+$/,
      shared: false,
    },
    {
      name: "GHE.com (data residency)",
      example: "https://token.actions.<subdomain>.ghe.com",
      pattern: /^https:\/\/token\.actions\.[a-z0-9-]+\.ghe\.com(?:\/[A-Za-z0-9_.-]+)?$/,
      shared: false,
    },
    {
      name: "GitHub Enterprise Server",
      example: "https://<hostname>/_services/token",
      pattern: /^https:\/\/[^/]+\/_services\/token$/,
      shared: false,
    },
    // Any other issuer a config declares provider = github for: typed rules, no JWKS default, no pin.
    { name: "other (provider = github)", example: "https://<issuer>", shared: false },
  ],
  rule: {
    example: "github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main",
    options: [
      "repo",
      "owner_id",
      "repo_id",
      "subject",
      "branch",
      "tag",
      "environment",
      "pull_request",
      "any_ref",
      "workflow",
    ],
    flags: ["pull_request", "any_ref"],
    build: (o) => {
      if (!o.repo) throw new RuleError(["a github rule needs repo=owner/name"]);
      return githubRule({
        repository: o.repo,
        ownerId: o.owner_id,
        repositoryId: o.repo_id,
        subjectFormat: o.subject as GitHubSubjectFormat | undefined,
        branch: o.branch,
        tag: o.tag,
        environment: o.environment,
        pullRequest: o.pull_request !== undefined ? flagOption("pull_request", o.pull_request) : undefined,
        anyRef: o.any_ref !== undefined ? flagOption("any_ref", o.any_ref) : undefined,
        workflow: o.workflow,
      });
    },
  },
  claims: {
    owner: GitHubClaims.owner,
    owner_id: GitHubClaims.ownerId,
    repo: GitHubClaims.repository,
    repo_id: GitHubClaims.repositoryId,
    branch: GitHubClaims.branch,
    tag: GitHubClaims.tag,
    environment: GitHubClaims.environment,
  },
  pin: {
    claims: ["repository_owner_id", "repository_owner", "repository_id", "repository"],
    pinsRule,
    fix: "validate[] = github owner_id=<id> (gh api users/<owner> --jq .id)",
    warning: {
      id: WARNING.githubOwnerNotPinned,
      message:
        "GitHub trust without a claim validation that pins the owner, so a workflow of any GitHub " +
        "account can present a token. Add validate[] = github owner_id=<id> (claim_validations repository_owner_id).",
    },
  },
  recommended: ["github owner_id=<id>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^repo:/,
        complete: /^repo:[^/:]*\//,
        message: (v) => `matches other owners too: its wildcard ends inside the owner name ("${v}*")`,
      },
      {
        claim: "job_workflow_ref",
        form: /^/,
        complete: /^[^/]+\//,
        message: (v) => `matches other owners' workflows too: its wildcard ends inside the owner name ("${v}*")`,
      },
    ],
    ownerScopedClaims: ["sub", "job_workflow_ref", "repository"],
    wholeClaims: {
      repository_owner: "every repository and ref of owner",
      repository_owner_id: "every repository and ref of owner id",
      repository: "every branch, tag, environment and pull request of",
      repository_id: "every branch, tag, environment and pull request of repository id",
    },
    broadPrefixes: [
      { pattern: /^repo:([^:]+)\/$/, message: (m) => `matches every repository of ${m[1]}` },
      { pattern: /^repo:([^:]+@\d+)\/$/, message: (m) => `matches every repository of ${m[1]}` },
      {
        pattern: /^repo:([^:]+\/[^:]+):$/,
        message: (m) => `matches every branch, tag, environment and pull request of ${m[1]}`,
      },
      {
        claim: "job_workflow_ref",
        pattern: /^([^@]+\/\.github\/workflows\/[^@]+)@$/,
        message: (m) => `matches ${m[1]} on every ref`,
      },
    ],
  },
  token: {
    detect: ["ACTIONS_ID_TOKEN_REQUEST_URL"],
    needsAudience: true,
    steps: [
      {
        via: "http",
        request: {
          method: "GET",
          url: { env: "ACTIONS_ID_TOKEN_REQUEST_URL" },
          query: { audience: "{audience}" },
          headers: {
            Authorization: { env: "ACTIONS_ID_TOKEN_REQUEST_TOKEN", prefix: "bearer " },
            Accept: "application/json",
          },
          answer: { json: "value" },
          service: "GitHub's OIDC token service",
          refused:
            "Check that the job has permissions: id-token: write and that the audience {audience} is what you meant.",
        },
      },
    ],
    how: "The job needs permissions: id-token: write; wif-exchange then asks ACTIONS_ID_TOKEN_REQUEST_URL for a token with the trust's audience (the Action does the same).",
    unavailable:
      "so GitHub will not issue an OIDC token. Give the job permissions: id-token: write (see docs/exchange.md)",
    snippet: "docs/ci/github-actions-exchange.yml",
  },
  sources: [
    "https://docs.github.com/en/actions/reference/security/oidc",
    "https://docs.github.com/en/enterprise-server@latest/actions/reference/security/oidc",
  ],
};
