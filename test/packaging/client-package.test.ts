// The slim client as a CI job gets it: packages/wif-client packed and installed alone (no cdktf, nothing else),
// then run as a process against the local token endpoint.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { leaked, runtimeConfigText, secretsOf, writeRuntimeConfig } from "../client/harness";
import { installOffline, pack, removeTemp, ROOT, sh, shAsync, temp } from "../support/packages";

let endpoint: TokenEndpoint;
let project: string;

function sizeOf(path: string): number {
  const st = statSync(path);
  return st.isDirectory() ? readdirSync(path).reduce((n, e) => n + sizeOf(join(path, e)), 0) : st.size;
}

beforeAll(async () => {
  endpoint = await startTokenEndpoint();
  sh("npm", ["run", "-s", "build:client"], ROOT);
  const work = temp("wif-client-pkg-");
  const [tarball] = pack(["./packages/wif-client"], work);
  project = join(work, "job");
  mkdirSync(project);
  installOffline(project, [tarball]);
}, 120_000);
afterAll(async () => {
  await endpoint.close();
  removeTemp();
});

const bin = (name: string) => join(project, "node_modules", ".bin", name);
const clean = (home: string) => ({ PATH: process.env.PATH, HOME: home });

describe("the slim client package", () => {
  test("installs alone: one package, no dependencies, under 5 MB", () => {
    expect(readdirSync(join(project, "node_modules")).filter((e) => !e.startsWith("."))).toEqual(["oci-wif-client"]);
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", "oci-wif-client", "package.json"), "utf8"));
    expect(manifest.dependencies).toBeUndefined();
    expect(sizeOf(join(project, "node_modules"))).toBeLessThan(5 * 1024 * 1024);
  });

  test("ships the licence, the NOTICE and the notices of the packages its bundle holds (ini, valibot)", () => {
    const pkg = join(project, "node_modules", "oci-wif-client");
    for (const file of ["LICENSE", "NOTICE"])
      expect([file, readFileSync(join(pkg, file), "utf8") === readFileSync(join(ROOT, file), "utf8")]).toEqual([
        file,
        true,
      ]);
    const notices = readFileSync(join(pkg, "THIRD-PARTY-NOTICES"), "utf8");
    expect(notices.match(/^\S+ \d+\.\d+\.\d+ \(.+\)$/gm)).toEqual(["ini 6.0.0 (ISC)", "valibot 1.5.0 (MIT)"]);
    for (const licence of ["ini/LICENSE", "valibot/LICENSE.md"])
      expect(notices).toContain(readFileSync(join(ROOT, "node_modules", licence), "utf8").trimEnd());
  });

  test("prints its version and help with -h", async () => {
    const version = await shAsync(bin("wif-exchange"), ["--version"], project, clean(project));
    expect([version.code, version.stdout, version.stderr]).toEqual([
      0,
      `wif-exchange ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`,
      "",
    ]);
    const broker = await shAsync(bin("wif-broker"), ["--version"], project, clean(project));
    expect([broker.code, broker.stdout]).toEqual([0, version.stdout.replace("wif-exchange", "wif-broker")]);
    const help = await shAsync(bin("wif-explain"), ["-h"], project, clean(project));
    expect([help.code, help.stdout.split("\n")[0]]).toEqual([
      0,
      "Usage: wif-explain (--token-file <path> | --token-env <NAME> | --token-stdin) [--stack <path> | --config <path>] [--at <time>]",
    ]);
  }, 30_000); // child processes on a shared, busy machine

  test("exchanges a token against the local endpoint and writes a profile, printing no secret", async () => {
    const home = temp("wif-client-home-");
    const token = githubToken();
    writeRuntimeConfig(project, runtimeConfigText(endpoint));
    writeFileSync(join(project, "ci.jwt"), token);
    const r = await shAsync(bin("wif-exchange"), ["--token-file", "ci.jwt"], project, clean(home));
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")[0]).toBe(
      `Wrote OCI profile [wif] to ${join(home, ".oci", "config")} (session token valid until ${r.stdout.split("valid until ")[1].split(")")[0]}).`,
    );
    expect(readFileSync(join(home, ".oci", "sessions", "wif", "token"), "utf8")).toBe(endpoint.issued.at(-1));
    expect(leaked([r.stdout, r.stderr], secretsOf(endpoint, [token]))).toEqual([]);
  }, 30_000); // child processes on a shared, busy machine

  test("fails when the runtime config is missing, with exit code 2 and one line", async () => {
    const r = await shAsync(
      bin("wif-exchange"),
      ["--runtime-config", "nope.ini", "--token-file", "ci.jwt"],
      project,
      clean(project),
    );
    expect([r.code, r.stdout, r.stderr.split("\n").length]).toEqual([2, "", 2]);
    expect(r.stderr).toMatch(/^error: nope\.ini: file not found\./);
  }, 30_000); // child processes on a shared, busy machine
});
