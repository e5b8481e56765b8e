import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { WifError } from "../core/errors";
import { parseJson } from "../core/bounded-json";
import { writeFilesAtomically } from "../core/secret-file";
import { terraformSync, type Step, type TerraformOptions } from "./terraform";

/**
 * `terraform init` when it is needed, so a plan never stops at "Inconsistent dependency lock file" or "Backend
 * initialization required" and nobody has to run init by hand in cdktf.out/stacks/<stack>. It is needed when the
 * stack has no `.terraform` folder, no dependency lock file, or no record of a finished init (the last one failed,
 * or was run by hand), and when the provider requirements or the lock file changed since the record was written
 * (`.terraform/wif-init.json`: their SHA-256).
 *
 * A change of backend is never followed silently: Terraform would have to copy the state (or leave it behind). It
 * is found by comparing the backend block of cdk.tf.json with the one Terraform recorded at its last init
 * (`.terraform/terraform.tfstate`), and refused with what would change, unless the caller passes
 * `--migrate-state` (copy the state to the new backend) or `--reconfigure` (use the new backend as it is).
 */

/** The record of the last init this module ran, inside .terraform/ (so it goes when .terraform goes). */
export const INIT_RECORD = join(".terraform", "wif-init.json");

/** What the caller allows when the backend changed. */
export interface BackendChoice {
  /** `terraform init -migrate-state -force-copy`: copy the state to the new backend. */
  readonly migrateState?: boolean;
  /** `terraform init -reconfigure`: use the new backend without the old state. */
  readonly reconfigure?: boolean;
}

