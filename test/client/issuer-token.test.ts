// Getting the subject token from each platform the way it documents (core/issuers/, client/issuer-token.ts): a local
// server follows each HTTP protocol (Azure DevOps' OIDC request, Google's metadata server, Azure's IMDS; GitHub's is
// in exchange-cli.test.ts against the token endpoint), and small programs on PATH stand in for the platforms'
// own tools (buildkite-agent, the AWS CLI), printing a token for the arguments their documentation gives.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import { acquireIssuerToken, audienceFor } from "../../client/issuer-token";
import { chooseTokenSource } from "../../client/token-source";
import type { CliIo } from "../../cli/io";
import { DEFAULT_RETRY_POLICY } from "../../client/retry";
import { ISSUERS, issuerFamily, type IssuerFamily } from "../../core/issuers";
import { redactRegistered } from "../../core/redact";
import { main as exchangeMain } from "../../client/exchange-cli";
import { githubToken, makeJwt, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import {
  leaked,
  pooledKeyPair,
  removeTempDirs,
  run,
  runtimeConfigText,
  secretsOf,
  tempDir,
  writeRuntimeConfig,
} from "./harness";

afterAll(removeTempDirs);

/** True when the registry (core/redact.ts) knows the value: every printer then hides it. */
const isSecret = (value: string) => redactRegistered(`<${value}>`) !== `<${value}>`;
const POLICY = { ...DEFAULT_RETRY_POLICY, timeoutMs: 5000, maxAttempts: 2 };
const now = Math.floor(Date.now() / 1000);
const jwt = (claims: Record<string, unknown> = {}) =>
  makeJwt({ iss: "https://issuer.example", sub: "s", aud: "oci-wif", iat: now, exp: now + 300, ...claims });

function ioWith(env: Record<string, string | undefined>, cwd = tempDir()): CliIo {
  return {
    env,
    out: () => {},
    err: () => {},
    readStdin: async () => "",
    stdinIsTty: true,
    home: cwd,
    cwd,
    now: Date.now,
    delay: async () => {},
    random: () => 0.5,
  };
}

const family = (id: string): IssuerFamily => issuerFamily(id)!;
const acquire = (id: string, env: Record<string, string | undefined>, audience?: string, cwd?: string) =>
  acquireIssuerToken({ family: family(id), flag: `--token-from ${id}` }, audience, ioWith(env, cwd), POLICY, () => {});
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  throw new Error("expected a failure");
};

/** A local server following one documented protocol; records what it was asked. */
async function serve(
  answer: (req: IncomingMessage, body: string) => { status: number; body: string; type?: string },
): Promise<{
  url: string;
  host: string;
  seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }>;
  close: () => Promise<void>;
}> {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }> = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      const a = answer(req, body);
      res.writeHead(a.status, { "Content-Type": a.type ?? "application/json" });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("tokens from environment variables", () => {
  test.each<[string, string]>([
    ["gitlab", "OCI_ID_TOKEN"],
    ["bitbucket", "BITBUCKET_STEP_OIDC_TOKEN"],
    ["circleci", "CIRCLE_OIDC_TOKEN_V2"],
    ["terraform", "TFC_WORKLOAD_IDENTITY_TOKEN"],
    ["spacelift", "SPACELIFT_OIDC_TOKEN"],
  ])("%s: reads $%s and registers it as a secret", async (id, name) => {
    const token = jwt();
    const subject = await acquire(id, { [name]: `${token}\n` });
    expect([subject.token, subject.source, isSecret(token)]).toEqual([token, `${family(id).title} ($${name})`, true]);
  });

  test("circleci falls back to the v1 variable", async () => {
    const token = jwt();
    expect((await acquire("circleci", { CIRCLE_OIDC_TOKEN: token })).source).toBe("CircleCI ($CIRCLE_OIDC_TOKEN)");
  });

  test("fails naming the variable and what the job must do, when it is not set", async () => {
    expect(await failure(acquire("bitbucket", {}))).toEqual({
      code: "WIF-E-USAGE",
      message:
        "--token-from bitbucket: BITBUCKET_STEP_OIDC_TOKEN is not set, so the step has no OIDC token. Set oidc: true on the step.",
    });
  });

  test("fails without echoing a value that is not a JWT", async () => {
    const f = await failure(acquire("terraform", { TFC_WORKLOAD_IDENTITY_TOKEN: "planted-not-a-jwt" }));
    expect(f.message).toBe(
      "the subject token from HCP Terraform ($TFC_WORKLOAD_IDENTITY_TOKEN) is not a JWT (expected three base64url parts separated by '.').",
    );
  });
});

