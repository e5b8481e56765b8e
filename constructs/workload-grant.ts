import { Token } from "cdktf";
import { Construct } from "constructs";
import { IdentityPolicy } from "../.gen/providers/oci/identity-policy";
import { DataOciIdentityDomains } from "../.gen/providers/oci/data-oci-identity-domains";
import { isPolicyStatementBody } from "../core/policy-statement";
import {
  CLAIM_NAME,
  claimValueProblem,
  propagatedName,
  RPST_PRINCIPAL_TYPE,
  type ClaimCondition,
} from "../core/trust-modes";
import type { IIdentityDomain } from "./identity-domain";
import type { PropagationTrust } from "./propagation-trust";
import { PropChecker } from "./validation";
import { literalStack } from "./literal";

const DOMAIN_OCID = /^ocid1\.domain\.oc[0-9]+\.[a-z0-9-]*\.[a-z0-9-]*\.?[a-z0-9]{10,}$/;

/** Props of {@link WorkloadGrant}. */
export interface WorkloadGrantProps {
  /** The trust in mode `resource` whose RPSTs this grant applies to; every claim must be among its propagated claims. */
  readonly trust: PropagationTrust;
  /**
   * OCID of the identity domain (`request.principal.domain.id`), or a token such as {@link DomainOcidLookup.domainOcid}.
   */
  readonly domainOcid: string;
  /** Compartment (or tenancy) OCID that holds the policy. */
  readonly compartmentId: string;
  /** The policy's name, unique in the tenancy. */
  readonly name: string;
  /** Statement bodies, each what follows `Allow any-user to`, without a `where` (the grant writes it). */
  readonly statements: readonly string[];
  /** Propagated claims the RPST must carry with these values (without the `ext_` prefix). At least one. */
  readonly claims: readonly ClaimCondition[];
  /**
   * Shown in the console; the provider requires one.
   * @default - a generated description naming the trust
   */
  readonly description?: string;
}

/**
 * An IAM policy for workloads holding an RPST of one trust: every statement is
 * `Allow any-user to <body> where all { request.principal.type = 'identityfederateddomainapp',
 * request.principal.domain.id = '<domain>', request.principal.ext_<claim> = '<value>' … }`.
 *
 * The shape is Oracle's [doc: crossplane doc, A-Team RPST sample]; that policies see the claims as `ext_<claim>`
 * rather than `var_ext_<claim>` rests on the A-Team sample [doc] against one runbook [field]. The type and domain
 * conditions are never left out: without them `any-user` is every principal of the tenancy.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_policy
 */
export class WorkloadGrant extends Construct {
  public readonly policy: IdentityPolicy;
  /** The full statements, as OCI gets them. */
  public readonly statements: readonly string[];
  /** The `where all { … }` every statement carries. */
  public readonly condition: string;

  constructor(scope: Construct, id: string, props: WorkloadGrantProps) {
    super(scope, id);
    literalStack(this);
    const checks = new PropChecker(this, "WorkloadGrant");
    if (props.trust.mode !== "resource") {
      checks.fail(
        "trust",
        `must be a trust in mode "resource"`,
        props.trust.mode,
        "Workload grants apply to RPSTs; set the trust's mode to resource.",
      );
    }
    checks.check(
      "domainOcid",
      props.domainOcid,
      (v) => DOMAIN_OCID.test(v),
      "must be an identity domain OCID, ocid1.domain.oc1..<id>",
    );
    if (props.statements.length === 0) checks.fail("statements", "must hold at least one statement", []);
    props.statements.forEach((s, i) => {
      checks.check(
        `statements[${i}]`,
        s,
        isPolicyStatementBody,
        "must be what follows 'Allow any-user to'",
        "Write <verb> <resource-type> in <compartment …>.",
      );
      checks.check(
        `statements[${i}]`,
        s,
        (v) => !/\swhere\s/i.test(v),
        "must not have a where clause",
        "The grant writes the conditions; give claims instead.",
      );
    });
    if (props.claims.length === 0) {
      checks.fail(
        "claims",
        "must hold at least one claim condition",
        [],
        "Without one, every RPST of the domain gets these permissions.",
      );
    }
    props.claims.forEach((c, i) => {
      checks.check(`claims[${i}].name`, c.name, (n) => CLAIM_NAME.test(n), "must be a claim name such as repository");
      checks.check(
        `claims[${i}].value`,
        c.value,
        (v) => claimValueProblem(v) === undefined,
        claimValueProblem(c.value) ?? "",
      );
      if (props.trust.mode === "resource" && !props.trust.propagatedClaims.includes(c.name)) {
        checks.fail(
          `claims[${i}].name`,
          "is not propagated by the trust, so no RPST carries it",
          c.name,
          `Add it to the trust's propagated claims (now ${JSON.stringify(props.trust.propagatedClaims)}; at most 3).`,
        );
      }
    });
    checks.check(
      "name",
      props.name,
      (v) => /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/.test(v),
      "must be letters, digits, spaces, '.', '_', '-' or '@' (at most 100)",
    );
    checks.throwIfAny();

    const conditions = [
      `request.principal.type = '${RPST_PRINCIPAL_TYPE}'`,
      `request.principal.domain.id = '${props.domainOcid}'`,
      ...props.claims.map((c) => `request.principal.${propagatedName(c.name)} = '${c.value}'`),
    ];
    this.condition = `where all { ${conditions.join(", ")} }`;
    this.statements = props.statements.map(
      (s) => `Allow any-user to ${s.trim().replace(/\s+/g, " ")} ${this.condition}`,
    );
    this.policy = new IdentityPolicy(this, "Policy", {
      compartmentId: props.compartmentId,
      name: props.name,
      description:
        props.description ?? `Grants for workloads with an RPST of trust ${props.trust.name}. Managed by Terraform.`,
      statements: [...this.statements],
    });
  }
}

/** Props of {@link DomainOcidLookup}. */
export interface DomainOcidLookupProps {
  readonly domain: IIdentityDomain;
  /** The compartment the domain lives in (often the tenancy). */
  readonly compartmentId: string;
}

/**
 * Looks an identity domain's OCID up by its URL (`data "oci_identity_domains"` filtered on `url`), for policies
 * that need `request.principal.domain.id` when the config does not give it.
 *
 * [inferred] The service compares `url` with the domain's URL as written; a domain registered with `:443` would
 * not match and the plan fails on an empty list. Giving the OCID avoids the lookup.
 */
export class DomainOcidLookup extends Construct {
  public readonly lookup: DataOciIdentityDomains;
  /** A token for the domain's OCID. */
  public readonly domainOcid: string;

  constructor(scope: Construct, id: string, props: DomainOcidLookupProps) {
    super(scope, id);
    literalStack(this);
    this.lookup = new DataOciIdentityDomains(this, "Domains", {
      compartmentId: props.compartmentId,
      url: props.domain.url,
    });
    this.domainOcid = Token.asString(this.lookup.domains.get(0).id);
  }
}
