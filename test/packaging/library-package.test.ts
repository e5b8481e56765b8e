// The construct library as a consumer gets it: packed, installed offline into a new project next to its own cdktf
// and constructs (test/support/packages.ts derives everything else from the packed manifest and the lock), then
// every ```ts block of README.md, as it is, and the config-driven entry points compiled twice — with TypeScript 7
// and "nodenext", and with a TypeScript 5 and cdktf's own project template (tsconfig from `cdktf init`: "module":
// "CommonJS", whose default resolution ignores package.json "exports") — and run with plain node.
//
// And the same package in a CDK Terrain project: installed beside cdktn and the constructs version cdktn accepts
// (no cdktf), the same programs moved to CDK Terrain as docs/cdk-terrain.md says (two renames), compiled the same
// two ways (the second with cdktn's own project template), run, and their stacks compared with the cdktf ones.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cdktn } from "../support/cdktn-cli";
import { installOffline, pack, removeTemp, ROOT, sh, temp, typescript5 } from "../support/packages";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const CDKTF_TEMPLATE_TSCONFIG = join(
  ROOT,
  "node_modules",
  "cdktf-cli",
  "bundle",
  "templates",
  "typescript",
  "tsconfig.json",
);
const CDKTN_TEMPLATE_TSCONFIG = join(
  ROOT,
  "engines",
  "cdktn",
  "node_modules",
  "cdktn-cli",
  "bundle",
  "templates",
  "typescript",
  "tsconfig.json",
);
let consumer: string;
let installLog: string;
let terrain: string;
let terrainLog: string;

/**
 * A program of a cdktf project as it reads after the move to CDK Terrain (docs/cdk-terrain.md): the engine is
 * imported from "cdktn", and this package's entry points from their `/cdktn` twins. Nothing else changes.
 */
function toCdkTerrain(program: string): string {
  return program
    .replace(/from "cdktf"/g, 'from "cdktn"')
    .replace(/from "oci-wif-cdktf(\/[a-z]+)?"/g, (_, entry = "") => `from "oci-wif-cdktf/cdktn${entry}"`);
}

/** Every ```ts block of README.md, in order, as a user would copy it. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** A program using the config-driven entry points, `oci-wif-cdktf/config` and `/federation`, as a library user would. */
const FEDERATION_PROGRAM = `import { App, TerraformStack } from "cdktf";
import { OciProvider } from "oci-wif-cdktf";
import { loadConfig, type LoadedConfig, type WifConfig } from "oci-wif-cdktf/config";
import { WorkloadIdentityFederation } from "oci-wif-cdktf/federation";

const loaded: LoadedConfig = loadConfig("setupConfig.ini");
const config: WifConfig = loaded.config;
const app = new App();
const stack = new TerraformStack(app, "federation");
new OciProvider(stack, "oci", { region: config.oci.region });
new WorkloadIdentityFederation(stack, "Wif", { config, runtimeConfigPath: "runtimeConfig.ini" });
app.synth();
`;

/** The programs compiled: each README block alone, and the entry-point program. */
function programs(): Record<string, string> {
  const blocks = readmeBlocks();
  return { ...Object.fromEntries(blocks.map((b, i) => [`readme${i + 1}.ts`, b])), "federation.ts": FEDERATION_PROGRAM };
}

/** Writes the programs (moved by `move`) and a tsconfig into `dir` under `root`; returns the directory. */
function project(name: string, tsconfig: object, root = consumer, move = (p: string) => p): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(programs())) writeFileSync(join(dir, file), move(text));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return dir;
}

