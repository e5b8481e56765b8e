/**
 * How a trust of a synthesized stack maps tokens (impersonation, user context, resource/RPST) and which policy
 * statements grant to RPST holders, read from the provider's argument names (oracle/oci 8.28.0 schema):
 * `subject_type`, `allow_impersonation`, `subject_claim_name`, `subject_mapping_attribute`,
 * `impersonating_resource`, `claim_propagations`, `claim_validations`.
 */
import type { ClaimCondition } from "../core/trust-modes";
import { rpstConditionsOf } from "../core/trust-mode-view";
import type { Grant } from "./model";

export { trustModeOf, type TrustModeView } from "../core/trust-mode-view";

/** A statement that grants to holders of a WIF RPST (it tests the principal type or a propagated claim). */
export interface WorkloadGrantView {
  readonly grant: Grant;
  /** `request.principal.type = 'identityfederateddomainapp'` is one of the `all` conditions. */
  readonly typePinned: boolean;
  /** `request.principal.domain.id = '…'` is one of the `all` conditions. */
  readonly domainPinned: boolean;
  /** The `request.principal.ext_<claim> = '<value>'` conditions, claim without `ext_`. */
  readonly claims: readonly ClaimCondition[];
}

/**
 * Every any-user statement aimed at RPST holders. A condition pins only when the statement's `where` is a single
 * condition or `all { … }`: under `any { … }` one other condition is enough.
 */
export function workloadGrantsOf(grants: readonly Grant[]): WorkloadGrantView[] {
  const out: WorkloadGrantView[] = [];
  for (const grant of grants) {
    const s = grant.statement;
    if (!s.parsed || !s.subjects.some((x) => x.kind === "any-user") || !s.where) continue;
    const conditions = rpstConditionsOf(s.where);
    if (conditions) out.push({ grant, ...conditions });
  }
  return out;
}
