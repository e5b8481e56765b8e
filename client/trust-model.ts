import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { formatProblem, type ConfigError } from "../core/problems";
import { UsageError } from "../core/errors";
import { hasCode } from "../core/errors";
import { readStackFile } from "../core/stack";
import { rpstConditionsOf, trustModeOf, type TrustModeView } from "../core/trust-mode-view";
import type { ClaimCondition } from "../core/trust-modes";

/** One impersonation rule of a trust and the service user it maps to. */
export interface TrustRule {
  readonly expression: string;
  /** The user's name, or `SCIM id <value>` when the stack names the user by a literal id. */
  readonly user: string;
}

/** What `wif-explain` needs to know about a trust, from a synthesized stack or from setupConfig.ini. */
export interface TrustModel {
  /** The trust's `name`. */
  readonly name: string;
  /** Where it was defined: the stack's resource address, or the config section. */
  readonly origin: string;
  readonly issuer: string;
  readonly active: boolean;
  readonly allowImpersonation: boolean;
  /** `client_claim_name`; undefined when the trust sets no audience constraint. */
  readonly audienceClaim?: string;
  readonly audiences: readonly string[];
  readonly clockSkewSeconds?: number;
  /** In the order they appear; OCI's evaluation order is not ours to set (a Terraform set). */
  readonly rules: readonly TrustRule[];
  /** User context or RPST; undefined (or mode impersonation) for an impersonation trust. */
  readonly mode?: TrustModeView;
}

/** The trusts of one stack or config file. */
export interface TrustSource {
  /** The file as given, for messages. */
  readonly file: string;
  readonly trusts: readonly TrustModel[];
  /** Policy statements that grant to RPST holders by claims (`[Workload]` sections); empty when there are none. */
  readonly workloadGrants?: readonly WorkloadGrantModel[];
}

/** One statement for RPST holders: what it allows, and the propagated claims it tests (without `ext_`). */
export interface WorkloadGrantModel {
  readonly policy: string;
  /** What follows `Allow any-user to`, without the `where`. */
  readonly allows: string;
  readonly claims: readonly ClaimCondition[];
}

const TRUST_TYPE = "oci_identity_domains_identity_propagation_trust";
const USER_TYPE = "oci_identity_domains_user";
const USER_REF = /^\$\{oci_identity_domains_user\.([^.}]+)\.id\}$/;

/**
 * Reads the trusts of a synthesized stack (`cdktf.out/stacks/<name>/cdk.tf.json`, or its directory):
 * each `oci_identity_domains_identity_propagation_trust` with its rules, whose `value` references an
 * `oci_identity_domains_user` whose `user_name` says who the token becomes.
 *
 * @throws UsageError when the path does not exist or the stack holds no trust; InputError (core/stack.ts) when the
 *   file cannot be read or is not a synthesized stack
 */
export function trustsFromStack(path: string, display = path): TrustSource {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, "cdk.tf.json");
  } catch {
    throw new UsageError(
      `--stack ${display}: not found. Run \`npm run synth\` first, or pass --config setupConfig.ini.`,
    );
  }
  const stack = readStackFile(file, basename(dirname(file)), "--stack", display);
  const users = Object.fromEntries(stack.resources.filter((r) => r.type === USER_TYPE).map((r) => [r.name, r.body]));
  const trusts: TrustModel[] = [];
  for (const { name: id, body: t } of stack.resources.filter((r) => r.type === TRUST_TYPE)) {
    const services = Array.isArray(t.impersonation_service_users)
      ? (t.impersonation_service_users as Record<string, unknown>[])
      : [];
    const rules = services.map((s) => {
      const value = String(s.value ?? "");
      const ref = USER_REF.exec(value)?.[1];
      const userName = ref !== undefined ? users[ref]?.user_name : undefined;
      return { expression: String(s.rule ?? ""), user: typeof userName === "string" ? userName : `SCIM id ${value}` };
    });
    const audiences = Array.isArray(t.client_claim_values) ? t.client_claim_values.map(String) : [];
    trusts.push({
      name: typeof t.name === "string" ? t.name : id,
      origin: `${TRUST_TYPE}.${id}`,
      issuer: String(t.issuer ?? ""),
      // Both default to false in OCI (docs/oci-facts.md#trust).
      active: t.active === true,
      allowImpersonation: t.allow_impersonation === true,
      audienceClaim: typeof t.client_claim_name === "string" ? t.client_claim_name : undefined,
      audiences,
      clockSkewSeconds: typeof t.clock_skew_seconds === "number" ? t.clock_skew_seconds : undefined,
      rules,
      mode: trustModeOf(t),
    });
  }
  if (trusts.length === 0)
    throw new UsageError(`--stack ${display}: holds no ${TRUST_TYPE}; is it the stack of a WIF config?`);
  const policies = stack.resources.filter((r) => r.type === "oci_identity_policy");
  return {
    file: display,
    trusts,
    workloadGrants: workloadGrantsIn(policies.map((r) => ({ id: r.name, body: r.body }))),
  };
}

