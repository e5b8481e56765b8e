// The issuer catalogue's hostile corpus (issuers-cases.ts): every config case is refused with exit code 2 and nothing
// written, prints the exact message below, and no planted secret; the token sources of wif-exchange
// (client/issuer-token.ts) fed hostile values print no planted secret either and send nothing to OCI.
import { chmodSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { main as exchangeMain } from "../../client/exchange-cli";
import { ISSUER_CASES } from "./issuers-cases";
import { ISSUERS } from "../../core/issuers";
import { CLIENT_SECRET, JWT, normalized, PASSWORD, PLANTED, run } from "./corpus-support";
import {
  pooledKeyPair,
  removeTempDirs,
  run as runCli,
  runtimeConfigText,
  tempDir,
  writeRuntimeConfig,
} from "../client/harness";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";

/** The message each case must print, by case name (`<dir>` is the temporary directory). */
const EXPECTED: Record<string, string> = {
  "a GitHub rule that names no tenant":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "environment eq production". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
  "a GitLab rule that names no tenant":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no GitLab CI tenant: https://gitlab.com is shared by every GitLab CI customer, so any of them whose token matches could become this user; got \"ref_protected eq true\". Name your tenant in the rule (gitlab project=group/app ref=main), or add validate[] = gitlab namespace_id=<id> (the group's ID) to [Trust t], or set allow_unpinned = <why every GitLab CI customer's token may be exchanged> in [Trust t].",
  "a Buildkite rule that names no tenant":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no Buildkite tenant: https://agent.buildkite.com is shared by every Buildkite customer, so any of them whose token matches could become this user; got \"build_branch eq main\". Name your tenant in the rule (buildkite org=acme pipeline=deploy branch=main), or add validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id) to [Trust t], or set allow_unpinned = <why every Buildkite customer's token may be exchanged> in [Trust t].",
  "a HCP Terraform rule that names no tenant":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no HCP Terraform tenant: https://app.terraform.io is shared by every HCP Terraform customer, so any of them whose token matches could become this user; got "terraform_run_phase eq apply". Name your tenant in the rule (terraform org=acme project=infra workspace=oci-prod run_phase=apply), or add validate[] = terraform org_id=<organization ID, org-…> to [Trust t], or set allow_unpinned = <why every HCP Terraform customer\'s token may be exchanged> in [Trust t].',
  "a HCP Terraform Europe rule that names no tenant":
    '<dir>/setupConfig.ini:14 [ServiceUser u] rule: names no HCP Terraform tenant: https://app.eu.terraform.io is shared by every HCP Terraform customer, so any of them whose token matches could become this user; got "terraform_workspace_name eq prod". Name your tenant in the rule (terraform org=acme project=infra workspace=oci-prod run_phase=apply), or add validate[] = terraform org_id=<organization ID, org-…> to [Trust t], or set allow_unpinned = <why every HCP Terraform customer\'s token may be exchanged> in [Trust t].',
  "a Google rule that names no tenant":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no Google Cloud tenant: https://accounts.google.com is shared by every Google Cloud customer, so any of them whose token matches could become this user; got \"email_verified eq true\". Name your tenant in the rule (google service_account_id=<the service account's numeric unique ID>), or add validate[] = google service_account_id=<numeric ID> to [Trust t], or set allow_unpinned = <why every Google Cloud customer's token may be exchanged> in [Trust t].",
  "a GitHub resource trust without a tenant validation":
    "<dir>/setupConfig.ini:8 [Trust t] validate: is needed: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id), or set allow_unpinned = <why every GitHub Actions customer's token may be exchanged> in [Trust t].",
  "a GitLab resource trust without a tenant validation":
    "<dir>/setupConfig.ini:8 [Trust t] validate: is needed: https://gitlab.com is shared by every GitLab CI customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = gitlab namespace_id=<id> (the group's ID), or set allow_unpinned = <why every GitLab CI customer's token may be exchanged> in [Trust t].",
  "a Buildkite resource trust without a tenant validation":
    "<dir>/setupConfig.ini:8 [Trust t] validate: is needed: https://agent.buildkite.com is shared by every Buildkite customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id), or set allow_unpinned = <why every Buildkite customer's token may be exchanged> in [Trust t].",
  "a HCP Terraform resource trust without a tenant validation":
    "<dir>/setupConfig.ini:8 [Trust t] validate: is needed: https://app.terraform.io is shared by every HCP Terraform customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = terraform org_id=<organization ID, org-…>, or set allow_unpinned = <why every HCP Terraform customer's token may be exchanged> in [Trust t].",
  "a Google resource trust without a tenant validation":
    "<dir>/setupConfig.ini:8 [Trust t] validate: is needed: https://accounts.google.com is shared by every Google Cloud customer, and in mode resource nothing else ties this trust to your tenant. Add validate[] = google service_account_id=<numeric ID>, or set allow_unpinned = <why every Google Cloud customer's token may be exchanged> in [Trust t].",
  "a wildcard cut inside the organization":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no Buildkite tenant: https://agent.buildkite.com is shared by every Buildkite customer, so any of them whose token matches could become this user; got \"sub eq organization:ac*\". Name your tenant in the rule (buildkite org=acme pipeline=deploy branch=main), or add validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id) to [Trust t], or set allow_unpinned = <why every Buildkite customer's token may be exchanged> in [Trust t].",
  "a co rule on a Google email":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: names no Google Cloud tenant: https://accounts.google.com is shared by every Google Cloud customer, so any of them whose token matches could become this user; got \"email co acme\". Name your tenant in the rule (google service_account_id=<the service account's numeric unique ID>), or add validate[] = google service_account_id=<numeric ID> to [Trust t], or set allow_unpinned = <why every Google Cloud customer's token may be exchanged> in [Trust t].",
  "an allowed catch-all on github.com":
    '<dir>/setupConfig.ini:14 [ServiceUser u] rule: names no GitHub Actions tenant: https://token.actions.githubusercontent.com is shared by every GitHub Actions customer, so any of them whose token matches could become this user; got "sub eq *". Name your tenant in the rule (github repo=octo-org/app owner_id=1234567 repo_id=89012345 branch=main), or add validate[] = github owner_id=<id> (gh api users/<owner> --jq .id) to [Trust t], or set allow_unpinned = <why every GitHub Actions customer\'s token may be exchanged> in [Trust t].',
  "a validation of a claim that is not the tenant's":
    "<dir>/setupConfig.ini:14 [ServiceUser u] rule: names no Buildkite tenant: https://agent.buildkite.com is shared by every Buildkite customer, so any of them whose token matches could become this user; got \"build_branch eq main\". Name your tenant in the rule (buildkite org=acme pipeline=deploy branch=main), or add validate[] = buildkite org=<your organization's slug> (or org_id=, with --claim organization_id) to [Trust t], or set allow_unpinned = <why every Buildkite customer's token may be exchanged> in [Trust t].",
  "allow_unpinned = true":
    '<dir>/setupConfig.ini:11 [Trust t] allow_unpinned: must say why every customer\'s token may be exchanged (at least 10 characters), not only that it may; got "true". Write the reason, e.g. allow_unpinned = public demo: the service user can only read a public bucket.',
  "allow_unpinned = YES":
    '<dir>/setupConfig.ini:11 [Trust t] allow_unpinned: must say why every customer\'s token may be exchanged (at least 10 characters), not only that it may; got "YES". Write the reason, e.g. allow_unpinned = public demo: the service user can only read a public bucket.',
  "a reason of three words":
    '<dir>/setupConfig.ini:11 [Trust t] allow_unpinned: must say why every customer\'s token may be exchanged (at least 10 characters), not only that it may; got "it is ok". Write the reason, e.g. allow_unpinned = public demo: the service user can only read a public bucket.',
  "a JWT as the reason":
    "<dir>/setupConfig.ini:11 [Trust t] allow_unpinned: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret as the reason":
    "<dir>/setupConfig.ini:11 [Trust t] allow_unpinned: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT as a Bitbucket repository UUID":
    "<dir>/setupConfig.ini:14 [ServiceUser u] rule: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a path in an Azure DevOps organization":
    '<dir>/setupConfig.ini:14 [ServiceUser u] rule: org must be a name without \'/\' or \'"\'; got "../etc"; got "azure-devops org=../etc project=p pipeline=x".',
  "a CircleCI project that is not a UUID":
    '<dir>/setupConfig.ini:14 [ServiceUser u] rule: project_id must be the project\'s UUID; got "*"; got "circleci org_id=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d project_id=*".',
  "a wildcard inside a Buildkite branch":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: "*" may only end a value (as in Oracle\'s "username eq kafka*"); got "rel*ease"; got "buildkite org=acme pipeline=deploy branch=rel*ease".',
  "a colon in an HCP Terraform organization":
    "<dir>/setupConfig.ini:13 [ServiceUser u] rule: org must be a name without ':', '\"' or '*'; got \"acme:evil\"; got \"terraform org=acme:evil project=p workspace=w\".",
  "an upper-case Kubernetes namespace":
    "<dir>/setupConfig.ini:15 [ServiceUser u] rule: namespace must be a Kubernetes name (lower case, digits, '-', '.'); got \"Kube-System\"; got \"kubernetes namespace=Kube-System\".",
  "an Entra object ID that is a name":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: object_id must be the identity\'s object ID (a GUID); got "admin@contoso.com"; got "entra object_id=admin@contoso.com".',
  "a personal Google account":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: email must be a service account\'s email (…gserviceaccount.com); got "someone@gmail.com"; got "google email=someone@gmail.com".',
  "an AWS role of a short account":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: role must be an IAM role ARN, arn:aws:iam::<account>:role/<name>; got "arn:aws:iam::1234:role/x"; got "aws role=arn:aws:iam::1234:role/x".',
  "a Spacelift scope that does not exist":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: scope must be read or write; got "admin"; got "spacelift space=root stack=s run_type=TRACKED scope=admin".',
  "an option of another family":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: unknown option "repo"; options are org, pipeline, branch, tag; got "buildkite org=acme repo=octo-org/app".',
  "a rule of another family's platform":
    '<dir>/setupConfig.ini:13 [ServiceUser u] rule: a github rule cannot match tokens of this buildkite trust; got "github repo=octo-org/app branch=main".',
  "github.com's host under another domain":
    "<dir>/setupConfig.ini:8 [Trust t] jwk_uri: is required for this issuer. Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
  "github.com's host in upper case":
    "<dir>/setupConfig.ini:8 [Trust t] jwk_uri: is required for this issuer. Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
  // The choices are the catalogue's families: built from it, so adding a family changes no line here.
  "a provider the catalogue does not know": `<dir>/setupConfig.ini:11 [Trust t] provider: must be one of ${[...ISSUERS.map((f) => f.id), "generic"].join(", ")}; got "jenkins". The issuer's platform, a family of docs/issuers.md (\`github\`, \`gitlab\`, \`buildkite\` …) or \`generic\`: which typed rules (\`rule[] = github …\`) and \`validate[]\` shorthands the trust accepts, and its default \`jwk_uri\`. Needed for an issuer of a platform that can have any URL (a self-managed GitLab, a cluster). Default: from the issuer when docs/issuers.md recognises it (github for token.actions.githubusercontent.com, gitlab for gitlab.com, …), else generic.`,
  "Buildkite's provider on another host":
    "<dir>/setupConfig.ini:8 [Trust t] jwk_uri: is required for this issuer. Set jwk_uri to the issuer's JWKS URL (see <issuer>/.well-known/openid-configuration), or public_certificate.",
  "a shorthand key the family does not have":
    '<dir>/setupConfig.ini:11 [Trust t] validate: buildkite takes org, org_id, pipeline, pipeline_id, branch, not "tenant"; got "buildkite tenant=acme". Write github owner_id=<id>, gitlab namespace_id=<id>, or <claim>=<value>.',
  "a quote in a shorthand's value":
    '<dir>/setupConfig.ini:11 [Trust t] validate: the value of org_id must not contain quotes, backslashes or line breaks; got "terraform org_id=org-\'x". Write github owner_id=<id>, gitlab namespace_id=<id>, or <claim>=<value>.',
};

describe.each([...new Set(ISSUER_CASES.map((c) => c.cls))])("hostile issuers: %s", (cls) => {
  test.each(ISSUER_CASES.filter((c) => c.cls === cls).map((c) => [c.name, c] as const))("fails when %s", (name, c) => {
    const r = run(c.text);
    const lines = normalized(r);
    expect({ exit: r.exitCode, wrote: r.wrote }).toEqual({ exit: 2, wrote: false });
    expect(lines).toContain(`  ${EXPECTED[name]}`);
    const printed = lines.join("\n");
    for (const secret of PLANTED) expect(printed).not.toContain(secret);
  });
});

test("the config corpus has at least 30 cases, each with its message", () => {
  expect(ISSUER_CASES.length).toBeGreaterThanOrEqual(30);
  expect(ISSUER_CASES.filter((c) => EXPECTED[c.name] === undefined).map((c) => c.name)).toEqual([]);
});

describe("hostile values where wif-exchange gets its token", () => {
  let endpoint: TokenEndpoint;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
  });
  afterAll(async () => {
    await endpoint.close();
    removeTempDirs();
  });

  const main = (argv: readonly string[], io: Parameters<typeof exchangeMain>[1]) =>
    exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });
  /** Runs wif-exchange with a runtime config for the endpoint plus `trust`; returns what it printed and sent. */
  async function exchange(argv: string[], env: Record<string, string>, trust: string[] = []) {
    const cwd = tempDir();
    writeRuntimeConfig(cwd, `${runtimeConfigText(endpoint)}\n${trust.join("\n")}\n`);
    const before = endpoint.exchanges.length;
    const r = await runCli(main, argv, { cwd, home: tempDir(), env });
    return { ...r, printed: [...r.out, ...r.err].join("\n"), sent: endpoint.exchanges.length - before };
  }
  const clean = (printed: string) => {
    for (const secret of [...PLANTED, endpoint.clientSecret]) expect(printed).not.toContain(secret);
  };

  test("a JWT given as the --token-from platform is refused without being echoed", async () => {
    const r = await exchange(["--token-from", JWT], {});
    expect([r.code, r.sent]).toEqual([2, 0]);
    expect(r.printed).toMatch(/^error: --token-from must name an issuer of docs\/issuers\.md/);
    clean(r.printed);
  });

  test("a request URL carrying a password is refused before anything is sent", async () => {
    const r = await exchange(["--token-from", "azure-devops"], {
      SYSTEM_OIDCREQUESTURI: `https://ci:${PASSWORD}@dev.azure.com/x`,
      SYSTEM_ACCESSTOKEN: CLIENT_SECRET,
    });
    expect([r.code, r.sent, r.printed]).toEqual([
      2,
      0,
      "error: SYSTEM_OIDCREQUESTURI must not carry a user name or password.",
    ]);
    clean(r.printed);
  });

  test("a metadata host that is not loopback or the metadata server is refused over plain http", async () => {
    const r = await exchange(["--token-from", "google", "--audience", "oci"], {
      GCE_METADATA_HOST: "metadata.evil.example",
    });
    expect([r.code, r.sent, r.printed]).toEqual([
      2,
      0,
      "error: GCE_METADATA_HOST must be an https URL (plain http is accepted only for 127.0.0.1, localhost and [::1]).",
    ]);
  });

  test("a metadata server answering with a planted secret instead of a token prints neither", async () => {
    const server = createServer((_req, res) => res.end(`${CLIENT_SECRET} ${PASSWORD}`));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    try {
      const r = await exchange(["--token-from", "google", "--audience", "oci"], {
        GCE_METADATA_HOST: `127.0.0.1:${port}`,
      });
      expect([r.code, r.sent]).toEqual([1, 0]);
      expect(r.printed).toBe(
        "error: the subject token from Google Cloud (audience oci) is not a JWT (expected three base64url parts separated by '.').",
      );
      clean(r.printed);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  // What the program prints about its failure is shown (its first line): a secret this process knows (the client
  // secret) or one of a known shape (a JWT) is redacted there like everywhere else.
  test("a platform program that prints the client secret or a token in its error has them redacted", async () => {
    const bin = tempDir("wif-bin-");
    writeFileSync(
      join(bin, "buildkite-agent"),
      `#!/bin/sh\necho "error: cannot sign, client secret ${endpoint.clientSecret} token ${JWT}" >&2\nexit 1\n`,
    );
    chmodSync(join(bin, "buildkite-agent"), 0o755);
    const r = await exchange(["--token-from", "buildkite", "--audience", "oci"], { PATH: bin });
    expect([r.code, r.sent]).toEqual([1, 0]);
    expect(r.printed).toMatch(
      /^error: could not get an OIDC token from Buildkite: buildkite-agent exited with code 1: error: cannot sign, client secret/,
    );
    clean(r.printed);
  });

  test("a token variable holding a planted secret instead of a JWT is refused without echoing it", async () => {
    const r = await exchange([], { BITBUCKET_STEP_OIDC_TOKEN: `${PASSWORD}.${CLIENT_SECRET}` });
    expect([r.code, r.sent]).toEqual([2, 0]);
    expect(r.printed).toBe(
      "error: the subject token from Bitbucket Pipelines ($BITBUCKET_STEP_OIDC_TOKEN) is not a JWT (expected three base64url parts separated by '.').",
    );
    clean(r.printed);
  });
});
