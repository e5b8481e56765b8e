// The printers corpus (issue 16, parts 3 and 4), generated from classes:
// - hostile values (backtick runs, HTML, links, a forged heading, table pipes, terminal escapes, bidi, line
//   separators, NUL, zero-width) in every report field a pull request controls (rule values, user names,
//   descriptions, plan addresses, attribute names) × output (the review's Markdown read by a CommonMark parser, and
//   the bytes that reach the terminal, with the plan renderer's);
// - planted secrets (a short and a long client secret, an idcscs- secret, a JWT and each of its segments, a
//   multi-line PEM) × where they are read (runtimeConfig.ini, a token file, the environment, standard input, an
//   endpoint's answer, setupConfig.ini, a plan, Terraform's state) × the printer (CLI errors, the plan renderer
//   under each secret-ish name and inside JSON strings, Terraform's own error lines, the Action's mask lines, the
//   crash handler).
// Every case asserts the exit code and the line printed where a command runs, and that no 8-character run of a
// planted secret (nor a short one standing alone) is in anything printed.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { printable, registerSecret } from "../../core/redact";
import { renderPlan } from "../../deploy/plan-render";
import { deploy } from "../../deploy/apply";
import { plan as planCommand, PLAN_FILE } from "../../deploy/plan";
import { fileSha256, writeReviewRecord } from "../../deploy/gate";
import { main as reviewMain } from "../../review/cli";
import { main as exchangeMain } from "../../client/exchange-cli";
import { main as brokerMain } from "../../client/broker-cli";
import { runAction } from "../../action/main";
import { commandValue } from "../../action/workflow-command";
import { synthesize } from "../../app/synth";
import { terminal } from "../../core/text-out";
import { markdownShape } from "../support/markdown";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { pooledKeyPair, removeTempDirs, run, runtimeConfigText, tempDir, writeRuntimeConfig } from "../client/harness";
import { BASE, withKey } from "./corpus-support";
import {
  basePlan,
  baseStack,
  leaksIn,
  plantedSecrets,
  RAW_CONTROL,
  removeMade,
  resourceOf,
  scratch,
  startEchoServer,
  tablesKeepTheirColumns,
  writeRecordedStack,
  writeReviewInput,
} from "./printers-support";

afterAll(() => {
  removeMade();
  removeTempDirs();
});

// ---------------------------------------------------------------------------------------------------------------
// Hostile values in the review report and on the terminal
// ---------------------------------------------------------------------------------------------------------------

const HOSTILE_VALUES: ReadonlyArray<readonly [string, string]> = [
  ["backtick runs and an image", "``x`` <img src=x onerror=alert(1)>`"],
  ["raw HTML", '<img src="x" onerror="alert(1)"><b>bold</b>'],
  ["a javascript: link", "[x](javascript:alert(1))"],
  ["a newline and a forged approval heading", "a\n# ✅ approved"],
  ["table pipes", "a | b | c"],
  ["a terminal colour escape", "\u001b[31mred\u001b[0m"],
  ["a right-to-left override", "abc\u202Eevil"],
  ["a line separator", "a\u2028b"],
  ["a NUL", "a\u0000b"],
  ["a zero-width space", "a\u200Bb"],
];

/** A field of the report a pull request controls, and how to plant a value in it (stack and plan). */
interface ReportField {
  readonly name: string;
  plant(stack: Record<string, any>, plan: Record<string, any>, value: string): void;
}

const REPORT_FIELDS: readonly ReportField[] = [
  {
    name: "an impersonation rule's value",
    plant: (stack, _plan, v) => {
      const trust = resourceOf(stack, "oci_identity_domains_identity_propagation_trust").body;
      trust.impersonation_service_users[0].rule = `sub eq ${v}`;
    },
  },
  {
    name: "a service user's name",
    plant: (stack, _plan, v) => {
      resourceOf(stack, "oci_identity_domains_user").body.user_name = v;
    },
  },
  {
    name: "a scope's description",
    plant: (stack, _plan, v) => {
      resourceOf(stack, "oci_identity_domains_app").body.scopes = [{ value: "read", description: v }];
    },
  },
  {
    name: "a plan's resource address",
    plant: (_stack, plan, v) => {
      plan.resource_changes[0].address = `oci_identity_domains_app.${v}`;
    },
  },
  {
    name: "a plan's attribute name",
    plant: (_stack, plan, v) => {
      plan.resource_changes[1].change.before = { [v]: "a" };
      plan.resource_changes[1].change.after = { [v]: "b" };
    },
  },
];