/** The any-user statements of a stack's policies that test an RPST's propagated claims. */
function workloadGrantsIn(
  policies: ReadonlyArray<{ id: string; body: Record<string, unknown> }>,
): WorkloadGrantModel[] {
  const out: WorkloadGrantModel[] = [];
  for (const { id, body: p } of policies) {
    for (const text of Array.isArray(p.statements) ? p.statements.map(String) : []) {
      const m = /^allow\s+any-user\s+to\s+(.+?)\s+where\s+(.+)$/is.exec(text.trim());
      const conditions = m && rpstConditionsOf(m[2]);
      if (m && conditions?.claims.length)
        out.push({ policy: typeof p.name === "string" ? p.name : id, allows: m[1], claims: conditions.claims });
    }
  }
  return out;
}

/**
 * Reads the trusts of a setupConfig.ini through the project's config loader, so the rules are exactly the
 * expressions a synth would put on the trusts. The loader (and the construct library behind it) is loaded only
 * here, which keeps `wif-explain --stack` and `wif-exchange` quick to start.
 *
 * @throws UsageError listing the config's problems
 */
export function trustsFromConfig(path: string, display = path): TrustSource {
  const { loadConfig } = require("../config/load-config") as typeof import("../config/load-config");
  let config;
  try {
    ({ config } = loadConfig(path));
  } catch (err) {
    if (!hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
    const problems = err.problems;
    throw new UsageError([
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${display}:`,
      ...problems.map((p) => `  ${formatProblem({ ...p, file: display })}`),
    ]);
  }
  const trusts = config.trusts.map((t): TrustModel => {
    const rules: TrustRule[] = [];
    for (const u of config.serviceUsers.filter((s) => s.trust === t.label)) {
      for (const r of u.rules)
        for (const expression of r.rule.expressions) rules.push({ expression, user: u.userName });
    }
    return {
      name: t.name,
      origin: `${display} [${t.section}]`,
      issuer: t.issuer,
      // The constructs always create trusts active; only user context turns impersonation off.
      active: true,
      allowImpersonation: t.mode !== "user",
      audienceClaim: t.audiences.length ? t.audienceClaim : undefined,
      audiences: t.audiences,
      clockSkewSeconds: t.clockSkewSeconds,
      rules,
      mode: {
        mode: t.mode ?? "impersonation",
        userMapping: t.userMapping,
        resourceLabel: t.resourceLabel,
        propagatedClaims: t.propagatedClaims ?? [],
        claimValidations: t.claimValidations ?? [],
      },
    };
  });
  const workloadGrants = (config.workloads ?? []).flatMap((w) =>
    w.statements.map((allows) => ({ policy: w.policyName, allows, claims: w.claims })),
  );
  return { file: display, trusts, workloadGrants };
}

/**
 * With neither `--stack` nor `--config`: the only stack under `./cdktf.out/stacks`, else `./setupConfig.ini`
 * (or `$WIF_CONFIG`, as `npm run synth` reads it).
 */
export function defaultTrustSource(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { kind: "stack" | "config"; path: string } {
  const stacks = resolve(cwd, "cdktf.out", "stacks");
  if (existsSync(stacks)) {
    const found = readdirSync(stacks).filter((d) => existsSync(join(stacks, d, "cdk.tf.json")));
    if (found.length === 1) return { kind: "stack", path: relative(cwd, join(stacks, found[0], "cdk.tf.json")) };
    if (found.length > 1) {
      throw new UsageError(
        `cdktf.out/stacks holds ${found.length} stacks (${found.join(", ")}); pass --stack cdktf.out/stacks/<name>.`,
      );
    }
  }
  const config = env.WIF_CONFIG ?? "setupConfig.ini";
  if (existsSync(resolve(cwd, config))) return { kind: "config", path: config };
  throw new UsageError(
    "no trust to check against: pass --stack cdktf.out/stacks/<name> (after `npm run synth`) or --config setupConfig.ini.",
  );
}
