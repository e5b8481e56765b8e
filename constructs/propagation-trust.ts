import { Lazy, TerraformStack, Token, type IResolvable } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { IdentityDomainsIdentityPropagationTrust } from "../.gen/providers/oci/identity-domains-identity-propagation-trust";
import type { IIdentityDomain } from "./identity-domain";
import { evaluatedForm, isGitHubNameSubject, type ImpersonationRule } from "../core/impersonation-rule";
import { ConstructValidationError, isHttpsUrl, PropChecker } from "./validation";
import { WARNING } from "../core/warnings";
import { literalStack } from "./literal";
import { issuerKey } from "../core/url";
import { recogniseIssuer, rulePins, unpinnedWarning, validationsPin, type IssuerFamily } from "../core/issuers";
import {
  ATTACKER_CONTROLLED_CLAIMS,
  claimOfPropagated,
  DEFAULT_SUBJECT_CLAIM,
  DEFAULT_USER_ATTRIBUTE,
  type ClaimCondition,
  type TrustMode,
} from "../core/trust-modes";
import { checkTrustModeProps, modeAttributes } from "./trust-mode-props";

export { GitHubClaims, GitLabClaims, type ClaimCondition, type TrustMode } from "../core/trust-modes";

export const TRUST_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust";

/**
 * Brands each trust with the issuer and domain it is for, so that a second trust for them in the same stack is
 * found by a brand check that holds across copies of this package (never `instanceof`).
 */
const ISSUER_IN_DOMAIN = Symbol.for("oci-wif-cdktf.PropagationTrust.issuerInDomain");

/**
 * The key two trusts of one domain must not share: the domain URL and the issuer, each as OCI compares them. An
 * unresolved issuer (a token) has no key: its value is known only at apply time.
 */
function issuerInDomain(domainUrl: string, issuer: string): string | undefined {
  if (Token.isUnresolved(issuer)) return undefined;
  const domain = Token.isUnresolved(domainUrl) ? domainUrl : issuerKey(domainUrl);
  return `${domain}\n${issuerKey(issuer)}`;
}

/** The trust of the same stack already registered for `key`, if any. */
function trustWithKey(scope: IConstruct, key: string): IConstruct | undefined {
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c) => c !== scope && (c as { [ISSUER_IN_DOMAIN]?: string })[ISSUER_IN_DOMAIN] === key);
}

/** An OAuth client that may call the token endpoint for a trust: anything with a client ID. */
export interface IOAuthClient {
  /** The client ID (the app's `name`). */
  readonly clientId: string;
}

/** A service user a trust can impersonate: its SCIM id and OCID. */
export interface IImpersonationTarget {
  readonly userName: string;
  /** SCIM `id`, what `impersonation_service_users.value` takes. */
  readonly userId: string;
  readonly userOcid: string;
}

