import { spawn, spawnSync } from "node:child_process";
import { registerEnvironmentSecrets } from "../core/redact";

/**
 * The one way the deploy path runs Terraform: in the stack's directory, never reading from a terminal
 * (`TF_INPUT=0`), with a time limit on each of the provider's HTTP requests (`HTTP_REQUEST_TIMEOUT`), with the
 * environment's secrets registered first (what Terraform is given, a provider's client secret or a backend's
 * password, may come back in its errors). Short steps run to the end ({@link terraformSync});
 * plan and apply stream Terraform's machine-readable UI (`-json`, one JSON message per line; see
 * https://developer.hashicorp.com/terraform/internals/machine-readable-ui) to a callback as they come
 * ({@link terraformStream}), so the commands can show progress without ever printing Terraform's own text.
 */

/** Where and how Terraform runs. */
export interface TerraformOptions {
  /** The stack directory (cdktf.out/stacks/<name>). */
  readonly stackDir: string;
  /** The terraform binary. @default "terraform" */
  readonly terraform?: string;
  /** Seconds each step may take. @default 1800 */
  readonly timeoutSeconds?: number;
  /** The environment Terraform runs with. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a step left behind. */
export interface Step {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function environment(options: TerraformOptions): NodeJS.ProcessEnv {
  const env = options.env ?? process.env;
  registerEnvironmentSecrets(env);
  return {
    // The provider sets no timeout on its HTTP requests (HTTP_REQUEST_TIMEOUT defaults to 0 in oracle/oci 8.28.0,
    // internal/provider/provider.go), so one request that never gets an answer stalls the step until this runner's
    // own timeout. 60 s is the Go SDK's own default; a request that times out is retried by the provider. A value
    // in the environment wins.
    HTTP_REQUEST_TIMEOUT: "60s",
    ...env,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
}

/** Runs one step to its end; its output is only returned, never printed. */
export function terraformSync(options: TerraformOptions, args: readonly string[], maxBuffer = 64 * 1024 * 1024): Step {
  const r = spawnSync(options.terraform ?? "terraform", [...args], {
    cwd: options.stackDir,
    encoding: "utf8",
    maxBuffer,
    timeout: (options.timeoutSeconds ?? 1800) * 1000,
    env: environment(options),
  });
  return {
    ok: r.status === 0,
    stdout: r.stdout ?? "",
    stderr: r.error ? `${cannotRun(options, r.error)}\n${r.stderr ?? ""}` : (r.stderr ?? ""),
  };
}

function cannotRun(options: TerraformOptions, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `cannot run ${options.terraform ?? "terraform"}: not found. Install Terraform >= 1.4.`;
  if (code === "ETIMEDOUT")
    return `terraform did not finish within ${options.timeoutSeconds ?? 1800} s and was stopped.`;
  return `cannot run ${options.terraform ?? "terraform"} (${code ?? error.message}).`;
}

/** One message of Terraform's machine-readable UI: its `type`, `@level`, `@message` and the rest as sent. */
export interface UiMessage {
  readonly type?: string;
  readonly "@level"?: string;
  readonly "@message"?: string;
  readonly [key: string]: unknown;
}

/** The longest line of Terraform's UI stream kept; a longer one is dropped (it is data from outside). */
const MAX_LINE = 1024 * 1024;

/**
 * Runs a step with `-json` and calls `onMessage` with each UI message as Terraform writes it. Lines that are not
 * JSON objects (a provider's stray output) are skipped; standard error is collected and returned.
 */
export function terraformStream(
  options: TerraformOptions,
  args: readonly string[],
  onMessage: (message: UiMessage) => void,
): Promise<Step> {
  return new Promise((resolve) => {
    const child = spawn(options.terraform ?? "terraform", [...args], {
      cwd: options.stackDir,
      env: environment(options),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    let stderr = "";
    let failure: string | undefined;
    const timer = setTimeout(
      () => {
        failure = `terraform did not finish within ${options.timeoutSeconds ?? 1800} s and was stopped.`;
        child.kill("SIGTERM");
      },
      (options.timeoutSeconds ?? 1800) * 1000,
    );
    const take = (line: string) => {
      if (!line.startsWith("{") || line.length > MAX_LINE) return;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (message && typeof message === "object" && !Array.isArray(message)) onMessage(message as UiMessage);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf("\n");
      while (nl >= 0) {
        take(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf("\n");
      }
      if (pending.length > MAX_LINE) pending = "";
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < 4 * 1024 * 1024) stderr += chunk;
    });
    child.on("error", (error) => {
      failure = cannotRun(options, error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (pending) take(pending);
      resolve({
        ok: code === 0 && failure === undefined,
        stdout: "",
        stderr: failure ? `${failure}\n${stderr}` : stderr,
      });
    });
  });
}