/** Runs a compiled program (relative to `root`) with plain node; returns its stack JSON. */
function synth(js: string, stack: string, root = consumer): any {
  const outdir = join(root, `cdktf.out-${js.replace(/[^a-z0-9]+/gi, "-")}`);
  sh(process.execPath, [js], root, { ...process.env, CDKTF_OUTDIR: outdir });
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/**
 * A stack without what may differ between the two projects: the engine's metadata (`//`) and the project's own
 * folder (the default local backend's state path is absolute), shown as `<project>`.
 */
function comparable(stack: any, root: string): any {
  const { "//": _metadata, ...rest } = stack;
  return JSON.parse(JSON.stringify(rest).split(root).join("<project>"));
}

const NODENEXT = {
  compilerOptions: {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    skipLibCheck: true,
    types: [],
    outDir: "out",
  },
};

const counts = (stack: any) =>
  Object.fromEntries(Object.entries(stack.resource).map(([type, byId]) => [type, Object.keys(byId as object).length]));

beforeAll(() => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  const work = temp("wif-lib-");
  consumer = join(work, "consumer");
  mkdirSync(consumer);
  const [lib] = pack(["."], work);
  installLog = installOffline(consumer, [lib]);
  copyFileSync(join(ROOT, "setupConfig.ini"), join(consumer, "setupConfig.ini"));
  const terrainWork = temp("wif-lib-cdktn-");
  terrain = join(terrainWork, "consumer");
  mkdirSync(terrain);
  terrainLog = installOffline(terrain, [lib], "cdktn");
  copyFileSync(join(ROOT, "setupConfig.ini"), join(terrain, "setupConfig.ini"));
}, 360_000);
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
    // The licence and the notices of what its bundle holds travel with it.
    for (const file of ["LICENSE", "NOTICE", "THIRD-PARTY-NOTICES"])
      expect([file, readFileSync(join(pkg, file), "utf8") === readFileSync(join(ROOT, file), "utf8")]).toEqual([
        file,
        true,
      ]);
    // Every runtime dependency of package.json came along (oci-common was once missing from a hand-kept list).
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    for (const name of Object.keys(dependencies)) expect(existsSync(join(consumer, "node_modules", name))).toBe(true);
  });

  test("README.md has the ts blocks this test compiles", () => {
    expect(readmeBlocks().length).toBeGreaterThanOrEqual(2);
    for (const block of readmeBlocks()) expect(block).toMatch(/from "oci-wif-cdktf"/);
  });

  test("type-checks the README's blocks and the entry points with TypeScript 7 and nodenext", () => {
    const dir = project("nodenext", NODENEXT);
    expect(sh(process.execPath, [TSC, "-p", "."], dir)).toBe("");
    expect(existsSync(join(dir, "out", "readme1.js"))).toBe(true);
  });

  test("type-checks them under cdktf's project template with TypeScript 5, where exports are not read", () => {
    const template = JSON.parse(readFileSync(CDKTF_TEMPLATE_TSCONFIG, "utf8"));
    expect(template.compilerOptions.module).toBe("CommonJS");
    expect(template.compilerOptions.moduleResolution).toBeUndefined();
    const dir = project("cdktf-template", template);
    const { tsc, version } = typescript5();
    expect(version).toMatch(/^5\./);
    expect(sh(process.execPath, [tsc, "-p", "."], dir)).toBe("");
    expect(existsSync(join(dir, "federation.js"))).toBe(true);
  }, 60_000);

  test("synthesizes the README's first block with plain node into the stack it describes", () => {
    const stack = synth(join("cdktf-template", "readme1.js"), "wif");
    expect(stack.provider).toEqual({ oci: [{ region: "us-ashburn-1" }] });
    expect(stack.terraform.required_providers.oci).toEqual({
      source: "registry.terraform.io/oracle/oci",
      version: "~> 8.28",
    });
    expect(counts(stack)).toEqual({
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

  test("synthesizes every other README block: its values pass the constructs' validation", () => {
    const blocks = readmeBlocks();
    for (let i = 2; i <= blocks.length; i++) {
      const stackId = /new TerraformStack\(app, "([^"]+)"\)/.exec(blocks[i - 1])![1];
      const stack = synth(join("cdktf-template", `readme${i}.js`), stackId);
      expect(Object.keys(stack.resource).length).toBeGreaterThan(0);
    }
  });

  test("synthesizes a config through oci-wif-cdktf/config and oci-wif-cdktf/federation", () => {
    const stack = synth(join("cdktf-template", "federation.js"), "federation");
    expect(Object.keys(stack.resource).sort()).toEqual([
      "oci_identity_domains_app",
      "oci_identity_domains_group",
      "oci_identity_domains_identity_propagation_trust",
      "oci_identity_domains_user",
      "oci_identity_policy",
      "terraform_data",
    ]);
  });

  test("runs its bins from the installed package: wif-synth synthesizes a config, with no TypeScript and no tsx", () => {
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

  test("runs wif-plan and wif-deploy from a fresh consumer directory (a stand-in terraform on PATH)", () => {
    const bin = (name: string) => join(consumer, "node_modules", ".bin", name);
    // Terraform itself is replaced by testing/terraform-stand-in.cjs (no provider or network here); the package's
    // own compiled code does everything else: synthesis, init, the review, the gate and the apply.
    const tools = join(consumer, "tools");
    mkdirSync(tools);
    copyFileSync(join(ROOT, "testing", "terraform-stand-in.cjs"), join(tools, "terraform"));
    chmodSync(join(tools, "terraform"), 0o755);
    const project = join(consumer, "project");
    mkdirSync(project);
    copyFileSync(join(ROOT, "setupConfig.ini"), join(project, "setupConfig.ini"));
    const env = { PATH: `${tools}:${process.env.PATH}`, HOME: consumer };
    expect(sh(bin("wif-plan"), ["--version"], project, env)).toBe(
      `wif-plan ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`,
    );
    const planned = sh(bin("wif-plan"), ["--config", "setupConfig.ini"], project, env);
    expect(planned.split("\n")[0]).toMatch(/^Verdict: the review passed .* Plan: 6 to add, /);
    expect(existsSync(join(project, "cdktf.out", "stacks", "wif", "wif.tfplan.review.json"))).toBe(true);
    const deployed = sh(bin("wif-deploy"), [], project, env);
    expect(deployed.trimEnd().split("\n").at(-1)).toMatch(
      /^Apply complete! Resources: 6 added, 0 changed, 0 destroyed\./,
    );
    expect(statSync(join(project, "terraform.wif.tfstate")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(consumer, "node_modules", "tsx"))).toBe(false);
    const help = sh(bin("wif-runtime-config"), ["--help"], project, env);
    expect(help.split("\n")[0]).toBe("Usage: wif-runtime-config [--config <path>] [--outdir <dir>]");
  });
});

describe("the construct library package in a CDK Terrain project", () => {
  const terrainPrograms = () => Object.values(programs()).map(toCdkTerrain);

  test("installs offline beside cdktn and the constructs cdktn accepts, without cdktf", () => {
    expect(terrainLog).not.toMatch(/install-scripts|ERR|ERESOLVE/);
    const version = (name: string) =>
      JSON.parse(readFileSync(join(terrain, "node_modules", name, "package.json"), "utf8")).version;
    expect(version("cdktn")).toBe("0.24.0");
    const { peerDependencies } = JSON.parse(
      readFileSync(join(terrain, "node_modules", "cdktn", "package.json"), "utf8"),
    );
    expect(peerDependencies.constructs).toBe(">=10.6.0 <10.8.0");
    expect(version("constructs")).toMatch(/^10\.[67]\./);
    // The install line README.md gives for CDK Terrain names the versions installed here.
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(
      `npm install oci-wif-cdktf cdktn@${version("cdktn")} constructs@${version("constructs")}`,
    );
    // Nothing of the other engine comes along: not cdktf, and no prebuilt binding that would pull it in.
    expect(existsSync(join(terrain, "node_modules", "cdktf"))).toBe(false);
    expect(existsSync(join(terrain, "node_modules", "@cdktf"))).toBe(false);
    const pkg = join(terrain, "node_modules", "oci-wif-cdktf");
    expect(existsSync(join(pkg, "dist", "cdktn", ".gen", "providers", "oci", "provider", "index.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist", "cdktn", ".gen", "providers", "tls", "private-key", "index.js"))).toBe(true);
  });

  test("the moved programs import CDK Terrain and this package's /cdktn entry points only", () => {
    for (const program of terrainPrograms()) {
      const specifiers = [...program.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      expect(specifiers.filter((s) => /cdktf/.test(s) && !s.startsWith("oci-wif-cdktf/cdktn"))).toEqual([]);
      expect(specifiers).toContain("cdktn");
    }
  });

  test("type-checks them with TypeScript 7 and nodenext", () => {
    const dir = project("nodenext", NODENEXT, terrain, toCdkTerrain);
    expect(sh(process.execPath, [TSC, "-p", "."], dir)).toBe("");
    expect(existsSync(join(dir, "out", "readme1.js"))).toBe(true);
  });

  test("type-checks them under cdktn's own project template with TypeScript 5, where exports are not read", () => {
    const template = JSON.parse(readFileSync(CDKTN_TEMPLATE_TSCONFIG, "utf8"));
    expect(template.compilerOptions.module).toBe("CommonJS");
    expect(template.compilerOptions.moduleResolution).toBeUndefined();
    const dir = project("cdktn-template", template, terrain, toCdkTerrain);
    const { tsc } = typescript5();
    expect(sh(process.execPath, [tsc, "-p", "."], dir)).toBe("");
    expect(existsSync(join(dir, "federation.js"))).toBe(true);
  }, 60_000);

  test("synthesizes every README block into the stack cdktf synthesizes, apart from the engine's metadata and the folder", () => {
    const blocks = readmeBlocks();
    for (let i = 1; i <= blocks.length; i++) {
      const stackId = /new TerraformStack\(app, "([^"]+)"\)/.exec(blocks[i - 1])![1];
      const onCdktn = synth(join("cdktn-template", `readme${i}.js`), stackId, terrain);
      const onCdktf = synth(join("cdktf-template", `readme${i}.js`), stackId, consumer);
      expect(onCdktn["//"].metadata.version).toBe("0.24.0");
      expect(onCdktf["//"].metadata.version).toBe("0.21.0");
      expect(Object.keys(onCdktn.resource).length).toBeGreaterThan(0);
      expect([i, comparable(onCdktn, terrain)]).toEqual([i, comparable(onCdktf, consumer)]);
    }
  });

  test("cdktn-cli synth runs the package's wif-synth from the project's cdktf.json, on CDK Terrain", async () => {
    writeFileSync(
      join(terrain, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: "npx wif-synth", terraformProviders: [], context: {} }, null, 2),
    );
    const r = await cdktn(["synth"], terrain, terrain, { WIF_ENGINE: "cdktn" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Generated Terraform code for the stacks: wif/);
    const stack = JSON.parse(readFileSync(join(terrain, "cdktf.out", "stacks", "wif", "cdk.tf.json"), "utf8"));
    expect(stack["//"].metadata.version).toBe("0.24.0");
    expect(Object.keys(stack.resource).sort()).toEqual([
      "oci_identity_domains_app",
      "oci_identity_domains_group",
      "oci_identity_domains_identity_propagation_trust",
      "oci_identity_domains_user",
      "oci_identity_policy",
      "terraform_data",
    ]);
  }, 120_000);

  test("synthesizes a config through oci-wif-cdktf/cdktn/config and /cdktn/federation as cdktf does", () => {
    const onCdktn = synth(join("cdktn-template", "federation.js"), "federation", terrain);
    const onCdktf = synth(join("cdktf-template", "federation.js"), "federation", consumer);
    expect(comparable(onCdktn, terrain)).toEqual(comparable(onCdktf, consumer));
  });
});
