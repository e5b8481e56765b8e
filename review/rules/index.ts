import type { ReviewRule } from "../rule";
import { alwaysTrueConditionRule } from "./always-true-condition";
import { anyUserUnconditional } from "./any-user-unconditional";
import { appDeletedWhileActive } from "./app-deleted-while-active";
import { brokerSecretReadable } from "./broker-secret-readable";
import { githubNameSubject } from "./github-name-subject";
import { jwksNotHttps } from "./jwks-not-https";
import { localTestDomain } from "./local-test-domain";
import { reactivatedAfterDriftRule } from "./reactivated-after-drift";
import { manageAllOrTenancyWide } from "./manage-all-or-tenancy-wide";
import { refreshTokenLifetime } from "./refresh-token-lifetime";
import { ruleMatchesOtherOwners } from "./rule-matches-other-owners";
import { ruleTooBroad } from "./rule-too-broad";
import { rulesOverlap } from "./rules-overlap";
import { secretInPlainOutput } from "./secret-in-plain-output";
import { tenancyByCompartmentId } from "./tenancy-by-compartment-id";
import { tokenLifetimeBounds } from "./token-lifetime-bounds";
import { trustDeletedWhileActive } from "./trust-deleted-while-active";
import { trustInactive } from "./trust-inactive";
import { trustWithoutAudience } from "./trust-without-audience";
import { userCanUseConsole } from "./user-can-use-console";
import { userDeletedWhileNamed } from "./user-deleted-while-named";
import { rpstGrantUnpinned } from "./rpst-grant-unpinned";
import { userClaimAttackerControlled } from "./user-claim-attacker-controlled";
import { trustWithoutClaimValidations } from "./trust-without-claim-validations";
import { sharedIssuerUnpinned } from "./shared-issuer-unpinned";

/** Every review rule, in the order docs/review.md lists them. */
export const RULES: readonly ReviewRule[] = [
  trustWithoutAudience,
  trustInactive,
  jwksNotHttps,
  userClaimAttackerControlled,
  trustWithoutClaimValidations,
  sharedIssuerUnpinned,
  ruleMatchesOtherOwners,
  ruleTooBroad,
  githubNameSubject,
  rulesOverlap,
  manageAllOrTenancyWide,
  anyUserUnconditional,
  tenancyByCompartmentId,
  alwaysTrueConditionRule,
  rpstGrantUnpinned,
  tokenLifetimeBounds,
  refreshTokenLifetime,
  userCanUseConsole,
  secretInPlainOutput,
  brokerSecretReadable,
  appDeletedWhileActive,
  userDeletedWhileNamed,
  trustDeletedWhileActive,
  reactivatedAfterDriftRule,
  localTestDomain,
];