describe("tokens from files", () => {
  test("kubernetes: fails naming the projected token's path when the pod has none", async () => {
    expect((await failure(acquire("kubernetes", {}))).message).toBe(
      "--token-from kubernetes: /var/run/secrets/oci-wif/token does not exist, so the pod has no token for OCI. Mount a projected serviceAccountToken with the trust's audience there (docs/ci/kubernetes.yml), or pass --token-file <path>.",
    );
  });

  test("a file step reads the file the platform writes, bounded and checked", async () => {
    const cwd = tempDir();
    const token = jwt();
    writeFileSync(join(cwd, "oidc.jwt"), token);
    const fileFamily: IssuerFamily = {
      ...family("spacelift"),
      token: { ...family("spacelift").token, steps: [{ via: "file", path: "oidc.jwt" }] },
    };
    const subject = await acquireIssuerToken(
      { family: fileFamily, flag: "--token-from spacelift" },
      undefined,
      ioWith({}, cwd),
      POLICY,
      () => {},
    );
    expect([subject.token, subject.source, isSecret(token)]).toEqual([token, "Spacelift (file oidc.jwt)", true]);
  });

  test("spacelift reads its workspace file when the variable is not set, and says both are missing", async () => {
    expect((await failure(acquire("spacelift", {}))).message).toBe(
      "--token-from spacelift: SPACELIFT_OIDC_TOKEN is not set, so the run has no Spacelift OIDC token (OIDC needs a paid account).",
    );
  });
});

