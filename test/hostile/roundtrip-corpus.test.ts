// The round-trip corpus (issue 16, part 6): the importer against a hostile domain, OCI's length limits at and past
// each limit, file encodings, realms, colliding policy names, scopes without a host, always-true conditions against
// genuinely narrowing ones, and subject tokens outside their validity. Every case asserts its exit code, its exact
// message, that nothing was written when it failed, and that no planted secret reached any byte printed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSecretField } from "../../adopt/render";
import { synthesize } from "../../app/synth";
import { main as exchangeMain } from "../../client/exchange-cli";
import { formatTime } from "../../client/jwt";
import { loadConfig } from "../../config/load-config";
import { printable } from "../../core/redact";
import { main as reviewMain } from "../../review/cli";
import {
  pooledKeyPair,
  removeTempDirs,
  run as runClient,
  runtimeConfigText,
  tempDir,
  writeRuntimeConfig,
} from "../client/harness";
import { SECRET as SEED_SECRET } from "../adopt/seed-setup";
import { makeJwt, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import {
  BASE,
  CLIENT_SECRET,
  COMPARTMENT,
  normalized,
  PEM_KEY,
  PLANTED,
  run,
  TENANCY,
  withKey,
  withSection,
} from "./corpus-support";
import { expectImport, HOSTILE_VALUES, IMPORT_FIELDS } from "./roundtrip-cases";
import { startImportHarness, type ImportHarness, type ImportRun } from "./roundtrip-support";

/** Every planted secret: the config corpus's, and the seed domain's client secret (which the stand-in holds). */
const SECRETS = [...PLANTED, SEED_SECRET];

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

let importer: ImportHarness;
let endpoint: TokenEndpoint;
beforeAll(async () => {
  importer = await startImportHarness();
  endpoint = await startTokenEndpoint({ accept: () => true });
});
afterAll(async () => {
  await importer.close();
  await endpoint.close();
  removeTempDirs();
});
beforeEach(() => {
  // oci-common notes on the console when a config has no DEFAULT profile; that is not under test.
  jest.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => jest.restoreAllMocks());

/** Asserts what every importer case asserts: exit code, message or read-back, files, no secret printed or written. */
function checkImport(r: ImportRun, expected: { exit: 0 } | { exit: 2; line: string }, readBack?: () => void): void {
  const printed = r.lines.join("\n");
  expect(leaks(printed)).toEqual([]);
  expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e]/);
  if (expected.exit === 2) {
    expect([r.code, r.written]).toEqual([2, []]);
    expect(r.lines).toContain(printable(expected.line));
    expect(r.lines[0]).toMatch(
      /^error: the domain holds (a value|\d+ values) setupConfig\.ini must not or cannot hold/,
    );
  } else {
    expect([r.code, r.written.sort()]).toEqual([0, ["setupConfig.ini", "wif-imports.json"]]);
    const written = readFileSync(r.config, "utf8") + readFileSync(join(r.config, "..", "wif-imports.json"), "utf8");
    expect(leaks(written)).toEqual([]);
    // What was written loads, without a warning about a cut value.
    const { warnings } = loadConfig(r.config);
    expect(warnings.filter((w) => /cut|ends at/.test(w.message))).toEqual([]);
    readBack?.();
  }
}

describe("round trip: the importer against hostile domain values (each attribute × each class)", () => {
  const cases = IMPORT_FIELDS.flatMap((f) => HOSTILE_VALUES.map((v) => [`${f.name} × ${v.cls}`, f, v] as const));
  test.each(cases)("%s", async (_name, f, v) => {
    const value = v.make(f);
    const r = await importer.run((d) => f.set(d, value));
    checkImport(r, expectImport(f, v.cls, value));
  });
});

describe("round trip: values the ini format can carry are written escaped and read back unchanged", () => {
  const ESCAPABLE: ReadonlyArray<[string, string]> = [
    ["double and single quotes", `say "hi", it's fine`],
    ["comment characters ; and #", "first; second # third"],
    ["a template sequence %{ and ${", 'costs %{ if x } and ${file("/etc/passwd")}'],
    ["a backslash before a semicolon", "a\\;b and c\\d"],
    ["a leading quote", "'quoted' at the start"],
    ["a leading angle bracket", "<b>bold</b> and more"],
    ["non-ASCII letters in free text", "Dienstbenutzer für Köln"],
  ];
  const texts = IMPORT_FIELDS.filter((f) => f.readBack);
  test.each(texts.flatMap((f) => ESCAPABLE.map(([cls, v]) => [`${f.name} × ${cls}`, f, v] as const)))(
    "%s",
    async (_name, f, value) => {
      const r = await importer.run((d) => f.set(d, value));
      checkImport(r, { exit: 0 }, () => {
        const { config } = loadConfig(r.config);
        const read: Record<string, string | undefined> = {
          "Trust WIF-Trust description": config.trusts[0].description,
          "WIFConfig description": config.exchangeApp.description,
          "ServiceUser ServiceUser description": config.serviceUsers[0].description,
          "ServiceUser ServiceUser policy_description": config.policyDescriptions?.ServiceUser,
        };
        const got = read[`${f.readBack!.section} ${f.readBack!.key}`];
        expect(got).toBe(value);
      });
    },
  );
});

