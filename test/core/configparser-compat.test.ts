// Item 8: every runtimeConfig.ini that Python's configparser reads (and so the seed's wifRuntime.py) reads the same
// here. Each case is parsed by a real python3 (RawConfigParser: the raw values, before '%' interpolation, which
// runtime-config.ts undoes itself) and by our reader, and every section's values must agree.
import { spawnSync } from "node:child_process";
import { parseIni } from "../../core/ini-file";
import { ProblemList } from "../../core/problems";
import { parseRuntimeConfig } from "../../core/runtime-config";

const PYTHON = `
import configparser, json, sys
cp = configparser.RawConfigParser()
cp.read_string(sys.stdin.read())
print(json.dumps({s: dict(cp._sections[s]) for s in cp.sections()}))
`;

const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasPython) console.warn("configparser-compat.test.ts: python3 is not on PATH, so these tests are skipped.");
const withPython = hasPython ? describe : describe.skip;

function python(text: string): Record<string, Record<string, string>> {
  const r = spawnSync("python3", ["-c", PYTHON], { input: text, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 refused the case: ${r.stderr.trim().split("\n").pop()}`);
  return JSON.parse(r.stdout);
}

function ours(text: string): Record<string, Record<string, string>> {
  const problems = new ProblemList();
  const doc = parseIni(text, "runtimeConfig.ini", problems, "configparser");
  if (problems.hasErrors) throw new Error(`we refused the case: ${problems.errors.map((p) => p.message).join("; ")}`);
  return Object.fromEntries(
    doc.sections.map((s) => [s.name, Object.fromEntries([...s.entries.values()].map((e) => [e.key, e.values[0]]))]),
  );
}

const CASES: Array<[string, string]> = [
  ["key = value", "[WIFConfig]\noauthclientid = abc\n"],
  ["key: value", "[WIFConfig]\noauthclientid: abc\noauthclientsecret:s3cr%%t\n"],
  [
    "the first of '=' and ':' is the delimiter",
    "[IdentityDomain]\niam_guid: https://idcs-x.identity.oraclecloud.com\nx = a:b\ny: a=b\n",
  ],
  ["continuation lines", "[WIFConfig]\nsubjecttoken = first\n  second\n\tthird\nnext = 1\n"],
  ["empty lines and comments inside a continued value", "[WIFConfig]\nv = a\n\n  b\n# a comment\n  c\n\n\nw = 2\n"],
  ["indented keys at the start of a section", "[OCI]\n  region = us-ashburn-1\n  profile = wif\n"],
  ["CRLF line ends", "[OCI]\r\nregion = us-ashburn-1\r\nprofile = wif\r\n"],
  ["keys in any case", "[OCI]\nRegion = us-ashburn-1\nPROFILE = wif\n"],
  ["no inline comments: ';' and '#' are part of the value", "[OCI]\nprofile = wif ; not a comment\ntenancy = a#b\n"],
  [
    "comment lines with ';' and '#', also indented before any key",
    "; top\n# top\n[OCI]\n  ; indented comment\nregion = x\n",
  ],
  ["spaces around the delimiter and in the value", "[OCI]\nregion   =    us ashburn  \nprofile=wif\n"],
  ["an empty value", "[OCI]\nregion =\nprofile = wif\n"],
  ["a key named like a list", "[OCI]\nrule[] = x\n"],
  ["a section name with spaces", "[Trust github]\nissuer = https://token.actions.githubusercontent.com\n"],
];

withPython("runtimeConfig.ini as Python's configparser reads it (needs python3)", () => {
  test.each(CASES)("reads %s as configparser does", (_name, text) => {
    expect(ours(text)).toEqual(python(text));
  });

  test("a runtimeConfig.ini written with ':' and a continued value is accepted by the client", () => {
    const text = [
      "[IdentityDomain]",
      "iam_guid: https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
      "[WIFConfig]",
      "oauthclientid: client-id",
      "oauthclientsecret: s3cr%%t",
      "subjecttoken: <placeholder>",
      "[OCI]",
      "region: us-ashburn-1",
      "",
    ].join("\n");
    const config = parseRuntimeConfig(text, "runtimeConfig.ini");
    expect([config.clientId, config.clientSecret]).toEqual(["client-id", "s3cr%t"]);
  });
});
