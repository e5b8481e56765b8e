import type { ReviewRule, RuleFinding } from "../rule";

/** Oracle's default refresh-token expiry: one week. */
export const REFRESH_TOKEN_DEFAULT = 604_800;

/** WIF-A2: refresh tokens that outlive Oracle's default. */
export const refreshTokenLifetime: ReviewRule = {
  id: "WIF-A2",
  level: "warning",
  cause:
    "A resource app's refresh_token_expiry is not a positive number of seconds, or is longer than Oracle's default of one week (604,800 s).",
  explanation:
    "Oracle documents a refresh-token default of one week (docs/oci-facts.md#token-lifetimes) and no upper bound. A refresh token " +
    "outliving that keeps a stolen broker credential usable for longer than anyone reviewing the default would " +
    "expect; the review treats the default as the ceiling and asks for a reason to go beyond it.",
  fix: "Set refresh_token_expiry to at most 604800 seconds, or suppress with the reason a longer one is needed.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const app of model.apps) {
      const v = app.refreshTokenExpiry;
      if (v === undefined) continue;
      if (v <= 0 || v > REFRESH_TOKEN_DEFAULT) {
        out.push({
          address: app.resource.address,
          path: app.resource.path,
          message:
            v <= 0
              ? `app "${app.displayName}": refresh_token_expiry ${v} s is not a positive number of seconds`
              : `app "${app.displayName}": refresh_token_expiry ${v} s is longer than Oracle's default of one week (604800 s)`,
        });
      }
    }
    return out;
  },
};
