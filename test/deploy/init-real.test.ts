// Self-healing init with the real Terraform and the real oracle/oci 8.28.0 provider, offline (found in
// ~/.terraform.d/plugins or through TF_CLI_CONFIG_FILE's mirror). The stack requires the provider but only has a
// terraform_data resource, so no OCI credentials are needed. Skipped, visibly, where Terraform or the provider is
// missing (CI has no provider); test/deploy/deploy-path.test.ts covers the same logic with a stand-in there.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { plan } from "../../deploy/plan";
import { deploy } from "../../deploy/apply";
import { INIT_RECORD } from "../../deploy/init";
import { sha256Of, writeStackSource } from "../../core/stack-source";
import { mirroredProvider, providerMirror } from "../../testing/local-oci/provider";

const PROVIDER = mirroredProvider();
const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
const ready = hasTerraform && providerMirror() !== undefined;
if (!ready)
  console.warn(
    `init-real.test.ts: SKIPPED: needs terraform on PATH and oracle/oci 8.28.0 under ${PROVIDER} (offline provider mirror).`,
  );
const withProvider = ready ? describe : describe.skip;

let dir: string;
const stackDir = () => join(dir, "cdktf.out", "stacks", "wif");

/** Writes the stack (with its source record, as wif-synth does) asking for `version` of oracle/oci. */
function writeStack(version: string, statePath = "../../../terraform.wif.tfstate", input = "one"): void {
  mkdirSync(stackDir(), { recursive: true });
  const stack = {
    terraform: {
      backend: { local: { path: statePath } },
      required_providers: { oci: { source: "registry.terraform.io/oracle/oci", version } },
    },
    resource: { terraform_data: { Marker: { input } } },
  };
  writeFileSync(join(stackDir(), "cdk.tf.json"), JSON.stringify(stack, null, 2));
  const config = join(dir, "setupConfig.ini");
  writeFileSync(config, `; stand-in ${version} ${statePath} ${input}\n`);
  writeStackSource(stackDir(), { config, sha256: sha256Of(readFileSync(config, "utf8")) });
}

async function runPlan(extra: { migrateState?: boolean; reconfigure?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
  const code = await plan({ stackDir: stackDir(), out: (l) => out.push(l), err: (l) => err.push(l), env, ...extra });
  return { code, out, err };
}

function runDeploy(): Promise<number> {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
  return deploy({ stackDir: stackDir(), out: () => undefined, err: () => undefined, env });
}

withProvider("terraform init heals itself, with the real oracle/oci provider", () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-init-real-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("after a failed init (a provider version that is not there), the next plan runs init again and plans", async () => {
    writeStack("= 99.0.0");
    const failed = await runPlan();
    expect(failed.code).toBe(1);
    expect(failed.err[0]).toBe("terraform init (the stack has not been initialized here yet) …");
    expect(failed.err).toContain("error: terraform init failed; nothing was planned. Terraform said (redacted):");
    expect(existsSync(join(stackDir(), INIT_RECORD))).toBe(false);
    writeStack("~> 8.28");
    const healed = await runPlan();
    expect(healed.err.filter((l) => l.startsWith("terraform init"))).toHaveLength(1);
    expect(healed.code).toBe(0);
    expect(healed.out[0]).toMatch(/^Verdict: the review passed/);
    expect(readFileSync(join(stackDir(), ".terraform.lock.hcl"), "utf8")).toContain('version     = "8.28.0"');
  }, 120_000);

  test("runs init again when the lock file is removed or changed, and not when nothing changed", async () => {
    writeStack("~> 8.28");
    expect((await runPlan()).code).toBe(0);
    const quiet = await runPlan();
    expect(quiet.err.filter((l) => l.startsWith("terraform init"))).toEqual([]);
    rmSync(join(stackDir(), ".terraform.lock.hcl"));
    const missing = await runPlan();
    expect([missing.code, missing.err[0]]).toEqual([0, "terraform init (its dependency lock file is missing) …"]);
    const lock = join(stackDir(), ".terraform.lock.hcl");
    writeFileSync(lock, `${readFileSync(lock, "utf8")}\n# edited by hand\n`);
    const changed = await runPlan();
    expect([changed.code, changed.err[0]]).toEqual([
      0,
      "terraform init (its dependency lock file changed since the last init) …",
    ]);
  }, 180_000);

  test("a backend change needs --migrate-state or --reconfigure; --migrate-state moves the state, --reconfigure leaves it", async () => {
    writeStack("~> 8.28");
    expect((await runPlan()).code).toBe(0);
    expect(await runDeploy()).toBe(0);
    expect(existsSync(join(dir, "terraform.wif.tfstate"))).toBe(true);
    writeStack("~> 8.28", "../../../moved.tfstate");
    // plan() throws; the command frame (wif-plan) prints these two lines and exits 2.
    await expect(runPlan()).rejects.toMatchObject({
      code: "WIF-E-INIT",
      exitCode: 2,
      lines: [
        'the backend of stack wif changed since its last terraform init: from local (path "../../../terraform.wif.tfstate") to local (path "../../../moved.tfstate"). Nothing was planned, and the state was not moved.',
        expect.stringMatching(/^Say what to do with the state: --migrate-state copies it/),
      ],
    });
    expect(existsSync(join(dir, "moved.tfstate"))).toBe(false);
    const moved = await runPlan({ migrateState: true });
    expect(moved.err[0]).toBe(
      'terraform init -migrate-state: copying the state of wif from local (path "../../../terraform.wif.tfstate") to local (path "../../../moved.tfstate").',
    );
    expect(moved.code).toBe(0);
    expect(readFileSync(join(dir, "moved.tfstate"), "utf8")).toContain("terraform_data");
    // The resource is in the moved state: nothing to add.
    expect(moved.out[0]).toContain("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.");
    // --reconfigure: the new backend as it is, without the old state.
    writeStack("~> 8.28", "../../../fresh.tfstate");
    const fresh = await runPlan({ reconfigure: true });
    expect(fresh.err[0]).toBe(
      'terraform init -reconfigure: stack wif now uses local (path "../../../fresh.tfstate"); the state in local (path "../../../moved.tfstate") is left as it is.',
    );
    expect([fresh.code, fresh.out[0]]).toEqual([0, expect.stringContaining("Plan: 1 to add")]);
  }, 180_000);
});
