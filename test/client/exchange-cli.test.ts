import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchangeMain } from "../../client/exchange-cli";
import type { CliIo } from "../../cli/io";
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
  type RunOptions,
} from "./harness";

let endpoint: TokenEndpoint;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

/** A working directory with runtimeConfig.ini and a token file, and an empty home. */
function setUp(text = runtimeConfigText(endpoint), token = githubToken()) {
  const cwd = tempDir();
  const home = tempDir();
  writeRuntimeConfig(cwd, text);
  writeFileSync(join(cwd, "ci.jwt"), token + "\n");
  const options: RunOptions = { cwd, home };
  const oci = join(home, ".oci");
  return { cwd, home, token, options, oci, config: join(oci, "config"), session: join(oci, "sessions", "wif") };
}

/** The command with pooled keys, for tests that are not about the key itself. */
const main = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });
/** The command as shipped, making a fresh key pair. */
const freshMain = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io);

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("wif-exchange against the local token endpoint", () => {
  // One run with a fresh key pair, as shipped; the tests below look at what it sent, wrote and printed.
  let s: ReturnType<typeof setUp>;
  let r: Awaited<ReturnType<typeof run>>;
  let upst: string;
  let seen: (typeof endpoint.exchanges)[number];
  beforeAll(async () => {
    s = setUp();
    const before = endpoint.exchanges.length;
    r = await run(freshMain, ["--token-file", "ci.jwt"], s.options);
    upst = endpoint.issued.at(-1)!;
    seen = endpoint.exchanges[before];
  });

  test("writes the key, the token and a session-token profile, each private, and prints the next steps", () => {
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const keyPem = readFileSync(join(s.session, "oci_api_key.pem"), "utf8");
    const der = createPublicKey(createPrivateKey(keyPem)).export({ type: "spki", format: "der" });
    const fingerprint = createHash("md5").update(der).digest("hex").match(/../g)!.join(":");
    expect(readFileSync(s.config, "utf8")).toBe(
      [
        "[wif]",
        `fingerprint=${fingerprint}`,
        `key_file=${join(s.session, "oci_api_key.pem")}`,
        `tenancy=${endpoint.tenancy}`,
        "region=us-ashburn-1",
        `security_token_file=${join(s.session, "token")}`,
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(s.session, "token"), "utf8")).toBe(upst);
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect([mode(s.config), mode(join(s.session, "oci_api_key.pem")), mode(join(s.session, "token"))]).toEqual([
      "600",
      "600",
      "600",
    ]);
    expect([mode(s.oci), mode(s.session)]).toEqual(["700", "700"]);
    // No lock, temporary or backup file is left behind.
    expect([readdirSync(s.oci).sort(), readdirSync(s.session).sort()]).toEqual([
      ["config", "sessions"],
      ["oci_api_key.pem", "token"],
    ]);
    expect(r.out[0]).toMatch(
      /^Wrote OCI profile \[wif\] to .*\/\.oci\/config \(session token valid until .* UTC, in 60 min\)\.$/,
    );
    expect(r.out).toContain("  OCI CLI:   oci --profile wif --auth security_token os ns get");
    expect(r.out).toContain('               config_file_profile = "wif"');
    expect(leaked([...r.out, ...r.err], secretsOf(endpoint, [s.token, keyPem.split("\n")[1]]))).toEqual([]);
  });

  test("sends exactly the documented form, in order, with the public key as URL-encoded base64 DER and Basic client auth", () => {
    expect(seen.method).toBe("POST");
    expect(seen.path).toBe("/oauth2/v1/token");
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen.headers.authorization).toBe(
      `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString("base64")}`,
    );
    const names = seen.body.split("&").map((p) => p.split("=")[0]);
    expect(names).toEqual(["grant_type", "requested_token_type", "subject_token", "subject_token_type", "public_key"]);
    expect(seen.body).toContain(
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_token_type=urn%3Aoci%3Atoken-type%3Aoci-upst&",
    );
    expect(seen.body).toContain(`&subject_token=${s.token}&subject_token_type=jwt&`);
    const publicKey = seen.body.split("public_key=")[1];
    expect(publicKey).not.toMatch(/[+/=]|BEGIN|%0A/);
    const der = Buffer.from(decodeURIComponent(publicKey), "base64");
    const pem = readFileSync(join(s.session, "oci_api_key.pem"), "utf8");
    expect(der.equals(createPublicKey(createPrivateKey(pem)).export({ type: "spki", format: "der" }))).toBe(true);
  });

  test("keeps other profiles and comments and updates its own profile in place on the next run", async () => {
    const s = setUp();
    const existing = [
      "# my profiles",
      "[DEFAULT]",
      "user=ocid1.user.oc1..me",
      "key_file=~/.oci/me.pem",
      "",
      "[wif]",
      "# written by wif-exchange",
      "region=eu-frankfurt-1",
      "pass_phrase=old",
      "custom=kept",
      "",
      "[other]",
      "region=us-phoenix-1",
      "",
    ].join("\n");
    mkdirSync(s.oci, { recursive: true });
    writeFileSync(s.config, existing, { mode: 0o640 });

    // Pooled keys alternate, so the second run has another key, as a fresh pair would.
    expect((await run(main, ["--token-file", "ci.jwt"], s.options)).code).toBe(0);
    const first = readFileSync(s.config, "utf8");
    expect((await run(main, ["--token-file", "ci.jwt"], s.options)).code).toBe(0);
    const second = readFileSync(s.config, "utf8");

    const lines = second.split("\n");
    expect(lines.slice(0, 7)).toEqual([
      "# my profiles",
      "[DEFAULT]",
      "user=ocid1.user.oc1..me",
      "key_file=~/.oci/me.pem",
      "",
      "[wif]",
      "# written by wif-exchange",
    ]);
    expect(lines[7]).toBe("region=us-ashburn-1");
    expect(lines.slice(8, 9)).toEqual(["custom=kept"]);
    expect(lines.slice(9, 13).map((l) => l.split("=")[0])).toEqual([
      "fingerprint",
      "key_file",
      "tenancy",
      "security_token_file",
    ]);
    expect(lines.slice(13)).toEqual(["", "[other]", "region=us-phoenix-1", ""]);
    expect(second).not.toContain("pass_phrase");
    // A new key each run: the fingerprint changes, everything else stays.
    expect(first.replace(/fingerprint=.*/, "")).toBe(second.replace(/fingerprint=.*/, ""));
    expect(first).not.toBe(second);
    expect(mode(s.config)).toBe("640");
  });

  test("gets the token from GitHub Actions for the GitHub trust's audience and sets step outputs without secrets", async () => {
    const s = setUp();
    const outputs = join(s.cwd, "github_output");
    const envFile = join(s.cwd, "github_env");
    writeFileSync(outputs, "");
    writeFileSync(envFile, "");
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.githubRequestToken,
      GITHUB_OUTPUT: outputs,
      GITHUB_ENV: envFile,
    };
    const r = await run(main, ["--github-env"], { ...s.options, env });

    expect(r.code).toBe(0);
    expect(endpoint.githubAudiences.at(-1)).toBe("oci-wif");
    const out = readFileSync(outputs, "utf8").split("\n");
    expect(out.map((l) => l.split("=")[0])).toEqual(["profile", "config-file", "region", "tenancy", "expires-at", ""]);
    expect(out.slice(0, 4)).toEqual([
      "profile=wif",
      `config-file=${s.config}`,
      "region=us-ashburn-1",
      `tenancy=${endpoint.tenancy}`,
    ]);
    expect(out[4]).toMatch(/^expires-at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(readFileSync(envFile, "utf8")).toBe(
      `OCI_CLI_PROFILE=wif\nOCI_CLI_AUTH=security_token\nOCI_CLI_CONFIG_FILE=${s.config}\nOCI_CONFIG_FILE=${s.config}\n`,
    );
    expect(leaked([...r.out, ...r.err, ...out], secretsOf(endpoint))).toEqual([]);
  });

  test("retries GitHub's token service after a 5xx like the exchange", async () => {
    const s = setUp();
    endpoint.inject("github", { status: 502 });
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.githubRequestToken,
    };
    const r = await run(main, [], { ...s.options, env });
    expect(r.code).toBe(0);
    expect(r.err).toEqual(["note: GitHub's OIDC token service answered HTTP 502; retrying in 0.4 s (attempt 2 of 5)."]);
  });

  test("fails with exit 1 when GitHub refuses the token request", async () => {
    const s = setUp();
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "not-the-request-token",
    };
    const before = endpoint.exchanges.length;
    const r = await run(main, [], { ...s.options, env });
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'error: GitHub\'s OIDC token service answered HTTP 401. Check that the job has permissions: id-token: write and that the audience "oci-wif" is what you meant.',
    ]);
    expect(endpoint.exchanges.length).toBe(before);
  });

  test("requests the audience given with --audience instead of the trust's", async () => {
    const s = setUp();
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.githubRequestToken,
    };
    const r = await run(main, ["--audience", "custom aud/1"], { ...s.options, env });
    expect(r.code).toBe(0);
    expect(endpoint.githubAudiences.at(-1)).toBe("custom aud/1");
    // The token's audience is not the trust's, which the client points out before sending.
    expect(r.err).toEqual([
      'warning: the subject token\'s audience "custom aud/1" is not one of [Trust github] audience (oci-wif); the exchange will likely be refused. Request the token for "oci-wif".',
    ]);
  });

  test("reads a GitLab id_tokens variable named with --token-env, and prints only environment lines with --env", async () => {
    const s = setUp();
    const gitlab = makeJwt({
      iss: "https://gitlab.com",
      aud: "oci-wif",
      sub: "project_path:platform/app:ref_type:branch:ref:main",
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    const r = await run(main, ["--token-env", "OCI_ID_TOKEN", "--env"], {
      ...s.options,
      env: { OCI_ID_TOKEN: gitlab },
    });
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      "OCI_CLI_PROFILE=wif",
      "OCI_CLI_AUTH=security_token",
      `OCI_CLI_CONFIG_FILE=${s.config}`,
      `OCI_CONFIG_FILE=${s.config}`,
    ]);
    expect(r.err[0]).toMatch(/^Wrote OCI profile \[wif\]/);
    expect(leaked([...r.out, ...r.err], secretsOf(endpoint, [gitlab]))).toEqual([]);
  });

  test.each([["--token-stdin"], ["--token-file", "-"]])(
    "reads the token from standard input with %s",
    async (...argv) => {
      const s = setUp();
      const r = await run(main, argv, { ...s.options, stdin: `${s.token}\n` });
      expect(r.code).toBe(0);
      expect(existsSync(join(s.session, "token"))).toBe(true);
    },
  );

  test("works from a seed-format runtimeConfig.ini holding the subject token, with the region from a flag", async () => {
    const token = githubToken();
    const seed = [
      "[IdentityDomain]",
      `iam_guid=${endpoint.url}`,
      "[WIFConfig]",
      `oauthclientid=${endpoint.clientId}`,
      `oauthclientsecret=${endpoint.clientSecret}`,
      `subjecttoken=${token}`,
      "",
    ].join("\n");
    const s = setUp(seed);
    const r = await run(main, ["--region", "eu-frankfurt-1", "--config-file", "oci/config"], s.options);
    expect(r.code).toBe(0);
    const config = readFileSync(join(s.cwd, "oci", "config"), "utf8");
    expect(config).toContain("[wif]\n");
    expect(config).toContain("region=eu-frankfurt-1\n");
    expect(config).toContain(`key_file=${join(s.cwd, "oci", "sessions", "wif", "oci_api_key.pem")}\n`);
    expect(r.out).toContain(
      `  OCI CLI:   oci --config-file ${join(s.cwd, "oci", "config")} --profile wif --auth security_token os ns get`,
    );
    expect(leaked([...r.out, ...r.err], secretsOf(endpoint, [token]))).toEqual([]);
  });

  test("honours OCI_CLI_CONFIG_FILE and writes the profile named in [OCI] profile", async () => {
    const s = setUp(runtimeConfigText(endpoint, { profile: "ci.deploy" }));
    const target = join(s.cwd, "custom-config");
    const r = await run(main, ["--token-file", "ci.jwt"], { ...s.options, env: { OCI_CLI_CONFIG_FILE: target } });
    expect(r.code).toBe(0);
    expect(readFileSync(target, "utf8")).toMatch(/^\[ci\.deploy\]\n/);
    expect(existsSync(join(s.cwd, "sessions", "ci.deploy", "token"))).toBe(true);
  });
});

