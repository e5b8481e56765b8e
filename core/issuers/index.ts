/**
 * The issuer catalogue: every CI system and cloud that issues OIDC tokens this project knows, one descriptor file
 * each (core/issuers/types.ts says what a descriptor holds), registered in {@link ISSUERS}. Everything that
 * depends on which platform a token comes from asks here: `provider =` and its defaults (config/sections/trust.ts),
 * typed rules and claim shorthands (config/rule-syntax.ts, config/claim-match.ts), the tenant pin
 * (config/tenant-pin.ts, constructs/propagation-trust.ts, review/rules/shared-issuer-unpinned.ts), subject decoding
 * (review/rule-analysis.ts), where a job gets its token (client/token-source.ts), wif-init, wif-explain and
 * docs/issuers.md. Adding an issuer is one file here plus its line below, its tests, fixture and CI snippet.
 */
import { withoutTrailingSlash } from "../url";
import { WARNING, type WarningId } from "../warnings";
import { aws } from "./aws";
import { azureDevops } from "./azure-devops";
import { bitbucket } from "./bitbucket";
import { buildkite } from "./buildkite";
import { circleci } from "./circleci";
import { entra } from "./entra";
import { env0 } from "./env0";
import { github } from "./github";
import { gitlab } from "./gitlab";
import { google } from "./google";
import { kubernetes } from "./kubernetes";
import { spacelift } from "./spacelift";
import { terraform } from "./terraform";
import type { ClaimCondition } from "../trust-modes";
import { splitExpression, unquote } from "../rule-grammar";
import type { IssuerFamily, IssuerForm, RuleView } from "./types";

export type { IssuerFamily, IssuerForm, RuleParts, RuleView, TokenStep, HttpTokenRequest } from "./types";

/** Every issuer family, in the order docs list them. */
export const ISSUERS: readonly IssuerFamily[] = [
  github,
  gitlab,
  bitbucket,
  azureDevops,
  circleci,
  buildkite,
  terraform,
  kubernetes,
  entra,
  google,
  aws,
  spacelift,
  env0,
];

/** The `provider` value of a trust whose issuer is of no family of the catalogue. */
export const GENERIC = "generic";

/** The family with this ID (`github`), case-insensitively. */
export function issuerFamily(id: string | undefined): IssuerFamily | undefined {
  if (id === undefined) return undefined;
  const wanted = id.toLowerCase();
  return ISSUERS.find((f) => f.id === wanted);
}

/** An issuer of the catalogue: its family and the form it has. */
export interface RecognisedIssuer {
  readonly family: IssuerFamily;
  readonly form: IssuerForm;
}

/**
 * The family and form of an issuer, when its URL is one the catalogue recognises (a fixed issuer or a per-tenant
 * pattern). Compared as OCI compares a token's `iss` with the trust's issuer: exactly, but for a final `/`.
 */
export function recogniseIssuer(issuer: string): RecognisedIssuer | undefined {
  const bare = withoutTrailingSlash(issuer.trim());
  for (const family of ISSUERS) {
    const form = family.issuers.find((f) => f.pattern?.test(bare));
    if (form) return { family, form };
  }
  return undefined;
}

/**
 * The form an issuer has within a family chosen with `provider =`: the form whose pattern matches it, else the
 * family's form any URL can have (a self-managed instance), else none.
 */
export function formOf(family: IssuerFamily, issuer: string): IssuerForm | undefined {
  const bare = withoutTrailingSlash(issuer.trim());
  return family.issuers.find((f) => f.pattern?.test(bare)) ?? family.issuers.find((f) => f.pattern === undefined);
}

/** True when every customer of a platform gets tokens from this issuer, so a trust of it needs a tenant pin. */
export function isSharedIssuer(issuer: string): boolean {
  return recogniseIssuer(issuer)?.form.shared ?? false;
}

/** `provider =` values: every family's ID, then `generic`. */
export function providerChoices(): string[] {
  return [...ISSUERS.map((f) => f.id), GENERIC];
}

/** True when one of `validations` (claim_validations) names the family's tenant. */
export function validationsPin(family: IssuerFamily, validations: readonly ClaimCondition[]): boolean {
  return validations.some((v) => family.pin.claims.includes(v.name) && v.value.trim() !== "");
}

/** A rule expression as the pin and review checks read it, or undefined when it is not `<claim> eq|co <value>`. */
export function ruleView(expression: string): RuleView | undefined {
  let parts: ReturnType<typeof splitExpression>;
  try {
    parts = splitExpression(expression.trim());
  } catch {
    return undefined;
  }
  const bare = unquote(parts.value.trim());
  const prefix = parts.operator === "eq" && bare.endsWith("*");
  return { claim: unquote(parts.claim), operator: parts.operator, value: prefix ? bare.slice(0, -1) : bare, prefix };
}

/** True when only one customer's tokens can match this rule expression of a trust of `family`'s issuer. */
export function rulePins(family: IssuerFamily, expression: string): boolean {
  const view = ruleView(expression);
  return view !== undefined && family.pin.pinsRule(view);
}

/** The warning for a trust of a shared issuer that nothing pins: the family's own, or the catalogue's. */
export function unpinnedWarning(family: IssuerFamily): { readonly id: WarningId; readonly message: string } {
  return (
    family.pin.warning ?? {
      id: WARNING.tenantNotPinned,
      message:
        `${family.title} trust without a claim validation or rule that pins your tenant, so a token of any ` +
        `${family.title} customer can be exchanged. Add ${family.pin.fix}.`,
    }
  );
}
