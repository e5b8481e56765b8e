// The plan path with a real Terraform (built-in resources only: no provider can be downloaded here). A
// terraform_data stands in for the OAuth app: its input carries a marker secret under `client_secret`, not marked
// sensitive, as oracle/oci 8.28.0 does not mark it; a changed trigger replaces it, the case where Terraform's own
// plan prints the live secret.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { deploy } from "../../deploy/apply";
import { plan, PLAN_FILE } from "../../deploy/plan";
import { sha256Of, writeStackSource } from "../../core/stack-source";

const MARKER = "MARKER-s3cr3t-7f3a9c";
const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
if (!hasTerraform) console.warn("plan-cli.test.ts: `terraform` is not on PATH, so these tests are skipped.");
const withTerraform = hasTerraform ? describe : describe.skip;

function synthStandIn(outdir: string, name: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "wif");
  new LocalBackend(stack, { path: "terraform.tfstate" });
  const appResource = new DataResource(stack, "App", {
    input: { display_name: name, client_secret: MARKER, secret_content: { content: `${MARKER}-content` } },
    triggersReplace: { name },
  });
  new TerraformOutput(stack, "client_secret", { value: appResource.output, sensitive: true });
  new TerraformOutput(stack, "display_name", { value: name });
  app.synth();
  // The record npm run synth writes beside every stack: plan() refuses a stack without one.
  const config = join(outdir, "..", "setupConfig.ini");
  writeFileSync(config, `# stand-in for ${name}\n`);
  writeStackSource(join(outdir, "stacks", "wif"), { config, sha256: sha256Of(`# stand-in for ${name}\n`) });
  return join(outdir, "stacks", "wif");
}

withTerraform("npm run plan and npm run deploy with a real terraform (needs terraform on PATH)", () => {
  let dir: string;
  let stackDir: string;
  const printed: string[] = [];
  const io = () => ({ stackDir, out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-plan-"));
    stackDir = synthStandIn(join(dir, "cdktf.out"), "first");
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: stackDir, stdio: "ignore" });
    execFileSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], {
      cwd: stackDir,
      stdio: "ignore",
    });
    synthStandIn(join(dir, "cdktf.out"), "second"); // the change that replaces the app
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("raw terraform plan prints the marker secret on replacement (why the plan command exists)", () => {
    const raw = spawnSync("terraform", ["plan", "-input=false", "-no-color"], { cwd: stackDir, encoding: "utf8" });
    expect(raw.stdout).toContain(MARKER);
  }, 60_000);

  test("the plan command shows the replacement and the changed name, and the secrets only as (secret)", async () => {
    const code = await plan(io());
    const text = printed.join("\n");
    expect(code).toBe(0);
    expect(text).toContain("-/+ terraform_data.App (replace)");
    expect(text).toContain('    triggers_replace.name: "first" -> "second"');
    expect(text).toContain('    input.display_name: "first" -> "second"');
    expect(text).toContain("    output.client_secret: (secret) -> (known after apply)");
    expect(text).toContain("    output.secret_content.content: (secret) -> (known after apply)");
    expect(printed[printed.findIndex((l) => l.startsWith("Verdict:"))]).toMatch(
      /^Verdict: the review passed \(0 errors, .*\)\. wif-deploy will apply this plan\. Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy\.$/,
    );
    expect(text).not.toContain(MARKER);
    expect(existsSync(join(stackDir, PLAN_FILE))).toBe(true);
    expect(existsSync(join(stackDir, `${PLAN_FILE}.json`))).toBe(false);
  }, 120_000);

  test("deploy applies the saved plan without printing the plan or a secret", async () => {
    printed.length = 0;
    expect(await deploy(io())).toBe(0);
    const text = printed.join("\n");
    expect(text).toContain("Apply complete!");
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain("triggers_replace");
    const state = execFileSync("terraform", ["output", "-raw", "display_name"], { cwd: stackDir, encoding: "utf8" });
    expect(state).toBe("second");
    expect(existsSync(join(stackDir, PLAN_FILE))).toBe(false);
  }, 120_000);

  test("fails when there is no saved plan to deploy", async () => {
    await expect(deploy(io())).rejects.toMatchObject({
      exitCode: 2,
      lines: [
        `${join(stackDir, PLAN_FILE)}: no saved plan; nothing was applied. Run wif-plan (npm run plan) again and read it, then wif-deploy.`,
      ],
    });
  });
});
