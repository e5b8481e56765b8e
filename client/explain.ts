import { withoutTrailingSlash } from "../core/url";
import { formatDuration, formatTime, numericDate } from "./jwt";
import { evaluateRule, type RuleEvaluation } from "./rule-match";
import type { TrustModel, TrustRule, TrustSource } from "./trust-model";
import { explainMode, validationChecks, type ModeExplanation } from "./explain-modes";

/** One check of the token against its trust. */
export interface TrustCheck {
  readonly name:
    | "issuer"
    | "active"
    | "impersonation"
    | "audience"
    | "expiry"
    | "not-before"
    | "validation"
    | "subject";
  readonly ok: boolean;
  readonly message: string;
}

/** A rule's evaluation with the user it maps to. */
export interface RuleResult extends RuleEvaluation {
  readonly user: string;
}

/** Everything `wif-explain` found out about a token. */
export interface Explanation {
  /** The trust whose issuer is the token's, if any. */
  readonly trust?: TrustModel;
  readonly checks: readonly TrustCheck[];
  /** Every rule of the trust, in the order the source lists them. */
  readonly rules: readonly RuleResult[];
  /**
   * `accepted`: exactly one service user; `ambiguous`: rules of several users match; `refused`: a trust check
   * failed or no rule matched.
   */
  readonly verdict: "accepted" | "ambiguous" | "refused";
  /** The service user(s) the token would become. */
  readonly users: readonly string[];
  /** For `refused` with no matching rule: the rule that came closest. */
  readonly closest?: RuleResult;
  /** User context or RPST: what the token becomes, instead of rules. */
  readonly mode?: ModeExplanation;
}

/**
 * Works out, offline, what OCI would do with a token: find the trust of its issuer, check the trust is active
 * and allows impersonation, the audience and the validity period, then evaluate every impersonation rule.
 *
 * OCI evaluates rules in order and the first match wins, but the provider holds them as a set, so the order is
 * not ours: every matching rule is listed, and matches for more than one user make the result ambiguous.
 *
 * @param claims the token's claims, decoded without verifying its signature
 * @param nowSeconds the time to check `exp` and `nbf` against
 */
export function explainToken(claims: Record<string, unknown>, source: TrustSource, nowSeconds: number): Explanation {
  const iss = typeof claims.iss === "string" ? claims.iss : undefined;
  const trust = source.trusts.find((t) => t.issuer === iss);
  const checks: TrustCheck[] = [];
  if (!trust) {
    const near =
      iss === undefined
        ? undefined
        : source.trusts.find((t) => withoutTrailingSlash(t.issuer) === withoutTrailingSlash(iss));
    checks.push({
      name: "issuer",
      ok: false,
      message:
        iss === undefined
          ? "the token has no iss claim, so no trust can accept it"
          : near
            ? `no trust has issuer ${JSON.stringify(iss)}; trust ${JSON.stringify(near.name)} has ` +
              `${JSON.stringify(near.issuer)}, which differs only by a trailing "/" (the issuer must be exactly the token's iss)`
            : `no trust in ${source.file} has issuer ${JSON.stringify(iss)} (issuers: ${source.trusts.map((t) => t.issuer).join(", ") || "none"})`,
    });
    return { checks, rules: [], verdict: "refused", users: [] };
  }

  checks.push({ name: "issuer", ok: true, message: `iss is the issuer of trust ${JSON.stringify(trust.name)}` });
  checks.push(
    trust.active
      ? { name: "active", ok: true, message: "the trust is active" }
      : {
          name: "active",
          ok: false,
          message: "the trust is not active (active defaults to false in OCI), so it accepts no token",
        },
  );
  const mode = explainMode(trust.mode, claims, source.workloadGrants);
  if (mode) {
    checks.push(audienceCheck(claims, trust), ...timeChecks(claims, trust, nowSeconds), ...mode.checks);
    const ok = checks.every((c) => c.ok) && mode.identity !== undefined;
    return {
      trust,
      checks,
      rules: [],
      verdict: ok ? "accepted" : "refused",
      users: mode.identity ? [mode.identity] : [],
      mode,
    };
  }
  checks.push(
    trust.allowImpersonation
      ? { name: "impersonation", ok: true, message: "the trust allows impersonation" }
      : {
          name: "impersonation",
          ok: false,
          message:
            "the trust does not allow impersonation, so its rules are not used (OCI then looks the subject up as a domain user, which cannot be checked offline)",
        },
  );
  checks.push(audienceCheck(claims, trust));
  checks.push(...timeChecks(claims, trust, nowSeconds));
  checks.push(...validationChecks(trust.mode?.claimValidations ?? [], claims));

  const rules = trust.rules.map(
    (r: TrustRule): RuleResult => ({ ...evaluateRule(r.expression, claims), user: r.user }),
  );
  const matching = rules.filter((r) => r.outcome === "match");
  const users = [...new Set(matching.map((r) => r.user))].sort();
  const checksOk = checks.every((c) => c.ok);
  if (users.length === 0) {
    const closest = [...rules].filter((r) => r.outcome !== "match").sort((a, b) => b.closeness - a.closeness)[0];
    return { trust, checks, rules, verdict: "refused", users, closest };
  }
  return { trust, checks, rules, verdict: !checksOk ? "refused" : users.length > 1 ? "ambiguous" : "accepted", users };
}

