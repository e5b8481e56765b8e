// The bounded-reader corpus (issue 16, part 5, and the stale guard): hostile HTTP answers and JSON files against
// the commands that read them — wif-import against a hostile identity domain, wif-exchange and wif-broker against a
// hostile token endpoint and broker, wif-review and the plan command against hostile stacks, plans and stack
// records. Every case asserts the exit code, one error line naming the limit or the field, no stack trace, nothing
// written, and no planted secret in any byte printed. Deadlines are short (--timeout 1), so no case waits > ~1.5 s.
import { createHash, generateKeyPairSync } from "node:crypto";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as v from "valibot";
import { main as importMain } from "../../adopt/cli";
import { IMPORT_SCHEMAS } from "../../adopt/discover";
import { plan as planCommand } from "../../deploy/plan";
import { synthesize } from "../../app/synth";
import { main as brokerMain } from "../../client/broker-cli";
import { main as exchangeMain } from "../../client/exchange-cli";
import { STACK_SCHEMA } from "../../core/stack";
import { sha256Of, STACK_SOURCE_FILE, STACK_SOURCE_SCHEMA } from "../../core/stack-source";
import { main as reviewMain } from "../../review/cli";
import { PLAN_SCHEMA } from "../../review/plan";
import { DOMAIN, seedSetup, TENANCY } from "../adopt/seed-setup";
import { pooledKeyPair, removeTempDirs, run, runtimeConfigText, tempDir, writeRuntimeConfig } from "../client/harness";
import { startIdentityDomain, type IdentityDomainStandIn } from "../support/identity-domain";
import { githubToken } from "../support/token-endpoint";
import {
  KIND_WORDS,
  pathText,
  setAt,
  slowLoris,
  startHostile,
  startSelfSignedTls,
  stream,
  TRACE,
  wrongTypeCases,
  type Behaviour,
  type HostileServer,
  type Kind,
} from "./bounded-support";
import { BASE, CLIENT_SECRET, JWT, PEM_KEY, PLANTED } from "./corpus-support";

const MB = 1024 * 1024;
/** Bytes the kernel and Node may hold between the two ends of a loopback connection, beyond what was read. */
const SLACK = 16 * MB;

/** What a case printed and left behind. */
interface Outcome {
  readonly code: number;
  readonly lines: string[];
  readonly wrote: string[];
  readonly ms: number;
}

/** The common assertions: exit code, one error line containing `expected`, no trace, nothing written, no secret. */
function expectRefused(o: Outcome, code: number, expected: string | RegExp, extraSecrets: readonly string[] = []) {
  const printed = o.lines.join("\n");
  const errors = o.lines.filter((l) => l.startsWith("error:"));
  expect({ code: o.code, errors: errors.length, wrote: o.wrote }).toEqual({ code, errors: 1, wrote: [] });
  if (typeof expected === "string") expect(errors[0]).toContain(expected);
  else expect(errors[0]).toMatch(expected);
  expect(o.lines.length).toBeLessThanOrEqual(2);
  expect(printed).not.toMatch(TRACE);
  expect([...PLANTED, ...extraSecrets].filter((s) => printed.includes(s))).toEqual([]);
}

/** Which of the importer's schemas each answer of the corpus is checked against. */
const SCHEMA_OF: Record<string, keyof typeof IMPORT_SCHEMAS> = {
  "a trust": "trust",
  "an app": "app",
  "a user": "user",
  "a group": "group",
  "a policy": "policy",
};

/** The attributes a schema leaves to the importer's own checks: `v.optional(v.unknown())`. */
function adoptedFields(schema: v.GenericSchema): string[] {
  const entries = (
    schema as unknown as { pipe: Array<{ entries?: Record<string, { type: string; wrapped?: { type: string } }> }> }
  ).pipe.find((p) => p.entries)!.entries!;
  return Object.entries(entries)
    .filter(([, s]) => s.type === "optional" && s.wrapped?.type === "unknown")
    .map(([k]) => k);
}

