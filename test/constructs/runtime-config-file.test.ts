import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeConfigFile } from "../../constructs/runtime-config-file";
import { DELETE_SCRIPT, WRITE_SCRIPT } from "../../constructs/private/runtime-config-scripts";
import { renderRuntimeConfig, SUBJECT_TOKEN_PLACEHOLDER, type RuntimeConfigValues } from "../../core/runtime-config";
import { TokenExchangeClient } from "../../constructs/token-exchange-client";
import { DOMAIN, only, synthOf, testStack } from "../support/stacks";

const VALUES: RuntimeConfigValues = {
  domainUrl: DOMAIN.url,
  clientId: "0123456789abcdef0123456789abcdef",
  clientSecret: "idcscs-5e3c%%b0c1-a8f4", // already escaped: the real secret has one %
  tenancyOcid: "ocid1.tenancy.oc1..aaaa",
  region: "us-ashburn-1",
  profileName: "wif",
  trusts: [{ label: "github", issuer: "https://token.actions.githubusercontent.com", audiences: ["oci-wif", "x%y"] }],
};

/** Reads an ini file with Python's configparser, the library the seed's wifRuntime.py reads it with. */
function readWithConfigParser(path: string): Record<string, Record<string, string>> {
  const script = [
    "import configparser, json, sys",
    "c = configparser.ConfigParser()",
    "c.read(sys.argv[1])",
    "print(json.dumps({s: dict(c.items(s)) for s in c.sections()}))",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script, path], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "wif-runtime-"));
}

describe("renderRuntimeConfig", () => {
  test("is read by Python's configparser exactly as the seed's wifRuntime.py expects", () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, "runtimeConfig.ini"), renderRuntimeConfig(VALUES));
      const parsed = readWithConfigParser(join(dir, "runtimeConfig.ini"));
      expect(parsed.IdentityDomain).toEqual({ iam_guid: DOMAIN.url });
      expect(parsed.WIFConfig).toEqual({
        oauthclientid: VALUES.clientId,
        oauthclientsecret: "idcscs-5e3c%b0c1-a8f4",
        subjecttoken: SUBJECT_TOKEN_PLACEHOLDER,
      });
      expect(parsed.OCI).toEqual({ tenancy: "ocid1.tenancy.oc1..aaaa", region: "us-ashburn-1", profile: "wif" });
      expect(parsed["Trust github"]).toEqual({
        issuer: "https://token.actions.githubusercontent.com",
        audience: "oci-wif,x%y",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("leaves out tenancy and region when they are not known", () => {
    const text = renderRuntimeConfig({ ...VALUES, tenancyOcid: undefined, region: undefined, trusts: [] });
    expect(text.split("[OCI]")[1]).toBe("\nprofile = wif\n");
  });
});

describe("the write and delete scripts", () => {
  const run = (script: string, env: Record<string, string>, cwd: string) =>
    spawnSync(process.execPath, ["-e", script], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
    });

  test("write the file atomically with mode 0600, replacing a readable one, and print no secret", () => {
    const dir = tempDir();
    try {
      const target = join(dir, "sub", "runtimeConfig.ini");
      const first = run(
        WRITE_SCRIPT,
        { WIF_RUNTIME_CONFIG_PATH: "sub/runtimeConfig.ini", WIF_RUNTIME_CONFIG: "secret=one\n" },
        dir,
      );
      expect(first.status).toBe(0);
      expect(readFileSync(target, "utf8")).toBe("secret=one\n");
      expect(statSync(target).mode & 0o777).toBe(0o600);

      writeFileSync(target, "old", { mode: 0o644 });
      const second = run(WRITE_SCRIPT, { WIF_RUNTIME_CONFIG_PATH: target, WIF_RUNTIME_CONFIG: "secret=two\n" }, dir);
      expect(second.status).toBe(0);
      expect(readFileSync(target, "utf8")).toBe("secret=two\n");
      expect(statSync(target).mode & 0o777).toBe(0o600);
      expect(readdirSync(join(dir, "sub"))).toEqual(["runtimeConfig.ini"]);
      expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toMatch(/secret=/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("remove the file on destroy, and do not fail when it is already gone", () => {
    const dir = tempDir();
    try {
      const target = join(dir, "runtimeConfig.ini");
      writeFileSync(target, "x");
      expect(run(DELETE_SCRIPT, { WIF_RUNTIME_CONFIG_PATH: target }, dir).status).toBe(0);
      expect(existsSync(target)).toBe(false);
      expect(run(DELETE_SCRIPT, { WIF_RUNTIME_CONFIG_PATH: target }, dir).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("RuntimeConfigFile", () => {
  const { doc, built: appId } = synthOf((s) => {
    const client = new TokenExchangeClient(s, "Client", { domain: DOMAIN });
    new RuntimeConfigFile(s, "R", { domain: DOMAIN, client, path: "../../../runtimeConfig.ini" });
    return s.getLogicalId(client.app);
  });
  const data = only(doc, "terraform_data");
  const localName = Object.keys(doc.locals)[0];

  test("is a terraform_data whose provisioner runs the write script with node", () => {
    expect(data.input).toEqual({ path: "../../../runtimeConfig.ini" });
    expect(data.provisioner[0]["local-exec"]).toMatchObject({ interpreter: ["node", "-e"], command: WRITE_SCRIPT });
  });

  test("passes the content only through the environment, marked sensitive", () => {
    expect(data.provisioner[0]["local-exec"].environment).toEqual({
      WIF_RUNTIME_CONFIG_PATH: "../../../runtimeConfig.ini",
      WIF_RUNTIME_CONFIG: `\${sensitive(local.${localName})}`,
    });
    expect(data.provisioner[0]["local-exec"].command).not.toContain("secret");
  });

  test("is replaced, rewriting the file, when the content changes, through a sensitive hash", () => {
    expect(data.triggers_replace).toEqual({ content: `\${sensitive(sha256(sensitive(local.${localName})))}` });
  });

  test("writes the client ID, and the secret with % escaped for configparser, inside Terraform", () => {
    expect(doc.locals[localName]).toContain(`oauthclientid = \${oci_identity_domains_app.${appId}.name}\n`);
    expect(doc.locals[localName]).toContain(
      `oauthclientsecret = \${replace(sensitive(oci_identity_domains_app.${appId}.client_secret), "%", "%%")}\n`,
    );
  });

  test("deletes the file when destroyed", () => {
    expect(data.provisioner[1]["local-exec"]).toEqual({
      when: "destroy",
      interpreter: ["node", "-e"],
      command: DELETE_SCRIPT,
      environment: { WIF_RUNTIME_CONFIG_PATH: "${self.input.path}" },
    });
  });

  test("throws when the path is empty", () => {
    const client = { clientId: "id", clientSecret: "secret" };
    expect(() => new RuntimeConfigFile(testStack(), "R", { domain: DOMAIN, client, path: "" })).toThrow(
      `RuntimeConfigFile at 'test/R': 'path' must not be empty; got "". Set [WIFConfig] runtime_config_path.`,
    );
  });
});