describe("round trip: secrets are never asked for", () => {
  test("no request names a secret attribute, and the seed's client secret reaches no byte written or printed", async () => {
    const from = importer.requests.length;
    const r = await importer.run(() => {});
    checkImport(r, { exit: 0 });
    const asked = importer.requests
      .slice(from)
      .flatMap((q) => new URL(q.split(" ")[1], "http://x").searchParams.get("attributes")?.split(",") ?? []);
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter(isSecretField)).toEqual([]);
  });
});

describe("round trip: domain shapes the config cannot hold", () => {
  const TRUST = `trust "WIF-Trust" (id "5e3c7a9b1d4f6b8d0f2e4a6c8e0a2b4d")`;
  test("fails when an audience holds a comma, which would widen what the trust accepts", async () => {
    const r = await importer.run((d) => {
      d.IdentityPropagationTrusts[0].clientClaimName = "aud";
      d.IdentityPropagationTrusts[0].clientClaimValues = ["oci-wif,anyone"];
    });
    checkImport(r, {
      exit: 2,
      line: `  ${TRUST} clientClaimValues: holds the audience "oci-wif,anyone", which setupConfig.ini would split at ',' into 2 audiences, widening what the trust accepts.`,
    });
  });

  test("fails when two trusts differ only in case", async () => {
    const r = await importer.run((d) => {
      const second = {
        ...d.IdentityPropagationTrusts[0],
        id: "6f4d8b0c2e5a7c9e1f3b5d7f9b1d3f5a",
        name: "wif-trust",
        issuer: "https://gitlab.com",
        publicKeyEndpoint: "https://gitlab.com/oauth/discovery/keys",
        impersonationServiceUsers: [],
      };
      d.IdentityPropagationTrusts.push(second);
    });
    checkImport(r, {
      exit: 2,
      line: `  trust "wif-trust" (id "6f4d8b0c2e5a7c9e1f3b5d7f9b1d3f5a") name: differs from ${TRUST} only in case, which setupConfig.ini cannot tell apart.`,
    });
  });

  test("fails when a second trust maps a rule to the first trust's user, which would drop the rule", async () => {
    const r = await importer.run((d) => {
      const user = d.Users[0];
      d.IdentityPropagationTrusts.push({
        ...d.IdentityPropagationTrusts[0],
        id: "6f4d8b0c2e5a7c9e1f3b5d7f9b1d3f5a",
        name: "gitlab",
        issuer: "https://gitlab.com",
        publicKeyEndpoint: "https://gitlab.com/oauth/discovery/keys",
        impersonationServiceUsers: [{ rule: "sub eq project_path:group/app:ref_type:branch:ref:main", value: user.id }],
      });
    });
    checkImport(r, {
      exit: 2,
      line: `  trust "gitlab" (id "6f4d8b0c2e5a7c9e1f3b5d7f9b1d3f5a") impersonationServiceUsers.rule: maps a rule to user "ServiceUser" (id "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e"), whose rules are in ${TRUST}; setupConfig.ini gives a service user one trust, and leaving the rule out would drop it from this trust at the first apply.`,
    });
  });

  test("fails when a trust's id is shaped like a client secret, which would go into wif-imports.json", async () => {
    const r = await importer.run((d) => (d.IdentityPropagationTrusts[0].id = CLIENT_SECRET));
    checkImport(r, {
      exit: 2,
      line: `  trust "WIF-Trust" (an id shaped like a secret, not shown) id: is shaped like a secret, which is never copied (nothing of it is shown).`,
    });
  });

  test("fails when a name holds a look-alike letter the loader refuses", async () => {
    const r = await importer.run((d) => (d.IdentityPropagationTrusts[0].name = "WIF-Trust-\u0430"));
    checkImport(r, {
      exit: 2,
      line: `  trust "WIF-Trust-\u0430" (id "5e3c7a9b1d4f6b8d0f2e4a6c8e0a2b4d") name: contains the non-ASCII character U+0430 'а' at column 11.`,
    });
  });

  test("fails when a description is the sample's placeholder", async () => {
    const r = await importer.run((d) => (d.Users[0].description = "<describe the user>"));
    checkImport(r, {
      exit: 2,
      line: `  user "ServiceUser" (id "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e") description: still holds the sample's placeholder.`,
    });
  });

  test("fails when a trust's rule maps a user whose id is not an identifier", async () => {
    const r = await importer.run((d) => (d.IdentityPropagationTrusts[0].impersonationServiceUsers[0].value = "../x y"));
    checkImport(r, {
      exit: 2,
      line: `  ${TRUST} impersonationServiceUsers.value: is not a user's id in one of the trust's mappings.`,
    });
  });

  test("fails when a rule in our typed syntax would be synthesized as another rule", async () => {
    const r = await importer.run(
      (d) =>
        (d.IdentityPropagationTrusts[0].impersonationServiceUsers[0].rule =
          "github repo=octo-org/octo-repo branch=main"),
    );
    expect(r.code).toBe(2);
    expect(
      r.lines.some((l) =>
        l.startsWith(
          `  ${TRUST} impersonationServiceUsers.rule: "github repo=octo-org/octo-repo branch=main" would be synthesized as`,
        ),
      ),
    ).toBe(true);
    expect(r.written).toEqual([]);
  });

  test("fails when a private key is given as the public certificate, and writes a certificate", async () => {
    const refused = await importer.run((d) => {
      delete d.IdentityPropagationTrusts[0].publicKeyEndpoint;
      d.IdentityPropagationTrusts[0].publicCertificate = PEM_KEY;
    });
    checkImport(refused, {
      exit: 2,
      line: `  ${TRUST} publicCertificate: holds a PEM private key, which is never copied (nothing of it is shown).`,
    });
    const cert =
      "-----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIUExampleCertificateBody0123456789abcdef=-----END CERTIFICATE-----";
    const written = await importer.run((d) => {
      delete d.IdentityPropagationTrusts[0].publicKeyEndpoint;
      d.IdentityPropagationTrusts[0].publicCertificate = cert;
    });
    checkImport(written, { exit: 0 }, () =>
      expect(loadConfig(written.config).config.trusts[0].publicCertificate).toBe(cert),
    );
  });

  // Genuinely valid values at the limits are written; one character more is refused.
  test.each([
    [
      "a user description of 4000 characters",
      (d: any) => (d.Users[0].description = "d".repeat(4000)),
      { exit: 0 as const },
    ],
    [
      "a user description of 4001 characters",
      (d: any) => (d.Users[0].description = "d".repeat(4001)),
      {
        exit: 2 as const,
        line: `  user "ServiceUser" (id "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e") description: is 4001 characters long; the limit for a description is 4000.`,
      },
    ],
    [
      "a policy description of 400 characters",
      (d: any) => (d.policies[0].description = "p".repeat(400)),
      { exit: 0 as const },
    ],
    [
      "a policy description of 401 characters",
      (d: any) => (d.policies[0].description = "p".repeat(401)),
      {
        exit: 2 as const,
        line: `  policy "ServiceUser-policy" (id "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000") description: is 401 characters long; OCI accepts at most 400 for a policy description.`,
      },
    ],
    ["a policy name of 100 characters", (d: any) => (d.policies[0].name = "P".repeat(100)), { exit: 0 as const }],
  ])("%s", async (_name, edit, expected) => {
    checkImport(await importer.run(edit), expected);
  });
});

