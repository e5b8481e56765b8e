/**
 * The mode of a trust as a synthesized stack states it (provider argument names, oracle/oci 8.28.0 schema), for
 * the review and wif-explain alike.
 */
import { asRecord, list, strings } from "./stack";
import {
  claimOfPropagated,
  DEFAULT_SUBJECT_CLAIM,
  DEFAULT_USER_ATTRIBUTE,
  RPST_PRINCIPAL_TYPE,
  type ClaimCondition,
  type TrustMode,
} from "./trust-modes";

/** The mode part of a trust. */
export interface TrustModeView {
  readonly mode: TrustMode;
  /** Mode user: the claim read and the user attribute it must equal. */
  readonly userMapping?: { readonly claim: string; readonly attribute: string };
  /** Mode resource: the `res_type` label. */
  readonly resourceLabel?: string;
  /** Mode resource: propagated claims, without `ext_`. */
  readonly propagatedClaims: readonly string[];
  readonly claimValidations: readonly ClaimCondition[];
}

/**
 * The mode of a trust body. `subject_type = Resource` is RPST [doc: A-Team sample]; `allow_impersonation = false`
 * with `subject_type = User` (or a subject mapping) is user context [doc: Oracle Kerberos example]; anything else
 * impersonation.
 */
export function trustModeOf(body: Record<string, any>): TrustModeView {
  const claimValidations = list(body.claim_validations)
    .map(asRecord)
    .filter((v): v is Record<string, any> => !!v && typeof v.name === "string" && typeof v.value === "string")
    .map((v) => ({ name: v.name as string, value: v.value as string }));
  const subjectType = typeof body.subject_type === "string" ? body.subject_type : undefined;
  if (subjectType === "Resource") {
    return {
      mode: "resource",
      resourceLabel: typeof body.impersonating_resource === "string" ? body.impersonating_resource : undefined,
      propagatedClaims: strings(body.claim_propagations).map(claimOfPropagated),
      claimValidations,
    };
  }
  // A trust that merely lacks allow_impersonation (with rules) is a broken impersonation trust, not user context.
  const mapsUsers = typeof body.subject_claim_name === "string" || typeof body.subject_mapping_attribute === "string";
  if (body.allow_impersonation !== true && (subjectType === "User" || (subjectType === undefined && mapsUsers))) {
    return {
      mode: "user",
      userMapping: {
        claim: typeof body.subject_claim_name === "string" ? body.subject_claim_name : DEFAULT_SUBJECT_CLAIM,
        attribute:
          typeof body.subject_mapping_attribute === "string" ? body.subject_mapping_attribute : DEFAULT_USER_ATTRIBUTE,
      },
      propagatedClaims: [],
      claimValidations,
    };
  }
  return { mode: "impersonation", propagatedClaims: [], claimValidations };
}

/** What a policy condition says about RPST holders. */
export interface RpstConditions {
  /** `request.principal.type = 'identityfederateddomainapp'` is one of the `all` conditions. */
  readonly typePinned: boolean;
  /** `request.principal.domain.id = '…'` is one of the `all` conditions. */
  readonly domainPinned: boolean;
  /** The `request.principal.ext_<claim> = '<value>'` conditions, claim without `ext_`. */
  readonly claims: readonly ClaimCondition[];
}

const RPST_HINT = /request\.principal\.(?:ext_|domain\.id)|identityfederateddomainapp/i;

/**
 * Reads a `where` condition aimed at RPST holders; undefined when it tests nothing an RPST carries. Under
 * `any { … }` nothing counts as pinned. Values are read up to the next `'`: the constructs refuse quotes in them.
 */
export function rpstConditionsOf(where: string): RpstConditions | undefined {
  if (!RPST_HINT.test(where)) return undefined;
  const trimmed = where.trim();
  const conditions = /^any\s*\{/i.test(trimmed)
    ? []
    : [
        ...trimmed
          .replace(/^all\s*\{/i, "")
          .replace(/\}$/, "")
          .matchAll(/([A-Za-z0-9_.]+)\s*=\s*'([^']*)'/g),
      ];
  let typePinned = false;
  let domainPinned = false;
  const claims: ClaimCondition[] = [];
  for (const [, left, value] of conditions) {
    const name = left.toLowerCase();
    if (name === "request.principal.type" && value.toLowerCase() === RPST_PRINCIPAL_TYPE) typePinned = true;
    else if (name === "request.principal.domain.id" && value !== "") domainPinned = true;
    else if (name.startsWith("request.principal.ext_"))
      claims.push({ name: left.slice("request.principal.ext_".length), value });
  }
  return { typePinned, domainPinned, claims };
}