describe("Azure DevOps: POST $(System.OidcRequestUri)?api-version=7.1-preview.1 with the job's access token", () => {
  test("sends the documented request and reads oidcToken", async () => {
    const token = jwt({ iss: "https://vstoken.dev.azure.com/2d6a1e0c-3b4f-4e5a-9c7d-8e9f0a1b2c3d" });
    const bearer = "ado-access-token-planted";
    const server = await serve((req) =>
      req.headers.authorization === `Bearer ${bearer}`
        ? { status: 200, body: JSON.stringify({ oidcToken: token }) }
        : { status: 401, body: "{}" },
    );
    try {
      const env = {
        SYSTEM_OIDCREQUESTURI: `${server.url}/org/prj/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken`,
        SYSTEM_ACCESSTOKEN: bearer,
      };
      const subject = await acquire("azure-devops", env);
      expect(subject.token).toBe(token);
      expect(server.seen.map((s) => [s.method, s.url])).toEqual([
        ["POST", "/org/prj/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken?api-version=7.1-preview.1"],
      ]);
      expect([isSecret(bearer), isSecret(token)]).toEqual([true, true]);
    } finally {
      await server.close();
    }
  });

  test("fails when the access token is not mapped into the step", async () => {
    expect((await failure(acquire("azure-devops", { SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/x" }))).message).toBe(
      "--token-from azure-devops: SYSTEM_ACCESSTOKEN is not set, so Azure DevOps will not issue an OIDC token. Run in an Azure Pipelines job and map env: SYSTEM_ACCESSTOKEN: $(System.AccessToken) into the step.",
    );
  });

  test("fails with exit 1 and the documented fix when the service refuses, without printing the bearer", async () => {
    const server = await serve(() => ({ status: 401, body: '{"message":"nope"}' }));
    try {
      const f = await failure(
        acquire("azure-devops", { SYSTEM_OIDCREQUESTURI: `${server.url}/x`, SYSTEM_ACCESSTOKEN: "bearer-planted-2" }),
      );
      expect(f).toEqual({
        code: "WIF-E-EXCHANGE",
        message:
          "Azure DevOps' OIDC token service answered HTTP 401. Check that the step maps SYSTEM_ACCESSTOKEN: $(System.AccessToken) and that the pipeline's token may be used.",
      });
    } finally {
      await server.close();
    }
  });

  test("fails when the answer has no oidcToken string, naming the field", async () => {
    const server = await serve(() => ({ status: 200, body: JSON.stringify({ oidcToken: 7 }) }));
    try {
      const f = await failure(
        acquire("azure-devops", { SYSTEM_OIDCREQUESTURI: `${server.url}/x`, SYSTEM_ACCESSTOKEN: "b" }),
      );
      expect(f.message).toBe("Azure DevOps' OIDC token service: answer.oidcToken: expected a string, got a number.");
    } finally {
      await server.close();
    }
  });

  test("refuses a plain-http request URL to another host before sending anything", async () => {
    const f = await failure(
      acquire("azure-devops", { SYSTEM_OIDCREQUESTURI: "http://dev.azure.example/x", SYSTEM_ACCESSTOKEN: "b" }),
    );
    expect(f.message).toBe(
      "SYSTEM_OIDCREQUESTURI must be an https URL (plain http is accepted only for 127.0.0.1, localhost and [::1]).",
    );
  });
});

describe("Google's metadata server: GET …/service-accounts/default/identity?audience=… with Metadata-Flavor: Google", () => {
  test("asks for the trust's audience and reads the token from the body", async () => {
    const token = jwt({ iss: "https://accounts.google.com", sub: "112233445566778899001" });
    const server = await serve((req) =>
      req.headers["metadata-flavor"] === "Google"
        ? { status: 200, body: token, type: "text/plain" }
        : { status: 403, body: "missing Metadata-Flavor" },
    );
    try {
      const subject = await acquire("google", { GCE_METADATA_HOST: server.host }, "https://oci-wif.example.com");
      expect(subject.token).toBe(token);
      expect(subject.source).toBe("Google Cloud (audience https://oci-wif.example.com)");
      expect(server.seen.map((s) => [s.method, s.url])).toEqual([
        [
          "GET",
          "/computeMetadata/v1/instance/service-accounts/default/identity?audience=https%3A%2F%2Foci-wif.example.com&format=full",
        ],
      ]);
    } finally {
      await server.close();
    }
  });

  test("retries a 503 of the metadata server, saying so", async () => {
    let calls = 0;
    const token = jwt();
    const server = await serve(() => (++calls === 1 ? { status: 503, body: "busy" } : { status: 200, body: token }));
    const notes: string[] = [];
    try {
      const subject = await acquireIssuerToken(
        { family: family("google"), flag: "--token-from google" },
        "aud",
        ioWith({ GCE_METADATA_HOST: server.host }),
        POLICY,
        (l) => notes.push(l),
      );
      expect(subject.token).toBe(token);
      expect(notes).toEqual(["Google's metadata server answered HTTP 503; retrying in 0.4 s (attempt 2 of 2)."]);
    } finally {
      await server.close();
    }
  });
});

describe("Azure's instance metadata service: GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…", () => {
  test("asks with Metadata: true for the trust's audience and reads access_token", async () => {
    const token = jwt({ iss: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0" });
    const server = await serve((req) =>
      req.headers.metadata === "true"
        ? { status: 200, body: JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: "3599" }) }
        : { status: 400, body: "{}" },
    );
    try {
      const subject = await acquire("entra", { AZURE_POD_IDENTITY_AUTHORITY_HOST: server.url }, "api://oci-wif");
      expect(subject.token).toBe(token);
      expect(server.seen[0].url).toBe(
        "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api%3A%2F%2Foci-wif",
      );
    } finally {
      await server.close();
    }
  });
});

/** A stand-in for a platform's program: prints `token` when called with exactly `args`, else fails like one. */
function fakeProgram(name: string, args: readonly string[], output: string, exitCode = 0): string {
  const bin = tempDir("wif-bin-");
  const expected = JSON.stringify(args);
  const script = `#!${process.execPath}
const got = JSON.stringify(process.argv.slice(2));
if (got !== ${JSON.stringify(expected)}) { process.stderr.write("unexpected arguments " + got + "\\n"); process.exit(3); }
process.stderr.write(${JSON.stringify(exitCode ? "error: not allowed\n" : "")});
process.stdout.write(${JSON.stringify(output)});
process.exit(${exitCode});
`;
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), script);
  chmodSync(join(bin, name), 0o755);
  return bin;
}

describe("tokens from the platform's own program", () => {
  test("buildkite: runs buildkite-agent oidc request-token --audience <aud> and reads its output", async () => {
    const token = jwt({ iss: "https://agent.buildkite.com" });
    const bin = fakeProgram(
      "buildkite-agent",
      ["oidc", "request-token", "--audience", "oci wif; rm -rf /"],
      `${token}\n`,
    );
    const subject = await acquire("buildkite", { PATH: bin }, "oci wif; rm -rf /");
    expect([subject.token, subject.source, isSecret(token)]).toEqual([
      token,
      "Buildkite (buildkite-agent oidc request-token, audience oci wif; rm -rf /)",
      true,
    ]);
  });

  test("aws: runs aws sts get-web-identity-token for the audience with RS256 and reads WebIdentityToken", async () => {
    const token = jwt({ iss: "https://3b2f7a10-55c4-4e3e-9d1a-6f0e8c7b5a49.tokens.sts.global.api.aws" });
    const args = [
      "sts",
      "get-web-identity-token",
      "--audience",
      "oci-wif",
      "--signing-algorithm",
      "RS256",
      "--query",
      "WebIdentityToken",
      "--output",
      "text",
    ];
    const subject = await acquire("aws", { PATH: fakeProgram("aws", args, `${token}\n`) }, "oci-wif");
    expect(subject.token).toBe(token);
  });

  test("fails with exit 1 and the program's first error line when it fails", async () => {
    const bin = fakeProgram("buildkite-agent", ["oidc", "request-token", "--audience", "a"], "", 1);
    expect(await failure(acquire("buildkite", { PATH: bin }, "a"))).toEqual({
      code: "WIF-E-EXCHANGE",
      message: "could not get an OIDC token from Buildkite: buildkite-agent exited with code 1: error: not allowed.",
    });
  });

  test("fails with exit 2 when the program is not installed", async () => {
    const f = await failure(acquire("aws", { PATH: tempDir("wif-empty-") }, "a"));
    expect(f.code).toBe("WIF-E-USAGE");
    expect(f.message).toMatch(
      /^--token-from aws: could not get an OIDC token from AWS: aws is not installed \(not on PATH\)\. wif-exchange runs the AWS CLI/,
    );
  });

  test("stops reading a program that prints more than a token can be", async () => {
    const bin = fakeProgram("buildkite-agent", ["oidc", "request-token", "--audience", "a"], "x".repeat(200_000));
    expect((await failure(acquire("buildkite", { PATH: bin }, "a"))).message).toBe(
      "could not get an OIDC token from Buildkite: printed more than 131072 bytes.",
    );
  });
});

describe("choosing the source", () => {
  const choose = (flags: Parameters<typeof chooseTokenSource>[0], env: Record<string, string> = {}) =>
    chooseTokenSource(flags, env, { ambient: true });

  test("--token-from names a family; a misspelt one gets a suggestion", () => {
    expect(choose({ tokenFrom: "buildkite" }).issuer?.family.id).toBe("buildkite");
    expect(() => choose({ tokenFrom: "buildkit" })).toThrow(
      `--token-from must name an issuer of docs/issuers.md (${ISSUERS.map((f) => f.id).join(", ")}); got "buildkit". Did you mean buildkite?`,
    );
  });

  test.each(ISSUERS.filter((f) => f.token.detect.length > 0).map((f) => [f.id, f.token.detect] as const))(
    "picks %s when its variables are set",
    (id, vars) => {
      const env = Object.fromEntries(vars.map((v) => [v, "x"]));
      expect(choose({}, env)).toEqual({ kind: "issuer", issuer: { family: family(id), flag: `--token-from ${id}` } });
    },
  );

  test("asks for --token-from when two platforms' variables are set", () => {
    expect(() =>
      choose({}, { BITBUCKET_STEP_OIDC_TOKEN: "x", ENV0_OIDC_TOKEN_X: "y", SPACELIFT_OIDC_TOKEN: "z" }),
    ).toThrow(
      "this job has the token variables of Bitbucket Pipelines and Spacelift; give --token-from <bitbucket|spacelift>.",
    );
  });

  test("never picks a platform whose token needs an explicit request on a shared machine (a cluster, a cloud)", () => {
    for (const id of ["kubernetes", "entra", "google", "aws"]) expect(family(id).token.detect).toEqual([]);
  });
});

describe("the audience to ask for", () => {
  test("is the first audience of the runtime config's trust of that family", () => {
    const trusts = [
      { issuer: "https://token.actions.githubusercontent.com", audiences: ["gh"] },
      { issuer: "https://agent.buildkite.com", audiences: [] },
      { issuer: "https://agent.buildkite.com/", audiences: ["bk-1", "bk-2"] },
    ];
    expect(audienceFor(family("buildkite"), trusts)).toBe("bk-1");
    expect(audienceFor(family("google"), trusts)).toBeUndefined();
  });
});

describe("wif-exchange --token-from, end to end against the local token endpoint", () => {
  let endpoint: TokenEndpoint;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
  });
  afterAll(() => endpoint.close());

  const main = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });
  function setUp(trust: string[]) {
    const cwd = tempDir();
    writeRuntimeConfig(cwd, `${runtimeConfigText(endpoint)}\n${trust.join("\n")}\n`);
    return { cwd, home: tempDir() };
  }

  test("asks buildkite-agent for a token with the audience of the runtime config's Buildkite trust", async () => {
    const s = setUp(["[Trust buildkite]", "issuer = https://agent.buildkite.com", "audience = oci-bk"]);
    const token = githubToken({
      iss: "https://agent.buildkite.com",
      aud: "oci-bk",
      sub: "organization:acme:pipeline:deploy:ref:refs/heads/main:commit:abc:step:deploy",
    });
    const bin = fakeProgram("buildkite-agent", ["oidc", "request-token", "--audience", "oci-bk"], `${token}\n`);
    const before = endpoint.exchanges.length;
    const r = await run(main, ["--token-from", "buildkite"], { ...s, env: { PATH: bin } });
    expect([r.code, r.err]).toEqual([0, []]);
    expect(endpoint.exchanges.length).toBe(before + 1);
    expect(leaked([...r.out, ...r.err], secretsOf(endpoint, [token]))).toEqual([]);
  });

  test("uses $SPACELIFT_OIDC_TOKEN without a flag when only Spacelift's variable is set", async () => {
    const s = setUp([
      "[Trust spacelift]",
      "issuer = https://acme.app.spacelift.io",
      "audience = acme.app.spacelift.io",
    ]);
    const token = githubToken({ iss: "https://acme.app.spacelift.io", aud: "acme.app.spacelift.io" });
    const r = await run(main, [], { ...s, env: { SPACELIFT_OIDC_TOKEN: token } });
    expect([r.code, r.err]).toEqual([0, []]);
    expect(leaked([...r.out, ...r.err], secretsOf(endpoint, [token]))).toEqual([]);
  });

  test("fails before running anything when the platform's trust has no audience to ask for", async () => {
    const s = setUp([]);
    const r = await run(main, ["--token-from", "buildkite"], { ...s, env: { PATH: tempDir("wif-empty-") } });
    expect([r.code, r.err]).toEqual([
      2,
      [
        "error: no audience to request from Buildkite: runtimeConfig.ini has no [Trust …] for https://agent.buildkite.com with an audience. Pass --audience <aud> (the trust's client_claim_values).",
      ],
    ]);
  });
});
