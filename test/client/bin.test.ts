import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { leaked, removeTempDirs, runtimeConfigText, secretsOf, tempDir, writeRuntimeConfig } from "./harness";

const ROOT = join(__dirname, "..", "..");
let endpoint: TokenEndpoint;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

/** Runs a bin entry as a user would, with a clean environment (only PATH and HOME). */
function runBin(name: string, args: string[], cwd: string, home: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin", name), ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: home } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe("the bin entries", () => {
  test("wif-exchange writes a working profile when run as a process", async () => {
    const cwd = tempDir();
    const home = tempDir();
    const token = githubToken();
    writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
    writeFileSync(join(cwd, "ci.jwt"), token);
    const r = await runBin("wif-exchange.cjs", ["--token-file", "ci.jwt"], cwd, home);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^Wrote OCI profile \[wif\] to /);
    const tokenFile = join(home, ".oci", "sessions", "wif", "token");
    expect(readFileSync(tokenFile, "utf8")).toBe(endpoint.issued.at(-1));
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(home, ".oci", "sessions", "wif", "oci_api_key.pem"), "utf8");
    expect(leaked([r.stdout, r.stderr], secretsOf(endpoint, [token, key.split("\n")[1]]))).toEqual([]);
  });

  test("wif-exchange exits 2 with a one-line error and no stack trace on bad input", async () => {
    const cwd = tempDir();
    const r = await runBin("wif-exchange.cjs", ["--token-file", "ci.jwt"], cwd, cwd);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      "",
      "error: runtimeConfig.ini: file not found. Pass --runtime-config <path>, or run from the directory where wif-deploy wrote runtimeConfig.ini.\n",
    ]);
    expect(existsSync(join(cwd, ".oci"))).toBe(false);
  });

  test("wif-explain exits 0 and names the user when the token would be accepted", async () => {
    const cwd = tempDir();
    const stack = {
      resource: {
        oci_identity_domains_identity_propagation_trust: {
          T: {
            name: "github-actions",
            issuer: "https://token.actions.githubusercontent.com",
            active: true,
            allow_impersonation: true,
            client_claim_name: "aud",
            client_claim_values: ["oci-wif"],
            impersonation_service_users: [
              {
                rule: "sub eq repo:octo-org/octo-repo:ref:refs/heads/main",
                value: "${oci_identity_domains_user.U.id}",
              },
            ],
          },
        },
        oci_identity_domains_user: { U: { user_name: "ci-deployer" } },
      },
    };
    writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(stack));
    writeFileSync(join(cwd, "ci.jwt"), githubToken());
    const r = await runBin("wif-explain.cjs", ["--token-file", "ci.jwt", "--stack", "cdk.tf.json"], cwd, cwd);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe('Result: the token would become service user "ci-deployer".');
  });
});