/** A config case: the config text (or files planted), the exit code, and the exact line (`<dir>` for its folder). */
interface ConfigCase {
  readonly name: string;
  readonly text?: string;
  readonly prepare?: (dir: string) => string | void;
  readonly exit: 0 | 2;
  readonly line?: string;
}

function checkConfig(c: ConfigCase): void {
  const r = run(c.text, c.prepare);
  const lines = normalized(r);
  expect(leaks(lines.join("\n"))).toEqual([]);
  expect(r.exitCode).toBe(c.exit);
  expect(r.wrote).toBe(c.exit === 0);
  if (c.line) expect(lines).toContain(c.line);
}

/** The 1-based line of the first line of `text` that starts with `start`. */
function lineOf(text: string, start: string): number {
  return text.split("\n").findIndex((l) => l.startsWith(start)) + 1;
}

describe("round trip: length limits, each key at its limit and one past it", () => {
  // [section, key, a valid value of exactly n characters, limit, how the message words the limit]
  const KEYS: ReadonlyArray<[string, string, (n: number) => string, number, string]> = [
    ["WIFConfig", "description", (n) => "w".repeat(n), 4000, "the limit for a description is 4000"],
    ["Trust github", "description", (n) => "t".repeat(n), 4000, "the limit for a description is 4000"],
    ["ServiceUser ci-deployer", "description", (n) => "u".repeat(n), 4000, "the limit for a description is 4000"],
    [
      "ServiceUser ci-deployer",
      "policy_description",
      (n) => "p".repeat(n),
      400,
      "OCI accepts at most 400 for a policy description",
    ],
    ["ServiceUser ci-deployer", "policy_name", (n) => "P".repeat(n), 100, "OCI accepts at most 100 for a policy name"],
    ["ServiceUser ci-deployer", "group", (n) => "G".repeat(n), 100, "the limit for a name is 100"],
    ["Trust github", "name", (n) => "N".repeat(n), 100, "the limit for a name is 100"],
    ["Trust github", "audience", (n) => "a".repeat(n), 4096, "the limit for a list of audiences is 4096"],
    [
      "Trust github",
      "jwk_uri",
      (n) => `https://token.actions.githubusercontent.com/${"k".repeat(n - 44)}`,
      2048,
      "the limit for a URL is 2048",
    ],
    [
      "ServiceUser ci-deployer",
      "allow[]",
      (n) => `read buckets in compartment ${"c".repeat(n - 28)}`,
      4096,
      "the limit for a policy statement is 4096",
    ],
  ];
  const cases: ConfigCase[] = KEYS.flatMap(([section, key, make, limit, words]) => {
    // group of 100 characters makes a default policy name of 107: the at-limit case names its policy itself.
    const base = key === "group" ? withKey(section, "policy_name", "deployer-policy") : BASE;
    const over = withKey(section, key, make(limit + 1), base);
    const bare = key.replace(/\[\]$/, "");
    const line = over.split("\n").findIndex((l) => l.startsWith(`${key} = `) && l.length > limit) + 1;
    return [
      {
        name: `[${section}] ${key} of ${limit} characters`,
        text: withKey(section, key, make(limit), base),
        exit: 0 as const,
      },
      {
        name: `[${section}] ${key} of ${limit + 1} characters`,
        text: over,
        exit: 2 as const,
        line: `  <dir>/setupConfig.ini:${line} [${section}] ${bare}: is ${limit + 1} characters long; ${words}. ${
          words.startsWith("OCI")
            ? "Shorten it (OCI IAM, CreatePolicy; docs/oci-facts.md#limits)."
            : `Shorten it. OCI documents no limit here; ${limit} is this tool's bound (docs/oci-facts.md#limits).`
        }`,
      },
    ];
  });
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => checkConfig(c));

  test("fails on a megabyte issuer with one line, without echoing it", () => {
    const text = withKey(
      "Trust github",
      "issuer",
      `https://token.actions.githubusercontent.com/${"i".repeat(1 << 20)}`,
    );
    const r = run(text);
    expect([r.exitCode, r.wrote, normalized(r)]).toEqual([
      2,
      false,
      [
        "error: 1 problem in <dir>/setupConfig.ini; nothing was written.",
        `  <dir>/setupConfig.ini:${lineOf(text, "issuer =")} [Trust github] issuer: is 1048620 characters long; the limit for a URL is 2048. Shorten it. OCI documents no limit here; 2048 is this tool's bound (docs/oci-facts.md#limits).`,
      ],
    ]);
  });
});

