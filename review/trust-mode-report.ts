import type { StackModel, TrustView } from "./model";
import type { WorkloadGrantView } from "./trust-modes";

/** What RPST holders of a resource trust may do. */
export interface ResourceTrustReport {
  readonly label: string | null;
  /** Claims the RPST carries, as policies test them (`ext_<claim>`). */
  readonly propagatedClaims: readonly string[];
  readonly grants: ReadonlyArray<{
    readonly policy: string;
    readonly policyAddress: string;
    readonly statement: string;
    /** The claim conditions, `ext_<claim> = <value>`. */
    readonly claims: readonly string[];
    /** False when the statement lacks the principal-type or domain condition (WIF-P5). */
    readonly pinned: boolean;
  }>;
}

/**
 * The workload grants that can apply to RPSTs of a trust: every claim they test is one the trust propagates.
 * A grant that tests no claim (only type and domain) applies to every resource trust of the domain.
 */
export function workloadGrantsFor(t: TrustView, model: StackModel): WorkloadGrantView[] {
  if (t.trustMode.mode !== "resource") return [];
  return model.workloadGrants.filter((w) => w.claims.every((c) => t.trustMode.propagatedClaims.includes(c.name)));
}

/** The mode fields of a trust's report; empty for impersonation, so those reports keep their shape. */
export function trustModeReport(t: TrustView, model: StackModel) {
  const m = t.trustMode;
  const validations = m.claimValidations.length
    ? { claimValidations: m.claimValidations.map((v) => ({ name: v.name, value: v.value })) }
    : {};
  if (m.mode === "user") return { mode: "user" as const, userContext: { ...m.userMapping! }, ...validations };
  if (m.mode === "resource") {
    const resource: ResourceTrustReport = {
      label: m.resourceLabel ?? null,
      propagatedClaims: m.propagatedClaims.map((c) => `ext_${c}`),
      grants: workloadGrantsFor(t, model).map((w) => ({
        policy: w.grant.policyName,
        policyAddress: w.grant.policy.address,
        statement: w.grant.statement.text,
        claims: w.claims.map((c) => `ext_${c.name} = ${c.value}`),
        pinned: w.typePinned && w.domainPinned,
      })),
    };
    return { mode: "resource" as const, resource, ...validations };
  }
  return validations;
}
