/**
 * The printers corpus's harness: hostile values planted in a synthesized stack and a plan (what a pull request can
 * change), secrets planted where a command reads them, and checks on every byte the commands print.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { sha256Of, writeStackSource } from "../../core/stack-source";
import { BASE } from "./corpus-support";

const made: string[] = [];

/** A fresh temporary directory, removed by {@link removeMade}. */
export function scratch(prefix = "wif-printers-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link scratch} made. */
export function removeMade(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

// ---- planted secrets ----

const random = (n: number) => randomBytes(n).toString("base64url");
const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** Secrets of every kind, random so that nothing else printed can hold a piece of one by chance. */
export function plantedSecrets() {
  const jwt = `${part({ alg: "RS256", typ: "JWT", kid: random(6) })}.${part({ sub: `repo:${random(9)}`, n: random(12) })}.${random(40)}`;
  const pemBody = [48, 48, 48, 20].map((n) => randomBytes(n).toString("base64"));
  return {
    /** A client secret shorter than 8 characters, as only a test domain has. */
    short: `s${randomBytes(2).toString("hex")}`,
    /** A long client secret of a test domain. */
    long: `long-${random(24)}`,
    /** An OCI client secret. */
    idcscs: `idcscs-${randomBytes(16).toString("hex")}`,
    jwt,
    /** A multi-line PEM private key. */
    pem: `-----BEGIN PRIVATE KEY-----\n${pemBody.join("\n")}\n-----END PRIVATE KEY-----\n`,
    pemBody,
  };
}

/** The planted pieces a printout must not contain: every body line of a PEM, each JWT segment, and the wholes. */
export function piecesOf(secret: string): string[] {
  if (secret.includes("-----BEGIN"))
    return secret
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("-----"));
  return secret.split(".").length >= 3 ? [secret, ...secret.split(".")] : [secret];
}

/**
 * What of the planted secrets a printout holds: for a piece of 8 characters or more, any 8-character run of it;
 * for a shorter one, the piece where it stands alone (not inside a longer word). Empty when clean.
 */
export function leaksIn(printed: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const s of secrets.flatMap(piecesOf)) {
    if (s.length < 8) {
      const alone = new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`);
      if (alone.test(printed)) found.push(s);
      continue;
    }
    for (let i = 0; i + 8 <= s.length; i++)
      if (printed.includes(s.slice(i, i + 8))) {
        found.push(s.slice(i, i + 8));
        break;
      }
  }
  return found;
}

/** Raw control, bidi and invisible characters: none may reach a terminal (a line break only ends a line). */
export const RAW_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

// ---- a stack and a plan to plant values in ----

/** The corpus's base config synthesized once: its cdk.tf.json as a document. */
export function baseStack(): Record<string, any> {
  const dir = scratch("wif-printers-synth-");
  writeFileSync(join(dir, "setupConfig.ini"), BASE);
  const log: string[] = [];
  const r = synthesize({
    configPath: join(dir, "setupConfig.ini"),
    outdir: join(dir, "cdktf.out"),
    log: (l) => log.push(l),
  });
  if (r.exitCode !== 0) throw new Error(`synthesis failed:\n${log.join("\n")}`);
  const stacks = join(dir, "cdktf.out", "stacks");
  return JSON.parse(readFileSync(join(stacks, readdirSync(stacks)[0], "cdk.tf.json"), "utf8"));
}

/** The one resource of `type` in a stack (the first, by name). */
export function resourceOf(stack: Record<string, any>, type: string): { name: string; body: Record<string, any> } {
  const [name, body] = Object.entries<Record<string, any>>(stack.resource[type]).sort(([a], [b]) =>
    a.localeCompare(b),
  )[0];
  return { name, body };
}

/** A plan (`terraform show -json`) in which the token-exchange app is deleted and the trust updated. */
export function basePlan(stack: Record<string, any>): Record<string, any> {
  const app = resourceOf(stack, "oci_identity_domains_app");
  const trust = resourceOf(stack, "oci_identity_domains_identity_propagation_trust");
  return {
    format_version: "1.2",
    resource_changes: [
      {
        address: `oci_identity_domains_app.${app.name}`,
        mode: "managed",
        type: "oci_identity_domains_app",
        change: { actions: ["delete"], before: { active: true }, after: null },
      },
      {
        address: `oci_identity_domains_identity_propagation_trust.${trust.name}`,
        mode: "managed",
        type: "oci_identity_domains_identity_propagation_trust",
        change: { actions: ["update"], before: { description: "a" }, after: { description: "b" }, after_unknown: {} },
      },
    ],
  };
}

/**
 * Writes a stack's cdk.tf.json with the record `npm run synth` would write beside it (core/stack-source.ts), so the
 * stale guard lets the planted stack through to the printers: the record names a stand-in config, unchanged since.
 */
export function writeRecordedStack(stackDir: string, text: string): void {
  mkdirSync(stackDir, { recursive: true });
  writeFileSync(join(stackDir, "cdk.tf.json"), text);
  const config = join(stackDir, "..", "setupConfig.ini");
  const configText = "# stand-in for the config the planted stack was synthesized from\n";
  writeFileSync(config, configText);
  writeStackSource(stackDir, { config, sha256: sha256Of(configText) });
}

/** Writes a stack directory and a plan file for wif-review; returns their paths. */
export function writeReviewInput(
  stack: unknown,
  plan: unknown,
  planName = "plan.json",
): { stackDir: string; planFile: string } {
  const dir = scratch("wif-printers-review-");
  const stackDir = join(dir, "wif");
  writeRecordedStack(stackDir, JSON.stringify(stack));
  const planFile = join(dir, planName);
  writeFileSync(planFile, JSON.stringify(plan));
  return { stackDir, planFile };
}

/** The lines of each table (runs of lines starting with `|`) have as many cells as its header. */
export function tablesKeepTheirColumns(cellsPerLine: readonly number[], markdown: string): boolean {
  const lines = markdown.split("\n");
  let header: number | undefined;
  let i = 0;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      header = undefined;
      continue;
    }
    const cells = cellsPerLine[i++];
    header ??= cells;
    if (cells !== header) return false;
  }
  return true;
}

// ---- a stand-in HTTP service that answers what a case says ----

/** A local server answering every request with `answer(path)`; records nothing. */
export interface EchoServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startEchoServer(answer: (path: string) => { status: number; body: string }): Promise<EchoServer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const { status, body } = answer(req.url ?? "/");
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
