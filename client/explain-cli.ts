import { resolve } from "node:path";
import { stringFlag, type FlagSpec } from "../cli/flags";
import { EXIT, UsageError } from "../core/errors";
import { explainToken, renderExplanation } from "./explain";
import type { CliIo } from "../cli/io";
import { chooseTokenSource, readLocalToken, type TokenSourceFlags } from "./token-source";
import { defaultTrustSource, trustsFromConfig, trustsFromStack, type TrustSource } from "./trust-model";
import { runCommand, type CommandSpec } from "../cli/command";

const FLAGS: Record<string, FlagSpec> = {
  "token-file": { type: "string", value: "<path>", help: "read the JWT from a file; - reads standard input" },
  "token-env": { type: "string", value: "<NAME>", help: "read it from an environment variable" },
  "token-stdin": { type: "boolean", help: "read it from standard input" },
  stack: { type: "string", value: "<path>", help: "a synthesized stack: cdktf.out/stacks/<name> or its cdk.tf.json" },
  config: { type: "string", value: "<path>", help: "a setupConfig.ini instead of a stack" },
  at: {
    type: "string",
    value: "<time>",
    help: "check expiry at this ISO 8601 time instead of now, e.g. 2026-09-05T12:00:00Z",
  },
};

/** wif-explain's help and flags (cli/command.ts renders the help). */
const COMMAND: CommandSpec = {
  name: "wif-explain",
  synopsis:
    "(--token-file <path> | --token-env <NAME> | --token-stdin) [--stack <path> | --config <path>] [--at <time>]",
  about: ["Shows, offline, whether OCI would exchange a JWT and which service user it would become."],
  flags: FLAGS,
  exitCodes: "0 one service user, 1 refused or ambiguous, 2 bad input. See docs/exchange.md",
};

/**
 * `wif-explain`: decodes a JWT without trusting it, shows its claims, checks it against the trust of its issuer
 * (from a synthesized stack or setupConfig.ini) and evaluates every impersonation rule, to say offline which
 * service user it would become, or why it would be refused and which rule came closest. Sends nothing.
 *
 * Returns the exit code: 0 the token would become exactly one service user, 1 it would be refused or the
 * result is ambiguous, 2 bad input.
 */
export async function main(argv: readonly string[], rawIo?: Partial<CliIo>): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, async (flags, io) => {
    const stack = stringFlag(flags, "stack");
    const config = stringFlag(flags, "config");
    if (stack !== undefined && config !== undefined) throw new UsageError("give --stack or --config, not both.");
    const nowSeconds = atFlag(stringFlag(flags, "at"), io.now());

    const sourceFlags: TokenSourceFlags = {
      tokenFile: stringFlag(flags, "token-file"),
      tokenEnv: stringFlag(flags, "token-env"),
      tokenStdin: Boolean(flags["token-stdin"]),
    };
    const { kind } = chooseTokenSource(sourceFlags, io.env, { ambient: false });
    if (kind === "issuer" || kind === "runtime-config")
      throw new UsageError("wif-explain reads the token from a file, a variable or standard input.");

    let source: TrustSource;
    if (stack !== undefined) source = trustsFromStack(resolve(io.cwd, stack), stack);
    else if (config !== undefined) source = trustsFromConfig(resolve(io.cwd, config), config);
    else {
      const found = defaultTrustSource(io.cwd, io.env);
      io.err(`note: checking against ${found.path} (pass --stack or --config to choose).`);
      source =
        found.kind === "stack"
          ? trustsFromStack(resolve(io.cwd, found.path), found.path)
          : trustsFromConfig(resolve(io.cwd, found.path), found.path);
    }

    const subject = await readLocalToken(kind, sourceFlags, io);
    // The token is a bearer credential while it is valid: its claims are shown, the token itself never.
    const explanation = explainToken(subject.decoded.claims, source, nowSeconds);
    for (const line of renderExplanation(explanation, subject.decoded.claims, source)) io.out(line);
    return explanation.verdict === "accepted" ? EXIT.ok : EXIT.failed;
  });
}

function atFlag(text: string | undefined, nowMs: number): number {
  if (text === undefined) return nowMs / 1000;
  const t = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(t))
    throw new UsageError(`--at must be an ISO 8601 time such as 2026-09-05T12:00:00Z; got ${JSON.stringify(text)}.`);
  return t / 1000;
}