describe("round trip: files that are not UTF-8 are named, never decoded into U+FFFD", () => {
  const utf32 = (text: string, le: boolean) => {
    const b = Buffer.alloc(text.length * 4);
    [...text].forEach((c, i) =>
      le ? b.writeUInt32LE(c.codePointAt(0)!, i * 4) : b.writeUInt32BE(c.codePointAt(0)!, i * 4),
    );
    return b;
  };
  const withDescription = withKey("WIFConfig", "description", "Déploiement “prod”");
  const ENCODINGS: ReadonlyArray<[string, Buffer, string]> = [
    [
      "UTF-16LE with a byte-order mark",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, "utf16le")]),
      "looks like UTF-16LE; save it as UTF-8",
    ],
    ["UTF-16LE without a byte-order mark", Buffer.from(BASE, "utf16le"), "looks like UTF-16LE; save it as UTF-8"],
    [
      "UTF-16BE with a byte-order mark",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(BASE, "utf16le").swap16()]),
      "looks like UTF-16BE; save it as UTF-8",
    ],
    ["UTF-32LE", utf32(BASE, true), "looks like UTF-32LE; save it as UTF-8"],
    ["UTF-32BE", utf32(BASE, false), "looks like UTF-32BE; save it as UTF-8"],
    [
      "Latin-1",
      Buffer.from(withKey("WIFConfig", "description", "Déploiement"), "latin1"),
      `looks like Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8 (byte 0xE9 on line ${lineOf(withDescription, "description =")})`,
    ],
    [
      "Windows-1252",
      Buffer.from(withDescription.replace("“", "\u0093").replace("”", "\u0094"), "latin1"),
      `looks like Windows-1252, not UTF-8 (byte 0xE9 on line ${lineOf(withDescription, "description =")}); save it as UTF-8`,
    ],
    [
      "a NUL byte",
      Buffer.from(withKey("WIFConfig", "description", "a\u0000b"), "utf8"),
      `holds a NUL byte on line ${lineOf(withDescription, "description =")}, so it is not a text file`,
    ],
  ];
  test.each(ENCODINGS)("fails on %s in one line", (_name, bytes, reason) => {
    const message =
      reason.endsWith("save it as UTF-8") || reason.endsWith("text file") ? reason : `${reason}; save it as UTF-8`;
    checkConfig({
      name: _name,
      prepare: (dir) => writeFileSync(join(dir, "setupConfig.ini"), bytes),
      exit: 2,
      line: `  <dir>/setupConfig.ini: ${message}.`,
    });
    const r = run(undefined, (dir) => writeFileSync(join(dir, "setupConfig.ini"), bytes));
    expect(normalized(r)).toHaveLength(2); // "1 problem in <file>; nothing was written." and the one line
  });

  test("fails on an environment overlay in UTF-16, naming the overlay", () => {
    checkConfig({
      name: "overlay",
      text: withSection("Environments", "dir = envs"),
      prepare: (dir) => {
        mkdirSync(join(dir, "envs"));
        writeFileSync(
          join(dir, "envs", "prod.ini"),
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("[WIFConfig]\nstack_name = prod\n", "utf16le")]),
        );
      },
      exit: 2,
      line: "  <dir>/envs/prod.ini: looks like UTF-16LE; save it as UTF-8.",
    });
  });

  test("reads UTF-8 with a byte-order mark, and keeps non-ASCII text as it is", () => {
    const text = withKey("WIFConfig", "description", "Déploiement “prod”");
    checkConfig({
      name: "bom",
      prepare: (dir) => writeFileSync(join(dir, "setupConfig.ini"), `\ufeff${text}`),
      exit: 0,
    });
  });
});

