import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { main as review } from "../../review/cli";
import { ROOT } from "../support/stacks";
import { loadAllSchemas } from "../../scripts/schema/provider-schema";
import { checkStackAgainstSchema } from "../../scripts/schema/schema-check";

const EXAMPLE = join(ROOT, "examples", "multi-env");
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "wif-multi-env-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function run(configPath: string, outdir = join(work, "out")): { exitCode: number; lines: string[] } {
  const lines: string[] = [];
  const { exitCode } = synthesize({ configPath, outdir, log: (l) => lines.push(l.split(work).join("<work>")) });
  return { exitCode, lines };
}

describe("the two-environment example", () => {
  test("synthesizes one stack per environment, each with its own oci backend state object, region and profile", () => {
    expect(run(join(EXAMPLE, "setupConfig.ini")).exitCode).toBe(0);
    const stack = (name: string) => JSON.parse(readFileSync(join(work, "out", "stacks", name, "cdk.tf.json"), "utf8"));
    const [dev, prod] = [stack("wif-dev"), stack("wif-prod")];
    expect(dev.terraform.backend.oci).toEqual(
      expect.objectContaining({
        bucket: "wif-tf-state",
        key: "wif-dev/terraform.tfstate",
        region: "eu-frankfurt-1",
        config_file_profile: "wif-dev",
      }),
    );
    expect(prod.terraform.backend.oci).toEqual(
      expect.objectContaining({
        bucket: "wif-tf-state",
        key: "wif-prod/terraform.tfstate",
        region: "us-ashburn-1",
        config_file_profile: "wif-prod",
      }),
    );
    expect([dev.terraform.required_version, prod.terraform.required_version]).toEqual([">= 1.12.0", ">= 1.12.0"]);
    expect([checkStackAgainstSchema(dev, loadAllSchemas()), checkStackAgainstSchema(prod, loadAllSchemas())]).toEqual([
      [],
      [],
    ]);
    expect(prod.provider.oci[0]).toEqual({
      auth: "SecurityToken",
      config_file_profile: "wif-prod",
      region: "us-ashburn-1",
    });
    const rules = (doc: any) =>
      Object.values<any>(
        doc.resource.oci_identity_domains_identity_propagation_trust,
      )[0].impersonation_service_users.map((u: any) => u.rule);
    expect(rules(dev).join()).toContain("environment:dev");
    expect(rules(prod).join()).toContain("environment:production");
  });

  test("the review covers both stacks in one run", async () => {
    run(join(EXAMPLE, "setupConfig.ini"));
    let stdout = "";
    let stderr = "";
    const code = await review(["--outdir", join(work, "out")], {
      out: (l: string) => (stdout += `${l}\n`),
      err: (l: string) => (stderr += `${l}\n`),
    });
    expect(code).toBe(0);
    expect(stdout).toContain("### Stack `wif-dev`");
    expect(stdout).toContain("### Stack `wif-prod`");
    expect(stderr).toMatch(/^wif-review: 2 stacks, /);
  });

  test("fails when one environment is wrong: it names itself, the others' problems are reported too, and nothing is written", () => {
    cpSync(EXAMPLE, join(work, "cfg"), { recursive: true });
    writeFileSync(join(work, "cfg", "envs", "qa.ini"), "[IdentityDomain]\niam_guid = http://idcs-qa.example.com\n");
    writeFileSync(
      join(work, "cfg", "envs", "prod.ini"),
      readFileSync(join(EXAMPLE, "envs", "prod.ini"), "utf8").replace("us-ashburn-1", "ashburn"),
    );
    const { exitCode, lines } = run(join(work, "cfg", "setupConfig.ini"));
    expect(exitCode).toBe(2);
    expect(lines.filter((l) => l.startsWith("error:"))).toEqual([
      "error: environment prod (<work>/cfg/envs/prod.ini): 2 problems:",
      "error: environment qa (<work>/cfg/envs/qa.ini): 4 problems:",
      "error: 2 of 3 environments failed (prod, qa); nothing was written.",
    ]);
    expect(lines).toContain(
      '  <work>/cfg/envs/qa.ini:2 [IdentityDomain] iam_guid: must be an https URL; got "http://idcs-qa.example.com". OCI fetches keys and checks issuers over TLS only; use the https:// form.',
    );
    expect(existsSync(join(work, "out"))).toBe(false);
  });

  test("fails when two environments would share one state object", () => {
    cpSync(EXAMPLE, join(work, "cfg"), { recursive: true });
    const base = join(work, "cfg", "setupConfig.ini");
    writeFileSync(
      base,
      readFileSync(base, "utf8").replace(
        "auth = SecurityToken\n\n[Trust",
        "auth = SecurityToken\nkey = wif.tfstate\n\n[Trust",
      ),
    );
    const { exitCode, lines } = run(base);
    expect(exitCode).toBe(2);
    expect(lines).toContain(
      "  <work>/cfg/envs/prod.ini [Backend] key: names the state of environment dev, so one would overwrite the other. Leave key unset (each stack gets <stack_name>/terraform.tfstate) or give each environment its own.",
    );
  });
});
