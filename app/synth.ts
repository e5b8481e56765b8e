import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import type { IConstruct } from "constructs";
import { loadConfig } from "../config/load-config";
import { ConfigError, formatProblem, printableProblems } from "../core/problems";
import { ConstructValidationError } from "../constructs/validation";
import { WifStack } from "./wif-stack";
import { EXIT, hasCode, type WifError } from "../core/errors";
import { redact } from "../core/redact";
import { checkPlace, namedPlaceRefusal } from "../core/place";
import {
  collectInputs,
  readStackSource,
  removeStack,
  writeStackSource,
  type StackInput,
  type StackSource,
} from "../core/stack-source";
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
  /** With [Environments]: each stack's directory, by environment name, when every environment synthesized. */
  readonly stackDirs?: Readonly<Record<string, string>>;
}

/**
 * Loads the config, builds the stack and writes it, with a record of the config's hash beside it (the review
 * refuses the stack once the config changes). Config and prop errors are printed one per line, without a stack
 * trace; nothing is written, and the stack this run would have replaced is removed, so a review cannot pass on it
 * as if it were current. Warnings are printed and synthesis goes on.
 */
export function synthesize(options: SynthOptions): SynthResult {
  // Every line goes through the one redaction function (secrets, control characters), whatever printed it.
  const log = (line: string) => options.log(redact(line));
  const outdir = resolve(options.outdir);
  let created: string | undefined;
  let stackName: string | undefined;
  // cdktf records a full stack trace for every token it creates (tokens/private/stack-trace.js), and formatting
  // them dominated large syntheses. Nothing here prints one (errors are reported without traces), so they are
  // formatted as empty while we synthesize.
  const prepareStackTrace = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    const envs = environmentsOf(options); // [Environments]: one stack per overlay
    if (envs) return synthesizeEnvironments(options, envs);
    const { value: loaded, inputs } = collectInputs(() => loadConfig(options.configPath));
    const { config, warnings, sha256 } = loaded;
    stackName = config.stackName;
    for (const w of warnings) log(`warning: ${formatProblem(w)}`);

    const workingDirectory = join(outdir, "stacks", config.stackName);
    refuseOddOutput(outdir, config.stackName, options.configPath);
    // cdktf's App makes the directory but not its parents; what we make is removed again if we fail before writing.
    created = existsSync(outdir) ? undefined : mkdirSync(outdir, { recursive: true });
    // cdktf's own validations check that every resource's provider is in the stack (ours always are) and that
    // `terraform version` is at least 1.4 for terraform_data (1.5 with import blocks), spawning it on every synth: a
    // fifth of the example's synth time, for what Terraform itself refuses at init. Our checks run in the
    // constructors and the config loader; test/stacks.test.ts runs cdktf's validations on every fixture.
    const app = new App({ outdir, skipValidation: true });
    const stack = new WifStack(app, { config, workingDirectory });
    for (const message of warningsOf(stack)) log(`warning: ${message}`);
    app.synth();
    if (sha256) writeStackSource(workingDirectory, sourceRecord(options.configPath, sha256, inputs));
    return { exitCode: 0, stackDir: workingDirectory };
  } catch (err) {
    if (created) rmSync(created, { recursive: true, force: true });
    else if (isInputError(err)) removeStaleStacks(outdir, resolve(options.configPath), stackName, log);
    if (hasCode<ConfigError>(err, "WIF-E-CONFIG")) {
      log(
        `error: ${err.problems.length} problem${err.problems.length === 1 ? "" : "s"} in ${options.configPath}; nothing was written.`,
      );
      for (const line of printableProblems(err.problems)) log(`  ${line}`);
      return { exitCode: EXIT.badInput };
    }
    if (hasCode<ConstructValidationError>(err, "WIF-E-PROPS")) {
      log(`error: invalid construct props; nothing was written.`);
      for (const p of err.problems) log(`  ${p}`);
      return { exitCode: EXIT.badInput };
    }
    if (isStackRefusal(err)) {
      // The stack's literal step (constructs/literal.ts): text holding a cdktf marker, which the config loader
      // refuses first with its file and key, or a request for cdktf's HCL output.
      log(`error: ${err.message} Nothing was written.`);
      return { exitCode: EXIT.badInput };
    }
    throw err;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
  }
}

function isStackRefusal(err: unknown): err is WifError {
  return hasCode(err, "WIF-E-TOKEN-MARKER") || hasCode(err, "WIF-E-HCL-OUTPUT");
}

/**
 * The record of a stack made from `configPath` (whose text hashed to `sha256`) and every other file the loader
 * read, in a stable order; the config itself is not repeated among them.
 */
export function sourceRecord(configPath: string, sha256: string, inputs: readonly StackInput[]): StackSource {
  const config = resolve(configPath);
  const others = inputs
    .filter((i) => i.file !== config)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return others.length ? { config, sha256, inputs: others } : { config, sha256 };
}

function isInputError(err: unknown): boolean {
  return hasCode(err, "WIF-E-CONFIG") || hasCode(err, "WIF-E-PROPS") || isStackRefusal(err);
}

/**
 * What goes where the stack is written (core/place.ts): a FIFO or device at cdk.tf.json would hang or eat the write,
 * and a link at the stack's folder or file (say, committed under cdktf.out by a pull request) would have it written
 * wherever the link points. Refused as a config problem.
 */
export function refuseOddOutput(outdir: string, stackName: string, configPath: string): void {
  const linked = namedPlaceRefusal(outdir, "directory");
  if (linked)
    throw new ConfigError([
      { file: configPath, message: `the output folder ${outdir} ${linked.message}`, fix: linked.fix },
    ]);
  for (const [value, kind] of [
    [`stacks/${stackName}`, "directory"],
    [`stacks/${stackName}/cdk.tf.json`, "file"],
  ] as const) {
    const checked = checkPlace(outdir, value, {
      rootName: "the output folder",
      expected: "an output folder without links",
      kind,
      write: true,
    });
    if (checked.refusal) {
      throw new ConfigError([
        {
          file: configPath,
          message: `the output ${join(outdir, value)} ${checked.refusal.message}`,
          fix: "Remove it, or set CDKTF_OUTDIR to another directory.",
        },
      ]);
    }
  }
}

/**
 * After a failed synthesis: removes the stacks this config made before (by their record), and the stack of the
 * config's name, so `wif-review` finds no stack instead of an old one.
 */
function removeStaleStacks(
  outdir: string,
  configPath: string,
  stackName: string | undefined,
  log: (line: string) => void,
): void {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  for (const name of readdirSync(stacksDir)) {
    const dir = join(stacksDir, name);
    // Only our own folders: never remove files through a link planted among the stacks.
    if (!lstatSync(dir).isDirectory()) continue;
    const source = readStackSource(dir);
    if (name === stackName || source?.config === configPath) {
      if (removeStack(dir))
        log(`note: removed the previous ${join(dir, "cdk.tf.json")}, which no longer matches ${configPath}.`);
    }
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