describe("round trip: realms and regions", () => {
  const tenancyLine = lineOf(BASE, "tenancy_ocid =");
  const compartmentLine = lineOf(BASE, "compartment_ocid =");
  const REALMS: ConfigCase[] = [
    {
      name: "a tenancy of a realm that does not exist",
      text: withKey("OCIConfig", "tenancy_ocid", TENANCY.replace(".oc1.", ".oc77.")),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${tenancyLine} [OCIConfig] tenancy_ocid: names the realm "oc77", which does not exist; got "${TENANCY.replace(".oc1.", ".oc77.")}". The realms are oc1, oc2, oc3, oc4, oc8, oc9, oc10, oc14, oc15, oc19, oc20, oc21, oc23, oc24, oc26, oc29, oc35, oc42, oc51, oc52; copy the OCID from the console.`,
    },
    {
      name: "a tenancy and compartment of another realm than the region",
      text: withKey(
        "OCIConfig",
        "compartment_ocid",
        COMPARTMENT.replace(".oc1.", ".oc2."),
        withKey("OCIConfig", "tenancy_ocid", TENANCY.replace(".oc1.", ".oc2.")),
      ),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${tenancyLine} [OCIConfig] tenancy_ocid: is in realm oc2, but [OCIConfig] region us-ashburn-1 is in oc1; got "${TENANCY.replace(".oc1.", ".oc2.")}". Use an OCID of the region's realm, or fix region.`,
    },
    {
      name: "a region of another realm than the OCIDs",
      text: withKey("OCIConfig", "region", "us-langley-1"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${compartmentLine} [OCIConfig] compartment_ocid: is in realm oc1, but [OCIConfig] region us-langley-1 is in oc2; got "${COMPARTMENT}". Use an OCID of the region's realm, or fix region.`,
    },
    {
      name: "a region one letter from a known one",
      text: withKey("OCIConfig", "region", "us-ashburm-1"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(BASE, "region =")} [OCIConfig] region: is not an OCI region; got "us-ashburm-1". Did you mean us-ashburn-1?`,
    },
    {
      name: "an OCID of a realm that does not exist inside an allow[] statement",
      text: withKey(
        "ServiceUser ci-reader",
        "allow[]",
        "read objects in compartment id ocid1.compartment.oc99..aaaaaaaaexample0000000000",
      ),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(withKey("ServiceUser ci-reader", "allow[]", "read objects in compartment id ocid1.compartment.oc99..aaaaaaaaexample0000000000"), "allow[] = read objects in compartment id")} [ServiceUser ci-reader] allow: names the realm "oc99", which does not exist; got "ocid1.compartment.oc99..aaaaaaaaexample0000000000". The realms are oc1, oc2, oc3, oc4, oc8, oc9, oc10, oc14, oc15, oc19, oc20, oc21, oc23, oc24, oc26, oc29, oc35, oc42, oc51, oc52; copy the OCID from the console.`,
    },
    { name: "another region of the same realm", text: withKey("OCIConfig", "region", "eu-frankfurt-1"), exit: 0 },
    {
      name: "a region this version does not know (a warning: realm checks are skipped)",
      text: withKey("OCIConfig", "region", "xx-mars-1"),
      exit: 0,
      line: `warning: <dir>/setupConfig.ini:${lineOf(BASE, "region =")} [OCIConfig] region: is not a region this version knows, so OCIDs are not checked against its realm; got "xx-mars-1". Check the spelling; the known regions are in core/regions.ts (85 regions).`,
    },
  ];
  test.each(REALMS.map((c) => [c.name, c] as const))("%s", (_name, c) => checkConfig(c));
});

describe("round trip: generated policy names are unique in their compartment", () => {
  // The broker fixture's first broker (label upst, account upst-account) in its own compartment.
  const broker = readFileSync(join(__dirname, "..", "fixtures", "broker.ini"), "utf8").split(
    "\n[UpstBroker upst-byok]",
  )[0];
  const BROKER_COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplebroker0000000000000000000000000000000000";
  const fix =
    "Policy names are unique in a compartment; give one of the two another policy_name (or the broker another label or group).";
  /** The broker's message in `text`, at the broker's line, naming the user's section line. */
  const clash = (text: string, name: string, from: string) =>
    `  <dir>/setupConfig.ini:${lineOf(text, "[UpstBroker upst]")} [UpstBroker upst]: generates the policy name "${name}" from ${from}, which is the policy_name of [ServiceUser ci-deployer] (line ${lineOf(text, "[ServiceUser ci-deployer]")}). ${fix}`;
  const inBrokerCompartment = (policyName: string) =>
    withKey(
      "OCIConfig",
      "compartment_ocid",
      BROKER_COMPARTMENT,
      withKey("ServiceUser ci-deployer", "policy_name", policyName, broker),
    );
  const fn = inBrokerCompartment("upst-fn-policy");
  const gw = inBrokerCompartment("UPST-GW-POLICY");
  const account = withKey("ServiceUser ci-deployer", "policy_name", "upst-account-group-policy", broker);
  const users = withKey("ServiceUser ci-reader", "policy_name", "CI-DEPLOYER-group-policy");
  const longGroup = withKey("ServiceUser ci-deployer", "group", "g".repeat(95));
  const POLICIES: ConfigCase[] = [
    {
      name: "a user's policy_name is the broker function's generated name, in the broker's compartment",
      text: fn,
      exit: 2,
      line: clash(fn, "upst-fn-policy", "its label"),
    },
    {
      name: "a user's policy_name is the broker gateway's generated name, differing in case",
      text: gw,
      exit: 2,
      line: clash(gw, "upst-gw-policy", "its label"),
    },
    {
      name: "a user's policy_name is the broker account's generated name",
      text: account,
      exit: 2,
      line: clash(account, "upst-account-group-policy", "its account's group"),
    },
    {
      name: "two users' policy names differ only in case",
      text: users,
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(users, "[ServiceUser ci-reader]")} [ServiceUser ci-reader]: the same policy_name as [ServiceUser ci-deployer] (line ${lineOf(users, "[ServiceUser ci-deployer]")}); got "CI-DEPLOYER-group-policy". ${fix}`,
    },
    {
      name: "a group name that makes the default policy name longer than OCI accepts",
      text: longGroup,
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(longGroup, "[ServiceUser ci-deployer]")} [ServiceUser ci-deployer]: makes the policy name "${"g".repeat(95)}-policy" from its group, 102 characters long; OCI accepts at most 100 for a policy name. Set policy_name to a shorter name, or shorten the group's name (docs/oci-facts.md#limits).`,
    },
    {
      name: "the same name in two compartments is two policies",
      text: withKey("ServiceUser ci-deployer", "policy_name", "upst-fn-policy", broker),
      exit: 0,
    },
  ];
  test.each(POLICIES.map((c) => [c.name, c] as const))("%s", (_name, c) => checkConfig(c));
});

