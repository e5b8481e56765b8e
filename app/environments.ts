import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import {
  checkEnvironmentClashes,
  findEnvironments,
  loadEnvironment,
  type EnvironmentSource,
} from "../config/environments";
import type { WifConfig } from "../config/model";
import { ConfigError, formatProblem } from "../core/problems";
import { EXIT, hasCode } from "../core/errors";
import type { ConstructValidationError } from "../constructs/validation";
import { WifStack } from "./wif-stack";
// synth.ts imports this module too; warningsOf is only read when called, after both have loaded.
import { refuseOddOutput, sourceRecord, warningsOf, type SynthOptions, type SynthResult } from "./synth";
import { collectInputs, writeStackSource, type StackInput } from "../core/stack-source";

/** What synthesizing every environment produced. */
export interface EnvironmentsResult extends SynthResult {
  /** Stack directory by environment name, when every environment synthesized. */
  readonly stackDirs?: Readonly<Record<string, string>>;
}

/**
 * The environments of the config at `options.configPath`, or undefined when it declares none. Throws
 * {@link ConfigError} when `[Environments]` itself is wrong.
 */
export function environmentsOf(options: Pick<SynthOptions, "configPath">): EnvironmentSource[] | undefined {
  return findEnvironments(options.configPath);
}

/**
 * Synthesizes one stack per environment in one app. Every environment is loaded and built before anything is
 * written; each failing one is reported under its own name (the others' problems too), and then nothing is
 * written at all, so a half-updated set of stacks never reaches a plan.
 */
export function synthesizeEnvironments(options: SynthOptions, envs: readonly EnvironmentSource[]): EnvironmentsResult {
  const { log } = options;
  const outdir = resolve(options.outdir);
  const created = existsSync(outdir) ? undefined : mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, skipValidation: true }); // as app/synth.ts, which says why
  const failed: string[] = [];
  const built: Array<{ env: EnvironmentSource; config: WifConfig; dir: string; inputs: StackInput[] }> = [];
  for (const env of envs) {
    const tag = `environment ${env.name} (${env.file})`;
    try {
      const { value: loaded, inputs } = collectInputs(() => loadEnvironment(env));
      const { config, warnings } = loaded;
      for (const w of warnings) log(`warning: [${env.name}] ${formatProblem(w)}`);
      checkEnvironmentClashes(env, config, built);
      const dir = join(outdir, "stacks", config.stackName);
      refuseOddOutput(outdir, config.stackName, env.file);
      const stack = new WifStack(app, { config, workingDirectory: dir });
      for (const message of warningsOf(stack)) log(`warning: [${env.name}] ${message}`);
      built.push({ env, config, dir, inputs });
    } catch (err) {
      failed.push(env.name);
      if (hasCode<ConfigError>(err, "WIF-E-CONFIG")) {
        log(`error: ${tag}: ${err.problems.length} problem${err.problems.length === 1 ? "" : "s"}:`);
        for (const p of err.problems) log(`  ${formatProblem(p)}`);
      } else if (hasCode<ConstructValidationError>(err, "WIF-E-PROPS")) {
        log(`error: ${tag}: invalid construct props:`);
        for (const p of err.problems) log(`  ${p}`);
      } else {
        if (created) rmSync(created, { recursive: true, force: true });
        throw err;
      }
    }
  }
  if (failed.length) {
    if (created) rmSync(created, { recursive: true, force: true });
    log(`error: ${failed.length} of ${envs.length} environments failed (${failed.join(", ")}); nothing was written.`);
    return { exitCode: EXIT.badInput };
  }
  try {
    app.synth();
  } catch (err) {
    // A stack refused at synthesis (constructs/literal.ts): what this run made goes, as when an environment fails.
    if (created) rmSync(created, { recursive: true, force: true });
    throw err;
  }
  // Each stack's record: the base config and its overlay (and any file they name), as they were read.
  for (const b of built) {
    const base = b.inputs.find((i) => i.file === resolve(b.env.baseFile));
    if (base) writeStackSource(b.dir, sourceRecord(b.env.baseFile, base.sha256, b.inputs));
  }
  log(
    `synthesized ${built.length} environments: ${built.map((b) => `${b.env.name} → stacks/${b.config.stackName}`).join(", ")}`,
  );
  return { exitCode: 0, stackDirs: Object.fromEntries(built.map((b) => [b.env.name, b.dir])) };
}
