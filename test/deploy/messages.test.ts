// The messages a new user met on the deploy path (issue 18, item 6), each pointing at a fix that works.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../config/load-config";
import { ConfigError, formatProblem } from "../../core/problems";
import { main as exchange } from "../../client/exchange-cli";
import type { CliIo } from "../../cli/io";

const DOMAIN = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";
const BASE = [
  "[IdentityDomain]",
  `iam_guid = ${DOMAIN}`,
  "[OCIConfig]",
  "region = us-ashburn-1",
  "tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexample",
  "[Trust github]",
  "issuer = https://token.actions.githubusercontent.com",
  "audience = oci-wif",
  "[ServiceUser ci]",
  "trust = github",
];

/** Every problem and warning the loader reports for the config, formatted as the commands print them. */
function problemsOf(lines: readonly string[]): string[] {
  try {
    const { warnings } = parseConfig(`${lines.join("\n")}\n`, "setupConfig.ini", tmpdir());
    return warnings.map(formatProblem);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
}

describe("messages that point at the right fix", () => {
  test("a Console page as the domain URL says what a domain URL looks like and where it is shown", () => {
    const lines = [...BASE, "rule[] = github repo=o/r branch=main"];
    lines[1] = "iam_guid = https://cloud.oracle.com/identity/domains";
    expect(problemsOf(lines)).toContain(
      `setupConfig.ini:2 [IdentityDomain] iam_guid: must be the identity domain's own URL, https://idcs-<id>.identity.oraclecloud.com, not a Console page; got "https://cloud.oracle.com/identity/domains". In the Console: Identity & Security > Domains > your domain > Details, Domain URL.`,
    );
  });

  test("rule = twice without [] says to write rule[] for several", () => {
    const problems = problemsOf([...BASE, "rule = github repo=o/a branch=main", "rule = github repo=o/b branch=main"]);
    expect(problems).toContain(
      "setupConfig.ini:12 [ServiceUser ci] rule: set twice (first at line 11). For several values write each line as rule[] = …; otherwise keep one of the two lines.",
    );
  });

  test("a ';' in allow[] says a statement has no ';' and to use one line each, not an escape that is refused", () => {
    const problems = problemsOf([
      ...BASE,
      "rule[] = github repo=o/r branch=main",
      "allow[] = read buckets in compartment a;manage objects in compartment a",
    ]);
    expect(problems).toContain(
      `WIF-W-INI-COMMENT setupConfig.ini:12 [ServiceUser ci] allow: the value ends at ';' (it starts a comment), so only "read buckets in compartment a" is used. A policy statement has no ';': give each statement its own allow[] = … line.`,
    );
  });

  test("wif-exchange --runtime-config setupConfig.ini recognises a setupConfig.ini and says which file it needs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wif-messages-"));
    try {
      writeFileSync(
        join(dir, "setupConfig.ini"),
        `${[...BASE, "rule[] = github repo=o/r branch=main", "allow[] = read buckets in compartment a", "allow[] = read buckets in compartment a"].join("\n")}\n`,
      );
      writeFileSync(join(dir, "ci.jwt"), "x.y.z");
      const err: string[] = [];
      const io: Partial<CliIo> = { cwd: dir, env: {}, home: dir, out: () => undefined, err: (l) => err.push(l) };
      const code = await exchange(
        ["--runtime-config", join(dir, "setupConfig.ini"), "--token-file", join(dir, "ci.jwt")],
        io,
      );
      expect([code, err]).toEqual([
        2,
        [
          `error: ${join(dir, "setupConfig.ini")} is a setupConfig.ini (it has a [OCIConfig] section), the config wif-synth and wif-plan read; the exchange reads the runtimeConfig.ini that wif-deploy writes.`,
          "Pass --runtime-config <that runtimeConfig.ini>, or write it from the Terraform state with wif-runtime-config (npm run runtime-config).",
        ],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