/** Props of {@link PropagationTrust}. */
export interface PropagationTrustProps {
  readonly domain: IIdentityDomain;
  /** The trust's name. Immutable in OCI: changing it replaces the trust. */
  readonly name: string;
  /** The `iss` claim of accepted tokens. OCI allows one trust per issuer and domain. */
  readonly issuer: string;
  /**
   * The issuer's JWKS URL.
   * @default - none; then `publicCertificate` is required
   */
  readonly publicKeyEndpoint?: string;
  /**
   * A PEM certificate to verify token signatures with, instead of a JWKS URL.
   * @default - none; then `publicKeyEndpoint` is required
   */
  readonly publicCertificate?: string;
  /** Clients allowed to exchange tokens through this trust (`oauth_clients`). */
  readonly clients: readonly IOAuthClient[];
  /**
   * Audiences a token must carry (one of) in `audienceClaim`.
   * @default - none; any audience is accepted, with a warning
   */
  readonly audiences?: readonly string[];
  /**
   * The claim checked against `audiences` (`client_claim_name`).
   * @default "aud"
   */
  readonly audienceClaim?: string;
  /**
   * Allowed clock skew on the token's `iat`/`exp`, in seconds.
   * @default - the service's default
   */
  readonly clockSkewSeconds?: number;
  /**
   * Allow rules that match any token of the issuer (`sub eq *`).
   * @default false
   */
  readonly allowWildcardRules?: boolean;
  /**
   * Shown in the console.
   * @default - a generated description naming the issuer
   */
  readonly description?: string;
  /**
   * Whether the trust is active. `false` stops every exchange through it while keeping it: the first step of
   * removing it, so that clients that still depend on it show up while turning it back on is one apply away.
   * @default true
   */
  readonly active?: boolean;
  /**
   * How a token is mapped: `impersonation` (a service user per rule, UPST), `user` (the existing domain user
   * whose `userAttribute` equals the token's `subjectClaim`, UPST), or `resource` (an ephemeral resource principal
   * session token, RPST, up to 12 h, whose `propagatedClaims` policies can test).
   * @default "impersonation"
   */
  readonly mode?: TrustMode;
  /**
   * Mode `user`: the claim that names the domain user (`subject_claim_name`).
   * @default "sub"
   */
  readonly subjectClaim?: string;
  /**
   * Mode `user`: the domain-user attribute the claim must equal (`subject_mapping_attribute`).
   * @default "userName"
   */
  readonly userAttribute?: string;
  /**
   * Mode `resource`: the label clients send as `res_type` (`impersonating_resource`); a free label, not an OCID.
   * @default - none; required in mode `resource`
   */
  readonly impersonatingResource?: string;
  /**
   * Mode `resource`: up to three claims of the incoming token carried into the RPST as `ext_<claim>`, for policy
   * conditions (`request.principal.ext_<claim>`). Names with or without the `ext_` prefix.
   * @default - none
   */
  readonly propagatedClaims?: readonly string[];
  /**
   * Conditions every token must meet, whichever rule matches (`claim_validations`): the claim equals the value.
   * Use {@link GitHubClaims} / {@link GitLabClaims} to build them.
   * @default - none; a trust of an issuer every customer of a platform shares (docs/issuers.md) in mode `user` or
   * `resource` then gets warning WIF-W-GITHUB-OWNER (GitHub) or WIF-W-TENANT-PIN (the others)
   */
  readonly claimValidations?: readonly ClaimCondition[];
}

/** One impersonation rule expression and the user it maps to. */
export interface ImpersonationMapping {
  readonly expression: string;
  readonly rule: ImpersonationRule;
  readonly user: IImpersonationTarget;
}

/**
 * An identity propagation trust of type JWT: tokens from `issuer`, verified with its keys, presented by one of
 * `clients`, are exchanged for a UPST of the service user whose rule matches first.
 *
 * Created active and with impersonation allowed (both default to false in OCI, which would make every exchange
 * fail), and read back with `attribute_sets = ["all"]`: the service returns `impersonation_service_users` only
 * on request, so without it every plan would show the rules as new.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_identity_propagation_trust
 */
export class PropagationTrust extends Construct {
  public readonly trust: IdentityDomainsIdentityPropagationTrust;
  public readonly name: string;
  public readonly issuer: string;
  /** How tokens are mapped. */
  public readonly mode: TrustMode;
  /** Mode `resource`: the `res_type` label; otherwise undefined. */
  public readonly impersonatingResource?: string;
  /** Mode `resource`: the propagated claims, without the `ext_` prefix; otherwise empty. */
  public readonly propagatedClaims: readonly string[];
  /** Mode `user`: the claim and the user attribute it is matched with; otherwise undefined. */
  public readonly userMapping?: { readonly claim: string; readonly attribute: string };
  /** The trust's claim validations. */
  public readonly claimValidations: readonly ClaimCondition[];
  private readonly allowWildcardRules: boolean;
  /** The issuer's family when every customer of that platform shares the issuer (core/issuers/); else undefined. */
  private readonly sharedFamily?: IssuerFamily;
  private readonly entries: ImpersonationMapping[] = [];
  /** The entries by their expression as OCI evaluates it, so a duplicate is found without a scan (1000 rules). */
  private readonly byEvaluatedForm = new Map<string, ImpersonationMapping>();
  private readonly checks: PropChecker;

