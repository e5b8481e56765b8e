// Item 1, proved with a real Terraform (built-in resources only, no provider): text written by a stack with the
// literal step (constructs/literal.ts) comes back from `terraform apply` exactly as written — in attributes, outputs,
// locals, function operands and map keys, lazily produced values and conditionals — while the references the code
// builds stay live; and the strings of a hostile fixture's synthesized stack evaluate to the config's text.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  App,
  conditional,
  DataResource,
  Fn,
  Lazy,
  LocalBackend,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
} from "cdktf";
import { literalStack } from "../../constructs/literal";
import { FIXTURES, configFrom, synth } from "../support/stacks";

const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
if (!hasTerraform) console.warn("templates-terraform.test.ts: `terraform` is not on PATH, so these tests are skipped.");
const withTerraform = hasTerraform ? describe : describe.skip;

/** Text classes: live templates, their escapes (one and several deep), nesting, quoting, control characters, look-alikes. */
const TEXTS = [
  '${file("/etc/passwd")}',
  "%{ if true }x%{ endif }",
  "$${already escaped} and %%{this}",
  "$$${three} %%%{three}",
  "trailing $ and % and ${",
  "${${}} and ${a${b}c}",
  'quotes " and \\ and \\" and ${path.cwd}',
  "new\nline\ttab\rreturn \u0001 \u007f",
  '\uFF04{file("/etc/passwd")} $\uFF5Bx} \u2025{y}',
  "pay $",
  "}{ %",
];

/** Where each text is put, and how to read it back from an output. */
const PLACES = [
  "output",
  "with_reference",
  "local",
  "json_value",
  "json_key",
  "replace",
  "lazy",
  "conditional",
] as const;

withTerraform("literal text through a real terraform apply (needs terraform on PATH)", () => {
  let dir: string;
  let outputs: Record<string, { value: any }>;
  const fixtureDescription = 'see ${file("/etc/passwd")} %{ if true }x%{ endif } $${x}';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-literal-"));
    const app = new App({ outdir: join(dir, "cdktf.out") });
    const stack = literalStack(new TerraformStack(app, "lit"));
    new LocalBackend(stack, { path: "terraform.tfstate" });
    const data = new DataResource(stack, "Data", { input: { texts: TEXTS } });
    new TerraformOutput(stack, "through_reference", { value: data.output });
    new TerraformOutput(stack, "dollar_before_reference", { value: "pay $" + data.id });
    new TerraformOutput(stack, "open_before_reference", { value: "a ${b " + data.id + " c" });
    new TerraformOutput(stack, "id", { value: data.id });
    TEXTS.forEach((t, i) => {
      const local = new TerraformLocal(stack, `text_${i}`, t);
      const value: Record<(typeof PLACES)[number], unknown> = {
        output: t,
        with_reference: `${t}|${data.id}`,
        local: local.asString,
        json_value: Fn.jsonencode({ v: t }),
        json_key: Fn.jsonencode({ [t]: "v" }),
        // cdktf's own check refuses a string operand of replace() with a `"` in it, before any synthesis.
        replace: t.includes('"') ? t : Fn.replace(`${t}${data.id}`, data.id, ""),
        lazy: Lazy.stringValue({ produce: () => t }),
        conditional: conditional(true, t, "no"),
      };
      for (const place of PLACES) new TerraformOutput(stack, `${place}_${i}`, { value: value[place] });
    });
    app.synth();
    const stackDir = join(dir, "cdktf.out", "stacks", "lit");
    // The description a hostile setupConfig.ini gives a trust, exactly as our synthesis writes it, added to the
    // JSON by hand (through the stack it would be text again).
    const ini = readFileSync(join(FIXTURES, "github.ini"), "utf8").replace(
      /(\[Trust [^\]]+\]\n)/,
      (header) => `${header}description = ${fixtureDescription}\n`,
    );
    const trusts = synth(configFrom(ini).config).doc.resource.oci_identity_domains_identity_propagation_trust;
    const written = (Object.values(trusts)[0] as { description: string }).description;
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    tf.output.trust_description = { value: written };
    writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify(tf));
    const run = (...args: string[]) =>
      execFileSync("terraform", [...args, "-input=false", "-no-color"], {
        cwd: stackDir,
        encoding: "utf8",
        env: { ...process.env, TF_IN_AUTOMATION: "1" },
      });
    run("init");
    run("apply", "-auto-approve");
    outputs = JSON.parse(execFileSync("terraform", ["output", "-json"], { cwd: stackDir, encoding: "utf8" }));
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases = TEXTS.flatMap((t, i) => PLACES.map((p) => [p, i, t] as const));
  test.each(cases)("%s %i comes back as the literal text %j", (place, i, text) => {
    const value = outputs[`${place}_${i}`].value;
    if (place === "with_reference") expect(value).toBe(`${text}|${outputs.id.value}`);
    else if (place === "json_value") expect(JSON.parse(value)).toEqual({ v: text });
    else if (place === "json_key") expect(JSON.parse(value)).toEqual({ [text]: "v" });
    else expect(value).toBe(text);
  });

  test("a terraform_data input keeps the literal texts, and the code's own reference to it stays live", () => {
    expect(outputs.through_reference.value).toEqual({ texts: TEXTS });
  });

  test("a reference right after a `$` or an unclosed `${` of text stays live", () => {
    expect(outputs.dollar_before_reference.value).toBe(`pay $${outputs.id.value}`);
    expect(outputs.open_before_reference.value).toBe(`a \${b ${outputs.id.value} c`);
    expect(outputs.id.value).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a trust description from a hostile config evaluates to the config's text, not to a file's content", () => {
    expect(outputs.trust_description.value).toBe(fixtureDescription);
  });

  test("no output holds the content of /etc/passwd", () => {
    expect(JSON.stringify(outputs)).not.toMatch(/root:.*:0:0:/);
  });
});