let stack: Record<string, any>;
beforeAll(() => {
  stack = baseStack();
});

async function reviewWith(field: ReportField, value: string) {
  const s = structuredClone(stack);
  const p = basePlan(s);
  field.plant(s, p, value);
  const { stackDir, planFile } = writeReviewInput(s, p);
  const out: string[] = [];
  const err: string[] = [];
  const code = await reviewMain(["--stack", stackDir, "--plan", planFile], {
    out: (l) => out.push(`${l}\n`),
    err: (l) => err.push(`${l}\n`),
  });
  return { code, markdown: out.join(""), stderr: err.join(""), plan: p };
}

describe.each(REPORT_FIELDS.map((f) => [f.name, f] as const))("a hostile value in %s", (_field, field) => {
  let benign: Awaited<ReturnType<typeof reviewWith>>;
  beforeAll(async () => {
    benign = await reviewWith(field, "plain-value-x");
  });

  test.each(HOSTILE_VALUES)(
    "%s: the report keeps its structure, shows the value as text or code, and no raw control character reaches the terminal",
    async (_name, value) => {
      const r = await reviewWith(field, value);
      // The command: the same exit code and summary line as with a plain value.
      expect([r.code, r.stderr]).toEqual([benign.code, benign.stderr]);
      // The Markdown, read by a CommonMark parser: no HTML of the value's, no link, no image, no new heading, and
      // every table row with its header's cells.
      const shape = markdownShape(r.markdown);
      const plain = markdownShape(benign.markdown);
      expect(shape.html).toEqual(plain.html);
      expect(shape.links).toEqual([]);
      expect(shape.blocks.filter((b) => b.startsWith("heading"))).toEqual(
        plain.blocks.filter((b) => b.startsWith("heading")),
      );
      expect(tablesKeepTheirColumns(shape.tableCells, r.markdown)).toBe(true);
      // What a reader sees holds the value, its control characters written as escapes.
      expect(shape.text.replace(/\\\|/g, "|")).toContain(printable(value));
      // The terminal: every byte printed is printable.
      expect(`${r.markdown}${r.stderr}`).not.toMatch(RAW_CONTROL);
      // The plan renderer's lines, for the plan this review read.
      const lines = renderPlan(r.plan);
      expect(lines.join("\n")).not.toMatch(RAW_CONTROL);
      expect(lines.every((l) => !l.includes("\n"))).toBe(true);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Planted secrets × sources × printers
// ---------------------------------------------------------------------------------------------------------------

/** Everything a command printed, as one text. */
const printedOf = (r: { out: string[]; err: string[] }) => [...r.out, ...r.err].join("\n");

const exchange = (argv: readonly string[], io: Parameters<typeof exchangeMain>[1]) =>
  exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });

describe("a client secret from runtimeConfig.ini that the token endpoint echoes", () => {
  test.each(["short", "long", "idcscs"] as const)(
    "the %s secret is not printed by wif-exchange's error",
    async (kind) => {
      const secret = plantedSecrets()[kind];
      const endpoint = await startTokenEndpoint({ clientSecret: secret });
      try {
        const cwd = tempDir("wif-printers-client-");
        writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
        writeFileSync(join(cwd, "ci.jwt"), githubToken({}, Math.floor(Date.now() / 1000)));
        endpoint.inject("token", {
          status: 401,
          body: JSON.stringify({ error: "invalid_client", error_description: `bad client secret ${secret}` }),
        });
        const r = await run(exchange, ["--token-file", "ci.jwt"], { cwd, home: tempDir("wif-printers-home-") });
        expect(r.code).toBe(1);
        expect(r.err[0]).toBe(
          "error: the token endpoint refused the client credentials (HTTP 401, invalid_client: bad client secret [secret]).",
        );
        expect(leaksIn(printedOf(r), [secret])).toEqual([]);
      } finally {
        await endpoint.close();
      }
    },
  );
});

describe("a subject token that the token endpoint echoes", () => {
  let endpoint: TokenEndpoint;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
  });
  afterAll(() => endpoint.close());

  const ECHOES: ReadonlyArray<readonly [string, (t: string) => string]> = [
    ["whole", (t) => t],
    ["its header", (t) => t.split(".")[0]],
    ["its payload", (t) => t.split(".")[1]],
    ["its signature", (t) => t.split(".")[2]],
    ["its first 30 characters", (t) => t.slice(0, 30)],
    ["its payload cut to 12 characters", (t) => t.split(".")[1].slice(3, 15)],
  ];
  const SOURCES: ReadonlyArray<
    readonly [string, string[], (t: string) => { env?: Record<string, string>; stdin?: string }]
  > = [
    ["a token file", ["--token-file", "ci.jwt"], () => ({})],
    ["an environment variable", ["--token-env", "CI_JOB_JWT"], (t) => ({ env: { CI_JOB_JWT: t } })],
    ["standard input", ["--token-stdin"], (t) => ({ stdin: `${t}\n` })],
  ];
  const cases = [
    ...ECHOES.map(([echo, pick]) => [`${echo}, read from a token file`, SOURCES[0], pick] as const),
    ...SOURCES.slice(1).map((source) => [`its payload, read from ${source[0]}`, source, ECHOES[2][1]] as const),
  ];

  test.each(cases)("%s: not printed by wif-exchange's error", async (_name, [, argv, io], pick) => {
    const token = githubToken({ marker: plantedSecrets().long }, Math.floor(Date.now() / 1000));
    const cwd = tempDir("wif-printers-client-");
    writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
    writeFileSync(join(cwd, "ci.jwt"), `${token}\n`);
    endpoint.inject("token", {
      status: 400,
      body: JSON.stringify({ error: "invalid_grant", error_description: `cannot verify ${pick(token)}` }),
    });
    const r = await run(exchange, argv, { cwd, home: tempDir("wif-printers-home-"), ...io(token) });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(
      /^error: the token endpoint refused the exchange \(HTTP 400, invalid_grant: cannot verify \[(secret|JWT)\]\)\. OCI does not say which check failed/,
    );
    expect(leaksIn(printedOf(r), [token])).toEqual([]);
  });
});

