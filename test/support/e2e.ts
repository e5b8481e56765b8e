/**
 * End-to-end scenarios with the real `oracle/oci` provider against the local OCI (testing/local-oci/): a config in
 * a temporary directory whose domain URL is the local OCI, run through the project's own commands (`npm run plan`,
 * `npm run deploy`, `wif-exchange`, `npm run import`), with Terraform offline (the provider from the implicit local
 * mirror, no checkpoint call). State, runtimeConfig.ini, plans and the OCI config all live in the temporary
 * directory. Commands are spawned asynchronously: the local OCI answers from this process.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalOci, type LocalOciOptions, startLocalOci } from "../../testing/local-oci";
import { ROOT } from "./stacks";

export { e2eSkipReason, mirroredProvider, PROVIDER_VERSION } from "../../testing/local-oci/provider";

/** How long one scenario step may take (a jest timeout): a plan or apply under load on two cores. */
export const E2E_STEP_MS = 240_000;

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command without blocking this process's event loop (the local OCI answers from it). */
export function runCommand(
  cmd: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<CommandResult> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs ?? 600_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: Date.now() - start,
      });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** Fails the test with the command's last output lines when it did not exit 0. */
export function expectOk(r: CommandResult, what: string): void {
  if (r.code !== 0)
    throw new Error(
      `${what} exited ${r.code}:\n${`${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-25).join("\n")}`,
    );
}

/** The `Plan: …` line of `npm run plan`'s rendered diff, as numbers. */
export function planCounts(
  stdout: string,
): { add: number; change: number; replace: number; destroy: number } | undefined {
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to replace, (\d+) to destroy\./.exec(stdout);
  return m ? { add: +m[1], change: +m[2], replace: +m[3], destroy: +m[4] } : undefined;
}

/** What the e2e deploys tell the review gate when they apply a plan for a local test OCI. */
export const ACCEPT_REASON = "end-to-end test against the local OCI on 127.0.0.1 (WIF-L1 by design)";

/**
 * The rules the verdict line of `npm run plan` names as the review's unsuppressed errors (deploy/plan.ts's
 * verdictLines), sorted; empty when the review passed, undefined when no verdict was printed.
 */
export function blockingRules(stdout: string): string[] | undefined {
  const verdict = stdout.split("\n").find((l) => l.startsWith("Verdict: "));
  if (!verdict) return undefined;
  if (verdict.startsWith("Verdict: the review passed")) return [];
  const m = /^Verdict: the review FAILED \([^:]*: ([^)]*)\)/.exec(verdict);
  return m ? m[1].split(", ").sort() : undefined;
}

/** One config deployed against one local OCI: the commands a domain admin and a CI job run, and timings. */
export class Scenario {
  /** Milliseconds per step, in order. */
  readonly times: Array<[string, number]> = [];
  /** Everything every command printed, to check that no secret was. */
  readonly printed: string[] = [];
  /** Environment every later command gets too (a secret the provider reads from it, for instance). */
  readonly extraEnv: Record<string, string> = {};

  private constructor(
    readonly dir: string,
    readonly oci: LocalOci,
    readonly stackName: string,
    /** `[Environments]`: the environment this scenario plans and deploys, in a directory shared with the others. */
    private readonly environment?: { readonly name: string; readonly sharedDir: boolean },
    /** The review's unsuppressed errors every plan of this config has: WIF-L1, and any the config itself fails. */
    private readonly findings: readonly string[] = ["WIF-L1"],
  ) {}

  /**
   * A temporary directory with `setupConfig.ini` = `ini` whose `iam_guid` is replaced by the local OCI's URL, and a
   * local OCI whose tenancy is the config's `tenancy_ocid` (so the domain lookup by URL finds it).
   */
  static async start(
    ini: string,
    options: LocalOciOptions & { stackName?: string; findings?: readonly string[] } = {},
  ): Promise<Scenario> {
    const tenancy = /^\s*tenancy_ocid\s*=\s*(\S+)/im.exec(ini)?.[1];
    const oci = await startLocalOci({ ...options, ...(tenancy ? { tenancy } : {}) });
    const dir = mkdtempSync(join(tmpdir(), "wif-e2e-"));
    const s = new Scenario(
      dir,
      oci,
      options.stackName ?? /^\s*stack_name\s*=\s*(\S+)/im.exec(ini)?.[1] ?? "wif",
      undefined,
      ["WIF-L1", ...(options.findings ?? [])],
    );
    s.writeConfig(ini);
    return s;
  }

  /**
   * One environment of an `[Environments]` config in `dir` (written by the caller): its own local OCI, whose
   * tenancy is the overlay's `tenancy_ocid`; plan and deploy name its stack, `<stack_name>-<env>`.
   */
  static async environment(
    dir: string,
    env: string,
    overlay: string,
    options: LocalOciOptions & { baseStackName?: string } = {},
  ): Promise<Scenario> {
    const tenancy = /^\s*tenancy_ocid\s*=\s*(\S+)/im.exec(overlay)?.[1];
    const oci = await startLocalOci({ ...options, ...(tenancy ? { tenancy } : {}) });
    return new Scenario(dir, oci, `${options.baseStackName ?? "wif"}-${env}`, { name: env, sharedDir: true });
  }

  /** `text` with its `iam_guid` pointing at this scenario's local OCI. */
  pointAtLocalOci(text: string): string {
    return text.replace(/^(\s*iam_guid\s*=\s*)\S+/im, `$1${this.oci.url}`);
  }

  get configPath(): string {
    return join(this.dir, "setupConfig.ini");
  }

  get stackDir(): string {
    return join(this.dir, "cdktf.out", "stacks", this.stackName);
  }

  get runtimeConfigPath(): string {
    return join(this.dir, this.environment ? `runtimeConfig.${this.environment.name}.ini` : "runtimeConfig.ini");
  }

  /** Writes the config, pointing its domain URL at the local OCI. */
  writeConfig(ini: string): void {
    writeFileSync(this.configPath, this.pointAtLocalOci(ini));
  }

  readConfig(): string {
    return readFileSync(this.configPath, "utf8");
  }

  /** The environment of every command: the local OCI's, the config, the output directory, Terraform offline. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.oci.env(),
      WIF_CONFIG: this.configPath,
      CDKTF_OUTDIR: join(this.dir, "cdktf.out"),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      NO_COLOR: "1",
      ...this.extraEnv,
      ...extra,
    };
  }

  private async step(
    name: string,
    cmd: string,
    args: readonly string[],
    extra: Record<string, string> = {},
    cwd = ROOT,
  ) {
    const r = await runCommand(cmd, args, { cwd, env: this.env(extra) });
    this.times.push([name, r.ms]);
    this.printed.push(r.stdout, r.stderr);
    return r;
  }

  /**
   * `npm run plan` (synth, terraform plan, redacted diff, review). It exits 1 here whatever the plan, since the review
   * fails every stack on a loopback domain (WIF-L1); a run that printed no plan fails the test with its output. The
   * verdict must name exactly the config's findings (WIF-L1, and those the config itself fails) and the ones this
   * step provokes (`provoked`: WIF-D4 after drift) as the review's unsuppressed errors, and nothing else.
   */
  async plan(name = "plan", provoked: readonly string[] = []): Promise<CommandResult> {
    const r = await this.step(name, "npm", ["run", "-s", "plan", ...(this.environment ? ["--", this.stackName] : [])]);
    if (!planCounts(r.stdout)) expectOk({ ...r, code: r.code || 1 }, name);
    const expected = [...new Set([...this.findings, ...provoked])].sort();
    expect({ name, blocking: blockingRules(r.stdout) }).toEqual({ name, blocking: expected });
    return r;
  }

  /**
   * `npm run deploy` (applies the saved plan). The gate refuses a plan whose review failed, and every plan here
   * fails it (WIF-L1), so the deploy takes the documented override, `--accept-findings "<reason>"`, as a person
   * would; {@link plan} has checked which findings that accepts, and the deploy's output must say it accepted them.
   */
  async deploy(name = "deploy", extra: Record<string, string> = {}): Promise<CommandResult> {
    const r = await this.step(
      name,
      "npm",
      ["run", "-s", "deploy", "--", ...(this.environment ? [this.stackName] : []), "--accept-findings", ACCEPT_REASON],
      extra,
    );
    // Refused by the gate or not, a deploy that got as far as the gate printed why it went on.
    if (r.code === 0) expect(r.stdout).toContain(`accepted with --accept-findings: the review of this plan found`);
    if (r.code === 0) expect(r.stdout).toContain(`Reason given: ${ACCEPT_REASON}`);
    return r;
  }

  /** Terraform itself in the stack directory, for checks the project's commands do not make (and destroy). */
  terraform(name: string, args: readonly string[]): Promise<CommandResult> {
    return this.step(name, "terraform", args, {}, this.stackDir);
  }

  /** A bin of this project (`wif-exchange`, `wif-import`, …) with these arguments. */
  bin(name: string, bin: string, args: readonly string[], extra: Record<string, string> = {}): Promise<CommandResult> {
    return this.step(name, process.execPath, [join(ROOT, "bin", `${bin}.cjs`), ...args], extra, this.dir);
  }

  /**
   * `wif-import` of the local OCI's domain over this scenario's config (`--force`), its policies read from
   * `compartment`; `extra` adds flags (`--issuer <url>`).
   */
  importDomain(name: string, compartment: string, extra: readonly string[] = []): Promise<CommandResult> {
    const o = this.oci;
    return this.bin(name, "wif-import", [
      ...["--domain", o.url, ...extra, "--compartment", compartment, "--region", o.region],
      ...["--iam-endpoint", o.url, "--config-file", o.ociConfig.configFile, "--out", this.configPath, "--force"],
    ]);
  }

  /** `terraform plan -detailed-exitcode`: 0 when nothing would change. */
  async planIsEmpty(name = "plan -detailed-exitcode"): Promise<{ empty: boolean; result: CommandResult }> {
    const r = await this.terraform(name, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"]);
    return { empty: r.code === 0, result: r };
  }

  /**
   * The actions of the plan `npm run plan` saved (`terraform show -json`), by resource address; data sources and
   * no-ops left out.
   */
  async planActions(name = "show -json"): Promise<Record<string, string[]>> {
    const r = await this.terraform(name, ["show", "-json", "wif.tfplan"]);
    this.printed.pop(); // the plan's JSON holds the state's secrets; it is read here, never printed
    this.printed.pop();
    if (r.code !== 0) throw new Error(`terraform show failed: ${r.stderr.slice(-500)}`);
    const out: Record<string, string[]> = {};
    this.lastChanges = [];
    for (const rc of JSON.parse(r.stdout).resource_changes ?? []) {
      if (rc.mode !== "managed") continue;
      this.lastChanges.push(rc);
      if (rc.change.actions.join() !== "no-op") out[rc.address] = rc.change.actions;
    }
    return out;
  }

  /** The managed resource changes of the plan {@link planActions} read last (values hold secrets: never print). */
  private lastChanges: Array<{ address: string; change: any }> = [];

  /** The resources the plan last read by {@link planActions} imports. */
  importsInPlan(): string[] {
    return this.lastChanges.filter((rc) => rc.change.importing).map((rc) => rc.address);
  }

  /** Per updated resource of that plan, the top-level arguments whose value changes (names only). */
  updatedArguments(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const rc of this.lastChanges) {
      if (rc.change.actions.join() !== "update") continue;
      const { before = {}, after = {}, after_unknown: unknown = {} } = rc.change;
      const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
      out[rc.address] = [...keys]
        .filter((k) => unknown[k] === true || JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
        .filter((k) => !(typeof unknown[k] === "object" && JSON.stringify(before?.[k]) === JSON.stringify(after?.[k])))
        .sort();
    }
    return out;
  }

  /**
   * Resources the saved plan destroys or replaces, apart from runtimeConfig.ini's writer: a `terraform_data` that is
   * replaced whenever the file's content changes, which is how it rewrites the file (README, "runtimeConfig.ini").
   */
  async destroysInPlan(name: string): Promise<string[]> {
    const actions = await this.planActions(name);
    return Object.entries(actions)
      .filter(([address, a]) => a.includes("delete") && !/^terraform_data\..*RuntimeConfig/.test(address))
      .map(([address, a]) => `${address} ${a.join("/")}`);
  }

  /** The synthesized stack. */
  stack(): any {
    return JSON.parse(readFileSync(join(this.stackDir, "cdk.tf.json"), "utf8"));
  }

  /** Terraform's state, parsed. */
  state(): any {
    return JSON.parse(readFileSync(join(this.dir, `terraform.${this.stackName}.tfstate`), "utf8"));
  }

  /** The state's resources of a type: address → attributes. */
  stateResources(type: string): Record<string, any> {
    const out: Record<string, any> = {};
    for (const r of this.state().resources ?? []) {
      if (r.type !== type || r.mode !== "managed") continue;
      for (const i of r.instances ?? []) out[`${r.type}.${r.name}`] = i.attributes;
    }
    return out;
  }

  /** The live SCIM resources of a type that the stack's state manages (not those made by hand). */
  managed(type: "Apps" | "IdentityPropagationTrusts" | "Users" | "Groups"): Record<string, any>[] {
    const tfType = {
      Apps: "oci_identity_domains_app",
      IdentityPropagationTrusts: "oci_identity_domains_identity_propagation_trust",
      Users: "oci_identity_domains_user",
      Groups: "oci_identity_domains_group",
    }[type];
    const ids = new Set(Object.values(this.stateResources(tfType)).map((a) => a.id));
    return this.oci.scim.all(type).filter((r) => ids.has(r.id));
  }

  /**
   * Registers every trust's issuer of the synthesized stack with the local OCI's "internet" (its JWKS URL), and
   * returns a minting function per issuer.
   */
  registerIssuers(): Map<string, (claims: Record<string, unknown>) => string> {
    const out = new Map<string, (claims: Record<string, unknown>) => string>();
    for (const t of Object.values<any>(this.stack().resource?.oci_identity_domains_identity_propagation_trust ?? {})) {
      if (!out.has(t.issuer)) out.set(t.issuer, this.oci.issuers.add(t.issuer, t.public_key_endpoint));
    }
    return out;
  }

  fileMode(path: string): number {
    return statSync(path).mode & 0o777;
  }

  /** Step times as `name 1.2 s` pieces. */
  timing(): string {
    return this.times.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(", ");
  }

  async close(): Promise<void> {
    await this.oci.close();
    if (!this.environment?.sharedDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
