// The plan path with a real Terraform (built-in resources only: no provider can be downloaded here). A
// terraform_data stands in for the OAuth app: its input carries a marker secret under `client_secret`, not marked
// sensitive, as oracle/oci 8.28.0 does not mark it; a changed trigger replaces it, the case where Terraform's own
// plan prints the live secret.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { deploy, plan, PLAN_FILE, terraformErrors } from "../../app/plan-cli";

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
    expect(text).toContain("wif-review: 1 stack");
    expect(text).not.toContain(MARKER);
    expect(existsSync(join(stackDir, PLAN_FILE))).toBe(true);
    expect(existsSync(join(stackDir, `${PLAN_FILE}.json`))).toBe(false);
  }, 120_000);

  test("deploy applies the saved plan without printing the plan or a secret", () => {
    printed.length = 0;
    expect(deploy(io())).toBe(0);
    const text = printed.join("\n");
    expect(text).toContain("Apply complete!");
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain("triggers_replace");
    const state = execFileSync("terraform", ["output", "-raw", "display_name"], { cwd: stackDir, encoding: "utf8" });
    expect(state).toBe("second");
    expect(existsSync(join(stackDir, PLAN_FILE))).toBe(false);
  }, 120_000);

  test("fails when there is no saved plan to deploy", () => {
    printed.length = 0;
    expect(deploy(io())).toBe(2);
    expect(printed).toEqual([
      `error: ${join(stackDir, PLAN_FILE)}: no saved plan. Run \`npm run plan\` first and read it.`,
    ]);
  });
});

describe("what a failed Terraform step is reported as", () => {
  // Terraform's standard error when oracle/oci 8.28.0 gave up on a 409 (as the end-to-end tier sees it).
  const conflict = [
    "╷",
    "│ Warning: Unable to open CLI configuration file",
    "│ ",
    '│ The CLI configuration file at "/root/.terraformrc" does not exist.',
    "╵",
    "╷",
    "│ Error: 409-BadErrorResponse, ",
    "│ Suggestion: The resource is in a conflicted state. Please retry again or contact support for help with service: Identity Domains Group",
    "│ Documentation: https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_group ",
    "│ API Reference:  ",
    "│ Request Target: POST http://127.0.0.1:45747/admin/v1/Groups?attributeSets=all ",
    "│ Provider version: 8.28.0, released on 2026-08-19. This provider is 15 Update(s) behind to current. ",
    "│ Service: Identity Domains Group ",
    "│ Operation Name: CreateGroup ",
    "│ OPC request ID: 80def07548cc14d3a5110190ea0aa6eb ",
    "│ ",
    "│ ",
    "│   with oci_identity_domains_group.Wif_ServiceUser-ServiceUser_Group_D60C5572,",
    "│   on cdk.tf.json line 119, in resource.oci_identity_domains_group.Wif_ServiceUser-ServiceUser_Group_D60C5572:",
    "│  119:       }",
    "╵",
  ].join("\n");

  test("an OCI service error is one line: the summary, the service, the operation and the request ID", () => {
    expect(terraformErrors(conflict)).toEqual([
      "409-BadErrorResponse (Request Target POST http://127.0.0.1:45747/admin/v1/Groups?attributeSets=all; Service Identity Domains Group; Operation Name CreateGroup; OPC request ID 80def07548cc14d3a5110190ea0aa6eb)",
    ]);
  });

  test("a Terraform error is its summary and first detail line; warnings are left out; at most three", () => {
    const one =
      "╷\n│ Error: Invalid reference\n│ \n│   on cdk.tf.json line 3:\n│ A reference to a resource type must be followed by at least one attribute access.\n╵";
    expect(terraformErrors(`${one}\n${one}\n${one}\n${one}`)).toEqual(
      Array(3).fill(
        "Invalid reference A reference to a resource type must be followed by at least one attribute access.",
      ),
    );
  });

  test("output without an Error block falls back to its last lines", () => {
    expect(terraformErrors("a\n\nb\nc\nd\ne\nf\n")).toEqual(["b", "c", "d", "e", "f"]);
  });
});
