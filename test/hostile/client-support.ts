/** Runs a client corpus case against the local token endpoint, in a fresh working directory and home. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchangeMain } from "../../client/exchange-cli";
import { main as explainMain } from "../../client/explain-cli";
import type { CliIo } from "../../cli/io";
import { githubToken, type TokenEndpoint } from "../support/token-endpoint";
import { pooledKeyPair, run, runtimeConfigText, tempDir, writeRuntimeConfig } from "../client/harness";
import { BASE, withKey } from "./corpus-support";
import type { ClientCase } from "./client-cases";

/** What a client case did: exit code, every line printed, whether ~/.oci was written, and its secrets. */
export interface ClientRun {
  readonly code: number;
  readonly lines: string[];
  readonly wroteOci: boolean;
  readonly secrets: string[];
  readonly cwd: string;
}

const exchange = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });

export async function runClientCase(c: ClientCase, endpoint: TokenEndpoint): Promise<ClientRun> {
  const cwd = tempDir("wif-hostile-client-");
  const home = tempDir("wif-hostile-home-");
  const now = Math.floor(Date.now() / 1000);
  const token = c.token?.(now) ?? githubToken({}, now);
  writeFileSync(join(cwd, "ci.jwt"), `${token}\n`);
  writeRuntimeConfig(
    cwd,
    c.runtimeConfig ? c.runtimeConfig(runtimeConfigText(endpoint), endpoint) : runtimeConfigText(endpoint),
  );
  writeFileSync(join(cwd, "setupConfig.ini"), withKey("Trust github", "audience", "oci-wif", BASE));
  c.prepare?.(cwd);
  if (c.inject) endpoint.inject("token", ...c.inject(endpoint, token));
  const r = await run(c.command === "exchange" ? exchange : explainMain, c.argv, { cwd, home });
  return {
    code: r.code,
    lines: [...r.out, ...r.err].map((l) => l.split(cwd).join("<cwd>")),
    wroteOci: existsSync(join(home, ".oci")),
    secrets: [
      endpoint.clientSecret,
      token,
      token.split(".")[1],
      Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString("base64"),
      ...endpoint.issued,
    ],
    cwd,
  };
}