// ---------------------------------------------------------------------------------------------------------------
// wif-import against a hostile identity domain: the real command, signing with a real API key, over real HTTP.
// ---------------------------------------------------------------------------------------------------------------
describe("wif-import against a hostile identity domain", () => {
  let work: string;
  let standIn: IdentityDomainStandIn;
  let front: HostileServer;
  let tls: { url: string; close(): Promise<void> };
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "wif-bounded-import-"));
    const keyFile = join(work, "admin.pem");
    writeFileSync(keyFile, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
    const fingerprint = createHash("md5")
      .update(keys.publicKey.export({ type: "spki", format: "der" }))
      .digest("hex")
      .match(/../g)!
      .join(":");
    writeFileSync(
      join(work, "oci-config"),
      `[ADMIN]\nuser=ocid1.user.oc1..aaaaaaaaadmin\nfingerprint=${fingerprint}\nkey_file=${keyFile}\ntenancy=${TENANCY}\nregion=us-ashburn-1\n`,
    );
    const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
    standIn = await startIdentityDomain(seedSetup(), { publicKeyPem });
    front = await startHostile(() => standIn.url);
    tls = await startSelfSignedTls(work);
  });
  afterAll(async () => {
    await Promise.all([standIn.close(), front.close(), tls.close()]);
    rmSync(work, { recursive: true, force: true });
  });
  beforeEach(() => {
    jest.spyOn(console, "info").mockImplementation(() => {});
    front.reset();
  });
  afterEach(() => jest.restoreAllMocks());

  /** Runs wif-import through the front (or against `domain` directly) with a 1 s deadline per request. */
  async function runImport(behave: Behaviour, flags: { domain?: string; endpoint?: string } = {}): Promise<Outcome> {
    front.behave = behave;
    const dir = mkdtempSync(join(work, "case-"));
    const lines: string[] = [];
    const io = {
      out: (l: string) => lines.push(l),
      err: (l: string) => lines.push(l),
    };
    const argv = [
      "--domain",
      flags.domain ?? DOMAIN,
      ...(flags.domain && !flags.endpoint ? [] : ["--endpoint", flags.endpoint ?? front.url]),
      "--iam-endpoint",
      flags.endpoint ?? front.url,
      "--compartment",
      TENANCY,
      "--profile",
      "ADMIN",
      "--config-file",
      join(work, "oci-config"),
      "--out",
      join(dir, "setupConfig.ini"),
      "--timeout",
      "1",
    ];
    const started = Date.now();
    const code = await importMain(argv, io);
    const ms = Date.now() - started;
    const wrote = ["setupConfig.ini", "wif-imports.json"].filter((f) => existsSync(join(dir, f)));
    return { code, lines, wrote, ms };
  }

  /** The stand-in's answer, passed through unchanged. */
  const honest: Behaviour = (_req, res, forward) => {
    forward().then((f) => {
      res.writeHead(f.status, f.headers);
      res.end(JSON.stringify(f.json));
    });
  };
  /** The first request (the trusts list) answered by `first`; every later one honestly. */
  const onFirst =
    (first: Behaviour): Behaviour =>
    (req, res, forward) =>
      (front.requests.length === 1 ? first : honest)(req, res, forward);
  const json = (text: string | Buffer, status = 200, headers: Record<string, string> = {}): Behaviour =>
    onFirst((_req, res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(text);
    });

  test("reads an honest domain, as a control: exit 0 and both files written", async () => {
    const o = await runImport(honest);
    expect([o.code, o.wrote]).toEqual([0, ["setupConfig.ini", "wif-imports.json"]]);
  });

  test("accepts an answer that starts with a UTF-8 byte order mark", async () => {
    const o = await runImport((_req, res, forward) =>
      forward().then((f) => {
        res.writeHead(f.status, f.headers);
        res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(f.json))]));
      }),
    );
    expect([o.code, o.wrote]).toEqual([0, ["setupConfig.ini", "wif-imports.json"]]);
  });

  // The requests go to the front (--endpoint); messages name the URL requested.
  const TRUSTS = "/admin/v1/IdentityPropagationTrusts";
  const transport: Array<[string, Behaviour, string | RegExp, { domain?: string; endpoint?: string }?]> = [
    [
      "a slow-loris answer (a byte every 200 ms) is cut at the 1 s deadline",
      onFirst((_req, res) => slowLoris(res)),
      /no complete answer within 1 s \(\d+ bytes of it had arrived\)/,
    ],
    [
      "no answer at all (headers never come) is cut at the deadline",
      onFirst(() => {}),
      "no complete answer within 1 s.",
    ],
    [
      "a never-ending body at 6 MB/s is cut at the deadline",
      onFirst((_req, res) => stream(res, Number.MAX_SAFE_INTEGER, 64 * 1024, 10)),
      /no complete answer within 1 s \(\d+ bytes of it had arrived\)/,
    ],
    [
      "a Content-Length of 700 MB is refused before a body byte is read",
      onFirst((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(700 * MB) });
        res.write("[");
      }),
      `the answer declares ${700 * MB} bytes; the limit is ${20 * MB}, so none of it was read.`,
    ],
    [
      "a lying Content-Length (1000 declared, 10 sent, then closed) is a cut connection",
      onFirst((req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"totalRes');
        setTimeout(() => req.socket.destroy(), 50);
      }),
      "the connection was closed after 10 bytes of the answer, before it was complete; try again.",
    ],
    [
      "a lying Content-Length (5 declared, a whole answer sent) leaves a cut-off document",
      onFirst((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "5" });
        res.end(`{"totalResults": 1, "Resources": [{"id": "${CLIENT_SECRET}"}]}`);
      }),
      `${TRUSTS}: the answer is not well-formed HTTP (HPE_INVALID_CONSTANT): its Content-Length does not match its body, or a proxy in between is broken.`,
    ],
    [
      "a connection cut in the middle of the body",
      onFirst((req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"totalResults": 1, "Resources": [{"id": "${CLIENT_SECRET}", `);
        setTimeout(() => req.socket.destroy(), 50);
      }),
      /the connection was closed after \d+ bytes of the answer, before it was complete; try again\./,
    ],
    [
      "a connection reset before any answer",
      onFirst((req) => req.socket.resetAndDestroy()),
      /the connection was reset \((ECONNRESET|socket hang up)\); try again, and check any proxy or firewall in between\./,
    ],
    [
      "a port where nothing listens",
      honest,
      "the connection was refused (ECONNREFUSED); check the URL and port.",
      { endpoint: "http://127.0.0.1:9" },
    ],
    [
      "a domain whose name does not resolve",
      honest,
      "the host name idcs-0123456789abcdef.nonexistent.invalid does not resolve (ENOTFOUND); check the URL and this machine's DNS.",
      { domain: "https://idcs-0123456789abcdef.nonexistent.invalid" },
    ],
    [
      "invalid UTF-8 in the answer",
      json(Buffer.concat([Buffer.from('{"totalResults": 1, "x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])),
      `${TRUSTS}: looks like Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8 (byte 0xC3 on line 1); JSON must be UTF-8.`,
    ],
    [
      "a UTF-16 answer with its byte order mark",
      json(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"totalResults": 0}', "utf16le")])),
      `${TRUSTS}: looks like UTF-16LE; JSON must be UTF-8.`,
    ],
    [
      "an array nested 100,000 deep",
      json(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
      `${TRUSTS}: nests deeper than 128 levels (line 1, column 129); refused before parsing.`,
    ],
    [
      "a key given twice (two readers could see two values)",
      json('{"totalResults": 1, "totalResults": 0}'),
      `${TRUSTS}: answer.totalResults: the key is given twice in one object.`,
    ],
    [
      "a __proto__ key in a resource",
      json(`{"totalResults": 1, "Resources": [{"__proto__": {"id": "${CLIENT_SECRET}"}}]}`),
      `${TRUSTS}: answer.Resources[0].__proto__: the key "__proto__" is not accepted.`,
    ],
    [
      "an HTML page with HTTP 200, holding secrets",
      json(`<html><body>${CLIENT_SECRET} ${JWT}</body></html>`, 200, { "content-type": "text/html" }),
      `${TRUSTS}: is not valid JSON.`,
    ],
    [
      "JSON that is not valid, holding a secret where a value goes",
      json(`{"totalResults": 1, "Resources": [{"clientSecret": ${CLIENT_SECRET}}]}`),
      `${TRUSTS}: is not valid JSON.`,
    ],
    ["an empty body", json(""), `${TRUSTS}: is empty, not JSON.`],
    ["the JSON null", json("null"), `${TRUSTS}: answer: expected an object, got null.`],
    [
      "a secret string instead of a list response",
      json(JSON.stringify(CLIENT_SECRET)),
      `${TRUSTS}: answer: expected an object, got a string.`,
    ],
    [
      "an HTML error page with HTTP 500",
      json(`<html>${PEM_KEY}</html>`, 500, { "content-type": "text/html" }),
      `${TRUSTS}: HTTP 500.`,
    ],
    [
      "a redirect to another host (not followed)",
      json("", 302, { location: "http://169.254.169.254/latest/meta-data" }),
      "/admin/v1/IdentityPropagationTrusts: HTTP 302.",
    ],
  ];
  // Rows padded to four cells: jest takes a test function with more parameters than cells as a `done` callback.
  test.each(transport.map(([name, behave, expected, flags]) => [name, behave, expected, flags ?? {}] as const))(
    "fails when %s: exit 1, one line, nothing written",
    async (_name, behave, expected, flags) => {
      const o = await runImport(behave, flags);
      expectRefused(o, 1, expected);
      expect(o.ms).toBeLessThan(1_900);
    },
  );

  test("fails when the certificate is self-signed: TLS refused, nothing written", async () => {
    const o = await runImport(honest, { domain: tls.url });
    expectRefused(
      o,
      1,
      /TLS failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\)/,
    );
  });

  test("fails when a 700 MB-class answer streams in: reading stops at the 20 MB limit", async () => {
    const o = await runImport(onFirst((_req, res) => stream(res, 700 * MB)));
    expectRefused(o, 1, `the answer is larger than ${20 * MB} bytes; stopped reading at the limit.`);
    expect(front.sent).toBeGreaterThan(20 * MB);
    expect(front.sent).toBeLessThan(20 * MB + SLACK);
  });

  // Wrong types at every field the importer reads, generated from its schemas.
  const answers: Array<{
    name: string;
    route: RegExp;
    root: ReadonlyArray<string | number>;
    source: string;
    cases: ReturnType<typeof wrongTypeCases>;
  }> = [
    {
      name: "the trusts list page",
      route: /^\/admin\/v1\/IdentityPropagationTrusts\?/,
      root: [],
      source: "/admin/v1/IdentityPropagationTrusts",
      cases: [
        { path: ["totalResults"], kind: "string" },
        { path: ["totalResults"], kind: "null" },
        { path: ["totalResults"], kind: "missing" },
        { path: ["Resources"], kind: "object" },
        { path: ["Resources"], kind: "string" },
      ],
    },
    {
      name: "a trust",
      route: /^\/admin\/v1\/IdentityPropagationTrusts\?/,
      root: ["Resources", 0],
      source: "/admin/v1/IdentityPropagationTrusts",
      cases: wrongTypeCases(IMPORT_SCHEMAS.trust),
    },
    {
      name: "an app",
      route: /^\/admin\/v1\/Apps\?/,
      root: ["Resources", 0],
      source: "/admin/v1/Apps",
      cases: wrongTypeCases(IMPORT_SCHEMAS.app),
    },
    {
      name: "a user",
      route: /^\/admin\/v1\/Users\//,
      root: [],
      source: "/admin/v1/Users/",
      cases: wrongTypeCases(IMPORT_SCHEMAS.user),
    },
    {
      name: "a group",
      route: /^\/admin\/v1\/Groups\?/,
      root: ["Resources", 0],
      source: "/admin/v1/Groups",
      cases: wrongTypeCases(IMPORT_SCHEMAS.group),
    },
    {
      name: "a policy",
      route: /^\/20160918\/policies\?/,
      root: [0],
      source: "/20160918/policies",
      cases: wrongTypeCases(IMPORT_SCHEMAS.policy),
    },
  ];
  // The attributes the importer adopts are typed by adopt/discover.ts's Fields, not the schema: a value of the wrong
  // type is refused naming the object and attribute, with every other refusal (exit 2), and nothing is written.
  const adoptedCases = answers
    .filter((a) => a.name !== "the trusts list page")
    .flatMap((a) =>
      adoptedFields(IMPORT_SCHEMAS[SCHEMA_OF[a.name]]).flatMap((field) =>
        (["number", "object"] as const).map((kind) => [a.name, field, kind, a] as const),
      ),
    );
  test.each(adoptedCases)(
    "%s: fails when its adopted attribute %s is %s: exit 2, the attribute named, nothing written",
    async (_name, field, kind, a) => {
      const o = await runImport((req, res, forward) =>
        forward().then((f) => {
          const doc = a.route.test(req.url ?? "") ? setAt(f.json, [...a.root, field], kind) : f.json;
          res.writeHead(f.status, f.headers);
          res.end(JSON.stringify(doc));
        }),
      );
      const printed = o.lines.join("\n");
      expect({ code: o.code, wrote: o.wrote }).toEqual({ code: 2, wrote: [] });
      expect(o.lines[0]).toMatch(/^error: the domain holds .*; nothing was written:$/);
      expect(o.lines.some((l) => new RegExp(`^  .* ${field}: .+\\.$`).test(l))).toBe(true);
      expect(printed).not.toMatch(TRACE);
      expect(PLANTED.filter((secret) => printed.includes(secret))).toEqual([]);
    },
  );

  describe.each(answers.map((a) => [a.name, a] as const))("wrong types in %s", (_name, a) => {
    test.each(a.cases.map((c) => [pathText("answer", [...a.root, ...c.path]), c.kind, c] as const))(
      "fails when %s is %s: exit 1, the field named, nothing written",
      async (path, kind, c) => {
        const o = await runImport((req, res, forward) =>
          forward().then((f) => {
            const doc = a.route.test(req.url ?? "") ? setAt(f.json, [...a.root, ...c.path], c.kind as Kind) : f.json;
            res.writeHead(f.status, f.headers);
            res.end(JSON.stringify(doc));
          }),
        );
        expectRefused(o, 1, `${a.source}`);
        expect(o.lines[0]).toContain(`: ${path}: expected `);
        expect(o.lines[0]).toContain(`, got ${KIND_WORDS[kind as Kind]}.`);
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// wif-exchange and wif-broker against a hostile token endpoint and broker.
// ---------------------------------------------------------------------------------------------------------------
describe("wif-exchange and wif-broker against a hostile token endpoint", () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostile();
  });
  afterAll(async () => {
    await server.close();
    removeTempDirs();
  });
  beforeEach(() => {
    server.reset();
    jest.spyOn(console, "info").mockImplementation(() => {});
    jest.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  const subject = githubToken({ aud: "oci-wif" });

  async function runExchange(behave: Behaviour): Promise<Outcome & { secrets: string[] }> {
    server.behave = behave;
    const cwd = tempDir("wif-bounded-exchange-");
    const home = tempDir("wif-bounded-home-");
    writeFileSync(join(cwd, "ci.jwt"), `${subject}\n`);
    writeRuntimeConfig(
      cwd,
      runtimeConfigText({ url: server.url, clientId: "wif-client", clientSecret: CLIENT_SECRET } as never),
    );
    const started = Date.now();
    const r = await run(
      (argv, io) => exchangeMain(argv, io, { makeKeyPair: pooledKeyPair }),
      ["--token-file", "ci.jwt", "--timeout", "1", "--max-attempts", "1"],
      { cwd, home },
    );
    return {
      code: r.code,
      lines: [...r.out, ...r.err],
      wrote: existsSync(join(home, ".oci")) ? ["~/.oci"] : [],
      ms: Date.now() - started,
      secrets: [subject, subject.split(".")[1], Buffer.from(`wif-client:${CLIENT_SECRET}`).toString("base64")],
    };
  }

  const answer =
    (text: string | Buffer, status = 200): Behaviour =>
    (_req, res) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(text);
    };
  const ANSWER = "the token endpoint's HTTP 200 answer (nothing was written)";
  const exchangeCases: Array<[string, Behaviour, string | RegExp]> = [
    ["a slow-loris answer", (_req, res) => slowLoris(res), /did not answer within 1 s \(--timeout\)\.$/],
    [
      "a Content-Length of 700 MB",
      (_req, res) => {
        res.writeHead(200, { "content-length": String(700 * MB) });
        res.write("{");
      },
      `: the answer declares ${700 * MB} bytes; the limit is ${MB}, so none of it was read.`,
    ],
    [
      "a connection cut after part of the token",
      (req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"token": "${JWT.slice(0, 40)}`);
        setTimeout(() => req.socket.destroy(), 50);
      },
      /: the connection was closed after \d+ bytes of the answer, before it was complete; try again\.$/,
    ],
    [
      "a reset connection",
      (req) => req.socket.resetAndDestroy(),
      /: the connection was reset \((ECONNRESET|socket hang up)\)/,
    ],
    [
      "invalid UTF-8",
      answer(Buffer.concat([Buffer.from('{"token": "'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')])),
      `${ANSWER}: looks like Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8 (byte 0xFF on line 1); JSON must be UTF-8.`,
    ],
    ["an array nested 100,000 deep", answer("[".repeat(100_000)), `${ANSWER}: nests deeper than 128 levels`],
    [
      "the token given twice",
      answer(`{"token": "${JWT}", "token": "${JWT}x"}`),
      `${ANSWER}: answer.token: the key is given twice`,
    ],
    [
      "a __proto__ key carrying the token",
      answer(`{"__proto__": {"token": "${JWT}"}}`),
      `${ANSWER}: answer.__proto__: the key "__proto__" is not accepted.`,
    ],
    ["not JSON, quoting the client secret", answer(`token=${CLIENT_SECRET}`), `${ANSWER}: is not valid JSON.`],
    [
      "a token that is not a JWT but the client secret",
      answer(JSON.stringify({ token: CLIENT_SECRET })),
      "the session token the endpoint returned is not a JWT",
    ],
    ...(["number", "null", "array", "object", "missing"] as const).map(
      (kind) =>
        [
          `the token as ${kind}`,
          answer(JSON.stringify(setAt({ token: JWT }, ["token"], kind))),
          `${ANSWER}: answer.token: expected a string, got ${KIND_WORDS[kind]}.`,
        ] as [string, Behaviour, string],
    ),
  ];
  test.each(exchangeCases)(
    "wif-exchange fails when the endpoint sends %s: exit 1, nothing written",
    async (_n, behave, expected) => {
      const o = await runExchange(behave);
      expectRefused(o, 1, expected, o.secrets);
      expect(o.ms).toBeLessThan(1_900);
    },
  );

  test("wif-exchange stops reading a 700 MB-class answer at its 1 MB limit", async () => {
    const o = await runExchange((_req, res) => stream(res, 700 * MB));
    expectRefused(o, 1, `: the answer is larger than ${MB} bytes; stopped reading at the limit.`, o.secrets);
    expect(server.sent).toBeLessThan(MB + SLACK);
  });

  test("wif-exchange explains a refusal whose error body is nested 100,000 deep, without a trace", async () => {
    const o = await runExchange(answer(`{"error": ${"[".repeat(100_000)}`, 400));
    const printed = o.lines.join("\n");
    expect([o.code, o.wrote, o.lines[0]]).toEqual([1, [], expect.stringContaining("refused the exchange (HTTP 400)")]);
    expect(printed).not.toMatch(TRACE);
  });

  async function runBroker(domain: Behaviour, broker: Behaviour): Promise<Outcome> {
    server.behave = (req, res, forward) => (req.url?.startsWith("/oauth2/") ? domain : broker)(req, res, forward);
    const home = tempDir("wif-bounded-broker-");
    const r = await run(
      (argv, io) => brokerMain(argv, io, { makeKeyPair: pooledKeyPair }),
      ["--timeout", "1", "--max-attempts", "1"],
      {
        cwd: home,
        home,
        env: {
          WIF_DOMAIN_URL: server.url,
          WIF_BROKER_CLIENT_ID: "broker-caller",
          WIF_BROKER_CLIENT_SECRET: CLIENT_SECRET,
          WIF_BROKER_SCOPE: "https://upst-broker.example.com/upst.generate",
          WIF_BROKER_URL: `${server.url}/upst/token`,
          OCI_CLI_REGION: "us-ashburn-1",
        },
      },
    );
    return {
      code: r.code,
      lines: [...r.out, ...r.err],
      wrote: existsSync(join(home, ".oci")) ? ["~/.oci"] : [],
      ms: 0,
    };
  }
  const ACCESS = answer(JSON.stringify({ access_token: "a".repeat(64), token_type: "Bearer" }));
  const brokerCases: Array<[string, Behaviour, Behaviour, string]> = [
    ...(["number", "null", "array", "object", "missing"] as const).map(
      (kind) =>
        [
          `the domain's access_token as ${kind}`,
          answer(JSON.stringify(setAt({ access_token: CLIENT_SECRET }, ["access_token"], kind))),
          ACCESS,
          `the identity domain's HTTP 200 answer (nothing was sent to the broker): answer.access_token: expected a string, got ${KIND_WORDS[kind]}.`,
        ] as [string, Behaviour, Behaviour, string],
    ),
    ...(["number", "null", "array", "object", "missing"] as const).map(
      (kind) =>
        [
          `the broker's token as ${kind}`,
          ACCESS,
          answer(JSON.stringify(setAt({ token: JWT }, ["token"], kind))),
          `the broker's HTTP 200 answer (nothing was written): answer.token: expected a string, got ${KIND_WORDS[kind]}.`,
        ] as [string, Behaviour, Behaviour, string],
    ),
    [
      "the broker's expiresAt as an object",
      ACCESS,
      answer(JSON.stringify({ token: JWT, expiresAt: { secret: PEM_KEY } })),
      "the broker's HTTP 200 answer (nothing was written): answer.expiresAt: expected a string, got an object.",
    ],
    [
      "a broker answer nested 100,000 deep",
      ACCESS,
      answer("{".repeat(100_000)),
      "the broker's HTTP 200 answer (nothing was written): nests deeper than 128 levels",
    ],
  ];
  test.each(brokerCases)("wif-broker fails when %s: exit 1, nothing written", async (_n, domain, broker, expected) => {
    const o = await runBroker(domain, broker);
    expectRefused(o, 1, expected, ["a".repeat(64)]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// wif-review and the plan command against hostile stacks, stack records and plans.
// ---------------------------------------------------------------------------------------------------------------
describe("wif-review and the plan command against hostile files", () => {
  let work: string;
  let good: string;
  let envs: string;
  const stackOf = (root: string) => join(root, "cdktf.out", "stacks", "wif");

  /** Synthesizes `files` (the config first) in a fresh directory; returns it. */
  function synthIn(files: Record<string, string>): string {
    const dir = mkdtempSync(join(work, "synth-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const log: string[] = [];
    const r = synthesize({
      configPath: join(dir, "setupConfig.ini"),
      outdir: join(dir, "cdktf.out"),
      log: (l) => log.push(l),
    });
    if (r.exitCode !== 0) throw new Error(log.join("\n"));
    return dir;
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "wif-bounded-files-"));
    good = synthIn({ "setupConfig.ini": BASE });
    envs = synthIn({
      "setupConfig.ini": `${BASE}\n[Environments]\ndir = envs\n`,
      "envs/dev.ini": "[WIFConfig]\nstack_name = wif-dev\n",
      "envs/prod.ini": "[WIFConfig]\nstack_name = wif-prod\n",
    });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A copy of the good synthesis (config and stack, with its record), changed by `edit`. */
  function variant(edit: (root: string, stack: string) => void, from = good): string {
    const root = mkdtempSync(join(work, "case-"));
    execFileSync("cp", ["-a", `${from}/.`, root]);
    // The record names the config by absolute path: point it at the copy.
    for (const dir of listStacks(root)) {
      const record = join(dir, STACK_SOURCE_FILE);
      writeFileSync(record, readFileSync(record, "utf8").split(from).join(root));
    }
    edit(root, stackOf(root));
    return root;
  }
  const listStacks = (root: string) =>
    existsSync(join(root, "cdktf.out", "stacks"))
      ? readdirSync(join(root, "cdktf.out", "stacks")).map((n) => join(root, "cdktf.out", "stacks", n))
      : [];

  async function review(root: string, extra: string[] = [], stack = stackOf(root)): Promise<Outcome> {
    const lines: string[] = [];
    const io = {
      out: (l: string) => lines.push(l),
      err: (l: string) => lines.push(l),
    };
    const md = join(root, "review.md");
    const js = join(root, "review.json");
    const code = await reviewMain(["--stack", stack, "--markdown", md, "--json", js, ...extra], io);
    return { code, lines, wrote: [md, js].filter((f) => existsSync(f)).map((f) => f.slice(root.length + 1)), ms: 0 };
  }

  test("reviews the unchanged synthesis, as a control", async () => {
    const o = await review(variant(() => {}));
    expect([o.code, o.wrote]).toEqual([0, ["review.md", "review.json"]]);
  });

  const put = (name: string, content: string | Buffer) => (_root: string, stack: string) =>
    writeFileSync(join(stack, name), content);
  const stackText = readFileSync.bind(null);
  const stackCases: Array<[string, (root: string, stack: string) => void, string | RegExp]> = [
    [
      "the stack is not JSON and quotes a secret",
      put("cdk.tf.json", `{"resource": ${CLIENT_SECRET}}`),
      "cdk.tf.json: is not valid JSON. Synthesize again",
    ],
    [
      "the stack is cut off",
      (_r, s) => writeFileSync(join(s, "cdk.tf.json"), String(stackText(join(s, "cdk.tf.json"))).slice(0, 500)),
      "cdk.tf.json: is not valid JSON",
    ],
    ["the stack is empty", put("cdk.tf.json", ""), "cdk.tf.json: is empty, not JSON. Synthesize again"],
    [
      "the stack nests 100,000 deep",
      put("cdk.tf.json", `{"resource": ${"[".repeat(100_000)}`),
      /cdk\.tf\.json: nests deeper than 128 levels \(line 1, column \d+\); refused before parsing\. Synthesize again/,
    ],
    [
      "the stack gives a key twice",
      put("cdk.tf.json", '{"resource": {}, "resource": {"x": {}}}'),
      "cdk.tf.json: resource: the key is given twice in one object. Synthesize again",
    ],
    [
      "the stack has a __proto__ key",
      put("cdk.tf.json", '{"resource": {"oci_identity_domains_user": {"__proto__": {"user_name": "x"}}}}'),
      'cdk.tf.json: resource.oci_identity_domains_user.__proto__: the key "__proto__" is not accepted.',
    ],
    [
      "the stack is not UTF-8",
      put(
        "cdk.tf.json",
        Buffer.concat([Buffer.from('{"resource": {"'), Buffer.from([0xc0, 0xaf]), Buffer.from('": {}}}')]),
      ),
      "cdk.tf.json: looks like Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8 (byte 0xC0 on line 1); save it as UTF-8. Synthesize again",
    ],
    [
      "the stack is UTF-16",
      put("cdk.tf.json", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"resource": {}}', "utf16le")])),
      "cdk.tf.json: looks like UTF-16BE; save it as UTF-8. Synthesize again",
    ],
  ];
  // Wrong types in the parts of a stack the review reads, generated from its schema.
  for (const c of wrongTypeCases(STACK_SCHEMA)) {
    if (c.kind === "missing") continue; // every part is optional
    const path = c.path.map((k) => (k === 0 ? 0 : k));
    stackCases.push([
      `the stack's ${pathText("", path)} is ${c.kind}`,
      (_r, s) => {
        const doc = JSON.parse(readFileSync(join(s, "cdk.tf.json"), "utf8"));
        // A suppression as app/wif-stack.ts writes one, so a case about one of its fields changes only that field.
        if (path.includes("suppressions"))
          doc["//"].wif = { suppressions: [{ rule: "WIF-R4", reason: "accepted", applies_to: ["Wif/Trust"] }] };
        ensurePath(doc, path);
        writeFileSync(join(s, "cdk.tf.json"), JSON.stringify(setAt(doc, path, c.kind)));
      },
      `cdk.tf.json: ${pathText("", path)}: expected `,
    ]);
  }
  test.each(stackCases)("wif-review fails when %s: exit 2, nothing written", async (_n, edit, expected) => {
    expectRefused(await review(variant(edit)), 2, expected);
  });

  const record = (value: unknown) => put(STACK_SOURCE_FILE, typeof value === "string" ? value : JSON.stringify(value));
  const FIX = "Run `npm run synth` again, then review.";
  const recordCases: Array<[string, (root: string, stack: string) => void, string]> = [
    [
      "the record is missing",
      (_r, s) => rmSync(join(s, STACK_SOURCE_FILE)),
      `has no wif-source.json beside it, so which config it came from is unknown (it was not written by npm run synth, or by an older version). ${FIX}`,
    ],
    [
      "the record is not JSON",
      record(`{"config": ${CLIENT_SECRET}`),
      `its record wif-source.json: is not valid JSON. ${FIX}`,
    ],
    ["the record is empty", record(""), `its record wif-source.json: is empty, not JSON. ${FIX}`],
    [
      "the record is a directory",
      (_r, s) => {
        rmSync(join(s, STACK_SOURCE_FILE));
        mkdirSync(join(s, STACK_SOURCE_FILE));
      },
      `its record wif-source.json: is a directory, not a regular file. ${FIX}`,
    ],
    [
      "the record is over 64 KB",
      record(" ".repeat(70_000)),
      `its record wif-source.json: is 70000 bytes; the limit is 65536. ${FIX}`,
    ],
    [
      "the record gives the hash twice",
      (root) =>
        writeFileSync(
          join(stackOf(root), STACK_SOURCE_FILE),
          `{"config": "${join(root, "setupConfig.ini")}", "sha256": "${sha256Of(BASE)}", "sha256": "${"0".repeat(64)}"}`,
        ),
      `its record wif-source.json: sha256: the key is given twice in one object. ${FIX}`,
    ],
    [
      "the record's hash is not a SHA-256",
      (root) => record({ config: join(root, "setupConfig.ini"), sha256: CLIENT_SECRET })(root, stackOf(root)),
      `its record wif-source.json: sha256: is not a SHA-256 digest (64 hex digits). ${FIX}`,
    ],
    [
      "the config changed since",
      (root) => writeFileSync(join(root, "setupConfig.ini"), `${BASE}\n# edited\n`),
      `stale: <root>/setupConfig.ini has changed since this stack was synthesized. ${FIX}`,
    ],
    [
      "the config is gone",
      (root) => rmSync(join(root, "setupConfig.ini")),
      `stale: it was synthesized from <root>/setupConfig.ini, which can no longer be read. ${FIX}`,
    ],
  ];
  for (const c of wrongTypeCases(STACK_SOURCE_SCHEMA)) {
    recordCases.push([
      `the record's ${pathText("", c.path)} is ${c.kind}`,
      (root, s) => {
        const doc = {
          config: join(root, "setupConfig.ini"),
          sha256: sha256Of(BASE),
          inputs: [{ file: join(root, "setupConfig.ini"), sha256: sha256Of(BASE) }],
        };
        writeFileSync(join(s, STACK_SOURCE_FILE), JSON.stringify(setAt(doc, c.path, c.kind)));
      },
      `its record wif-source.json: ${pathText("", c.path)}: expected `,
    ]);
  }
  test.each(recordCases)("wif-review fails when %s: exit 2, nothing written", async (_n, edit, expected) => {
    const root = variant(edit);
    expectRefused(await review(root), 2, expected.split("<root>").join(root));
  });

  test.each<[string, string, string]>([
    ["an [Environments] overlay changed since", "envs/dev.ini", "wif-dev"],
    ["the base config of [Environments] changed since", "setupConfig.ini", "wif-prod"],
  ])("wif-review fails when %s: exit 2, the stack refused, nothing written", async (_n, file, stackName) => {
    const root = variant(
      (r) => writeFileSync(join(r, file), `${readFileSync(join(r, file), "utf8")}\n# edited\n`),
      envs,
    );
    const o = await review(root, [], join(root, "cdktf.out", "stacks", stackName));
    expectRefused(o, 2, `stale: ${join(root, file)} has changed since this stack was synthesized. ${FIX}`);
  });

  test("each [Environments] stack records its base config and its overlay", () => {
    const dev = JSON.parse(readFileSync(join(envs, "cdktf.out", "stacks", "wif-dev", STACK_SOURCE_FILE), "utf8"));
    expect(dev).toEqual({
      config: join(envs, "setupConfig.ini"),
      sha256: sha256Of(readFileSync(join(envs, "setupConfig.ini"), "utf8")),
      inputs: [
        { file: join(envs, "envs", "dev.ini"), sha256: sha256Of(readFileSync(join(envs, "envs", "dev.ini"), "utf8")) },
      ],
    });
  });

  // The plan command, with a stand-in for terraform whose `show -json` prints the hostile plan.
  function fakeTerraform(dir: string, showOutput: string): { bin: string; calls: () => string[] } {
    const bin = join(dir, "terraform");
    writeFileSync(join(dir, "show.json"), showOutput);
    writeFileSync(
      bin,
      `#!/bin/sh\necho "$1" >> "${join(dir, "calls")}"\ncase "$1" in\n  plan) : > wif.tfplan ;;\n  show) cat "${join(dir, "show.json")}" ;;\nesac\n`,
    );
    chmodSync(bin, 0o755);
    return {
      bin,
      calls: () => (existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n") : []),
    };
  }
  async function planWith(root: string, showOutput: string): Promise<Outcome & { calls: string[] }> {
    const stack = stackOf(root);
    // As after an init run by hand: wif-plan has no record of it, so it runs init once more (a no-op here).
    mkdirSync(join(stack, ".terraform"), { recursive: true });
    const tf = fakeTerraform(root, showOutput);
    const lines: string[] = [];
    const code = await planCommand({
      stackDir: stack,
      out: (l) => lines.push(l),
      // The progress lines (`terraform init (…) …`, `terraform plan (wif) …`) are not part of the refusal.
      err: (l) => (l.startsWith("terraform ") ? undefined : lines.push(l)),
      terraform: tf.bin,
    });
    const wrote = ["wif.tfplan", "wif.tfplan.json"].filter((f) => existsSync(join(stack, f)));
    return { code, lines, wrote, ms: 0, calls: tf.calls() };
  }
  const GOOD_PLAN = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "oci_identity_domains_user.x",
        type: "oci_identity_domains_user",
        change: { actions: ["update"], before: { user_name: "a" }, after: { user_name: "b" } },
      },
    ],
    resource_drift: [
      {
        address: "oci_identity_domains_user.x",
        type: "oci_identity_domains_user",
        mode: "managed",
        change: { actions: ["update"], before: { user_name: "b" }, after: { user_name: "a" } },
      },
    ],
    output_changes: { client_secret: { actions: ["update"], before: CLIENT_SECRET, after: CLIENT_SECRET } },
  };

  const planCases: Array<[string, string, string]> = [
    ["not JSON, quoting a secret", `{"format_version": ${CLIENT_SECRET}}`, "terraform show -json: is not valid JSON"],
    [
      "nested 100,000 deep",
      `{"resource_changes": ${"[".repeat(100_000)}`,
      "terraform show -json: nests deeper than 128 levels",
    ],
    [
      "a key given twice",
      '{"format_version": "1.2", "format_version": "1.2"}',
      "terraform show -json: format_version: the key is given twice in one object",
    ],
    ["empty", "", "terraform show -json: is empty, not JSON"],
  ];
  for (const c of wrongTypeCases(PLAN_SCHEMA)) {
    planCases.push([
      `${pathText("plan", c.path)} as ${c.kind}`,
      JSON.stringify(setAt(JSON.parse(JSON.stringify(GOOD_PLAN)), ensureIn(GOOD_PLAN, c.path), c.kind)),
      `terraform show -json: ${pathText("plan", c.path)}: expected `,
    ]);
  }
  test.each(planCases)(
    "the plan command fails when terraform show -json prints %s: exit 1, the saved plan removed, nothing applied",
    async (_n, output, expected) => {
      const o = await planWith(
        variant(() => {}),
        output,
      );
      expectRefused(o, 1, expected);
      expect(o.lines[0]).toMatch(/; nothing was applied, and the saved plan was removed\.$/);
      expect(o.calls).toEqual(["init", "plan", "show"]);
    },
  );

  test.each<[string, (root: string, stack: string) => void, string]>([
    ["a stack without its record", (_r, s) => rmSync(join(s, STACK_SOURCE_FILE)), "has no wif-source.json beside it"],
    [
      "a stack whose config changed",
      (root) => writeFileSync(join(root, "setupConfig.ini"), `${BASE}\n# edited\n`),
      "has changed since this stack was synthesized",
    ],
    [
      "a stack whose record is corrupt",
      record("{"),
      "its record wif-source.json: is not valid JSON (line 1, column 2)",
    ],
  ])("the plan command refuses %s before terraform runs: exit 2", async (_n, edit, expected) => {
    const o = await planWith(variant(edit), JSON.stringify(GOOD_PLAN));
    expectRefused(o, 2, expected);
    expect(o.lines[0]).toMatch(/Run wif-synth \(npm run synth\) again, then plan\.$/);
    expect(o.calls).toEqual([]);
  });

  test.each<[string, string, string]>([
    [
      "not JSON",
      `{"format_version": ${CLIENT_SECRET}}`,
      "is not valid JSON. Give the output of terraform show -json <planfile>",
    ],
    ["nested 100,000 deep", "[".repeat(100_000), "nests deeper than 128 levels"],
    [
      "resource_changes as an object",
      JSON.stringify({ format_version: "1.2", resource_changes: { x: CLIENT_SECRET } }),
      "plan.resource_changes: expected an array, got an object. Is this terraform show -json output?",
    ],
  ])("wif-review --plan fails when the plan file is %s: exit 2, nothing written", async (_n, text, expected) => {
    const root = variant((r) => writeFileSync(join(r, "plan.json"), text));
    expectRefused(await review(root, ["--plan", join(root, "plan.json")]), 2, expected);
  });
});

/** Makes the containers on the way to `path` exist (an empty object or a one-item list), so a leaf can be set. */
function ensurePath(doc: Record<string | number, unknown>, path: ReadonlyArray<string | number>): void {
  let at = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const next = path[i + 1];
    if (at[path[i]] === undefined || at[path[i]] === null || typeof at[path[i]] !== "object")
      at[path[i]] = typeof next === "number" ? [{}] : {};
    const child = at[path[i]] as Record<string | number, unknown>;
    if (typeof next === "number" && (child as unknown as unknown[]).length === 0)
      (child as unknown as unknown[]).push({});
    at = child;
  }
}

/** `path`, after making its containers exist in a copy of `doc` (for plans, whose optional parts may be absent). */
function ensureIn(doc: unknown, path: ReadonlyArray<string | number>): ReadonlyArray<string | number> {
  ensurePath(doc as Record<string | number, unknown>, path);
  return path;
}