describe("round trip: scopes and audiences that are only a scheme", () => {
  const rs = withSection(
    "ResourceServer api",
    "audience = https://api.example.com/\nscope[] = reports.read Read reports",
    withSection("OAuthClient reader", "scope[] = api:reports.read"),
  );
  const SCOPES: ConfigCase[] = [
    {
      name: "a resource server scope that is only https://",
      text: rs.replace("scope[] = reports.read Read reports", "scope[] = https://"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(rs, "scope[] = reports.read")} [ResourceServer api] scope: is only a scheme ("https://"), with no host, so it is not a scope value; got "https://". Write scope[] = <value> [description], e.g. scope[] = upst.generate Generate session tokens.`,
    },
    {
      name: "a client's fully qualified scope that is only https://",
      text: rs.replace("scope[] = api:reports.read", "scope[] = https://"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(rs, "scope[] = api:")} [OAuthClient reader] scope: is only a scheme ("https://"), with no host, so it names no scope; got "https://". Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.`,
    },
    {
      name: "a client's fully qualified scope without a host",
      text: rs.replace("scope[] = api:reports.read", "scope[] = https:///read"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(rs, "scope[] = api:")} [OAuthClient reader] scope: has no host after the scheme, so it names no scope; got "https:///read". Write <resource server label>:<scope>, or a full scope such as https://api.example.com/read.`,
    },
    {
      name: "a resource server audience that is only https://",
      text: rs.replace("audience = https://api.example.com/", "audience = https://"),
      exit: 2,
      line: `  <dir>/setupConfig.ini:${lineOf(rs, "audience = https://api")} [ResourceServer api] audience: is only a scheme ("https://"), with no host; got "https://". Write the base URI with its host, e.g. https://upst-broker.example.com/.`,
    },
    {
      name: "a client's fully qualified scope with a host",
      text: rs.replace("scope[] = api:reports.read", "scope[] = https://api.example.com/reports.read"),
      exit: 0,
    },
  ];
  test.each(SCOPES.map((c) => [c.name, c] as const))("%s", (_name, c) => checkConfig(c));
});

