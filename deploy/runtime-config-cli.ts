import { parseJson } from "../core/bounded-json";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../config/load-config";
import { ConfigError, formatProblem } from "../core/problems";
import { writeSecretFile } from "../core/secret-file";
import { hasCode } from "../core/errors";
import { registerSecretsIn } from "../core/redact";
import { terminal } from "../core/text-out";
import { runCommand, type CommandSpec } from "../cli/command";
import { OUTDIR_FLAG, stringFlag } from "../cli/flags";
import { configAndOutdir, type CliIo } from "../cli/io";

const COMMAND: CommandSpec = {
  name: "wif-runtime-config",
  synopsis: "[--config <path>] [--outdir <dir>]",
  about: [
    "Writes runtimeConfig.ini again (mode 0600) from the Terraform state of the config's stack, for a machine that",
    "did not run the apply. Its content (the client secret) is never printed.",
  ],
  flags: {
    config: {
      type: "string",
      value: "<path>",
      help: "the setupConfig.ini whose stack to read (default: $WIF_CONFIG, else ./setupConfig.ini)",
    },
    outdir: OUTDIR_FLAG.read,
  },
  exitCodes: "0 written, 1 no such output in the state (deploy first), 2 bad input",
};

/** Runs wif-runtime-config (`npm run runtime-config`). Returns the exit code. */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, (flags, io) => {
    const { configPath, outdir } = configAndOutdir(
      { config: stringFlag(flags, "config"), outdir: stringFlag(flags, "outdir") },
      io,
    );
    return writeRuntimeConfigFromState({ configPath, outdir, log: io.err, env: io.env });
  });
}

/** Options of {@link writeRuntimeConfigFromState}. */
export interface RuntimeConfigOptions {
  readonly configPath: string;
  readonly outdir: string;
  readonly log: (line: string) => void;
  /** The terraform binary. */
  readonly terraform?: string;
  /** The environment terraform runs with. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `npm run runtime-config`: writes runtimeConfig.ini again from Terraform state (the sensitive output
 * `runtime_config_ini`), for a machine that did not run the apply. Never prints the content.
 */
export function writeRuntimeConfigFromState(options: RuntimeConfigOptions): number {
  const log = (line: string) => options.log(terminal(line));
  let config;
  try {
    config = loadConfig(options.configPath).config;
  } catch (err) {
    if (!hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
    log(`error: ${err.problems.length} problem(s) in ${options.configPath}:`);
    for (const p of err.problems) log(`  ${formatProblem(p)}`);
    return 2;
  }
  const stackDir = join(resolve(options.outdir), "stacks", config.stackName);
  if (!existsSync(join(stackDir, "cdk.tf.json"))) {
    log(`error: ${stackDir}/cdk.tf.json does not exist. Run wif-synth (npm run synth) first.`);
    return 2;
  }
  return copyRuntimeConfigOutput(stackDir, config.runtimeConfigPath, log, options.terraform, options.env);
}

/**
 * Reads the sensitive output `runtime_config_ini` of the stack in `stackDir` with `terraform output` and writes
 * it to `target` as a secret file. Returns the exit code.
 */
export function copyRuntimeConfigOutput(
  stackDir: string,
  target: string,
  rawLog: (line: string) => void,
  terraform = "terraform",
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const log = (line: string) => rawLog(terminal(line));
  const run = spawnSync(terraform, ["output", "-json", "runtime_config_ini"], {
    cwd: stackDir,
    encoding: "utf8",
    env: { ...env, TF_IN_AUTOMATION: "1" },
  });
  if (run.error) {
    log(
      `error: cannot run ${terraform} (${(run.error as NodeJS.ErrnoException).code}). Install Terraform >= 1.4 and try again.`,
    );
    return 1;
  }
  let content: unknown;
  try {
    content = run.status === 0 ? parseJson(run.stdout, { source: "terraform output -json" }) : undefined;
  } catch {
    content = undefined;
  }
  // The output is the whole runtimeConfig.ini: its client secret is known to every printer from here on.
  if (typeof content === "string") registerSecretsIn(content, { assignments: true });
  if (typeof content !== "string") {
    // terraform's own message says why (no state, no such output). Its standard output is never shown: when the
    // command succeeded, that is the output's value.
    const why = run.stderr
      .replace(/\x1b\[[0-9;]*m/g, "")
      .trim()
      .split("\n")
      .filter(Boolean)
      .slice(0, 2)
      .join(" ");
    log(
      `error: no runtime_config_ini output in the state in ${stackDir} (${why || "empty"}). Deploy first: wif-plan, then wif-deploy.`,
    );
    return 1;
  }
  const written = writeSecretFile(target, content);
  log(`wrote ${written} (mode 0600) from the Terraform state in ${stackDir}`);
  return 0;
}
