import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  conditional,
  DataResource,
  Fn,
  Lazy,
  LocalBackend,
  Op,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from "cdktf";
import { IdentityDomainsGroup } from "../../.gen/providers/oci/identity-domains-group";
import { OciProvider } from "../../.gen/providers/oci/provider";
import { DataOciIdentityDomains } from "../../.gen/providers/oci/data-oci-identity-domains";
import { isLiteralStack, literalStack } from "../../constructs/literal";
import { ServiceUser } from "../../constructs/service-user";
import { DOMAIN, fixture, ROOT, synth } from "../support/stacks";

const FILE = '${file("/etc/passwd")}';
const IF = "%{ if true }x%{ endif }";
/** What Terraform must be given to evaluate to the text: `$${` and `%%{`. */
const lit = (s: string) => s.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");

function literal(): TerraformStack {
  return literalStack(new TerraformStack(Testing.app(), "s"));
}

/** The stack's JSON with its `//` metadata, as cdktf writes cdk.tf.json (Testing.synth drops the metadata). */
function full(stack: TerraformStack): any {
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

describe("literalStack: text is literal in every element the stack synthesizes", () => {
  const stack = literal();
  new OciProvider(stack, "oci", { region: `r ${FILE}`, configFileProfile: IF });
  new LocalBackend(stack, { path: `state-${IF}.tfstate` });
  const data = new DataResource(stack, "D", {
    input: { text: FILE, [FILE]: IF, list: [FILE, IF] },
    provisioners: [{ type: "local-exec", command: `echo ${FILE}`, environment: { [IF]: FILE } }],
  });
  data.importFrom(`import-${FILE}`);
  const moved = new DataResource(stack, "M", { input: { v: "x" } });
  moved.moveFromId(`terraform_data.old_${IF}`);
  new DataOciIdentityDomains(stack, "Domains", { compartmentId: FILE, displayName: IF });
  new TerraformOutput(stack, "out", { value: FILE, description: IF });
  new TerraformLocal(stack, "loc", { a: FILE, b: [IF] });
  new TerraformVariable(stack, "var", { default: FILE, description: IF });
  data.addOverride("lifecycle.ignore_changes", [IF]);
  stack.addOverride("//.note", { [FILE]: IF });
  const doc = full(stack);
  const d = doc.resource.terraform_data.D;

  test.each<[string, () => unknown, unknown]>([
    [
      "a resource attribute, its map keys and lists",
      () => d.input,
      { text: lit(FILE), [lit(FILE)]: lit(IF), list: [lit(FILE), lit(IF)] },
    ],
    [
      "a provisioner",
      () => d.provisioner,
      [{ "local-exec": { command: `echo ${lit(FILE)}`, environment: { [lit(IF)]: lit(FILE) } } }],
    ],
    ["an element override", () => d.lifecycle.ignore_changes, [lit(IF)]],
    ["a provider", () => doc.provider.oci, [{ region: `r ${lit(FILE)}`, config_file_profile: lit(IF) }]],
    ["a backend", () => doc.terraform.backend.local.path, `state-${lit(IF)}.tfstate`],
    ["an import block", () => doc.import, [{ id: `import-${lit(FILE)}`, to: "terraform_data.D" }]],
    ["a moved block", () => doc.moved, [{ from: `terraform_data.old_${lit(IF)}`, to: "terraform_data.M" }]],
    [
      "a data source",
      () => Object.values<any>(doc.data.oci_identity_domains)[0],
      expect.objectContaining({ compartment_id: lit(FILE), display_name: lit(IF) }),
    ],
    ["an output", () => doc.output.out, { value: lit(FILE), description: lit(IF) }],
    ["a local", () => doc.locals.loc, { a: lit(FILE), b: [lit(IF)] }],
    ["a variable", () => doc.variable.var, { default: lit(FILE), description: lit(IF) }],
    ["a stack override", () => doc["//"].note, { [lit(FILE)]: lit(IF) }],
  ])("in %s", (_where, get, expected) => {
    expect(get()).toEqual(expected);
  });

  test("leaves the stack's own record of its overrides as it was given", () => {
    expect((stack as unknown as { rawOverrides: any }).rawOverrides["//"].note).toEqual({ [FILE]: IF });
  });

  test("escapes text once, however often the stack is synthesized", () => {
    expect(full(stack)).toEqual(doc);
  });
});

describe("literalStack: references the code builds stay live", () => {
  const stack = literal();
  const data = new DataResource(stack, "D", { input: { v: "x" } });
  const out = (id: string, value: unknown) => new TerraformOutput(stack, id, { value });
  out("mixed", `pre ${FILE} ${data.id} ${IF}`);
  out("dollar", "pay $" + data.id);
  out("open", "a ${b " + data.id + " c");
  out("ref", data.output);
  const doc = JSON.parse(Testing.synth(stack));

  test("a reference inside text is written as an interpolation, the text around it escaped", () => {
    expect(doc.output.mixed.value).toBe(`pre ${lit(FILE)} \${terraform_data.D.id} ${lit(IF)}`);
    expect(doc.output.ref.value).toBe("${terraform_data.D.output}");
  });

  test('a "$" right before a reference is written ${"$"}, not as the escape $${', () => {
    expect(doc.output.dollar.value).toBe('pay ${"$"}${terraform_data.D.id}');
  });

  test("an unclosed ${ in text before a reference leaves the reference live (cdktf would read it as its escape)", () => {
    expect(doc.output.open.value).toBe("a $${b ${terraform_data.D.id} c");
  });
});

describe("literalStack: operands of expressions are HCL string literals", () => {
  const stack = literal();
  const data = new DataResource(stack, "D", { input: { v: "x" } });
  const out = (id: string, value: unknown) => new TerraformOutput(stack, id, { value });
  out("json", Fn.jsonencode({ a: FILE, b: IF, c: 'q"\\\n\t\u0001', [`k${FILE}"`]: data.id }));
  out("replace", Fn.replace(`${IF}-${data.id}`, "%", "%%"));
  out("nested", Fn.base64encode(Fn.jsonencode({ v: IF })));
  out("cond", conditional(Op.eq(data.id, IF), FILE, 'end"'));
  const doc = JSON.parse(Testing.synth(stack));

  test("values and keys: ${ as \\u0024{, %{ doubled, quotes, backslashes and control characters escaped", () => {
    expect(doc.output.json.value).toBe(
      '${jsonencode({"a" = "\\u0024{file(\\"/etc/passwd\\")}", "b" = "%%{ if true }x%%{ endif }", ' +
        '"c" = "q\\"\\\\\\n\\t\\u0001", "k\\u0024{file(\\"/etc/passwd\\")}\\"" = terraform_data.D.id})}',
    );
  });

  test("a string operand holding a reference keeps it live", () => {
    expect(doc.output.replace.value).toBe('${replace("%%{ if true }x%%{ endif }-${terraform_data.D.id}", "%", "%%")}');
  });

  test("nested calls, conditionals and operators get the same", () => {
    expect(doc.output.nested.value).toBe('${base64encode(jsonencode({"v" = "%%{ if true }x%%{ endif }"}))}');
    expect(doc.output.cond.value).toBe(
      '${(terraform_data.D.id == "%%{ if true }x%%{ endif }") ? "\\u0024{file(\\"/etc/passwd\\")}" : "end\\""}',
    );
  });
});

describe("literalStack: values produced lazily", () => {
  test("what a Lazy produces is text, its tokens live", () => {
    const stack = literal();
    const data = new DataResource(stack, "D", { input: { v: "x" } });
    new TerraformOutput(stack, "o", { value: Lazy.stringValue({ produce: () => `${FILE} ${data.id}` }) });
    new TerraformOutput(stack, "a", { value: Lazy.anyValue({ produce: () => [{ rule: IF, id: data.id }] }) });
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.output.o.value).toBe(`${lit(FILE)} \${terraform_data.D.id}`);
    expect(doc.output.a.value).toEqual([{ rule: lit(IF), id: "${terraform_data.D.id}" }]);
  });

  test("cdktf's iterators and dynamic blocks, which resolve their own parts, come out as without the step", () => {
    const build = (withStep: boolean) => {
      const stack = new TerraformStack(Testing.app(), "s");
      if (withStep) literalStack(stack);
      const it = TerraformIterator.fromList(["a", "b"]);
      new DataResource(stack, "It", { forEach: it, input: it.value });
      const members = TerraformIterator.fromList(Token.asList(Fn.tolist(["u1", "u2"])));
      new IdentityDomainsGroup(stack, "G", {
        idcsEndpoint: DOMAIN.url,
        displayName: "g",
        schemas: ["s"],
        members: members.dynamic({ type: "User", value: members.value }),
      });
      const map = TerraformIterator.fromMap({ k: { id: "v" } });
      new DataResource(stack, "Map", { input: map.forExpressionForMap(map.key, map.value) });
      return Testing.synth(stack);
    };
    const withStep = build(true);
    expect(withStep).toBe(build(false));
    expect(JSON.parse(withStep).resource.oci_identity_domains_group.G.dynamic.members.content.value).toBe(
      "${each.value}",
    );
  });
});