describe("round trip: where conditions, judged by what they constrain", () => {
  const USER = "ocid1.user.oc1..aaaaaaaaexampleuser0000000000000000000000000000000000000";
  // Four elements in every row: jest takes a test function with more parameters than a row for one that wants done().
  const CONDITIONS: ReadonlyArray<[string, string, "always" | "never" | "narrows", string | undefined]> = [
    [
      "!= a value an OCID never is",
      "read buckets in compartment apps where request.user.id != 'nobody'",
      "always",
      "request.user.id != 'nobody': request.user.id is an OCID (of a realm that exists), never 'nobody'",
    ],
    [
      "any {…} holding a region that does not exist",
      "read buckets in compartment apps where any {target.bucket.name = 'ci', request.region != 'mars'}",
      "always",
      "request.region != 'mars': request.region is a region's key or name, never 'mars'",
    ],
    [
      "!= the empty string",
      "read buckets in compartment apps where target.bucket.name != ''",
      "always",
      "target.bucket.name != '': no target.bucket.name is empty",
    ],
    [
      "a pattern of only stars",
      "read buckets in compartment apps where target.bucket.name = /**/",
      "always",
      "target.bucket.name = /**/: /**/ matches every value",
    ],
    [
      "a bucket condition on instances",
      "read instances in compartment apps where target.bucket.name = 'ci'",
      "never",
      "target.bucket.name = 'ci': target.bucket.name is not set for instances, and a condition on a variable a request lacks declines it",
    ],
    [
      "a real bucket name",
      "read buckets in compartment apps where target.bucket.name = 'ci-artifacts'",
      "narrows",
      undefined,
    ],
    [
      "!= a real user's OCID",
      `read buckets in compartment apps where request.user.id != '${USER}'`,
      "narrows",
      undefined,
    ],
    [
      "all {…} of a permission and a region",
      "read buckets in compartment apps where all {request.permission = 'BUCKET_READ', request.region = 'iad'}",
      "narrows",
      undefined,
    ],
  ];
  test.each(CONDITIONS)(
    "%s: %s",
    async (_name, statement, verdict, because) => {
      const text = withKey("ServiceUser ci-reader", "allow[]", statement);
      const r = run(text);
      const lines = normalized(r);
      const line = `${lineOf(BASE, "[ServiceUser ci-reader]")}`;
      expect([r.exitCode, r.wrote]).toEqual([0, true]);
      const warning =
        verdict === "always"
          ? `warning: <dir>/setupConfig.ini:${line} [ServiceUser ci-reader] allow: has a where clause that is always true (${because}), so it limits nothing (review rule WIF-P4 fails on it); got "${statement}". Fix or remove the condition.`
          : `warning: <dir>/setupConfig.ini:${line} [ServiceUser ci-reader] allow: has a where clause that is never true (${because}), so the statement grants nothing; got "${statement}". Fix the condition, or remove the statement.`;
      if (verdict === "narrows") expect(lines.filter((l) => /always true|never true/.test(l))).toEqual([]);
      else expect(lines).toContain(warning);
      // The review fails on an always-true condition (WIF-P4, an error) and passes the others.
      const dir = tempDir("wif-roundtrip-review-");
      writeFileSync(join(dir, "setupConfig.ini"), text);
      expect(
        synthesize({ configPath: join(dir, "setupConfig.ini"), outdir: join(dir, "cdktf.out"), log: () => {} })
          .exitCode,
      ).toBe(0);
      let stdout = "";
      let stderr = "";
      const code = await reviewMain(["--outdir", join(dir, "cdktf.out")], {
        out: (l: string) => (stdout += `${l}\n`),
        err: (l: string) => (stderr += `${l}\n`),
      });
      expect([code, stdout.includes("WIF-P4")]).toEqual(verdict === "always" ? [1, true] : [0, false]);
      expect(leaks(stdout + stderr)).toEqual([]);
    },
    30_000,
  );
});

