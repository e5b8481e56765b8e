// The literal-text corpus (issue 16, part 1), generated from classes and run through the real synthesis (the same
// `synthesize` as `npm run synth`) in a temporary directory:
//
// - every config key of every shipped fixture, of the corpus base and of the extra sections below × every payload
//   class: template syntax (literal-payloads.ts), forged cdktf token markers, and a planted client secret;
// - every entry of an adopted set-up's wif-imports.json × every way an import ID can be hostile;
// - a key of an [Environments] overlay × the template payloads.
//
// Each case asserts its outcome: refused with exit code 2, a message naming the file, section and key (or the
// imports file and entry), and nothing written; or written (exit 0) with the payload as literal text in
// cdk.tf.json and no live template that our code does not build. No case prints a planted secret or a line of
// /etc/passwd.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { CONSTRUCT_PATHS } from "../../core/construct-ids";
import { FIXTURES } from "../support/stacks";
import { BASE, CLIENT_SECRET, PLANTED, withKey, withSection } from "./corpus-support";
import { markerPayloads, PASSWD_LINE, TEMPLATE_PAYLOADS, terraformLiteral } from "./literal-payloads";
import { documentProblems, ourFunctions } from "./terraform-template";

const FUNCTIONS = ourFunctions();
const DOMAIN = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";

/** What one synthesis did: its exit code, every line it printed, and every stack it wrote (parsed). */
interface Outcome {
  readonly exitCode: number;
  readonly lines: string[];
  readonly docs: any[];
  /** Whether anything at all is under the output directory. */
  readonly wrote: boolean;
}

