// The RemoteBackend construct, run by a real Terraform against a local state store that speaks Terraform's http
// backend protocol (GET state, POST state, LOCK/UNLOCK). terraform_data is built into Terraform, so this needs no
// provider download. It checks what the JSON tests cannot: that Terraform accepts the block our construct writes
// as its only backend, and that state (which holds the client secret in real stacks) goes to the store, not to disk.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DataResource, TerraformStack } from "cdktf";
import { RemoteBackend } from "../../constructs/remote-backend";

const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
// Terraform is not on every machine and cannot be downloaded here; say so rather than pass silently.
if (!hasTerraform)
  console.warn("remote-backend-terraform.test.ts: `terraform` is not on PATH, so these tests are skipped.");
const withTerraform = hasTerraform ? describe : describe.skip;

/** Runs terraform without blocking the event loop, which serves the state store in this same process. */
function tf(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn("terraform", [...args, "-input=false", "-no-color"], {
      cwd,
      env: { ...process.env, TF_IN_AUTOMATION: "1" },
    });
    let stdout = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stdout += c));
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

withTerraform("RemoteBackend through a real terraform apply (needs terraform on PATH)", () => {
  let dir: string;
  let server: Server;
  let state: string | undefined;
  const calls: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (req.method === "GET") {
          res.writeHead(state ? 200 : 404).end(state ?? "");
        } else if (req.method === "POST" && req.url?.startsWith("/state")) {
          state = body;
          res.writeHead(200).end();
        } else res.writeHead(200).end(); // LOCK, UNLOCK
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), "wif-tf-backend-"));
    const app = new App({ outdir: join(dir, "cdktf.out") });
    const stack = new TerraformStack(app, "remote");
    new RemoteBackend(stack, {
      type: "http",
      config: { address: `${base}/state`, lock_address: `${base}/lock`, unlock_address: `${base}/lock` },
    });
    new DataResource(stack, "Marker", { input: { marker: "adopted" } });
    app.synth();
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test("init and apply keep the state in the store, locked, and write no state file", async () => {
    const cwd = join(dir, "cdktf.out", "stacks", "remote");
    const init = await tf(cwd, "init");
    expect([init.status, init.stdout]).toEqual([
      0,
      expect.stringContaining('Successfully configured the backend "http"!'),
    ]);
    expect((await tf(cwd, "apply", "-auto-approve")).status).toBe(0);
    expect(JSON.parse(state!).resources.map((r: any) => `${r.type}.${r.name}`)).toEqual([
      expect.stringMatching(/^terraform_data\.Marker/),
    ]);
    expect(calls.map((c) => c.replace(/\?ID=.*/, ""))).toEqual(
      expect.arrayContaining(["LOCK /lock", "POST /state", "UNLOCK /lock"]),
    );
    expect(existsSync(join(cwd, "terraform.tfstate"))).toBe(false);
    expect((await tf(cwd, "plan", "-detailed-exitcode")).status).toBe(0);
  }, 120_000);
});
