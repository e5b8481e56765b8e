/**
 * GitLab CI `id_tokens`. Sources: https://docs.gitlab.com/ci/secrets/id_token_authentication/ (issuer, `id_tokens`,
 * claims), https://gitlab.com/gitlab-org/gitlab/-/merge_requests/73216 (the JWKS path),
 * https://github.com/gitlabhq/gitlabhq/blob/master/lib/gitlab/ci/jwt.rb (the default `sub`).
 */
import { checkRefName, RuleError } from "../rule-grammar";
import type { ClaimCondition } from "../trust-modes";
import type { IssuerFamily, RuleParts, RuleView } from "./types";

/** GitLab.com's OIDC issuer (self-managed instances use their own URL), shared by every gitlab.com customer. */
export const GITLAB_ISSUER = "https://gitlab.com";

/** Options of a GitLab CI rule, matched on GitLab's default `sub`. */
export interface GitLabRuleOptions {
  /** Full project path, `group/project` or `group/subgroup/project`. */
  readonly projectPath: string;
  /**
   * Whether `ref` names a branch or a tag.
   * @default "branch"
   */
  readonly refType?: "branch" | "tag";
  /** Branch or tag name; `*` at the end as a wildcard (`release-*`, or `*` for any). */
  readonly ref: string;
}

const GITLAB_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** The expression of a GitLab rule, or a {@link RuleError} with every problem of the options. */
export function gitlabRule(options: GitLabRuleOptions): RuleParts {
  const problems: string[] = [];
  const segments = options.projectPath.split("/");
  if (segments.length < 2 || !segments.every((s) => GITLAB_SEGMENT.test(s))) {
    problems.push(
      `project path must be "group/project" (subgroups allowed); got ${JSON.stringify(options.projectPath)}`,
    );
  }
  const refType = options.refType ?? "branch";
  if (refType !== "branch" && refType !== "tag") {
    problems.push(`ref type must be "branch" or "tag"; got ${JSON.stringify(refType)}`);
  }
  checkRefName("ref", options.ref, problems);
  if (problems.length) throw new RuleError(problems);
  const expression = `sub eq project_path:${options.projectPath}:ref_type:${refType}:ref:${options.ref}`;
  return { expressions: [expression], summary: `GitLab ${options.projectPath}, ${refType} ${options.ref}` };
}

/**
 * GitLab CI token claims.
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
export const GitLabClaims = {
  namespaceId: (id: string): ClaimCondition => ({ name: "namespace_id", value: id }),
  namespacePath: (path: string): ClaimCondition => ({ name: "namespace_path", value: path }),
  projectId: (id: string): ClaimCondition => ({ name: "project_id", value: id }),
  projectPath: (path: string): ClaimCondition => ({ name: "project_path", value: path }),
  ref: (ref: string): ClaimCondition => ({ name: "ref", value: ref }),
  environment: (name: string): ClaimCondition => ({ name: "environment", value: name }),
} as const;

/** `project_path:<group>/…`: a subject that names its top-level group. */
const GROUP_IN_SUB = /^project_path:[^/:*]+\//;

function pinsRule(r: RuleView): boolean {
  if (r.operator !== "eq") return false;
  switch (r.claim) {
    case "sub":
      return GROUP_IN_SUB.test(r.value);
    case "project_path":
    case "namespace_path":
      return r.prefix ? /^[^/*]+\//.test(r.value) : r.value !== "";
    case "namespace_id":
    case "project_id":
      return !r.prefix && r.value !== "";
    default:
      return false;
  }
}

export const gitlab: IssuerFamily = {
  id: "gitlab",
  title: "GitLab CI",
  platform: "GitLab",
  issuers: [
    { name: "gitlab.com", example: GITLAB_ISSUER, pattern: /^https:\/\/gitlab\.com$/, shared: true, jwks: jwksOf },
    // A self-managed instance's issuer is its URL (or ci_id_tokens_issuer_url): any https URL, so it is chosen with
    // provider = gitlab, never recognised.
    { name: "self-managed", example: "https://gitlab.example.com", shared: false, jwks: jwksOf },
  ],
  rule: {
    example: "gitlab project=group/app ref=main",
    options: ["project", "ref_type", "ref"],
    build: (o) => {
      if (!o.project || o.ref === undefined) {
        throw new RuleError(["a gitlab rule needs project=group/name and ref=<branch or tag> (ref=* for any)"]);
      }
      return gitlabRule({ projectPath: o.project, refType: o.ref_type as "branch" | "tag" | undefined, ref: o.ref });
    },
  },
  claims: {
    namespace: GitLabClaims.namespacePath,
    namespace_id: GitLabClaims.namespaceId,
    project: GitLabClaims.projectPath,
    project_id: GitLabClaims.projectId,
    ref: GitLabClaims.ref,
    environment: GitLabClaims.environment,
  },
  pin: {
    claims: ["namespace_id", "namespace_path", "project_id", "project_path"],
    pinsRule,
    fix: "validate[] = gitlab namespace_id=<id> (the group's ID)",
  },
  recommended: ["gitlab namespace_id=<id>"],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^project_path:/,
        complete: /^project_path:[^/:]*\//,
        message: (v) => `matches other groups too: its wildcard ends inside the group name ("${v}*")`,
      },
    ],
    ownerScopedClaims: ["sub", "project_path", "namespace_path"],
    wholeClaims: {
      namespace_path: "every project and ref under",
      namespace_id: "every project and ref under namespace id",
      project_path: "every branch and tag of",
      project_id: "every branch and tag of project id",
    },
    broadPrefixes: [
      {
        pattern: /^project_path:([^:]+):ref_type:(branch|tag):ref:$/,
        message: (m) => `matches every ${m[2]} of ${m[1]}`,
      },
      { pattern: /^project_path:([^:]+\/)$/, message: (m) => `matches every project under ${m[1]}` },
      { pattern: /^project_path:([^:]+):$/, message: (m) => `matches every ref of ${m[1]}` },
    ],
  },
  token: {
    detect: ["GITLAB_CI", "OCI_ID_TOKEN"],
    needsAudience: false,
    steps: [{ via: "env", name: "OCI_ID_TOKEN" }],
    how: "Declare the token in the job: id_tokens: { OCI_ID_TOKEN: { aud: <the trust's audience> } }; GitLab puts it in $OCI_ID_TOKEN (another name: --token-env <NAME>).",
    unavailable:
      "so there is no GitLab ID token. Declare it under id_tokens: { OCI_ID_TOKEN: { aud: <audience> } } (another name: --token-env <NAME>)",
    snippet: "docs/ci/gitlab-ci-exchange.yml",
  },
  sources: [
    "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
    "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/73216",
  ],
};

function jwksOf(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}/oauth/discovery/keys`;
}
