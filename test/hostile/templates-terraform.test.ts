// Item 1, proved with a real Terraform (built-in resources only, no provider): text made literal by the one
// escaping function comes back from `terraform apply` exactly as written, while a reference the code builds
// stays live; and the strings of a hostile fixture's synthesized stack evaluate to the config's text.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { literal, literalText } from "../../constructs/literal";
import { FIXTURES, configFrom, synth } from "../support/stacks";

const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
if (!hasTerraform) console.warn("templates-terraform.test.ts: `terraform` is not on PATH, so these tests are skipped.");
const withTerraform = hasTerraform ? describe : describe.skip;

const TEXTS = [
  '${file("/etc/hostname")}',
  "%{ if true }x%{ endif }",
  "$${already escaped} and %%{this}",
  "$$${three} %%%{three}",
  "trailing $ and % and ${",
  'quotes " and \\ and ${path.cwd}',
];

withTerraform("literal text through a real terraform apply (needs terraform on PATH)", () => {
  let dir: string;
  let outputs: Record<string, { value: unknown }>;
  let hostileTrustDescription: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-literal-"));
    const app = new App({ outdir: join(dir, "cdktf.out") });
    const stack = new TerraformStack(app, "lit");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    const data = new DataResource(stack, "Data", literal({ input: { texts: TEXTS } }));
    TEXTS.forEach((t, i) => new TerraformOutput(stack, `text_${i}`, { value: literalText(t) }));
    new TerraformOutput(stack, "through_reference", { value: data.output });
    // The description a hostile setupConfig.ini gives a trust, as our synthesis writes it.
    const ini = readFileSync(join(FIXTURES, "github.ini"), "utf8").replace(
      /(\[Trust [^\]]+\]\n)/,
      '$1description = see ${file("/etc/hostname")} %{ if true }x%{ endif }\n',
    );
    const trusts = synth(configFrom(ini).config).doc.resource.oci_identity_domains_identity_propagation_trust;
    hostileTrustDescription = (Object.values(trusts)[0] as { description: string }).description;
    new TerraformOutput(stack, "trust_description", { value: hostileTrustDescription });
    app.synth();
    const stackDir = join(dir, "cdktf.out", "stacks", "lit");
    const run = (...args: string[]) =>
      execFileSync("terraform", [...args, "-input=false", "-no-color"], {
        cwd: stackDir,
        encoding: "utf8",
        env: { ...process.env, TF_IN_AUTOMATION: "1" },
      });
    run("init");
    run("apply", "-auto-approve");
    outputs = JSON.parse(execFileSync("terraform", ["output", "-json"], { cwd: stackDir, encoding: "utf8" }));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(TEXTS.map((t, i) => [i, t] as const))("output %i comes back as the literal text %s", (i, text) => {
    expect(outputs[`text_${i}`].value).toBe(text);
  });

  test("a terraform_data input keeps the literal text, and the code's own reference to it stays live", () => {
    expect(outputs.through_reference.value).toEqual({ texts: TEXTS });
  });

  test("a trust description from a hostile config evaluates to the config's text, not to a file's content", () => {
    expect(hostileTrustDescription).toContain("$${file(");
    expect(outputs.trust_description.value).toBe('see ${file("/etc/hostname")} %{ if true }x%{ endif }');
  });
});
