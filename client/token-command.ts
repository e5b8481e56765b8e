import { spawn } from "node:child_process";
import { registerSecret } from "../core/redact";

/** What running a program that prints a token gave. */
export type CommandResult =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly reason: "not-found" | "timeout" | "too-large" | "failed"; readonly detail: string };

/**
 * Runs a program a CI platform installs to print its OIDC token (`buildkite-agent oidc request-token`, `aws sts
 * get-web-identity-token`), bounded like every answer from outside: the arguments are passed as they are (no
 * shell, so an audience is never read as shell syntax), the run is killed at `timeoutMs`, and standard output
 * above `maxBytes` is not buffered further (the program is killed). What it prints is registered as a secret before
 * anything else sees it; of its standard error only the first line is kept, for a message.
 */
export function runTokenCommand(
  argv: readonly string[],
  options: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string },
  limits: { readonly timeoutMs: number; readonly maxBytes: number },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let errText = "";
    let settled = false;
    const finish = (result: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(argv[0], argv.slice(1), {
      env: options.env as NodeJS.ProcessEnv,
      cwd: options.cwd,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ ok: false, reason: "timeout", detail: `no token within ${limits.timeoutMs / 1000} s` });
    }, limits.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > limits.maxBytes) {
        child.kill("SIGKILL");
        finish({ ok: false, reason: "too-large", detail: `printed more than ${limits.maxBytes} bytes` });
        return;
      }
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (errText.length < 4096) errText += chunk.toString("utf8");
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      finish(
        err.code === "ENOENT"
          ? { ok: false, reason: "not-found", detail: `${argv[0]} is not installed (not on PATH)` }
          : { ok: false, reason: "failed", detail: `${argv[0]} could not be started (${err.code ?? err.message})` },
      );
    });
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      // A token, or half of one: a secret from the moment it is read, whatever happens next.
      registerSecret(stdout.trim());
      if (code === 0) return finish({ ok: true, stdout });
      const line =
        errText
          .split(/\r?\n/)
          .find((l) => l.trim() !== "")
          ?.trim() ?? "";
      finish({
        ok: false,
        reason: "failed",
        detail: `${argv[0]} ${signal ? `was stopped (${signal})` : `exited with code ${code}`}${line ? `: ${line.slice(0, 300)}` : ""}`,
      });
    });
  });
}
