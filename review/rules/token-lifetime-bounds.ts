import { asRecord } from "../../core/stack";
import type { ReviewRule, RuleFinding } from "../rule";
import {
  ACCESS_TOKEN_EXPIRY_MAX,
  ACCESS_TOKEN_EXPIRY_MIN,
  SESSION_MINUTES_MAX as UPST_SESSION_MINUTES_MAX,
  SESSION_MINUTES_MIN as UPST_SESSION_MINUTES_MIN,
} from "../../core/limits";
/**
 * The broker function's config key for the session length it asks GenerateUpst for, as the UpstBroker construct
 * (constructs/upst-broker.ts) writes it.
 */
export const UPST_SESSION_CONFIG_KEY = "UPST_SESSION_MINUTES";

/** WIF-A1: token lifetimes that OCI does not accept. */
export const tokenLifetimeBounds: ReviewRule = {
  id: "WIF-A1",
  level: "error",
  cause: "A token lifetime is outside its documented bounds (access token 60 s–1 year; GenerateUpst session 5–60 min).",
  explanation:
    "Oracle's token expiry table gives a resource app's access_token_expiry a range of 60 s to 1 year " +
    "(31,536,000 s); GenerateUserSecurityToken takes sessionExpirationInMinutes from 5 to 60 (docs/oci-facts.md#token-lifetimes, " +
    "#generate-upst). A value outside is refused by the service or silently capped, so clients get tokens of another lifetime " +
    "than the plan says. The broker's session length is read from its function's config key UPST_SESSION_MINUTES " +
    "(what the UpstBroker construct writes).",
  fix: "Set access_token_expiry between 60 and 31536000 seconds, and the broker's session_minutes (function config UPST_SESSION_MINUTES) between 5 and 60.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const app of model.apps) {
      const v = app.accessTokenExpiry;
      if (v !== undefined && (v < ACCESS_TOKEN_EXPIRY_MIN || v > ACCESS_TOKEN_EXPIRY_MAX)) {
        out.push({
          address: app.resource.address,
          path: app.resource.path,
          message: `app "${app.displayName}": access_token_expiry ${v} s is outside Oracle's documented range, 60 s to 1 year (31536000 s)`,
        });
      }
    }
    for (const fn of model.functions) {
      const raw = asRecord(fn.body.config)?.[UPST_SESSION_CONFIG_KEY];
      if (raw === undefined || (typeof raw === "string" && raw.startsWith("${"))) continue;
      const minutes = Number(raw);
      if (!Number.isInteger(minutes) || minutes < UPST_SESSION_MINUTES_MIN || minutes > UPST_SESSION_MINUTES_MAX) {
        const name = typeof fn.body.display_name === "string" ? fn.body.display_name : fn.name;
        out.push({
          address: fn.address,
          path: fn.path,
          message: `function "${name}": config ${UPST_SESSION_CONFIG_KEY} = ${JSON.stringify(raw)} is outside GenerateUpst's 5 to 60 minutes`,
        });
      }
    }
    return out;
  },
};
