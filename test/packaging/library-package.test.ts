// The construct library as a consumer gets it: packed, installed offline into a new project next to its own cdktf
// and constructs, the README's example compiled with tsc and run with plain node.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installOffline, pack, removeTemp, ROOT, sh, temp } from "../support/packages";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
let consumer: string;
let installLog: string;

/** The first ```ts block under "## Using the constructs" in README.md, as a user would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Using the constructs"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("README.md has no ```ts block under ## Using the constructs");
  return match[1];
}

beforeAll(() => {
  sh("npm", ["run", "-s", "build:lib"], ROOT);
  const work = temp("wif-lib-");
  const [lib, cdktf, constructs, tls, ini, valibot] = pack(
    [
      ".",
      "./node_modules/cdktf",
      "./node_modules/constructs",
      "./node_modules/@cdktf/provider-tls",
      "./node_modules/ini",
      "./node_modules/valibot",
    ],
    work,
  );
  consumer = join(work, "consumer");
  mkdirSync(consumer);
  const manifest = {
    name: "consumer",
    version: "1.0.0",
    private: true,
    dependencies: { "oci-wif-cdktf": `file:${lib}`, cdktf: `file:${cdktf}`, constructs: `file:${constructs}` },
    // The library's own dependencies, from tarballs too, so nothing is looked up in the registry.
    overrides: { "@cdktf/provider-tls": `file:${tls}`, ini: `file:${ini}`, valibot: `file:${valibot}` },
  };
  writeFileSync(join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
  installLog = installOffline(consumer);
  writeFileSync(join(consumer, "main.ts"), readmeExample());
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: true,
      types: [],
      outDir: "out",
    },
    files: ["main.ts"],
  };
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(tsconfig));
}, 240_000);
afterAll(removeTemp);

describe("the construct library package", () => {
  test("installs offline without running anything and ships JavaScript, declarations and the bindings, no TypeScript", () => {
    expect(installLog).not.toMatch(/install-scripts|ERR/);
    const pkg = join(consumer, "node_modules", "oci-wif-cdktf");
    expect(existsSync(join(pkg, "dist", "constructs", "index.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist", "constructs", "index.d.ts"))).toBe(true);
    expect(existsSync(join(pkg, "dist", ".gen", "providers", "oci", "provider", "index.js"))).toBe(true);
    const files = sh("find", [pkg, "-name", "*.ts", "-not", "-name", "*.d.ts"], consumer);
    expect(files).toBe("");
    // The peers are the consumer's own copies: one cdktf, one constructs.
    expect(existsSync(join(pkg, "node_modules", "cdktf"))).toBe(false);
    expect(existsSync(join(pkg, "node_modules", "constructs"))).toBe(false);
  });

  test("type-checks and compiles the README example against the installed declarations", () => {
    expect(sh(process.execPath, [TSC, "-p", "."], consumer)).toBe("");
    expect(existsSync(join(consumer, "out", "main.js"))).toBe(true);
  });

  test("synthesizes the README example with plain node into the stack it describes", () => {
    sh(process.execPath, [join("out", "main.js")], consumer, {
      ...process.env,
      CDKTF_OUTDIR: join(consumer, "cdktf.out"),
    });
    const stack = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "wif", "cdk.tf.json"), "utf8"));
    expect(stack.provider).toEqual({ oci: [{ region: "us-ashburn-1" }] });
    expect(stack.terraform.required_providers.oci).toEqual({
      source: "registry.terraform.io/oracle/oci",
      version: "~> 8.28",
    });
    const counts = Object.fromEntries(
      Object.entries(stack.resource).map(([type, byId]) => [type, Object.keys(byId as object).length]),
    );
    expect(counts).toEqual({
      oci_identity_domains_app: 1,
      oci_identity_domains_group: 1,
      oci_identity_domains_identity_propagation_trust: 1,
      oci_identity_domains_user: 1,
      oci_identity_policy: 1,
    });
    const trust = Object.values(stack.resource.oci_identity_domains_identity_propagation_trust)[0] as Record<
      string,
      unknown
    >;
    expect(trust.client_claim_values).toEqual(["oci-wif"]);
    const user = Object.keys(stack.resource.oci_identity_domains_user)[0];
    expect(trust.impersonation_service_users).toEqual([
      {
        ocid: `\${oci_identity_domains_user.${user}.ocid}`,
        rule: "sub eq repo:octo-org@1/app@2:ref:refs/heads/main",
        value: `\${oci_identity_domains_user.${user}.id}`,
      },
    ]);
  });

  test("runs its bins from the installed package: wif-synth synthesizes a config, with no TypeScript and no tsx", () => {
    copyFileSync(join(ROOT, "setupConfig.ini"), join(consumer, "setupConfig.ini"));
    const bin = (name: string) => join(consumer, "node_modules", ".bin", name);
    const env = { PATH: process.env.PATH, HOME: consumer };
    expect(sh(bin("wif-synth"), ["--version"], consumer, env)).toBe(
      `wif-synth ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`,
    );
    expect(existsSync(join(consumer, "node_modules", "tsx"))).toBe(false);
    const out = sh(bin("wif-synth"), ["--config", "setupConfig.ini", "--outdir", "app.out"], consumer, env);
    expect(out.split("\n")[0]).toBe("Wrote app.out/stacks/wif/cdk.tf.json: 6 resources, 1 warning.");
    const stack = JSON.parse(readFileSync(join(consumer, "app.out", "stacks", "wif", "cdk.tf.json"), "utf8"));
    expect(Object.keys(stack.resource).sort()).toEqual([
      "oci_identity_domains_app",
      "oci_identity_domains_group",
      "oci_identity_domains_identity_propagation_trust",
      "oci_identity_domains_user",
      "oci_identity_policy",
      "terraform_data",
    ]);
  });
});
