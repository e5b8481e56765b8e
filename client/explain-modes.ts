/**
 * `wif-explain` for trusts that do not impersonate: which domain user a token becomes in user context, and what an
 * RPST would carry in resource mode. Offline, like the rest of wif-explain: the domain-user lookup itself cannot
 * be checked here, and the RPST's claim set beyond `ext_<claim>` is unverified.
 */
import type { ClaimCondition } from "../core/trust-modes";
import type { TrustModeView } from "../core/trust-mode-view";
import type { WorkloadGrantModel } from "./trust-model";

/** What the mode adds to an explanation. */
export interface ModeExplanation {
  /** Claim-validation and subject checks, in the shape of the trust checks. */
  readonly checks: ReadonlyArray<{
    readonly name: "validation" | "subject";
    readonly ok: boolean;
    readonly message: string;
  }>;
  /** What the token becomes, one line each. */
  readonly outcome: readonly string[];
  /** `domain user userName == "…"` or `resource principal <label>`: the identity, for the result line. */
  readonly identity?: string;
}

/** Checks `claim_validations`: the claim must equal the value ([inferred] equality, docs/oci-facts.md#claim-validations). */
export function validationChecks(
  validations: readonly ClaimCondition[],
  claims: Record<string, unknown>,
): ModeExplanation["checks"] {
  return validations.map((v) => {
    const got = claims[v.name];
    const text =
      typeof got === "string" || typeof got === "number" || typeof got === "boolean" ? String(got) : undefined;
    return text === v.value
      ? {
          name: "validation" as const,
          ok: true,
          message: `${v.name} is ${JSON.stringify(v.value)}, as the trust's claim validation requires`,
        }
      : {
          name: "validation" as const,
          ok: false,
          message: `${v.name} is ${got === undefined ? "missing" : JSON.stringify(got)}; the trust's claim validation requires ${JSON.stringify(v.value)}`,
        };
  });
}

/** The mode's checks and outcome for a token's claims; undefined for an impersonation trust. */
export function explainMode(
  mode: TrustModeView | undefined,
  claims: Record<string, unknown>,
  grants: readonly WorkloadGrantModel[] = [],
): ModeExplanation | undefined {
  if (!mode || mode.mode === "impersonation") return undefined;
  const checks = [...validationChecks(mode.claimValidations, claims)];
  if (mode.mode === "user") {
    const { claim, attribute } = mode.userMapping!;
    const value = claims[claim];
    if (typeof value !== "string" || value === "") {
      checks.push({
        name: "subject",
        ok: false,
        message: `the token has no string ${claim} claim, which names the domain user in this trust`,
      });
      return { checks, outcome: [] };
    }
    const identity = `domain user ${attribute} == ${JSON.stringify(value)}`;
    return {
      checks,
      identity,
      outcome: [
        `User context: OCI looks up the existing domain user whose ${attribute} equals the token's ${claim} (${JSON.stringify(value)})`,
        "  and issues a UPST for that user, with that user's own groups and policies. Whether such a user exists cannot be checked offline.",
      ],
    };
  }
  const carried = mode.propagatedClaims.map((c) => {
    const v = claims[c];
    return `  ext_${c} = ${v === undefined ? "(absent: the token has no such claim)" : JSON.stringify(v)}`;
  });
  return {
    checks,
    identity: `resource principal ${mode.resourceLabel ?? "(no label)"}`,
    outcome: [
      `Resource principal: with res_type ${JSON.stringify(mode.resourceLabel ?? "")}, OCI issues an RPST (up to 12 h) that carries, for policy conditions`,
      "(request.principal.ext_<claim>; which other claims it carries is unverified):",
      ...(carried.length ? carried : ["  no propagated claims"]),
      ...grantLines(mode, claims, grants),
    ],
  };
}

/**
 * The workload grants an RPST of this token would meet: every claim they test is propagated by the trust and has
 * the tested value in the token. Compared as strings, as a policy compares them.
 */
function grantLines(
  mode: TrustModeView,
  claims: Record<string, unknown>,
  grants: readonly WorkloadGrantModel[],
): string[] {
  const meets = (g: WorkloadGrantModel) =>
    g.claims.every((c) => mode.propagatedClaims.includes(c.name) && String(claims[c.name]) === c.value);
  const met = grants.filter(meets);
  if (!met.length)
    return ["No workload grant of this stack matches those claims, so the RPST could do nothing it grants."];
  return [
    "Workload grants whose conditions it would meet (type and domain aside):",
    ...met.map((g) => `  ${g.allows}  (policy ${g.policy})`),
  ];
}