  constructor(scope: Construct, id: string, props: PropagationTrustProps) {
    super(scope, id);
    literalStack(this);
    const audiences = props.audiences ?? [];
    const audienceClaim = props.audienceClaim ?? "aud";
    this.allowWildcardRules = props.allowWildcardRules ?? false;
    const mode = props.mode ?? "impersonation";
    const validations = props.claimValidations ?? [];

    const checks = new PropChecker(this, "PropagationTrust");
    checks.check("name", props.name, (v) => v.trim() !== "", "must not be empty");
    checks.check("issuer", props.issuer, isHttpsUrl, "must be an https URL");
    checks.check(
      "publicKeyEndpoint",
      props.publicKeyEndpoint,
      isHttpsUrl,
      "must be an https URL",
      "OCI fetches signing keys over TLS only.",
    );
    if ((props.publicKeyEndpoint === undefined) === (props.publicCertificate === undefined)) {
      checks.fail(
        "publicKeyEndpoint",
        "and 'publicCertificate': exactly one is needed",
        {
          publicKeyEndpoint: props.publicKeyEndpoint,
          publicCertificate: props.publicCertificate ? "<set>" : undefined,
        },
        "Give the issuer's JWKS URL, or a PEM certificate.",
      );
    }
    if (props.clients.length === 0)
      checks.fail("clients", "must name at least one OAuth client", [], "Pass the TokenExchangeClient.");
    audiences.forEach((a, i) => checks.check(`audiences[${i}]`, a, (v) => v.trim() !== "", "must not be empty"));
    checks.check("audienceClaim", audienceClaim, (v) => /^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(v), "must be a claim name");
    if (
      props.clockSkewSeconds !== undefined &&
      !(Number.isInteger(props.clockSkewSeconds) && props.clockSkewSeconds >= 0)
    ) {
      checks.fail("clockSkewSeconds", "must be a whole number of seconds, 0 or more", props.clockSkewSeconds);
    }
    checkTrustModeProps(checks, { ...props, mode });
    // OCI keeps one trust per issuer in an identity domain; a second one fails only at apply, after the first exists.
    const key = issuerInDomain(props.domain.url, props.issuer);
    const existing = key === undefined ? undefined : trustWithKey(this, key);
    if (existing) {
      checks.fail(
        "issuer",
        `is already the issuer of PropagationTrust at '${existing.node.path}' in this identity domain, and OCI allows one trust per issuer`,
        props.issuer,
        "Add these rules to that trust (addImpersonation), or create this one for another identity domain.",
      );
    }
    checks.throwIfAny();
    if (key !== undefined) Object.defineProperty(this, ISSUER_IN_DOMAIN, { value: key });
    if (audiences.length === 0) {
      checks.warn(
        WARNING.trustWithoutAudience,
        `trust for ${props.issuer} has no audience constraint, so a token the issuer minted for any other service is accepted. ` +
          "Set an audience ([Trust] audience = …) and request tokens for it.",
      );
    }
    this.checks = checks;
    const known = Token.isUnresolved(props.issuer) ? undefined : recogniseIssuer(props.issuer);
    this.sharedFamily = known?.form.shared ? known.family : undefined;
    this.name = props.name;
    this.issuer = props.issuer;
    this.mode = mode;
    this.claimValidations = [...validations];
    this.propagatedClaims = mode === "resource" ? (props.propagatedClaims ?? []).map(claimOfPropagated) : [];
    this.impersonatingResource = mode === "resource" ? props.impersonatingResource : undefined;
    this.userMapping =
      mode === "user"
        ? {
            claim: props.subjectClaim ?? DEFAULT_SUBJECT_CLAIM,
            attribute: props.userAttribute ?? DEFAULT_USER_ATTRIBUTE,
          }
        : undefined;
    this.warnAboutMode(checks);

    this.trust = new IdentityDomainsIdentityPropagationTrust(this, "Trust", {
      idcsEndpoint: props.domain.url,
      schemas: [TRUST_SCHEMA],
      name: props.name,
      description:
        props.description ?? `Workload Identity Federation for tokens issued by ${props.issuer}. Managed by Terraform.`,
      type: "JWT",
      issuer: props.issuer,
      publicKeyEndpoint: props.publicKeyEndpoint,
      publicCertificate: props.publicCertificate,
      active: props.active ?? true,
      // Mode attributes are left out entirely in mode "impersonation", so existing stacks synthesize unchanged.
      ...modeAttributes(this.mode, {
        userMapping: this.userMapping,
        impersonatingResource: this.impersonatingResource,
        propagatedClaims: this.propagatedClaims,
      }),
      oauthClients: props.clients.map((c) => c.clientId),
      clientClaimName: audiences.length ? audienceClaim : undefined,
      clientClaimValues: audiences.length ? [...audiences] : undefined,
      clockSkewSeconds: props.clockSkewSeconds,
      attributeSets: ["all"],
      claimValidations: validations.length ? validations.map((v) => ({ name: v.name, value: v.value })) : undefined,
    });
  }

