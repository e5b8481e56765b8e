import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import type { IConstruct } from "constructs";
import { loadConfig } from "../config/load-config";
import { ConfigError, formatProblem } from "../core/problems";
import { ConstructValidationError } from "../constructs/validation";
import { WifStack } from "./wif-stack";
import { EXIT, hasCode } from "../core/errors";
import { environmentsOf, synthesizeEnvironments } from "./environments";

/** Options of {@link synthesize}. */
export interface SynthOptions {
  /** The setupConfig.ini to read. */
  readonly configPath: string;
  /** cdktf's output directory. */
  readonly outdir: string;
  /** Where warnings and errors go. */
  readonly log: (line: string) => void;
}

/** What a synthesis produced. */
export interface SynthResult {
  readonly exitCode: number;
  /** Directory of the stack's cdk.tf.json, when synthesis succeeded. */
  readonly stackDir?: string;
}

/**
 * Loads the config, builds the stack and writes it. Config and prop errors are printed one per line, without a
 * stack trace, and nothing is written; warnings are printed and synthesis goes on.
 */
export function synthesize(options: SynthOptions): SynthResult {
  const { log } = options;
  let created: string | undefined;
  try {
    const envs = environmentsOf(options); // [Environments]: one stack per overlay
    if (envs) return synthesizeEnvironments(options, envs);
    const { config, warnings } = loadConfig(options.configPath);
    for (const w of warnings) log(`warning: ${formatProblem(w)}`);

    const outdir = resolve(options.outdir);
    // cdktf's App makes the directory but not its parents; what we make is removed again if we fail before writing.
    created = existsSync(outdir) ? undefined : mkdirSync(outdir, { recursive: true });
    const app = new App({ outdir });
    const workingDirectory = join(outdir, "stacks", config.stackName);
    const stack = new WifStack(app, { config, workingDirectory });
    for (const message of warningsOf(stack)) log(`warning: ${message}`);
    app.synth();
    return { exitCode: 0, stackDir: workingDirectory };
  } catch (err) {
    if (created) rmSync(created, { recursive: true, force: true });
    if (hasCode<ConfigError>(err, "WIF-E-CONFIG")) {
      log(`error: ${err.problems.length} problem${err.problems.length === 1 ? "" : "s"} in ${options.configPath}; nothing was written.`);
      for (const p of err.problems) log(`  ${formatProblem(p)}`);
      return { exitCode: EXIT.badInput };
    }
    if (hasCode<ConstructValidationError>(err, "WIF-E-PROPS")) {
      log(`error: invalid construct props; nothing was written.`);
      for (const p of err.problems) log(`  ${p}`);
      return { exitCode: EXIT.badInput };
    }
    throw err;
  }
}

/** Warning annotations of a construct tree, in tree order. */
export function warningsOf(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
}