describe("literalStack: text that reads as a cdktf token marker", () => {
  const real = () => {
    const stack = literal();
    return { stack, data: new DataResource(stack, "D", { input: { v: "x" } }) };
  };

  test.each([
    ["a marker cdktf does not know", "x ${TfToken[TOKEN.999999]} y"],
    ["a list marker", "#{TfToken[TOKEN.1]}"],
    ["a map marker", "&{TfToken[TOKEN.1]}"],
    ["an escaped marker, which cdktf's second pass would still read", "$${TfToken[TOKEN.999998]}"],
  ])("throws for %s, naming the element", (_what, text) => {
    const { stack } = real();
    new TerraformOutput(stack, "o", { value: text });
    expect(() => Testing.synth(stack)).toThrow(
      /^'s\/o': a string holds text that reads as a cdktf token marker .*Remove it from the value/,
    );
  });

  test("throws for one that reached a WifStack without the config loader, naming the construct", () => {
    const { config } = fixture("github");
    const hostile = { ...config, exchangeApp: { ...config.exchangeApp, description: "#{TfToken[TOKEN.1]}" } };
    expect(() => synth(hostile)).toThrow(
      /^'wif\/Wif\/TokenExchangeClient\/App': a string holds text that reads as a cdktf token marker/,
    );
  });

  test("throws for one in a function's operand and in a stack override too", () => {
    const a = real();
    new TerraformOutput(a.stack, "o", { value: Fn.jsonencode({ a: "#{TfToken[TOKEN.1]}" }) });
    expect(() => Testing.synth(a.stack)).toThrow(/^'s\/o': a string holds text/);
    const b = real();
    b.stack.addOverride("//.x", "&{TfToken[TOKEN.2]}");
    expect(() => Testing.synth(b.stack)).toThrow(/^'s': a string holds text/);
  });
});