interface Backend {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function readJson(file: string): unknown {
  try {
    return parseJson(readFileSync(file, "utf8"), { source: file });
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The stack's `terraform` block. */
function terraformBlock(stackDir: string): Record<string, unknown> {
  return record(record(readJson(join(stackDir, "cdk.tf.json")))?.terraform) ?? {};
}

/** The backend cdk.tf.json asks for (Terraform's default, local, when it names none). */
export function configuredBackend(stackDir: string): Backend {
  const backend = record(terraformBlock(stackDir).backend);
  const [type, config] = Object.entries(backend ?? {})[0] ?? ["local", {}];
  return { type, config: record(config) ?? {} };
}

/** The backend Terraform recorded at its last init, or undefined when none was recorded. */
export function initializedBackend(stackDir: string): Backend | undefined {
  const backend = record(record(readJson(join(stackDir, ".terraform", "terraform.tfstate")))?.backend);
  if (!backend || typeof backend.type !== "string") return undefined;
  return { type: backend.type, config: record(backend.config) ?? {} };
}

/** Whether two backend blocks name the same place: same type, same non-null settings. */
function sameBackend(a: Backend, b: Backend): boolean {
  if (a.type !== b.type) return false;
  const set = (c: Backend["config"]) =>
    JSON.stringify(
      Object.entries(c)
        .filter(([, v]) => v !== null && v !== undefined && v !== "")
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return set(a.config) === set(b.config);
}

/** Settings that say where a backend keeps the state; the others (timeouts, retries) are not shown. */
const WHERE = ["path", "address", "bucket", "namespace", "key", "region", "workspace_key_prefix", "prefix"];

/** `local (path "terraform.wif.tfstate")`, `oci (bucket "tf", namespace "ns", key "wif.tfstate")`. */
export function describeBackend(b: Backend): string {
  const where = WHERE.filter((k) => typeof b.config[k] === "string" && b.config[k] !== "").map(
    (k) => `${k} ${JSON.stringify(b.config[k])}`,
  );
  return `${b.type}${where.length ? ` (${where.join(", ")})` : ""}`;
}

/** The backend change since the last init, or undefined when there is none (or no init yet). */
export function backendChange(stackDir: string): { from: Backend; to: Backend } | undefined {
  const from = initializedBackend(stackDir);
  const to = configuredBackend(stackDir);
  // Never initialized with a backend block, and none asked for: the default local backend both times.
  if (!from) return undefined;
  return sameBackend(from, to) ? undefined : { from, to };
}

function fingerprints(stackDir: string): { providers: string; lock: string | null } {
  const lockFile = join(stackDir, ".terraform.lock.hcl");
  return {
    providers: sha256(JSON.stringify(terraformBlock(stackDir).required_providers ?? {})),
    lock: existsSync(lockFile) ? sha256(readFileSync(lockFile, "utf8")) : null,
  };
}

/** Why `terraform init` must run before a plan, or undefined when the last init still holds. */
export function initReason(stackDir: string): string | undefined {
  if (!existsSync(join(stackDir, ".terraform"))) return "the stack has not been initialized here yet";
  const providers = record(terraformBlock(stackDir).required_providers) ?? {};
  // Terraform writes no lock file for a stack that only uses its built-in provider (terraform_data).
  if (Object.keys(providers).length && !existsSync(join(stackDir, ".terraform.lock.hcl")))
    return "its dependency lock file is missing";
  const last = record(readJson(join(stackDir, INIT_RECORD)));
  if (!last) return "the last terraform init did not finish here (or was run by hand)";
  const now = fingerprints(stackDir);
  if (last.providers !== now.providers) return "its provider requirements changed since the last init";
  if (last.lock !== now.lock) return "its dependency lock file changed since the last init";
  return undefined;
}

/** The error when the backend changed and the caller did not say what to do with the state. */
export class BackendChangedError extends WifError {
  constructor(stack: string, from: Backend, to: Backend) {
    super("WIF-E-INIT", "badInput", [
      `the backend of stack ${stack} changed since its last terraform init: from ${describeBackend(from)} to ${describeBackend(to)}. Nothing was planned, and the state was not moved.`,
      "Say what to do with the state: --migrate-state copies it to the new backend (the old copy stays where it is); --reconfigure uses the new backend as it is, without the old state.",
    ]);
    this.name = "BackendChangedError";
  }
}

/** What {@link ensureInit} did: nothing, or an init that succeeded or failed. */
export interface InitResult {
  readonly ran: boolean;
  readonly step?: Step;
}

/**
 * Runs `terraform init` if the stack needs it (or `force`, after a plan that Terraform refused for want of one),
 * says why on `say`, and records what it initialized.
 * @throws BackendChangedError when the backend changed and `choice` says neither migrate nor reconfigure
 */
export function ensureInit(
  options: TerraformOptions & { readonly stack: string },
  choice: BackendChoice,
  say: (line: string) => void,
  force?: string,
): InitResult {
  const change = backendChange(options.stackDir);
  if (change && !choice.migrateState && !choice.reconfigure)
    throw new BackendChangedError(options.stack, change.from, change.to);
  const reason = change ? "its backend changed" : (force ?? initReason(options.stackDir));
  if (!reason) return { ran: false };
  const flags: string[] = [];
  if (change && choice.migrateState) {
    say(
      `terraform init -migrate-state: copying the state of ${options.stack} from ${describeBackend(change.from)} to ${describeBackend(change.to)}.`,
    );
    flags.push("-migrate-state", "-force-copy");
  } else if (change) {
    say(
      `terraform init -reconfigure: stack ${options.stack} now uses ${describeBackend(change.to)}; the state in ${describeBackend(change.from)} is left as it is.`,
    );
    flags.push("-reconfigure");
  } else {
    say(`terraform init (${reason}) …`);
    if (reason.startsWith("its provider requirements changed")) flags.push("-upgrade");
  }
  const step = terraformSync(options, ["init", "-input=false", "-no-color", ...flags]);
  if (step.ok)
    writeFilesAtomically([
      {
        path: join(options.stackDir, INIT_RECORD),
        content: `${JSON.stringify(fingerprints(options.stackDir), null, 2)}\n`,
        mode: 0o644,
      },
    ]);
  return { ran: true, step };
}

/** Whether Terraform refused a plan for want of an init (a lock or backend it cannot use as it is). */
export function needsInit(text: string): string | undefined {
  if (/Inconsistent dependency lock file/i.test(text)) return "Terraform found the dependency lock file inconsistent";
  if (/Backend initialization required/i.test(text)) return "Terraform asked for the backend to be initialized";
  if (/Required plugins are not installed|Missing required provider/i.test(text))
    return "Terraform found a required provider missing";
  if (/Module not installed/i.test(text)) return "Terraform found a module not installed";
  return undefined;
}