/** Synthesizes `files` (setupConfig.ini and anything beside it) in a new temporary directory. */
function synth(files: Readonly<Record<string, string>>): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "wif-literal-"));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const lines: string[] = [];
    const outdir = join(dir, "cdktf.out");
    const { exitCode } = synthesize({ configPath: join(dir, "setupConfig.ini"), outdir, log: (l) => lines.push(l) });
    const stacks = join(outdir, "stacks");
    const docs = existsSync(stacks)
      ? readdirSync(stacks)
          .map((n) => join(stacks, n, "cdk.tf.json"))
          .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile())
          .map((f) => JSON.parse(readFileSync(f, "utf8")))
      : [];
    return { exitCode, lines: lines.map((l) => l.split(dir).join("<dir>")), docs, wrote: existsSync(outdir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Nothing planted, no line of /etc/passwd, in anything printed or written. */
function expectNothingLeaked(o: Outcome): void {
  const printed = o.lines.join("\n");
  const written = JSON.stringify(o.docs);
  for (const secret of PLANTED) {
    expect(printed).not.toContain(secret);
    expect(written).not.toContain(secret);
  }
  expect(printed).not.toMatch(PASSWD_LINE);
  expect(written).not.toMatch(PASSWD_LINE);
}

/** Every string of a document. */
function strings(doc: unknown): string[] {
  if (typeof doc === "string") return [doc];
  if (Array.isArray(doc)) return doc.flatMap(strings);
  if (doc && typeof doc === "object") return Object.entries(doc).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Class 1: config keys × payloads

/** Configs whose lines are the keys of the corpus: the base, extra sections for keys no fixture has, the fixtures. */
const SOURCES: ReadonlyArray<readonly [string, string]> = [
  ["the corpus base", BASE],
  [
    "the base with every optional free-text key",
    withSection(
      "Suppress WIF-T2",
      "reason = accepted until the migration, INFRA-42\napplies_to[] = ServiceUser-ci-reader",
      withKey(
        "ServiceUser ci-deployer",
        "policy_description",
        "Lets CI deploy",
        withKey(
          "ServiceUser ci-deployer",
          "description",
          "Deploys the web app",
          withKey(
            "ServiceUser ci-deployer",
            "policy_name",
            "ci-deployer-policy",
            withKey(
              "Trust github",
              "description",
              "GitHub Actions",
              withKey(
                "Trust github",
                "name",
                "github-actions",
                withKey(
                  "Trust github",
                  "audience_claim",
                  "aud",
                  withKey(
                    "WIFConfig",
                    "description",
                    "Token exchange for CI",
                    withKey("WIFConfig", "runtime_config_path", "runtime/runtimeConfig.ini"),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  ],
  [
    "the base with an http backend",
    withSection(
      "Backend",
      "type = http\naddress = https://state.example.com/wif\nlock_address = https://state.example.com/wif/lock\n" +
        "unlock_address = https://state.example.com/wif/unlock",
    ),
  ],
  [
    "the base with an s3 backend",
    withSection("Backend", "type = s3\nbucket = b\nnamespace = ns\nkey = wif/terraform.tfstate\nregion = us-ashburn-1"),
  ],
  ...readdirSync(FIXTURES)
    .filter((n) => n.endsWith(".ini"))
    .sort()
    .map((n) => [`test/fixtures/${n}`, readFileSync(join(FIXTURES, n), "utf8")] as const),
];

/** Files a fixture refers to (relative to the config), copied beside it. */
const FIXTURE_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(join(FIXTURES, "keys")).map((n) => [`keys/${n}`, readFileSync(join(FIXTURES, "keys", n), "utf8")]),
);

/** One key of one config: the first line that sets it, across the sources, for each section type and key. */
interface Site {
  readonly source: string;
  readonly text: string;
  readonly line: number;
  readonly section: string;
  readonly key: string;
}

function sites(): Site[] {
  const seen = new Set<string>();
  const out: Site[] = [];
  for (const [source, text] of SOURCES) {
    let section = "";
    text.split("\n").forEach((l, line) => {
      const header = /^\[([^\]]+)\]/.exec(l);
      if (header) section = header[1];
      const kv = /^([a-z_]+)(\[\])?\s*=\s*\S/.exec(l);
      if (!kv || l.startsWith(";")) return;
      const id = `${section.split(" ")[0].toLowerCase()}.${kv[1]}`;
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ source, text, line, section, key: kv[1] });
    });
  }
  return out;
}

/**
 * The line with `payload` added to its value, before any inline comment. A payload holding `#` or `;`, which start
 * a comment, is written in the value's quoted (JSON) form, which the ini reader decodes.
 */
function withPayload(text: string, line: number, payload: string): string {
  const lines = text.split("\n");
  const m = /^(\s*[a-z_]+(?:\[\])?\s*=\s*)(.*?)(\s+[;#].*)?$/.exec(lines[line])!;
  const original = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  const value = `${original} ${payload}`;
  // (A quoted value is decoded only when nothing follows it, so the line's comment goes.)
  lines[line] = /[#;]/.test(payload) ? `${m[1]}${JSON.stringify(value)}` : `${m[1]}${value}${m[3] ?? ""}`;
  return lines.join("\n");
}

const SITES = sites();
const MARKERS = markerPayloads();
const SECRET_PAYLOAD = `\${"${CLIENT_SECRET}"}`;
/** Keys whose value is read and ignored (with a warning): nothing of it reaches a stack, so nothing is refused. */
const IGNORED = ["wifconfig.admin_app_name"];
/** Keys whose values are prose: the template payloads (in ASCII) must be accepted there, and arrive as text. */
const FREE_TEXT = [
  "wifconfig.description",
  "trust.description",
  "serviceuser.description",
  "serviceuser.policy_description",
  "suppress.reason",
];

type Expect = "literal-or-refused" | "marker" | "secret";
const CASES: Array<[string, Site, string, Expect]> = SITES.flatMap((site) => [
  ...TEMPLATE_PAYLOADS.map(([cls, p]) => [cls, site, p, "literal-or-refused"] as [string, Site, string, Expect]),
  ...MARKERS.map(([cls, p]) => [cls, site, p, "marker"] as [string, Site, string, Expect]),
  ["a planted client secret in template syntax", site, SECRET_PAYLOAD, "secret"] as [string, Site, string, Expect],
]);

describe("class 1: every config key × every payload", () => {
  test("covers the keys that reach Terraform as text, across every section type", () => {
    const ids = SITES.map((s) => `${s.section.split(" ")[0].toLowerCase()}.${s.key}`);
    expect(ids).toEqual(expect.arrayContaining([...FREE_TEXT, "backend.address", "upstbroker.account_email"]));
    expect(SITES.length).toBeGreaterThan(50);
  });

  test.each(CASES.map(([cls, s, p, e]) => [`${s.section}] ${s.key} (${s.source}): ${cls}`, s, p, e] as const))(
    "[%s",
    (_name, site, payload, expected) => {
      const o = synth({ ...FIXTURE_FILES, "setupConfig.ini": withPayload(site.text, site.line, payload) });
      expectNothingLeaked(o);
      const where = `<dir>/setupConfig.ini:${site.line + 1} [${site.section}] ${site.key}: `;
      const id = `${site.section.split(" ")[0].toLowerCase()}.${site.key}`;
      if (IGNORED.includes(id)) {
        expect(o.exitCode).toBe(0);
        expect(o.lines).toContainEqual(expect.stringContaining(`${where}is not needed and is ignored`));
        expect(strings(o.docs).some((s) => s.includes(payload))).toBe(false);
        return;
      }
      if (expected === "marker") {
        expect(o.exitCode).toBe(2);
        expect(o.lines).toContainEqual(
          expect.stringMatching(
            new RegExp(`^  ${escapeRe(where)}holds ".*", which cdktf reads as one of its token markers`),
          ),
        );
      } else if (expected === "secret") {
        expect(o.exitCode).toBe(2);
        expect(o.lines).toContainEqual(
          `  ${where}holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.`,
        );
      } else if ((FREE_TEXT.includes(id) && /^[\x20-\x7e]*$/.test(payload)) || o.exitCode === 0) {
        expect(o.exitCode).toBe(0);
        expect(o.docs.length).toBe(1);
        expect(strings(o.docs[0]).some((s) => s.includes(terraformLiteral(payload)))).toBe(true);
        expect(documentProblems(o.docs[0], FUNCTIONS)).toEqual([]);
        return;
      } else {
        expect(o.exitCode).toBe(2);
        expect(o.lines).toContainEqual(expect.stringContaining(where));
      }
      expect(o.wrote).toBe(false);
    },
  );
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------------------------
// Class 2: wif-imports.json entries × hostile import IDs

const SCIM = "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e";
const POLICY = "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000";
const ISSUER = "https://token.actions.githubusercontent.com";
const ENTRIES: ReadonlyArray<readonly [string, string, string]> = [
  ["the exchange app", CONSTRUCT_PATHS.exchangeApp, `idcsEndpoint/${DOMAIN}/apps/${SCIM}`],
  ["the trust", CONSTRUCT_PATHS.trust(ISSUER, [ISSUER]), `idcsEndpoint/${DOMAIN}/identityPropagationTrusts/${SCIM}`],
  ["a service user", CONSTRUCT_PATHS.user("ci-deployer"), `idcsEndpoint/${DOMAIN}/users/${SCIM}`],
  ["its group", CONSTRUCT_PATHS.group("ci-deployer"), `idcsEndpoint/${DOMAIN}/groups/${SCIM}`],
  ["its policy", CONSTRUCT_PATHS.policy("ci-deployer"), POLICY],
];

/** Ways an import ID can be hostile, as edits of a valid one; `domain` ones apply to identity-domains IDs only. */
const HOSTILE_IDS: ReadonlyArray<readonly [string, (id: string) => string, "any" | "domain"]> = [
  ["template syntax after the id", (id) => `${id}\${file("/etc/passwd")}`, "any"],
  ["a directive after the id", (id) => `${id}%{endif}`, "any"],
  ["a forged cdktf marker for the id", (id) => id.replace(/[^/]+$/, "${TfToken[TOKEN.1]}"), "any"],
  ["a planted client secret for the id", (id) => id.replace(/[^/]+$/, CLIENT_SECRET), "any"],
  ["only template syntax", () => '${file("/etc/passwd")}', "any"],
  ["another host", (id) => id.replace(DOMAIN, "https://evil.example.com"), "domain"],
  ["a host that starts like the domain's", (id) => id.replace(DOMAIN, `${DOMAIN}.evil.example.com`), "domain"],
  ["credentials before the domain's host", (id) => id.replace("https://", "https://admin@"), "domain"],
  ["http", (id) => id.replace("https://", "http://"), "domain"],
  ["a path after the host", (id) => id.replace(DOMAIN, `${DOMAIN}/admin`), "domain"],
  ["a percent-encoded slash in the id", (id) => id.replace(/[^/]+$/, "x%2F..%2Fgroups%2Fy"), "domain"],
  [
    "another collection",
    (id) => id.replace(/\/(apps|identityPropagationTrusts|users|groups)\//, "/dynamicResourceGroups/"),
    "domain",
  ],
];

const ADOPTED = `${BASE}\n[Adopt]\nimports = wif-imports.json\n`;
const importsFile = (imports: Record<string, string>) =>
  JSON.stringify({ version: 1, domain: DOMAIN, imports }, null, 2);
const VALID = Object.fromEntries(ENTRIES.map(([, path, id]) => [path, id]));

describe("class 2: every entry of wif-imports.json × every hostile import ID", () => {
  test("the valid imports synthesize, each ID in its import block as written", () => {
    const o = synth({ "setupConfig.ini": ADOPTED, "wif-imports.json": importsFile(VALID) });
    expect(o.lines).toEqual([]);
    expect(o.exitCode).toBe(0);
    const imports = o.docs[0].import.map((i: { id: string }) => i.id).sort();
    expect(imports).toEqual(Object.values(VALID).sort());
    expectNothingLeaked(o);
  });

  const cases = ENTRIES.flatMap(([what, path, id]) =>
    HOSTILE_IDS.filter(([, , applies]) => applies === "any" || id.startsWith("idcsEndpoint/")).map(
      ([how, edit]) => [`${what}: ${how}`, path, edit(id)] as const,
    ),
  );
  test.each(cases)("%s is refused, naming the imports file and the entry", (_name, path, hostile) => {
    const o = synth({ "setupConfig.ini": ADOPTED, "wif-imports.json": importsFile({ ...VALID, [path]: hostile }) });
    expect(o.exitCode).toBe(2);
    expect(o.wrote).toBe(false);
    const reason =
      "(is not an import ID of|names a domain other than|has an id holding|is not an OCID of).*\\. Run npm run import again against this config's domain, or remove the entry" +
      '|holds ".*", which cdktf reads as one of its token markers.*' +
      "|holds an OCI client secret, which is never written or shown\\. Remove it from the file; if it is a real secret, rotate it";
    expect(o.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^  <dir>/wif-imports\\.json ${escapeRe(path)}: (${reason})\\.?$`)),
    );
    expectNothingLeaked(o);
  });

  test("a look-alike letter in the host is refused by the loader, which takes printable ASCII only", () => {
    const path = CONSTRUCT_PATHS.user("ci-deployer");
    const hostile = VALID[path].replace("identity", "ident\u0456ty");
    const o = synth({ "setupConfig.ini": ADOPTED, "wif-imports.json": importsFile({ ...VALID, [path]: hostile }) });
    expect([o.exitCode, o.wrote]).toEqual([2, false]);
    expect(o.lines).toContainEqual(
      expect.stringMatching(/^ {2}<dir>\/setupConfig\.ini:\d+ \[Adopt\] imports: is not an imports file/),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Class 3: an [Environments] overlay × the template payloads

describe("class 3: a key of an environment's overlay × the template payloads", () => {
  const example = join(__dirname, "..", "..", "examples", "multi-env");
  const base = readFileSync(join(example, "setupConfig.ini"), "utf8");
  const dev = readFileSync(join(example, "envs", "dev.ini"), "utf8");
  const prod = readFileSync(join(example, "envs", "prod.ini"), "utf8");

  test.each(TEMPLATE_PAYLOADS)(
    "%s in a service user's description in one overlay arrives as text in that stack only",
    (_cls, payload) => {
      const overlay = `${dev}\n[ServiceUser deployer]\ndescription = Deploys dev ${payload}\n`;
      const o = synth({ "setupConfig.ini": base, "envs/dev.ini": overlay, "envs/prod.ini": prod });
      expect(o.exitCode).toBe(0);
      expect(o.docs.length).toBe(2);
      const holding = o.docs.filter((d) =>
        strings(d).some((s) => s.includes(`Deploys dev ${terraformLiteral(payload)}`)),
      );
      expect(holding.length).toBe(1);
      for (const d of o.docs) expect(documentProblems(d, FUNCTIONS)).toEqual([]);
      expectNothingLeaked(o);
    },
  );

  test.each(MARKERS)("%s in an overlay is refused, naming the overlay, and no stack is written", (_cls, payload) => {
    const overlay = `${dev}\n[ServiceUser deployer]\ndescription = ${JSON.stringify(`Deploys dev ${payload}`)}\n`;
    const o = synth({ "setupConfig.ini": base, "envs/dev.ini": overlay, "envs/prod.ini": prod });
    expect([o.exitCode, o.wrote]).toEqual([2, false]);
    expect(o.lines.join("\n")).toMatch(
      /envs\/dev\.ini:\d+ \[ServiceUser deployer\] description: holds ".*", which cdktf reads as one of its token markers/,
    );
    expectNothingLeaked(o);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Class 4: cdktf's HCL output, which escapes neither quotes nor heredoc ends

describe("class 4: a synthesis asked for cdktf's HCL output", () => {
  const example = join(__dirname, "..", "..", "examples", "multi-env");
  const environments = {
    "setupConfig.ini": readFileSync(join(example, "setupConfig.ini"), "utf8"),
    "envs/dev.ini": readFileSync(join(example, "envs", "dev.ini"), "utf8"),
    "envs/prod.ini": readFileSync(join(example, "envs", "prod.ini"), "utf8"),
  };
  const cases = TEMPLATE_PAYLOADS.flatMap(
    ([cls, payload]) =>
      [
        [
          `one stack, ${cls} in a description`,
          "wif",
          { "setupConfig.ini": withKey("Trust github", "description", `GitHub ${payload}`) },
        ],
        [
          `[Environments], ${cls} in an overlay's description`,
          "wif-dev",
          {
            ...environments,
            "envs/dev.ini": `${environments["envs/dev.ini"]}\n[ServiceUser deployer]\ndescription = Deploys ${payload}\n`,
          },
        ],
      ] as const,
  );
  test.each(cases)("%s: refused, and nothing is written", (_name, stack, files) => {
    const before = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const o = synth(files);
      expect([o.exitCode, o.wrote]).toEqual([2, false]);
      expect(o.lines).toEqual([
        `error: stack '${stack}': cdktf's HCL output (SYNTH_HCL_OUTPUT) escapes neither quotes nor heredoc ends, so text ` +
          "could become Terraform code. Unset SYNTH_HCL_OUTPUT; the JSON output (cdk.tf.json) is what Terraform reads. " +
          "Nothing was written.",
      ]);
      expectNothingLeaked(o);
    } finally {
      if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = before;
    }
  });
});