describe("wif-exchange input errors (exit 2, nothing sent, nothing written)", () => {
  const cases: Array<
    [string, string[], (s: ReturnType<typeof setUp>) => void, Record<string, string> | undefined, string[]]
  > = [
    [
      "fails when runtimeConfig.ini does not exist",
      ["--runtime-config", "missing.ini", "--token-file", "ci.jwt"],
      () => {},
      undefined,
      [
        "error: missing.ini: file not found. Pass --runtime-config <path>, or run from the directory where wif-deploy wrote runtimeConfig.ini.",
      ],
    ],
    [
      "fails when no region is configured or given",
      ["--token-file", "ci.jwt"],
      (s) => writeRuntimeConfig(s.cwd, runtimeConfigText(endpoint, { region: null })),
      undefined,
      [
        "error: no region for the profile: pass --region <region> (e.g. us-ashburn-1), or set [OCI] region in runtimeConfig.ini.",
      ],
    ],
    [
      "fails when --region is not a region",
      ["--token-file", "ci.jwt", "--region", "Ashburn"],
      () => {},
      undefined,
      ['error: --region must be a region identifier such as us-ashburn-1; got "Ashburn".'],
    ],
    [
      "fails when --profile would break the config file",
      ["--token-file", "ci.jwt", "--profile", "a]b"],
      () => {},
      undefined,
      [
        "error: --profile must be a profile name; \"]\" is not allowed in one; got \"a]b\". Use letters, digits, '.', '_', '@' or '-', at most 64 characters, e.g. wif.",
      ],
    ],
    [
      "fails when two token sources are given",
      ["--token-file", "ci.jwt", "--token-stdin"],
      () => {},
      undefined,
      ["error: give one token source; got --token-file and --token-stdin."],
    ],
    [
      "fails when no token source is given",
      [],
      () => {},
      undefined,
      [
        "error: no subject token. Give one of:",
        "  --token-file <path> | --token-env <NAME> | --token-stdin | --token-from <issuer> (github, gitlab, buildkite …: docs/issuers.md) | --github (GitHub Actions, needs permissions: id-token: write)",
      ],
    ],
    [
      "fails when the --token-env variable is empty",
      ["--token-env", "OCI_ID_TOKEN"],
      () => {},
      { OCI_ID_TOKEN: "" },
      [
        "error: --token-env OCI_ID_TOKEN: the variable is not set or is empty. In GitLab CI, declare it under id_tokens: { OCI_ID_TOKEN: { aud: <audience> } }.",
      ],
    ],
    [
      "fails when the token file does not exist",
      ["--token-file", "nope.jwt"],
      () => {},
      undefined,
      ["error: --token-file nope.jwt: file not found."],
    ],
    [
      "fails when the token is not a JWT, without echoing it",
      ["--token-file", "ci.jwt"],
      (s) => writeFileSync(join(s.cwd, "ci.jwt"), "secret-not-a-jwt"),
      undefined,
      [
        "error: the subject token from --token-file ci.jwt is not a JWT (expected three base64url parts separated by '.').",
      ],
    ],
    [
      "fails when --timeout is not a number",
      ["--token-file", "ci.jwt", "--timeout", "soon"],
      () => {},
      undefined,
      ['error: --timeout must be a number from 0.1 to 600; got "soon".'],
    ],
    [
      "fails when --max-attempts is out of range",
      ["--token-file", "ci.jwt", "--max-attempts", "0"],
      () => {},
      undefined,
      ['error: --max-attempts must be a whole number from 1 to 10; got "0".'],
    ],
    [
      "fails when --audience is given for a token that is not fetched",
      ["--token-file", "ci.jwt", "--audience", "x"],
      () => {},
      undefined,
      [
        "error: --audience applies only to a token wif-exchange asks a platform for (--github, or --token-from <issuer> for a platform that mints one per request, see docs/issuers.md); other tokens already carry theirs.",
      ],
    ],
    [
      "fails when --github runs outside GitHub Actions",
      ["--github"],
      () => {},
      undefined,
      [
        "error: --github: ACTIONS_ID_TOKEN_REQUEST_URL is not set, so GitHub will not issue an OIDC token. Give the job permissions: id-token: write (see docs/exchange.md).",
      ],
    ],
    [
      "fails when --github-env runs outside GitHub Actions",
      ["--token-file", "ci.jwt", "--github-env"],
      () => {},
      undefined,
      [
        "error: --github-env: GITHUB_ENV is not set; it is only available inside a GitHub Actions job. Use --env elsewhere.",
      ],
    ],
    [
      "fails when a flag is misspelt",
      ["--token-flie", "ci.jwt"],
      () => {},
      undefined,
      ["error: unknown flag --token-flie. Did you mean --token-file? See --help."],
    ],
    [
      "fails when the domain URL is plain http to another host",
      ["--token-file", "ci.jwt"],
      (s) =>
        writeRuntimeConfig(
          s.cwd,
          runtimeConfigText(endpoint).replace(endpoint.url, "http://idcs-x.identity.oraclecloud.com"),
        ),
      undefined,
      [
        "error: 1 problem in runtimeConfig.ini; nothing was sent.",
        '  runtimeConfig.ini:2 [IdentityDomain] iam_guid: must be an https URL (plain http is accepted only for 127.0.0.1, localhost and [::1]); got "http://idcs-x.identity.oraclecloud.com". Use the domain URL from the console: Identity & Security > Domains > your domain.',
      ],
    ],
    [
      "fails when the client secret is missing, naming the key",
      ["--token-file", "ci.jwt"],
      (s) =>
        writeRuntimeConfig(s.cwd, runtimeConfigText(endpoint).replace(/oauthclientsecret = .*/, "oauthclientsecret =")),
      undefined,
      [
        "error: 1 problem in runtimeConfig.ini; nothing was sent.",
        "  runtimeConfig.ini:6 [WIFConfig] oauthclientsecret: is missing. Set it to the token-exchange app's client secret (`terraform output -raw token_exchange_client_secret`).",
      ],
    ],
    [
      "fails when the client secret has an unescaped '%', without showing it",
      ["--token-file", "ci.jwt"],
      (s) =>
        writeRuntimeConfig(
          s.cwd,
          runtimeConfigText(endpoint).replace(/oauthclientsecret = .*/, "oauthclientsecret = ab%cdefgh"),
        ),
      undefined,
      [
        "error: 1 problem in runtimeConfig.ini; nothing was sent.",
        "  runtimeConfig.ini:6 [WIFConfig] oauthclientsecret: has a '%' that is not written as '%%' (value not shown: it is a secret). The file is read as Python's configparser reads it: write every literal '%' as '%%'.",
      ],
    ],
  ];

  test.each(cases)("%s", async (_name, argv, arrange, env, expected) => {
    const s = setUp();
    arrange(s);
    const before = endpoint.exchanges.length;
    const r = await run(main, argv, { ...s.options, env: env ?? {} });
    expect(r.err).toEqual(expected);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(endpoint.exchanges.length).toBe(before);
    expect(existsSync(s.oci)).toBe(false);
  });
});