function audienceCheck(claims: Record<string, unknown>, trust: TrustModel): TrustCheck {
  if (!trust.audienceClaim || trust.audiences.length === 0) {
    return {
      name: "audience",
      ok: true,
      message: "the trust sets no audience constraint, so any audience is accepted",
    };
  }
  const claim = trust.audienceClaim;
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw : [raw];
  const wanted = trust.audiences.map((a) => JSON.stringify(a)).join(", ");
  if (raw === undefined)
    return {
      name: "audience",
      ok: false,
      message: `the token has no ${claim} claim; the trust wants one of ${wanted}`,
    };
  const hit = values.find((v) => typeof v === "string" && trust.audiences.includes(v));
  return hit !== undefined
    ? { name: "audience", ok: true, message: `${claim} ${JSON.stringify(hit)} is one of the trust's audiences` }
    : {
        name: "audience",
        ok: false,
        message: `${claim} ${JSON.stringify(raw)} is not one of the trust's audiences (${wanted}); request the token for ${JSON.stringify(trust.audiences[0])}`,
      };
}

function timeChecks(claims: Record<string, unknown>, trust: TrustModel, now: number): TrustCheck[] {
  const skew = trust.clockSkewSeconds ?? 0;
  const skewNote = trust.clockSkewSeconds !== undefined ? ` (clock skew allowed: ${skew} s)` : "";
  const out: TrustCheck[] = [];
  const exp = numericDate(claims, "exp");
  if (exp === undefined) {
    out.push({ name: "expiry", ok: false, message: "the token has no numeric exp claim" });
  } else if (exp + skew <= now) {
    out.push({
      name: "expiry",
      ok: false,
      message: `the token expired at ${formatTime(exp)}, ${formatDuration(now - exp)} ago${skewNote}`,
    });
  } else {
    out.push({
      name: "expiry",
      ok: true,
      message: `the token is valid until ${formatTime(exp)}, for ${formatDuration(exp - now)} more`,
    });
  }
  const nbf = numericDate(claims, "nbf");
  if (nbf !== undefined && nbf - skew > now) {
    out.push({
      name: "not-before",
      ok: false,
      message: `the token is not valid before ${formatTime(nbf)}, ${formatDuration(nbf - now)} from now${skewNote}`,
    });
  }
  return out;
}

/** The explanation as the lines `wif-explain` prints. */
export function renderExplanation(e: Explanation, claims: Record<string, unknown>, source: TrustSource): string[] {
  const lines = ["Token claims (decoded WITHOUT verifying the signature; OCI checks it against the trust's keys):"];
  const width = Math.max(...Object.keys(claims).map((k) => k.length), 3);
  for (const [name, value] of Object.entries(claims)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const when = ["exp", "iat", "nbf"].includes(name) && typeof value === "number" ? `  (${formatTime(value)})` : "";
    lines.push(`  ${name.padEnd(width)}  ${text}${when}`);
  }
  lines.push("");
  lines.push(e.trust ? `Trust ${JSON.stringify(e.trust.name)} (${e.trust.origin}):` : `Trusts in ${source.file}:`);
  for (const c of e.checks) lines.push(`  ${c.ok ? "ok  " : "FAIL"}  ${c.message}`);

  if (e.mode) {
    lines.push("", ...e.mode.outcome, "");
    const failed = e.checks.filter((c) => !c.ok);
    lines.push(
      failed.length
        ? `Result: refused: ${failed.map((c) => c.message).join("; ")}.`
        : `Result: the token would become ${e.users[0]}.`,
    );
    return lines;
  }
  if (e.trust) {
    lines.push("");
    if (e.rules.length === 0) {
      lines.push("Impersonation rules: none, so no token of this issuer can become a service user.");
    } else {
      lines.push(
        "Impersonation rules (OCI uses the first match, in an order Terraform does not control, so every match is listed):",
      );
      for (const r of e.rules) {
        const tag = { match: "match   ", "no-match": "no match", unsupported: "no match", invalid: "invalid " }[
          r.outcome
        ];
        lines.push(`  ${tag}  ${r.expression}  ->  ${r.user}`);
        if (r.outcome !== "match") lines.push(`            ${r.reason}`);
      }
    }
  }

  lines.push("");
  const failed = e.checks.filter((c) => !c.ok);
  if (e.verdict === "accepted") {
    lines.push(`Result: the token would become service user ${JSON.stringify(e.users[0])}.`);
  } else if (e.verdict === "ambiguous") {
    lines.push(
      `Result: AMBIGUOUS: rules of ${e.users.length} service users match (${e.users.join(", ")}). OCI takes the first match in an order ` +
        "you do not control, so either could be chosen. Narrow the rules so that exactly one matches.",
    );
  } else if (failed.length) {
    lines.push(`Result: refused: ${failed.map((c) => c.message).join("; ")}.`);
    if (e.users.length)
      lines.push(`        (Its rules would otherwise map it to ${e.users.map((u) => JSON.stringify(u)).join(", ")}.)`);
  } else {
    lines.push("Result: refused: no impersonation rule matches the token.");
  }
  if (e.users.length === 0 && e.closest) {
    lines.push(`Closest rule: ${e.closest.expression}  ->  ${e.closest.user}`);
    lines.push(`  ${e.closest.reason}.`);
  }
  return lines;
}
