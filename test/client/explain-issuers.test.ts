// wif-explain on a token of each issuer family of the catalogue, against that family's fixture: read from the
// config and from the synthesized stack, the token becomes the service user whose rule it matches; a token of another
// tenant, pipeline or service account is refused with the closest rule named. The claims are the shapes each
// platform documents (core/issuers/, docs/oci-facts.md#issuers).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../client/explain-cli";
import { FIXTURES, fixture, synth } from "../support/stacks";
import { makeJwt } from "../support/token-endpoint";
import { leaked, removeTempDirs, run, tempDir } from "./harness";

const AT = "2026-09-05T12:00:00Z";
const NOW = Date.parse(AT) / 1000;
afterAll(removeTempDirs);

interface Case {
  readonly fixture: string;
  readonly claims: Record<string, unknown>;
  /** The user the token becomes. */
  readonly user: string;
  /** Claims of a token of someone else, which must be refused. */
  readonly other: Record<string, unknown>;
}

const CASES: Record<string, Case> = {
  bitbucket: {
    fixture: "bitbucket",
    claims: {
      iss: "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
      aud: "ari:cloud:bitbucket::workspace/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      sub: "{11111111-2222-3333-4444-555555555555}:{66666666-7777-8888-9999-aaaaaaaaaaaa}:{0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e}",
      workspaceUuid: "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}",
      repositoryUuid: "{11111111-2222-3333-4444-555555555555}",
    },
    user: "bb-deployer",
    other: { sub: "{99999999-2222-3333-4444-555555555555}:{0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e}" },
  },
  "azure-devops": {
    fixture: "azure-devops",
    claims: {
      iss: "https://vstoken.dev.azure.com/2d6a1e0c-3b4f-4e5a-9c7d-8e9f0a1b2c3d",
      aud: "api://AzureADTokenExchange",
      sub: "p://contoso/web/deploy-prod",
      org_id: "2d6a1e0c-3b4f-4e5a-9c7d-8e9f0a1b2c3d",
    },
    user: "ado-deployer",
    other: { sub: "p://contoso/web/deploy-staging" },
  },
  circleci: {
    fixture: "circleci",
    claims: {
      iss: "https://oidc.circleci.com/org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      aud: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      sub: "org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/project/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/user/5e5e5e5e-1111-4222-8333-944444444444/vcs-origin/github.com/acme/app/vcs-ref/refs/heads/main",
    },
    user: "circle-deployer",
    other: { sub: "org/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/project/ffffffff-4e5f-4a6b-8c7d-9e0f1a2b3c4d/user/x" },
  },
  buildkite: {
    fixture: "buildkite",
    claims: {
      iss: "https://agent.buildkite.com",
      aud: "oci-wif-prod",
      sub: "organization:acme:pipeline:deploy:ref:refs/heads/main:commit:0123abc:step:deploy",
      organization_slug: "acme",
    },
    user: "bk-deployer",
    other: { organization_slug: "evil", sub: "organization:evil:pipeline:deploy:ref:refs/heads/main:commit:0:step:x" },
  },
  terraform: {
    fixture: "terraform",
    claims: {
      iss: "https://app.terraform.io",
      aud: "oci.workload.identity",
      sub: "organization:acme:project:infra:workspace:oci-prod:run_phase:apply",
      terraform_organization_id: "org-AbCdEf1234567890",
      terraform_run_phase: "apply",
    },
    user: "tf-apply",
    other: { terraform_organization_id: "org-someone-else" },
  },
  kubernetes: {
    fixture: "kubernetes",
    claims: {
      iss: "https://oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
      aud: ["oci-wif"],
      sub: "system:serviceaccount:ci:deployer",
      "kubernetes.io": { namespace: "ci", serviceaccount: { name: "deployer", uid: "u" } },
    },
    user: "k8s-deployer",
    other: { sub: "system:serviceaccount:ci:default" },
  },
  entra: {
    fixture: "entra",
    claims: {
      iss: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
      aud: "api://oci-wif",
      tid: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      oid: "5f3b0c1e-2d4a-4b6c-8e9f-0a1b2c3d4e5f",
      sub: "pairwise-subject",
      roles: ["reader"],
    },
    user: "azure-vm",
    other: { oid: "00000000-2d4a-4b6c-8e9f-0a1b2c3d4e5f" },
  },
  google: {
    fixture: "google",
    claims: {
      iss: "https://accounts.google.com",
      aud: "https://oci-wif.example.com",
      sub: "112233445566778899001",
      azp: "112233445566778899001",
      email: "deployer@acme-prod.iam.gserviceaccount.com",
      google: { compute_engine: { project_number: 1234 } },
    },
    user: "gce-deployer",
    other: { sub: "998877665544332211000", azp: "998877665544332211000", email: "x@other.iam.gserviceaccount.com" },
  },
  aws: {
    fixture: "aws",
    claims: {
      iss: "https://3b2f7a10-55c4-4e3e-9d1a-6f0e8c7b5a49.tokens.sts.global.api.aws",
      aud: "oci-wif",
      sub: "arn:aws:iam::123456789012:role/oci-deployer",
      "https://sts.amazonaws.com/": { aws_account: "123456789012" },
    },
    user: "lambda-deployer",
    other: { sub: "arn:aws:iam::123456789012:role/other" },
  },
  spacelift: {
    fixture: "spacelift",
    claims: {
      iss: "https://acme.app.spacelift.io",
      aud: "acme.app.spacelift.io",
      sub: "space:root:stack:oci-prod:run_type:TRACKED:scope:write",
      spaceId: "root",
      runType: "TRACKED",
    },
    user: "sl-applier",
    other: { sub: "space:root:stack:oci-prod:run_type:TASK:scope:write" },
  },
  env0: {
    fixture: "env0",
    claims: {
      iss: "https://login.app.env0.com/",
      aud: "https://prod.env0.com",
      sub: "auth0|0123456789abcdef",
      apiKeyType: "oidc",
      organizationId: "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
      projectId: "0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e",
    },
    user: "env0-deployer",
    other: { organizationId: "ffffffff-0e1f-4a2b-8c3d-4e5f6a7b8c9d" },
  },
};

