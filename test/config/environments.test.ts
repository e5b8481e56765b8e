import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findEnvironments, loadEnvironment, mergeOverlay } from "../../config/environments";
import { ConfigError, formatProblem } from "../../core/problems";
import { hasCode } from "../../core/errors";

const BASE = `[Environments]
dir = envs

[OCIConfig]
region = eu-frankfurt-1

[Trust github]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif

[ServiceUser deployer]
rule[] = github repo=o/r owner_id=1 repo_id=2 branch=main
`;
const DEV = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
region = us-ashburn-1
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wif-envs-"));
  mkdirSync(join(dir, "envs"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, "setupConfig.ini");
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (err) {
    if (!hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
    return err.problems.map((p) => formatProblem(p).split(dir).join("<dir>"));
  }
}

describe("environments", () => {
  test("a config without [Environments] has none", () => {
    expect(
      findEnvironments(write({ "setupConfig.ini": BASE.replace("[Environments]\ndir = envs\n", "") })),
    ).toBeUndefined();
  });

  test("every envs/*.ini is an environment named after its file, in name order", () => {
    const base = write({ "setupConfig.ini": BASE, "envs/prod.ini": DEV, "envs/dev.ini": DEV, "envs/notes.txt": "x" });
    expect(findEnvironments(base)!.map((e) => [e.name, e.file])).toEqual([
      ["dev", join(dir, "envs", "dev.ini")],
      ["prod", join(dir, "envs", "prod.ini")],
    ]);
  });

  test("an overlay replaces the base's keys, adds its sections, and gets its own stack, client file and profile", () => {
    const base = write({ "setupConfig.ini": BASE, "envs/dev.ini": DEV });
    const { config } = loadEnvironment(findEnvironments(base)![0]);
    expect(config.domain.url).toBe("https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com");
    expect(config.oci.region).toBe("us-ashburn-1");
    expect(config.stackName).toBe("wif-dev");
    expect(config.profileName).toBe("wif-dev");
    expect(config.runtimeConfigPath).toBe(join(dir, "runtimeConfig.dev.ini"));
    expect(config.trusts.map((t) => t.issuer)).toEqual(["https://token.actions.githubusercontent.com"]);
  });

  test("an overlay's list key replaces the base's list as a whole", () => {
    const merged = mergeOverlay(
      BASE,
      "base.ini",
      "[ServiceUser deployer]\nrule[] = github repo=o/r owner_id=1 repo_id=2 environment=prod\n",
      "prod.ini",
      "prod",
    );
    expect(merged.text).toContain("environment=prod");
    expect(merged.text).not.toContain("branch=main");
  });

  test("an overlay's own stack_name and the base's runtime_config_path are kept, the latter suffixed", () => {
    const base = write({
      "setupConfig.ini": `${BASE}\n[WIFConfig]\nruntime_config_path = out/rc.ini\n`,
      "envs/dev.ini": `${DEV}\n[WIFConfig]\nstack_name = dev-stack\n`,
    });
    const { config } = loadEnvironment(findEnvironments(base)![0]);
    expect([config.stackName, config.runtimeConfigPath]).toEqual(["dev-stack", join(dir, "out", "rc.dev.ini")]);
  });

  test("an overlay that empties a per-environment key gets the loader's default, not a second line", () => {
    const base = write({ "setupConfig.ini": BASE, "envs/dev.ini": `${DEV}\n[WIFConfig]\nprofile_name =\n` });
    expect(loadEnvironment(findEnvironments(base)![0]).config.profileName).toBe("wif");
  });

  test("fails when a merged environment is wrong, naming the file and line each bad value came from", () => {
    const base = write({
      "setupConfig.ini": BASE.replace("audience = oci-wif", "audience = oci-wif\nclock_skew_seconds = 9999"),
      "envs/dev.ini": DEV.replace("us-ashburn-1", "ashburn"),
    });
    expect(problemsOf(() => loadEnvironment(findEnvironments(base)![0]))).toEqual([
      '<dir>/envs/dev.ini:5 [OCIConfig] region: must be a region identifier such as us-ashburn-1; got "ashburn". Region for the provider and for clients, e.g. `us-ashburn-1`. Default: the profile\'s.',
      '<dir>/setupConfig.ini:10 [Trust github] clock_skew_seconds: must be a whole number from 0 to 3600; got "9999". Allowed clock skew on `iat`/`exp`, 0–3600. Default: the service\'s.',
    ]);
  });

  test.each([
    [
      "the folder is outside the config's directory",
      { "setupConfig.ini": BASE.replace("dir = envs", "dir = ../elsewhere") },
      [
        "<dir>/setupConfig.ini:2 [Environments] dir: must not contain '..' (it must stay under the config's folder); got \"../elsewhere\". Give a folder under the config's folder, such as envs.",
      ],
    ],
    [
      "the folder does not exist",
      { "setupConfig.ini": BASE.replace("dir = envs", "dir = missing") },
      [
        '<dir>/setupConfig.ini:2 [Environments] dir: is not a folder; got "missing". Create <dir>/missing with one <env>.ini per environment.',
      ],
    ],
    [
      "the folder holds no overlay",
      { "setupConfig.ini": BASE },
      [
        '<dir>/setupConfig.ini:2 [Environments] dir: holds no <env>.ini overlay; got "envs". Add one file per environment, e.g. dev.ini.',
      ],
    ],
    [
      "an overlay's name is not an environment name",
      { "setupConfig.ini": BASE, "envs/Prod EU.ini": DEV },
      [
        "<dir>/envs/Prod EU.ini: is not a valid environment name; got \"Prod EU\". Name overlays <env>.ini with lower-case letters, digits, '_' or '-', starting with a letter or digit (at most 32).",
      ],
    ],
  ])("fails when %s", (_, files, expected) => {
    expect(problemsOf(() => findEnvironments(write(files)))).toEqual(expected);
  });

  test("fails when an overlay declares environments of its own", () => {
    const base = write({ "setupConfig.ini": BASE, "envs/dev.ini": `${DEV}\n[Environments]\ndir = more\n` });
    expect(problemsOf(() => loadEnvironment(findEnvironments(base)![0]))).toEqual([
      "<dir>/envs/dev.ini:7 [Environments]: belongs in the base config only. Remove it from the overlay.",
    ]);
  });
});