describe("round trip: subject tokens outside their validity are refused before anything is sent", () => {
  const NOW = Date.parse("2026-09-05T12:00:00Z");
  const now = NOW / 1000;
  const claims = (extra: Record<string, unknown>) => ({
    iss: "https://token.actions.githubusercontent.com",
    aud: "oci-wif",
    sub: "repo:octo-org/web-app:ref:refs/heads/main",
    marker: "s3cr3t0MARKER0jwt",
    iat: now - 10,
    exp: now + 300,
    ...extra,
  });
  const at = `now ${formatTime(now)}, 60 s of clock skew allowed`;
  const TOKENS: ReadonlyArray<[string, Record<string, unknown>, "file" | "env", string | undefined]> = [
    [
      "expired an hour ago",
      { iat: now - 7200, exp: now - 3600 },
      "file",
      `expired at ${formatTime(now - 3600)} (60 min ago; ${at}). Get a fresh token`,
    ],
    [
      "expired 61 s ago, past the allowance",
      { exp: now - 61 },
      "file",
      `expired at ${formatTime(now - 61)} (61 s ago; ${at}). Get a fresh token`,
    ],
    [
      "expired, read from an environment variable",
      { exp: now - 600 },
      "env",
      `expired at ${formatTime(now - 600)} (10 min ago; ${at}). Get a fresh token`,
    ],
    [
      "not valid for another hour (nbf)",
      { nbf: now + 3600 },
      "file",
      `is not valid before ${formatTime(now + 3600)} (in 60 min; ${at}). Wait, or check this machine's clock`,
    ],
    [
      "issued in the future (iat)",
      { iat: now + 600, exp: now + 900 },
      "file",
      `was issued at ${formatTime(now + 600)}, 10 min in the future (${at}). Check this machine's clock and the issuer's`,
    ],
    ["expired 59 s ago, within the allowance", { exp: now - 59 }, "file", undefined],
    ["valid from 59 s from now, within the allowance", { nbf: now + 59 }, "file", undefined],
  ];
  test.each(TOKENS)("%s", async (_name, extra, source, problem) => {
    const cwd = tempDir("wif-roundtrip-token-");
    const home = tempDir("wif-roundtrip-home-");
    const token = makeJwt(claims(extra));
    writeFileSync(join(cwd, "ci.jwt"), `${token}\n`);
    writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
    const before = endpoint.exchanges.length;
    const argv = source === "file" ? ["--token-file", "ci.jwt"] : ["--token-env", "CI_ID_TOKEN"];
    const r = await runClient((a, io) => exchangeMain(a, io, { makeKeyPair: pooledKeyPair }), argv, {
      cwd,
      home,
      env: source === "env" ? { CI_ID_TOKEN: token } : {},
      now: () => NOW,
    });
    const printed = [...r.out, ...r.err].join("\n");
    expect([printed.includes(token), printed.includes(token.split(".")[1]), leaks(printed)]).toEqual([
      false,
      false,
      [],
    ]);
    if (problem) {
      const from = source === "file" ? "--token-file ci.jwt" : "--token-env CI_ID_TOKEN";
      expect([r.code, r.err, endpoint.exchanges.length - before, existsSync(join(home, ".oci"))]).toEqual([
        2,
        [`error: the subject token from ${from} ${problem}; nothing was sent.`],
        0,
        false,
      ]);
    } else {
      // Within the allowance the token is sent (the stand-in accepts it, whatever its times).
      expect([r.code, endpoint.exchanges.length - before]).toEqual([0, 1]);
    }
  });
});