  private warnAboutMode(checks: PropChecker): void {
    const family = this.sharedFamily;
    if (this.mode !== "impersonation" && family && !validationsPin(family, this.claimValidations)) {
      const warning = unpinnedWarning(family);
      checks.warn(warning.id, warning.message);
    }
    if (this.userMapping && ATTACKER_CONTROLLED_CLAIMS.includes(this.userMapping.claim)) {
      checks.warn(
        WARNING.userClaimSettable,
        `user-context trust maps on the '${this.userMapping.claim}' claim, which many issuers let users ` +
          "set themselves; whoever sets it to an admin's name becomes that admin. Map on an immutable, issuer-assigned claim such as sub.",
      );
    }
  }

  /**
   * Lets tokens that match `rule` become `user`. Returns the mappings added (two for a GitHub rule that
   * matches both subject forms).
   * @throws ConstructValidationError (a user's mistake, exit 2; not a bug) if the trust maps without service users,
   * the rule is a wildcard and wildcards are not allowed, or an expression is already mapped
   */
  public addImpersonation(rule: ImpersonationRule, user: IImpersonationTarget): ImpersonationMapping[] {
    if (this.mode !== "impersonation") {
      throw new ConstructValidationError(this.node.path, [
        `PropagationTrust at '${this.node.path}': mode "${this.mode}" maps tokens without service users, so rule ` +
          `${JSON.stringify(rule.summary)} for '${user.userName}' cannot be added. Use a trust in mode "impersonation".`,
      ]);
    }
    if (rule.isWildcard && !this.allowWildcardRules) {
      throw new ConstructValidationError(this.node.path, [
        `PropagationTrust at '${this.node.path}': rule ${JSON.stringify(rule.expressions.join(" | "))} matches every token of ` +
          `${this.issuer}, so anyone who can get one could become '${user.userName}'. Narrow the rule, or set allowWildcardRules.`,
      ]);
    }
    const added: ImpersonationMapping[] = [];
    for (const expression of rule.expressions) {
      const existing = this.byEvaluatedForm.get(evaluatedForm(expression));
      if (existing) {
        throw new ConstructValidationError(this.node.path, [
          `PropagationTrust at '${this.node.path}': rule ${JSON.stringify(expression)} is already mapped to ` +
            `'${existing.user.userName}'. A token must map to one service user; remove the duplicate.`,
        ]);
      }
      added.push({ expression, rule, user });
    }
    if (rule.subjectFormat !== "both" && rule.expressions.some(isGitHubNameSubject)) {
      this.checks.warn(
        WARNING.githubNameSubject,
        `rule for ${rule.summary} matches only the name form of GitHub's sub claim. Repositories created or renamed ` +
          "since 2026-07-15 send repo:owner@<id>/repo@<id>:…, which it will not match. Use github repo=… owner_id=… " +
          "repo_id=… (subject=both while migrating).",
      );
    }
    const family = this.sharedFamily;
    const loose =
      family && !validationsPin(family, this.claimValidations)
        ? added.find((e) => !rulePins(family, e.expression))
        : undefined;
    if (family && loose) {
      this.checks.warn(
        WARNING.tenantNotPinned,
        `rule ${JSON.stringify(loose.expression)} for '${user.userName}' names no ${family.title} tenant, and ${this.issuer} ` +
          `is shared by every ${family.title} customer, so their tokens can match it. Narrow the rule, or add ${family.pin.fix} to the trust.`,
      );
    }
    this.entries.push(...added);
    for (const e of added)
      if (!this.byEvaluatedForm.has(evaluatedForm(e.expression)))
        this.byEvaluatedForm.set(evaluatedForm(e.expression), e);
    if (this.entries.length === added.length) {
      // Set once, computed at synthesis: sorting and setting the whole list on every addition was quadratic
      // (10,000 rules took minutes). A set in the provider, so order carries no meaning there; sorting keeps the
      // synthesized JSON stable.
      this.trust.putImpersonationServiceUsers(Lazy.anyValue({ produce: () => this.sortedRules() }) as IResolvable);
    }
    return added;
  }

  private sortedRules(): Array<{ ocid: string; rule: string; value: string }> {
    const sorted = [...this.entries].sort((a, b) =>
      a.expression < b.expression ? -1 : a.expression > b.expression ? 1 : 0,
    );
    return sorted.map((e) => ({ ocid: e.user.userOcid, rule: e.expression, value: e.user.userId }));
  }

  /** Every rule expression and the user it maps to, in the order they were added. */
  public get mappings(): readonly ImpersonationMapping[] {
    return [...this.entries];
  }
}
