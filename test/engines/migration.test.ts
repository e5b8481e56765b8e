// The move to CDK Terrain (docs/cdk-terrain.md) replaces nothing: a project whose stack was applied with cdktf
// plans with no change after the move. For each fixture here, the stack wif-synth writes with cdktf gets a state that
// its own plan calls up to date (test/support/terraform-state.ts: built by Terraform and the real oracle/oci 8.28.0
// provider with refresh off, made-up identifiers where OCI would have given them), then the stack the same config
// gives with CDK Terrain (WIF_ENGINE=cdktn) is planned against that state, as the moved project would be, and
// `terraform plan -refresh=false -detailed-exitcode` must exit 0. And a stack with one construct ID changed must
// not: the check can tell a replacement.
//
// What it proves: the same addresses and the same configuration, as Terraform and the provider read them, so no
// create, update, replace or destroy. What it does not: that a live OCI would agree (no refresh, no apply here; the
// local OCI of the "Applied for real" tests applies the cdktf stacks).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeTemp, ROOT, sh, shAsync, temp } from "../support/packages";
import { FIXTURES } from "../support/stacks";
import {
  hasTerraform,
  PLUGINS,
  planChanges,
  requiredProviders,
  settleState,
  statePath,
  terraformHome,
} from "../support/terraform-state";

/**
 * The fixtures moved. github's stack has every resource type of the fixtures that need no provider but OCI (the
 * broker's also needs hashicorp/tls, which is not installed here; its blocks are compared byte for byte in
 * fixtures.test.ts); each plan costs seconds, so one.
 */
const MOVED = ["github"];

const ready = (async () => {
  if (!(await hasTerraform())) return "`terraform` is not on PATH";
  if (!PLUGINS) return "the oracle/oci 8.28.0 provider is not in an implicit local mirror (docs/testing.md)";
  return undefined;
})();

let work: string;
let env: NodeJS.ProcessEnv;
let skipped: string | undefined;

/** Synthesizes `name` with `engine` in its own project folder; returns the stack's folder. */
async function synthesize(name: string, engine: string): Promise<string> {
  const project = join(work, name, engine);
  mkdirSync(project, { recursive: true });
  copyFileSync(join(FIXTURES, `${name}.ini`), join(project, "setupConfig.ini"));
  const args = [join(ROOT, "bin", "wif-synth.cjs"), "--config", join(project, "setupConfig.ini")];
  const r = await shAsync(process.execPath, [...args, "--outdir", join(project, "cdktf.out")], project, {
    PATH: process.env.PATH ?? "",
    HOME: work,
    WIF_ENGINE: engine,
  });
  if (r.code !== 0) throw new Error(`wif-synth (${engine}) of ${name} failed:\n${r.stderr}`);
  const stacks = join(project, "cdktf.out", "stacks");
  return join(stacks, readdirSync(stacks)[0]);
}

interface Moved {
  cdktf: string;
  cdktn: string;
  passes: number;
  /** `terraform plan -refresh=false -detailed-exitcode` of each stack against the cdktf stack's state. */
  control: { code: number; text: string };
  moved: { code: number; text: string };
  renamed: { code: number; text: string; type: string; id: string };
}
const results: Record<string, Moved> = {};

/** The moved stack with the token-exchange app's ID changed, planned against the same state. */
async function planRenamed(name: string, cdktf: string, cdktn: string): Promise<Moved["renamed"]> {
  const renamed = join(work, name, "renamed");
  mkdirSync(renamed, { recursive: true });
  const synthesized = readFileSync(join(cdktn, "cdk.tf.json"), "utf8");
  // A new ID for the token-exchange app would mean a new app, and a new client secret for every client. The ID
  // changes where synthesis would change it: its key and every reference to it.
  const type = "oci_identity_domains_app";
  const [id] = Object.keys(JSON.parse(synthesized).resource[type]);
  const doc = JSON.parse(synthesized.split(id).join(`${id}_Renamed`));
  doc.terraform.backend.local.path = "terraform.tfstate";
  writeFileSync(join(renamed, "cdk.tf.json"), JSON.stringify(doc, null, 2));
  copyFileSync(statePath(cdktf), statePath(renamed));
  await must(["init", "-input=false", "-no-color"], renamed);
  return { ...(await planChanges(renamed, env)), type, id };
}

async function must(args: string[], cwd: string): Promise<void> {
  const r = await shAsync("terraform", args, cwd, env);
  if (r.code !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
}

beforeAll(async () => {
  skipped = await ready;
  if (skipped) {
    console.warn(`migration.test.ts: skipped, ${skipped}.`);
    return;
  }
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  work = temp("wif-migration-");
  env = terraformHome(join(work, "home"));
  await Promise.all(
    MOVED.map(async (name) => {
      const cdktf = await synthesize(name, "cdktf");
      const cdktn = await synthesize(name, "cdktn");
      const passes = await settleState(cdktf, env);
      const control = await planChanges(cdktf, env);
      // The move: the same state, now read by the stack CDK Terrain synthesized.
      copyFileSync(statePath(cdktf), statePath(cdktn));
      await must(["init", "-input=false", "-no-color"], cdktn);
      const moved = await planChanges(cdktn, env);
      const renamed = name === MOVED[0] ? await planRenamed(name, cdktf, cdktn) : undefined;
      results[name] = { cdktf, cdktn, passes, control, moved, renamed: renamed! };
    }),
  );
}, 600_000);
afterAll(removeTemp);

describe.each(MOVED)("the %s fixture moved from cdktf to CDK Terrain", (name) => {
  test("uses only providers installed here (oracle/oci and Terraform's own)", () => {
    if (skipped) return;
    expect(requiredProviders(results[name].cdktf)).toEqual(["oci"]);
    const moved = JSON.parse(readFileSync(join(results[name].cdktn, "cdk.tf.json"), "utf8"));
    expect(moved["//"].metadata.version).toBe("0.24.0");
  });

  test("the cdktf stack's own plan calls its state up to date (the state is one it would have applied)", () => {
    if (skipped) return;
    expect(results[name].passes).toBeGreaterThanOrEqual(1);
    expect([results[name].control.code, results[name].control.text]).toEqual([
      0,
      expect.stringContaining("No changes."),
    ]);
  });

  test("the CDK Terrain stack planned against that state finds no change", () => {
    if (skipped) return;
    expect([results[name].moved.code, results[name].moved.text]).toEqual([0, expect.stringContaining("No changes.")]);
  });
});

test("a stack with one construct ID changed plans a replacement against the same state: the check can fail", () => {
  if (skipped) return;
  const { code, text, type, id } = results[MOVED[0]].renamed;
  expect(code).toBe(2);
  expect(text).toContain(`${type}.${id} will be destroyed`);
  expect(text).toContain(`${type}.${id}_Renamed will be created`);
});
