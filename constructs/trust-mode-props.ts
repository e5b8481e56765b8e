import {
  CLAIM_NAME,
  claimOfPropagated,
  claimValueProblem,
  MAX_CLAIM_PROPAGATIONS,
  propagatedName,
  type ClaimCondition,
  type TrustMode,
} from "../core/trust-modes";
import type { PropChecker } from "./validation";

/** The mode-specific props of a trust, as {@link checkTrustModeProps} reads them. */
export interface TrustModeInput {
  readonly mode: TrustMode;
  readonly subjectClaim?: string;
  readonly userAttribute?: string;
  readonly impersonatingResource?: string;
  readonly propagatedClaims?: readonly string[];
  readonly claimValidations?: readonly ClaimCondition[];
}

/** A free label, not an OCID [doc: A-Team sample, crossplane doc]; bounded so it reads well in `res_type`. */
const RESOURCE_LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A SCIM attribute of a domain user (`userName`, `emails.value`, `externalId`). */
const USER_ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_.:]{0,127}$/;

/**
 * Records a problem for every mode prop that is wrong, or given in a mode that ignores it. Kept apart from
 * PropagationTrust so that file stays about resources.
 */
export function checkTrustModeProps(checks: PropChecker, p: TrustModeInput): void {
  const only = (prop: keyof TrustModeInput, modes: TrustMode[]) => {
    if (p[prop] !== undefined && !modes.includes(p.mode)) {
      checks.fail(
        prop,
        `applies only to mode ${modes.map((m) => `"${m}"`).join(" or ")}`,
        p[prop],
        `Remove it, or set mode to ${modes[0]}.`,
      );
    }
  };
  only("subjectClaim", ["user"]);
  only("userAttribute", ["user"]);
  only("impersonatingResource", ["resource"]);
  only("propagatedClaims", ["resource"]);
  checks.check("subjectClaim", p.subjectClaim, (v) => CLAIM_NAME.test(v), "must be a claim name such as sub");
  checks.check(
    "userAttribute",
    p.userAttribute,
    (v) => USER_ATTRIBUTE.test(v),
    "must be a user attribute such as userName",
  );

  if (p.mode === "resource") {
    if (p.impersonatingResource === undefined) {
      checks.fail(
        "impersonatingResource",
        'is required in mode "resource"',
        undefined,
        "Give a label such as github-actions; clients send it as res_type.",
      );
    }
    checks.check(
      "impersonatingResource",
      p.impersonatingResource,
      (v) => RESOURCE_LABEL.test(v),
      "must be letters, digits, '.', '_' or '-' (at most 64)",
    );
    const claims = p.propagatedClaims ?? [];
    if (claims.length > MAX_CLAIM_PROPAGATIONS) {
      checks.fail(
        "propagatedClaims",
        `may hold at most ${MAX_CLAIM_PROPAGATIONS} claims (OCI's limit)`,
        claims,
        "Keep the claims your policies test.",
      );
    }
    const seen = new Set<string>();
    claims.forEach((c, i) => {
      checks.check(
        `propagatedClaims[${i}]`,
        claimOfPropagated(c),
        (v) => CLAIM_NAME.test(v),
        "must be a claim name such as repository",
      );
      if (seen.has(claimOfPropagated(c)))
        checks.fail(`propagatedClaims[${i}]`, "repeats another claim", c, "Remove the duplicate.");
      seen.add(claimOfPropagated(c));
    });
  }

  const names = new Set<string>();
  (p.claimValidations ?? []).forEach((v, i) => {
    checks.check(
      `claimValidations[${i}].name`,
      v.name,
      (n) => CLAIM_NAME.test(n),
      "must be a claim name such as repository_owner_id",
    );
    checks.check(
      `claimValidations[${i}].value`,
      v.value,
      (x) => claimValueProblem(x) === undefined,
      claimValueProblem(v.value) ?? "",
    );
    // The provider keys the list by name (one entry per claim) [src: provider resource].
    if (names.has(v.name))
      checks.fail(
        `claimValidations[${i}].name`,
        "repeats another validation's claim",
        v.name,
        "A claim can be validated against one value.",
      );
    names.add(v.name);
  });
}

/** The attributes that differ between modes; empty for "impersonation" beyond today's `allow_impersonation`. */
export function modeAttributes(
  mode: TrustMode,
  t: {
    readonly userMapping?: { readonly claim: string; readonly attribute: string };
    readonly impersonatingResource?: string;
    readonly propagatedClaims: readonly string[];
  },
) {
  switch (mode) {
    case "user":
      // [doc: Oracle Kerberos doc example] allowImpersonation false, subjectType User, subjectMappingAttribute userName.
      return {
        allowImpersonation: false,
        subjectType: "User",
        subjectClaimName: t.userMapping!.claim,
        subjectMappingAttribute: t.userMapping!.attribute,
      };
    case "resource":
      // [doc: A-Team RPST sample] subject_type Resource with impersonation allowed and a resource label.
      return {
        allowImpersonation: true,
        subjectType: "Resource",
        impersonatingResource: t.impersonatingResource,
        claimPropagations: t.propagatedClaims.length ? t.propagatedClaims.map(propagatedName) : undefined,
      };
    default:
      return { allowImpersonation: true };
  }
}