describe("literalStack: where it is installed", () => {
  test("a construct of ours installs it on a library user's own stack, for its own elements only", () => {
    const stack = new TerraformStack(Testing.app(), "mine");
    expect(isLiteralStack(stack)).toBe(false);
    new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci", description: FILE });
    // The user's own element: what they typed is theirs to mean, an interpolation included.
    new TerraformOutput(stack, "theirs", { value: IF });
    expect(isLiteralStack(stack)).toBe(true);
    const doc = JSON.parse(Testing.synth(stack));
    expect(Object.values<any>(doc.resource.oci_identity_domains_user)[0].description).toBe(lit(FILE));
    expect(doc.output.theirs.value).toBe(IF);
  });

  test("a stack that asks for the step itself (as WifStack does) escapes every element, a construct of ours or not", () => {
    const stack = new TerraformStack(Testing.app(), "whole");
    new ServiceUser(stack, "U", { domain: DOMAIN, userName: "ci", description: FILE });
    literalStack(stack);
    new TerraformOutput(stack, "theirs", { value: IF });
    const doc = JSON.parse(Testing.synth(stack));
    expect(Object.values<any>(doc.resource.oci_identity_domains_user)[0].description).toBe(lit(FILE));
    expect(doc.output.theirs.value).toBe(lit(IF));
  });

  test("installing it twice changes nothing", () => {
    const stack = literal();
    expect(literalStack(stack)).toBe(stack);
    new TerraformOutput(stack, "o", { value: FILE });
    expect(JSON.parse(Testing.synth(stack)).output.o.value).toBe(lit(FILE));
  });

  test("cdktf's HCL output, which escapes neither quotes nor heredoc ends, is refused", () => {
    const stack = literal();
    new TerraformOutput(stack, "o", { value: 'a"b' });
    expect(() => stack.toHclTerraform()).toThrow(/HCL output \(SYNTH_HCL_OUTPUT\).*Unset SYNTH_HCL_OUTPUT/);
  });

  test("every construct of the library installs it in its constructor", () => {
    const dir = join(ROOT, "constructs");
    const missing = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => {
        const src = readFileSync(join(dir, f), "utf8");
        return [...src.matchAll(/export class (\w+) extends (Construct|TerraformBackend)\b[^{]*\{/g)]
          .filter((m) => !/super\([^;]*\);\s*literalStack\(this\);/.test(src.slice(m.index)))
          .map((m) => `${f}: ${m[1]}`);
      });
    expect(missing).toEqual([]);
  });
});

// This file runs on both engines (jest.config.js). The step hooks into how each resolves a stack's elements.
describe("literalStack: the engine's resolution ahead of synthesis", () => {
  const engine = (TerraformStack as unknown as Record<symbol, { fqn: string }>)[Symbol.for("jsii.rtti")].fqn;

  test("cdktf 0.21 has none; CDK Terrain's (_runPreparingResolve) finds the elements already literal", () => {
    const stack = literal();
    const output = new TerraformOutput(stack, "o", { value: FILE });
    const preparing = (stack as unknown as { _runPreparingResolve?: () => void })._runPreparingResolve;
    if (engine === "cdktf.TerraformStack") {
      expect(preparing).toBeUndefined();
      return;
    }
    expect(engine).toBe("cdktn.TerraformStack");
    expect(typeof preparing).toBe("function");
    // What that resolution reads is each element's toTerraform(), which the step makes literal before it runs.
    preparing!.call(stack);
    expect(output.toTerraform().output.o.value).toBe(lit(FILE));
  });

  test("a synthesis that runs the engine's validations (and, on CDK Terrain, that resolution) writes the same text", () => {
    const stack = literal();
    new TerraformOutput(stack, "o", { value: FILE });
    new TerraformOutput(stack, "p", { value: Fn.upper(IF) });
    const doc = JSON.parse(Testing.synth(stack, true));
    expect(doc.output.o.value).toBe(lit(FILE));
    expect(doc.output.p.value).toBe('${upper("%%{ if true }x%%{ endif }")}');
  });
});
