import type { StackModel } from "./model";

/** How bad a finding is: `error` fails the pipeline (exit 1) unless suppressed; `warning` is reported only. */
export type Level = "error" | "warning";

/** What a rule reports: where, and what exactly is wrong there. */
export interface RuleFinding {
  /** The resource (or output) that is wrong, as Terraform names it: `oci_identity_policy.Wif_Policy-…`. */
  readonly address: string;
  /** Its construct path (`wif/Wif/Policy-ci/Policy`): what `[Suppress …] applies_to[]` matches. */
  readonly path: string;
  /** One sentence naming the value at fault. Never a secret. */
  readonly message: string;
}

/**
 * A review rule: one per file under `review/rules/`, listed in `review/rules/index.ts`, documented in
 * docs/review.md. The shape follows cdk-nag's rule packs: an ID, a level, a one-line cause and an explanation.
 */
export interface ReviewRule {
  /**
   * `WIF-<area><n>`: T trust, R impersonation rule, P policy, A app/token, U user, S secret, D removal (needs a
   * plan), L a local test domain.
   */
  readonly id: string;
  readonly level: Level;
  /** A `[Suppress]` never silences it (WIF-L1: a stack made for a local test OCI must not pass a real pipeline). */
  readonly unsuppressible?: boolean;
  /** What the rule finds, in one line. */
  readonly cause: string;
  /** Why it matters, and where the fact comes from. */
  readonly explanation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The findings in one stack; an empty list when it complies. */
  check(model: StackModel): RuleFinding[];
}

/** A finding as the review reports it. */
export interface Finding extends RuleFinding {
  readonly rule: string;
  readonly level: Level;
  readonly stack: string;
  /** Set when a `[Suppress]` of the config accepts it: it stays in the report and does not fail the run. */
  readonly suppressed?: { readonly reason: string };
}