describe("wif-broker's client secret that the identity domain echoes", () => {
  const SOURCES = [
    ["short", "WIF_BROKER_CLIENT_SECRET"],
    ["long", "WIF_BROKER_CLIENT_SECRET"],
    ["idcscs", "--client-secret-file"],
  ] as const;
  test.each(SOURCES)("the %s secret from %s is not printed", async (kind, source) => {
    const secret = plantedSecrets()[kind];
    const server = await startEchoServer(() => ({
      status: 401,
      body: JSON.stringify({ error: "invalid_client", error_description: `client secret ${secret} is wrong` }),
    }));
    try {
      const home = tempDir("wif-printers-home-");
      const cwd = tempDir("wif-printers-client-");
      writeFileSync(join(cwd, "secret.txt"), `${secret}\n`);
      const r = await run(
        (a, io) => brokerMain(a, io, { makeKeyPair: pooledKeyPair }),
        source === "--client-secret-file"
          ? ["--client-secret-file", "secret.txt", "--max-attempts", "1"]
          : ["--max-attempts", "1"],
        {
          cwd,
          home,
          env: {
            WIF_DOMAIN_URL: server.url,
            WIF_BROKER_CLIENT_ID: "broker-client",
            ...(source === "WIF_BROKER_CLIENT_SECRET" ? { WIF_BROKER_CLIENT_SECRET: secret } : {}),
            WIF_BROKER_SCOPE: "https://broker.example.com/upst.generate",
            WIF_BROKER_URL: `${server.url}/broker`,
            OCI_CLI_REGION: "us-ashburn-1",
          },
        },
      );
      expect(r.code).toBe(1);
      expect(r.err[0]).toBe(
        "error: the identity domain refused the client credentials (HTTP 401, invalid_client: client secret [secret] is wrong).",
      );
      expect(leaksIn(printedOf(r), [secret])).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("what an endpoint returns is a secret from the moment it arrives", () => {
  test("an access token the identity domain issued, echoed by the broker's gateway, is not printed", async () => {
    const accessToken = plantedSecrets().jwt;
    const server = await startEchoServer((path) =>
      path.startsWith("/oauth2/v1/token")
        ? { status: 200, body: JSON.stringify({ access_token: accessToken, token_type: "Bearer" }) }
        : { status: 401, body: JSON.stringify({ message: `bad bearer ${accessToken.split(".")[1]}` }) },
    );
    try {
      const r = await run((a, io) => brokerMain(a, io, { makeKeyPair: pooledKeyPair }), ["--max-attempts", "1"], {
        cwd: tempDir("wif-printers-client-"),
        home: tempDir("wif-printers-home-"),
        env: {
          WIF_DOMAIN_URL: server.url,
          WIF_BROKER_CLIENT_ID: "broker-client",
          WIF_BROKER_CLIENT_SECRET: plantedSecrets().long,
          WIF_BROKER_SCOPE: "https://broker.example.com/upst.generate",
          WIF_BROKER_URL: `${server.url}/broker`,
          OCI_CLI_REGION: "us-ashburn-1",
        },
      });
      expect(r.code).toBe(1);
      expect(r.err[0]).toBe("error: the broker's gateway refused the access token (HTTP 401: bad bearer [secret]).");
      expect(leaksIn(printedOf(r), [accessToken])).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test.each([
    ["a session token (UPST) and its key", [] as string[], ["token", "oci_api_key.pem"]],
    [
      "a resource-principal token (RPST) and its key",
      ["--rpst", "--res-type", "github-actions"],
      ["rpst", "rpst_private_key.pem"],
    ],
  ])("%s written by wif-exchange are known to every later printer", async (_name, extra, files) => {
    const endpoint = await startTokenEndpoint();
    try {
      const cwd = tempDir("wif-printers-client-");
      const home = tempDir("wif-printers-home-");
      writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
      writeFileSync(join(cwd, "ci.jwt"), githubToken({}, Math.floor(Date.now() / 1000)));
      const r = await run(exchange, ["--token-file", "ci.jwt", ...extra], { cwd, home });
      expect(r.code).toBe(0);
      const dir = join(home, ".oci", "sessions", "wif");
      const [token, key] = files.map((f) => readFileSync(join(dir, f), "utf8"));
      // Whatever prints next (a later error, a crash) has them removed: whole, by segment, by key line.
      const later = terminal(`token ${token.split(".")[1]} key ${key.split("\n")[3]} whole ${token}`);
      expect(later).toBe("token [secret] key [secret] whole [secret]");
      expect(leaksIn(printedOf(r), [token, key])).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });
});

describe("a private key pasted over several lines of a config", () => {
  const PLACES: ReadonlyArray<readonly [string, (pem: string) => string, string]> = [
    [
      "setupConfig.ini, as a [WIFConfig] value",
      (pem) => withKey("WIFConfig", "token_exchange_app_name", pem.trimEnd(), BASE),
      "setupConfig.ini",
    ],
    [
      "setupConfig.ini, as a [Backend] private_key",
      (pem) => `${BASE}\n[Backend]\ntype = oci\nprivate_key = ${pem}`,
      "setupConfig.ini",
    ],
    ["setupConfig.ini, on its own after a section", (pem) => `${BASE}\n${pem}`, "setupConfig.ini"],
  ];
  test.each(PLACES)("in %s: synth fails naming the file, and no key line is printed", (_name, text) => {
    const { pem } = plantedSecrets();
    const dir = scratch("wif-printers-pem-");
    writeFileSync(join(dir, "setupConfig.ini"), text(pem));
    const lines: string[] = [];
    const r = synthesize({
      configPath: join(dir, "setupConfig.ini"),
      outdir: join(dir, "cdktf.out"),
      log: (l) => lines.push(l),
    });
    expect(r.exitCode).toBe(2);
    expect(lines[0]).toMatch(/^error: \d+ problems? in .*setupConfig\.ini/);
    expect(leaksIn(lines.join("\n"), [pem])).toEqual([]);
  });

  test.each([
    [
      "indented, as configparser continues a value (the endpoint refuses it)",
      "\n  ",
      1,
      /^error: the token endpoint refused the client credentials \(HTTP 401/,
    ],
    [
      "not indented, each line a problem of its own",
      "\n",
      2,
      /^error: \d+ problems? in runtimeConfig\.ini; nothing was sent\.$/,
    ],
  ] as const)(
    "in runtimeConfig.ini as oauthclientsecret, %s: wif-exchange fails and no key line is printed",
    async (_name, joint, exit, line) => {
      const { pem } = plantedSecrets();
      const endpoint = await startTokenEndpoint();
      try {
        const cwd = tempDir("wif-printers-client-");
        const text = runtimeConfigText(endpoint).replace(
          /^oauthclientsecret = .*$/m,
          `oauthclientsecret = ${pem.trimEnd().split("\n").join(joint)}`,
        );
        writeRuntimeConfig(cwd, text);
        writeFileSync(join(cwd, "ci.jwt"), githubToken({}, Math.floor(Date.now() / 1000)));
        const r = await run(exchange, ["--token-file", "ci.jwt"], { cwd, home: tempDir("wif-printers-home-") });
        expect(r.code).toBe(exit);
        expect(r.err[0]).toMatch(line);
        expect(leaksIn(printedOf(r), [pem])).toEqual([]);
      } finally {
        await endpoint.close();
      }
    },
  );
});

describe("the plan renderer", () => {
  const change = (before: Record<string, unknown>, after: Record<string, unknown>) => ({
    resource_changes: [
      {
        address: "terraform_data.app",
        type: "terraform_data",
        change: { actions: ["update"], before, after, after_unknown: {} },
      },
    ],
  });

  test.each([
    "client_secret",
    "clientSecret",
    "client-secret",
    "CLIENT_SECRET",
    "api_key",
    "apiKey",
    "client_credential",
    "private_key",
    "password",
    "auth_token",
  ])("hides a secret under the name %s", (name) => {
    const { long } = plantedSecrets();
    const lines = renderPlan(change({ [name]: long, label: "a" }, { [name]: `${long}-2`, label: "b" }));
    expect(lines).toContain(`    ${name}: (secret) -> (secret)`);
    expect(lines).toContain('    label: "a" -> "b"');
    expect(leaksIn(lines.join("\n"), [long])).toEqual([]);
  });

  test.each([
    [
      "a JSON-encoded attribute with client_secret inside",
      (s: string) => JSON.stringify({ client_id: "id-1", client_secret: s }),
    ],
    [
      "a JSON document inside a JSON document",
      (s: string) => JSON.stringify({ config: JSON.stringify({ auth: { apiKey: s } }) }),
    ],
    ["an array of credentials in JSON", (s: string) => JSON.stringify([{ name: "x", password: s }])],
  ])("hides the secret member of %s, and shows the rest", (_name, encode) => {
    const { long } = plantedSecrets();
    const lines = renderPlan(change({ settings: encode("old-value-0") }, { settings: encode(long) }));
    const line = lines.find((l) => l.startsWith("    settings:"))!;
    expect(line).toContain("(secret)");
    expect(leaksIn(lines.join("\n"), [long])).toEqual([]);
  });

  test.each(["pem", "jwt", "idcscs", "long"] as const)("hides a %s value under a name that says nothing", (kind) => {
    const secrets = plantedSecrets();
    if (kind === "long") registerSecret(secrets.long); // known to the process, e.g. read from runtimeConfig.ini
    const lines = renderPlan(change({ note: "plain" }, { note: secrets[kind] }));
    expect(lines).toContain('    note: "plain" -> (secret)');
    expect(leaksIn(lines.join("\n"), [secrets[kind]])).toEqual([]);
  });

  test.each([
    ["named app_client_secret, not marked sensitive", "app_client_secret", false],
    ["named clientSecret, not marked sensitive", "clientSecret", false],
    ["with a plain name, marked sensitive", "settings", true],
  ])("hides an output %s", (_name, output, sensitive) => {
    const { long } = plantedSecrets();
    const lines = renderPlan({
      output_changes: {
        [output as string]: {
          actions: ["create"],
          after: long,
          after_unknown: false,
          after_sensitive: sensitive,
        },
      },
    });
    expect(lines).toContain(`+ output.${output}`);
    expect(lines).toContain("    value: (secret)");
    expect(leaksIn(lines.join("\n"), [long])).toEqual([]);
  });
});

/**
 * A stand-in for terraform: `init` succeeds, `plan` and `apply` fail with `message` on standard error (what
 * Terraform's own diagnostics quote), `show -json` prints `shown` (the state, or the saved plan).
 */
function fakeTerraform(dir: string, message: string, shown: unknown): string {
  writeFileSync(join(dir, "message.txt"), message);
  writeFileSync(join(dir, "shown.json"), JSON.stringify(shown));
  const bin = join(dir, "terraform");
  writeFileSync(
    bin,
    `#!/bin/sh\ncase "$1" in\n  init) exit 0 ;;\n  show) cat "${join(dir, "shown.json")}" ;;\n  plan|apply) cat "${join(dir, "message.txt")}" >&2; exit 1 ;;\nesac\n`,
  );
  chmodSync(bin, 0o755);
  return bin;
}

describe("Terraform's own error lines", () => {
  const state = (resourceValues: Record<string, unknown>, outputs: Record<string, unknown> = {}) => ({
    format_version: "1.0",
    values: {
      outputs,
      root_module: {
        resources: [{ address: "x.y", type: "oci_identity_domains_app", values: resourceValues, sensitive_values: {} }],
      },
    },
  });
  const CASES: ReadonlyArray<readonly [string, (s: string) => unknown]> = [
    ["client_secret in the state", (s) => state({ client_secret: s })],
    [
      "an output named app_client_secret in the state",
      (s) => state({}, { app_client_secret: { value: s, sensitive: false } }),
    ],
    ["a JSON-encoded attribute in the state", (s) => state({ settings: JSON.stringify({ client_secret: s }) })],
    [
      "a sensitive-marked value in the state",
      (s) => ({
        values: { root_module: { resources: [{ type: "x", values: { note: s }, sensitive_values: { note: true } }] } },
      }),
    ],
  ];

  test.each(CASES)("plan: a secret from %s quoted by Terraform is not printed", async (_name, shown) => {
    const { long } = plantedSecrets();
    const dir = scratch("wif-printers-tf-");
    const stackDir = join(dir, "stack");
    mkdirSync(join(stackDir, ".terraform"), { recursive: true });
    writeRecordedStack(stackDir, "{}");
    const terraform = fakeTerraform(
      dir,
      `Error: Invalid value\n\n  on cdk.tf.json: provider says "${long}" was refused\n`,
      shown(long),
    );
    const printed: string[] = [];
    const code = await planCommand({ stackDir, terraform, out: (l) => printed.push(l), err: (l) => printed.push(l) });
    expect(code).toBe(1);
    // The progress lines first (`terraform init (…) …`, `terraform plan (stack) …`), then the failure.
    printed.splice(
      0,
      printed.findIndex((l) => l.startsWith("error:")),
    );
    expect(printed[0]).toBe("error: terraform plan failed; nothing was applied. Terraform said (redacted):");
    expect(printed).toContain('    on cdk.tf.json: provider says "[secret]" was refused');
    expect(leaksIn(printed.join("\n"), [long])).toEqual([]);
  });

  test("plan: the provider's client secret from the environment, quoted by Terraform, is not printed", async () => {
    const { short } = plantedSecrets();
    const dir = scratch("wif-printers-tf-");
    const stackDir = join(dir, "stack");
    mkdirSync(join(stackDir, ".terraform"), { recursive: true });
    writeRecordedStack(stackDir, "{}");
    const terraform = fakeTerraform(dir, `Error: token exchange failed for secret ${short}\n`, {});
    const printed: string[] = [];
    process.env.OCI_TOKEN_EXCHANGE_CLIENT_SECRET = short;
    try {
      expect(await planCommand({ stackDir, terraform, out: (l) => printed.push(l), err: (l) => printed.push(l) })).toBe(
        1,
      );
    } finally {
      delete process.env.OCI_TOKEN_EXCHANGE_CLIENT_SECRET;
    }
    expect(printed).toContain("  Error: token exchange failed for secret [secret]");
    expect(leaksIn(printed.join("\n"), [short])).toEqual([]);
  });

  test("deploy: a secret of the saved plan quoted by terraform apply is not printed", async () => {
    const { idcscs } = plantedSecrets();
    const dir = scratch("wif-printers-tf-");
    const stackDir = join(dir, "stack");
    mkdirSync(stackDir);
    writeRecordedStack(stackDir, "{}");
    writeFileSync(join(stackDir, PLAN_FILE), "saved plan");
    // The review record wif-plan writes beside a plan that passed (deploy/gate.ts).
    writeReviewRecord(stackDir, {
      plan: fileSha256(join(stackDir, PLAN_FILE)),
      stack: fileSha256(join(stackDir, "cdk.tf.json")),
      errors: 0,
      warnings: 0,
      suppressed: 0,
      blocking: [],
    });
    const plan = {
      resource_changes: [
        { address: "x.y", type: "x", change: { actions: ["update"], before: { client_secret: idcscs }, after: {} } },
      ],
    };
    const terraform = fakeTerraform(dir, `Error: 409 conflict updating ${idcscs.slice(3)}\n`, plan);
    const printed: string[] = [];
    expect(await deploy({ stackDir, terraform, out: (l) => printed.push(l), err: (l) => printed.push(l) })).toBe(1);
    expect(printed).toContain(
      "error: terraform apply failed; what it applied before the failure is in the state, and the saved plan cannot be applied again: plan again. Terraform said (redacted):",
    );
    expect(printed).toContain("  Error: 409 conflict updating [secret]");
    expect(leaksIn(printed.join("\n"), [idcscs])).toEqual([]);
  });
});

describe("the Action's mask lines", () => {
  /** Runs the Action in-process with these inputs; returns every line it wrote to standard output. */
  async function actionLines(inputs: Record<string, string>): Promise<{ code: number; lines: string[] }> {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const code = await runAction(
        Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      );
      return { code, lines: written.join("").split("\n").slice(0, -1) };
    } finally {
      spy.mockRestore();
    }
  }

  test.each([
    ["holding % and %0A", (s: string) => `${s}%0A%`],
    ["of several lines (a PEM)", () => plantedSecrets().pem.trimEnd()],
    ["holding a carriage return", (s: string) => `${s}\r\nsecond-line-${s}`],
  ])("a client secret %s is masked, escaped, line by line, before the error that refuses it", async (_name, make) => {
    const secret = make(plantedSecrets().long);
    const r = await actionLines({ "client-secret": secret, "domain-url": "https://x.example", audience: "a" });
    expect(r.code).toBe(2);
    const masks = r.lines.filter((l) => l.startsWith("::add-mask::")).map((l) => l.slice("::add-mask::".length));
    // The whole value as the runner reads it back, and each line on its own.
    expect(masks).toContain(commandValue(secret.trim()));
    for (const line of secret
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("-----")))
      expect(masks).toContain(commandValue(line));
    expect(masks.every((m) => !/[\r\n]/.test(m) && !/%(?!25|0D|0A)/.test(m))).toBe(true);
    const firstOther = r.lines.findIndex((l) => !l.startsWith("::add-mask::"));
    expect(r.lines[firstOther]).toMatch(/^::error::wif-exchange action: missing inputs client-id, region/);
    expect(r.lines.slice(firstOther).some((l) => l.startsWith("::add-mask::"))).toBe(false);
    expect(leaksIn(r.lines.slice(firstOther).join("\n"), [secret])).toEqual([]);
  });
});

describe("the crash handler of bin/run.cjs", () => {
  const CRASHES: ReadonlyArray<readonly [string, (s: ReturnType<typeof plantedSecrets>) => [string, string]]> = [
    ["a registered client secret", (s) => [s.long, s.long]],
    ["a JWT's payload", (s) => [s.jwt, s.jwt.split(".")[1]]],
    ["one line of a private key", (s) => [s.pem, s.pemBody[1]]],
  ];
  test.each(CRASHES)(
    "an unexpected error quoting %s exits 70 with one redacted line and no stack",
    async (_name, pick) => {
      const [registered, echoed] = pick(plantedSecrets());
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            "-e",
            `require(${JSON.stringify(join(__dirname, "..", "..", "bin", "run.cjs"))})("crash", "test/hostile/fixtures/crashing-command")`,
          ],
          { env: { ...process.env, PLANTED: registered, ECHOED: echoed }, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
        );
      });
      expect(result.code).toBe(70);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        "error: unexpected failure (a bug; exit 70): the work failed at [secret] (WIF_DEBUG=1 shows where)\n",
      );
      expect(leaksIn(result.stderr, [registered])).toEqual([]);
    },
    60_000,
  );
});