describe("wif-exchange refusals and retries (exit 1, nothing written)", () => {
  test("explains a 401 as bad client credentials and points to wif-explain", async () => {
    const s = setUp(
      runtimeConfigText(endpoint).replace(/oauthclientsecret = .*/, "oauthclientsecret = wrong-secret-123"),
    );
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      "error: the token endpoint refused the client credentials (HTTP 401, invalid_client: unknown client or wrong secret).",
      `  Check [WIFConfig] oauthclientid ("${endpoint.clientId}") and oauthclientsecret in runtimeConfig.ini: they must be the`,
      "  token-exchange app's client ID and current secret (terraform output), and the app must be active.",
      "  If they are right, see whether the token itself is the problem: wif-explain --token-file ci.jwt --stack cdktf.out/stacks/<stack>",
    ]);
    expect(existsSync(s.config)).toBe(false);
    expect(leaked(r.err, ["wrong-secret-123", s.token])).toEqual([]);
  });

  test("explains a 400 with the token's claims and the usual causes, and points to wif-explain", async () => {
    const refusing = await startTokenEndpoint({ accept: () => "no impersonation rule matched" });
    try {
      const s = setUp(
        runtimeConfigText(refusing),
        githubToken({ sub: "repo:octo-org/other:ref:refs/heads/main", exp: 1893456000 }),
      );
      const r = await run(main, ["--token-env", "TOKEN"], { ...s.options, env: { TOKEN: s.token } });
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        "error: the token endpoint refused the exchange (HTTP 400, invalid_grant: no impersonation rule matched). OCI does not say which check failed; the usual causes are:",
        '  - no impersonation rule of the trust matches the token (sub "repo:octo-org/other:ref:refs/heads/main");',
        '  - no active trust has the token\'s issuer (iss "https://token.actions.githubusercontent.com"), or the token\'s audience (aud "oci-wif") is not the trust\'s;',
        "  - the token has expired (exp 2030-01-01 00:00:00 UTC) or the trust cannot fetch the issuer's keys;",
        `  - the client "${refusing.clientId}" is not one of the trust's oauth_clients.`,
        "  See which, offline: wif-explain --token-env TOKEN --stack cdktf.out/stacks/<stack>",
      ]);
      expect(refusing.exchanges.length).toBe(1);
      expect(existsSync(s.config)).toBe(false);
    } finally {
      await refusing.close();
    }
  });

  test("retries 503 after backoff and 429 after its Retry-After, then succeeds", async () => {
    const s = setUp();
    const before = endpoint.exchanges.length;
    endpoint.inject("token", { status: 503 }, { status: 429, headers: { "Retry-After": "2" } });
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(0);
    expect(endpoint.exchanges.length - before).toBe(3);
    // Attempt 1 backs off 0.5 s with its upper half jittered (random 0.5 → 375 ms); then the server's 2 s.
    expect(r.delays).toEqual([375, 2000]);
    expect(r.err).toEqual([
      "note: the token endpoint answered HTTP 503; retrying in 0.4 s (attempt 2 of 5).",
      "note: the token endpoint answered HTTP 429; retrying in 2.0 s (its Retry-After) (attempt 3 of 5).",
    ]);
  });

  test("caps a long Retry-After at 30 s", async () => {
    const s = setUp();
    endpoint.inject("token", { status: 429, headers: { "Retry-After": "3600" } });
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(0);
    expect(r.delays).toEqual([30000]);
  });

  test("gives up after --max-attempts 5xx answers and writes nothing", async () => {
    const s = setUp();
    const before = endpoint.exchanges.length;
    endpoint.inject("token", { status: 502 }, { status: 500 }, { status: 503 });
    const r = await run(main, ["--token-file", "ci.jwt", "--max-attempts", "3"], { ...s.options, random: () => 0 });
    expect(r.code).toBe(1);
    expect(endpoint.exchanges.length - before).toBe(3);
    expect(r.delays).toEqual([250, 500]);
    expect(r.err.at(-1)).toBe(
      "error: the token endpoint is unavailable (HTTP 503, server_error); gave up after 3 attempts. Try again later.",
    );
    expect(existsSync(s.config)).toBe(false);
  });

  test("does not retry a 400", async () => {
    const s = setUp();
    const before = endpoint.exchanges.length;
    endpoint.inject("token", { status: 400, body: '{"error":"invalid_request"}' });
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(1);
    expect(endpoint.exchanges.length - before).toBe(1);
    expect(r.delays).toEqual([]);
  });

  test("stops when the next wait would pass --timeout", async () => {
    const s = setUp();
    endpoint.inject("token", { status: 429, headers: { "Retry-After": "20" } });
    const r = await run(main, ["--token-file", "ci.jwt", "--timeout", "5"], s.options);
    expect(r.code).toBe(1);
    expect(r.delays).toEqual([]);
    expect(r.err).toEqual([
      "error: the token endpoint is unavailable (HTTP 429, server_error); gave up after 1 attempt: the next wait (20 s) would pass the 5 s timeout. Try again later.",
    ]);
  });

  test("fails when the endpoint does not answer within --timeout", async () => {
    const s = setUp();
    endpoint.inject("token", { hang: true });
    const r = await run(main, ["--token-file", "ci.jwt", "--timeout", "0.3"], s.options);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`error: the token endpoint ${endpoint.url} did not answer within 0.3 s (--timeout).`]);
    expect(existsSync(s.config)).toBe(false);
  });

  test("fails when the endpoint cannot be reached", async () => {
    const closed = await startTokenEndpoint();
    await closed.close();
    const s = setUp(runtimeConfigText(closed));
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `error: the token endpoint ${closed.url}: the connection was refused (ECONNREFUSED); check the URL and port.`,
      "  Check [IdentityDomain] iam_guid in runtimeConfig.ini and this machine's network access.",
    ]);
  });

  test("fails when another run holds the config file's lock, and writes nothing", async () => {
    const s = setUp();
    mkdirSync(s.oci, { recursive: true });
    writeFileSync(`${s.config}.lock`, "");
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `error: another wif-exchange is updating ${s.config} (lock file ${s.config}.lock); nothing was written. Try again, or delete the lock file if no run is active.`,
    ]);
    expect(r.delays).toEqual(Array(99).fill(100));
    expect([existsSync(s.config), existsSync(join(s.session, "token"))]).toEqual([false, false]);
  });

  test("takes over a lock left behind by a run that was killed", async () => {
    const s = setUp();
    mkdirSync(s.oci, { recursive: true });
    writeFileSync(`${s.config}.lock`, "");
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${s.config}.lock`, old, old);
    const r = await run(main, ["--token-file", "ci.jwt"], s.options);
    expect(r.code).toBe(0);
    expect([existsSync(s.config), existsSync(`${s.config}.lock`)]).toEqual([true, false]);
  });

  test("fails when the session token is bound to another key, and writes nothing", async () => {
    // Any RSA key other than the client's will do; a small one is quick to make.
    const other = require("node:crypto").generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    const binding = await startTokenEndpoint({ jwkOverride: other });
    try {
      const s = setUp(runtimeConfigText(binding));
      const r = await run(main, ["--token-file", "ci.jwt"], s.options);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        "error: the session token is bound to a different public key than the one sent, so it could not be used; nothing was written.",
      ]);
      expect(existsSync(s.config)).toBe(false);
      expect(existsSync(join(s.session, "oci_api_key.pem"))).toBe(false);
    } finally {
      await binding.close();
    }
  });
});