let dir: string;
beforeAll(() => {
  dir = tempDir();
  for (const c of Object.values(CASES)) {
    mkdirSync(join(dir, c.fixture));
    writeFileSync(join(dir, c.fixture, "cdk.tf.json"), synth(fixture(c.fixture).config).json);
  }
});

const token = (claims: Record<string, unknown>) => makeJwt({ iat: NOW - 10, exp: NOW + 300, ...claims });

describe.each(Object.entries(CASES))("wif-explain on a %s token", (_id, c) => {
  test.each(["config", "stack"])("becomes the service user its rule names, read from the %s", async (from) => {
    const cwd = tempDir();
    const jwt = token(c.claims);
    writeFileSync(join(cwd, "t.jwt"), jwt);
    const source =
      from === "config" ? ["--config", join(FIXTURES, `${c.fixture}.ini`)] : ["--stack", join(dir, c.fixture)];
    const r = await run(main, ["--token-file", "t.jwt", ...source, "--at", AT], { cwd, home: cwd });
    expect([r.code, r.out.at(-1)]).toEqual([0, `Result: the token would become service user "${c.user}".`]);
    expect(leaked([...r.out, ...r.err], [jwt])).toEqual([]);
  });

  test("refuses a token of another tenant or identity, naming the closest rule", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "t.jwt"), token({ ...c.claims, ...c.other }));
    const r = await run(main, ["--token-file", "t.jwt", "--config", join(FIXTURES, `${c.fixture}.ini`), "--at", AT], {
      cwd,
      home: cwd,
    });
    expect(r.code).toBe(1);
    expect(r.out.join("\n")).toMatch(/Result: refused: /);
  });
});
