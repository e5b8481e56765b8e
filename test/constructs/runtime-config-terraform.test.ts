// The runtimeConfig.ini mechanism, run by a real Terraform: terraform_data is built into Terraform, so this needs
// no provider download. It checks what a unit test cannot: that the provisioner runs, that its output is
// suppressed, and that a plan afterwards, with or without the file on disk, shows no change.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { RuntimeConfigFile } from "../../constructs/runtime-config-file";
import { copyRuntimeConfigOutput } from "../../deploy/runtime-config-cli";

const SECRET = "idcscs-s3cr%t-value";
const terraformVersion = spawnSync("terraform", ["version"], { encoding: "utf8" });
const hasTerraform = terraformVersion.status === 0;
// Terraform is not on every machine and cannot be downloaded here; say so rather than pass silently.
if (!hasTerraform)
  console.warn("runtime-config-terraform.test.ts: `terraform` is not on PATH, so these tests are skipped.");
const withTerraform = hasTerraform ? describe : describe.skip;

withTerraform("runtimeConfig.ini through a real terraform apply (needs terraform on PATH)", () => {
  let dir: string;
  let stackDir: string;
  let address: string;
  const target = () => join(dir, "runtimeConfig.ini");
  const tf = (...args: string[]) =>
    spawnSync("terraform", [...args, "-input=false", "-no-color"], {
      cwd: stackDir,
      encoding: "utf8",
      env: { ...process.env, TF_IN_AUTOMATION: "1" },
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-tf-"));
    const app = new App({ outdir: join(dir, "cdktf.out") });
    const stack = new TerraformStack(app, "rt");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    const file = new RuntimeConfigFile(stack, "R", {
      domain: { url: "https://idcs-x.identity.oraclecloud.com" },
      client: { clientId: "client-id", clientSecret: SECRET },
      path: "../../../runtimeConfig.ini",
    });
    new TerraformOutput(stack, "runtime_config_ini", { value: file.content, sensitive: true });
    address = `terraform_data.${stack.getLogicalId(file.resource)}`;
    app.synth();
    stackDir = join(dir, "cdktf.out", "stacks", "rt");
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: stackDir, stdio: "ignore" });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("apply writes the file with mode 0600 and prints no secret", () => {
    const apply = tf("apply", "-auto-approve");
    expect(apply.status).toBe(0);
    expect(apply.stdout).toContain("(output suppressed due to sensitive value in config)");
    expect(apply.stdout + apply.stderr).not.toContain("s3cr");
    expect(statSync(target()).mode & 0o777).toBe(0o600);
    expect(readFileSync(target(), "utf8")).toContain("oauthclientsecret = idcscs-s3cr%%t-value\n");
  }, 60_000);

  test("a plan afterwards shows no change, and none on a machine without the file either", () => {
    expect(tf("plan", "-detailed-exitcode").status).toBe(0);
    rmSync(target());
    const fresh = tf("plan", "-detailed-exitcode");
    expect(fresh.status).toBe(0);
    expect(existsSync(target())).toBe(false);
  }, 60_000);

  test("npm run runtime-config writes the same file again from state, printing no secret", () => {
    const lines: string[] = [];
    const elsewhere = join(dir, "fresh-machine", "runtimeConfig.ini");
    expect(copyRuntimeConfigOutput(stackDir, elsewhere, (l) => lines.push(l))).toBe(0);
    expect(readFileSync(elsewhere, "utf8")).toContain("oauthclientsecret = idcscs-s3cr%%t-value\n");
    expect(statSync(elsewhere).mode & 0o777).toBe(0o600);
    expect(lines.join("\n")).not.toContain("s3cr");
  }, 60_000);

  test("destroy removes the file", () => {
    tf("apply", "-auto-approve", `-replace=${address}`); // write it again first
    expect(existsSync(target())).toBe(true);
    expect(tf("destroy", "-auto-approve").status).toBe(0);
    expect(existsSync(target())).toBe(false);
  }, 60_000);
});
