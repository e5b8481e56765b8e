/**
 * The exchange client, the explainer and the review must run where only their own code and its runtime dependencies are
 * installed: a CI job that only trades tokens should not need cdktf, the construct library or the generated
 * bindings; nor should a CI job that only reviews a synthesized stack. This copies bin/, cli/, client/, config/, core/ and
 * review/ into an empty directory whose node_modules holds every installed package except cdktf, constructs and
 * @cdktf/*, and runs the three commands there as processes.
 * An import of cdktf (or of constructs/, app/ or .gen/) anywhere in their import graph makes these tests fail.
 */
import { execFile } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../../testing/token-endpoint";
import { removeTempDirs, runtimeConfigText, tempDir, writeRuntimeConfig } from "./harness";
import { sha256Of, writeStackSource } from "../../core/stack-source";

const ROOT = join(__dirname, "..", "..");
const ABSENT = new Set(["cdktf", "constructs", "@cdktf", "cdktf-cli", ".bin"]);

let endpoint: TokenEndpoint;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

/** A copy of the client's folders with a node_modules that lacks cdktf; returns its root. */
function installWithoutCdktf(): string {
  const root = tempDir("wif-no-cdktf-");
  for (const dir of ["bin", "cli", "client", "config", "core", "review"])
    cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, "package.json"), readFileSync(join(ROOT, "package.json")));
  mkdirSync(join(root, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (!ABSENT.has(name)) symlinkSync(join(ROOT, "node_modules", name), join(root, "node_modules", name));
  }
  return root;
}

function runBin(root: string, name: string, args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { PATH: process.env.PATH, HOME: cwd };
    execFile(process.execPath, [join(root, "bin", name), ...args], { cwd, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe("the client without cdktf installed", () => {
  test("the copy really lacks cdktf: requiring it from there fails", () => {
    const root = installWithoutCdktf();
    const fromClient = createRequire(join(root, "client", "exchange-cli.ts"));
    expect(() => fromClient.resolve("cdktf")).toThrow(/Cannot find module 'cdktf'/);
    expect(() => fromClient.resolve("constructs")).toThrow(/Cannot find module 'constructs'/);
    expect(fromClient.resolve("ini")).toMatch(/ini/);
  });

  test("wif-exchange trades a token for a session token", async () => {
    const root = installWithoutCdktf();
    const cwd = tempDir();
    writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
    writeFileSync(join(cwd, "ci.jwt"), githubToken());
    const r = await runBin(root, "wif-exchange.cjs", ["--token-file", "ci.jwt"], cwd);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")[0]).toMatch(/^Wrote OCI profile \[wif\] to /);
    expect(readFileSync(join(cwd, ".oci", "sessions", "wif", "token"), "utf8")).toBe(endpoint.issued.at(-1));
  }, 30_000); // child processes on a shared, busy machine

  test("wif-explain --config reads setupConfig.ini and names the user", async () => {
    const root = installWithoutCdktf();
    const cwd = tempDir();
    writeFileSync(join(cwd, "ci.jwt"), githubToken({ sub: "repo:octo-org/web-app:pull_request", aud: "oci-wif-prod" }));
    const config = join(ROOT, "test", "fixtures", "github.ini");
    const r = await runBin(root, "wif-explain.cjs", ["--token-file", "ci.jwt", "--config", config], cwd);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe('Result: the token would become service user "ci-reader".');
  }, 30_000); // child processes on a shared, busy machine

  test("wif-review reviews a synthesized stack", async () => {
    const root = installWithoutCdktf();
    const cwd = tempDir();
    // The fixture, with the record of its config that npm run synth writes beside every stack.
    const stack = join(cwd, "stack");
    mkdirSync(stack);
    copyFileSync(join(ROOT, "test", "fixtures", "review", "broker.cdk.tf.json"), join(stack, "cdk.tf.json"));
    writeFileSync(join(cwd, "setupConfig.ini"), "# stand-in\n");
    writeStackSource(stack, { config: join(cwd, "setupConfig.ini"), sha256: sha256Of("# stand-in\n") });
    const r = await runBin(root, "wif-review.cjs", ["--stack", stack], cwd);
    expect([r.code, r.stderr]).toEqual([0, "wif-review: 1 stack, 0 errors, 0 warnings, 0 suppressed; exit 0\n"]);
    expect(r.stdout).toMatch(/^## Workload Identity Federation review/);
  });

  test("fails when client/ or config/ imports cdktf: an added import breaks both commands", async () => {
    const root = installWithoutCdktf();
    appendFileSync(join(root, "config", "load-config.ts"), '\nimport "cdktf";\n');
    appendFileSync(join(root, "client", "exchange-cli.ts"), '\nimport "cdktf";\n');
    const cwd = tempDir();
    writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
    writeFileSync(join(cwd, "ci.jwt"), githubToken({ sub: "repo:octo-org/web-app:pull_request", aud: "oci-wif-prod" }));
    const exchange = await runBin(root, "wif-exchange.cjs", ["--token-file", "ci.jwt"], cwd);
    const explain = await runBin(
      root,
      "wif-explain.cjs",
      ["--token-file", "ci.jwt", "--config", join(ROOT, "test", "fixtures", "github.ini")],
      cwd,
    );
    expect(exchange.code).not.toBe(0);
    expect(exchange.stderr).toMatch(/Cannot find module 'cdktf'/);
    expect(explain.code).not.toBe(0);
    expect(explain.stderr).toMatch(/Cannot find module 'cdktf'/);
  }, 30_000); // child processes on a shared, busy machine
});
