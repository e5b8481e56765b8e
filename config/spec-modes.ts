import type { KeySpec, SectionSpec } from "./spec";

// The keys of the three trust modes and the [Workload] section, kept apart from spec.ts so the section readers can
// be restructured without touching them. spec.ts spreads these into its tables (type-only import: no cycle at run time).

/** Keys every `[Trust]` (and the seed's `[TrustConfiguration]`) takes for its mode. */
export const TRUST_MODE_KEYS: readonly KeySpec[] = [
  {
    key: "mode",
    doc: "How a token is mapped: `impersonation` (a `[ServiceUser]` per rule, UPST ≤ 1 h), `user` (the existing domain user whose attribute equals a claim, UPST), or `resource` (an ephemeral resource principal session token, RPST ≤ 12 h, for `[Workload]` grants). See docs/trust-modes.md.",
    default: "`impersonation`",
  },
  {
    key: "subject_claim",
    doc: "Mode `user`: the claim that names the domain user (`subject_claim_name`).",
    default: "`sub`",
  },
  {
    key: "user_attribute",
    doc: "Mode `user`: the domain-user attribute the claim must equal (`subject_mapping_attribute`).",
    default: "`userName`",
  },
  {
    key: "resource_label",
    doc: "Mode `resource`, required: the label clients send as `res_type` (`impersonating_resource`); not an OCID.",
  },
  {
    key: "propagate",
    list: true,
    doc: "Mode `resource`: a claim of the incoming token carried into the RPST as `ext_<claim>` for policy conditions; at most 3.",
    default: "none",
  },
  {
    key: "validate",
    list: true,
    doc: "A condition every token must meet (`claim_validations`): `github owner_id=1234567 repo_id=…`, `gitlab namespace_id=…`, or `<claim>=<value>`.",
    default: "none (GitHub trusts in mode user/resource: warning WIF-W-GITHUB-OWNER)",
  },
];

/** `[IdentityDomain]` keys for policies that name the domain. */
export const DOMAIN_MODE_KEYS: readonly KeySpec[] = [
  {
    key: "domain_ocid",
    doc: "The domain's OCID, for `[Workload]` policy conditions (`request.principal.domain.id`).",
    default: 'looked up by URL in the tenancy (`data "oci_identity_domains"`)',
  },
];

/** `[Workload <name>]`: what holders of an RPST may do. */
export const WORKLOAD_SECTION: SectionSpec = {
  type: "Workload",
  labelled: true,
  doc: "What workloads holding an RPST of a `mode = resource` trust may do: `Allow any-user to … where all { principal type, domain, propagated claims }`.",
  keys: [
    { key: "trust", doc: "Label of the `mode = resource` trust.", default: "the only such trust" },
    {
      key: "match",
      required: true,
      doc: "Which tokens: `github repo=o/r branch=main environment=prod`, `gitlab project=g/p ref=main`, or `<claim>=<value> …`. Every claim must be in the trust's `propagate[]`.",
    },
    {
      key: "allow",
      list: true,
      required: true,
      doc: "A policy statement after `Allow any-user to`, without `where`, e.g. `manage object-family in compartment apps`.",
    },
    { key: "policy_name", doc: "Name of the IAM policy.", default: "`<label>-workload-policy`" },
  ],
};

/**
 * `[OCIConfig]` keys for `auth = WorkloadIdentityFederation`: the provider itself exchanges the pipeline's OIDC
 * token (provider ≥ 8.22 [src: provider workload_identity_federation.go]). The client secret has no key on purpose:
 * the provider reads it from OCI_TOKEN_EXCHANGE_CLIENT_SECRET, so it never lands in cdk.tf.json.
 */
export const DEPLOY_AUTH_KEYS: readonly KeySpec[] = [
  {
    key: "wif_token_path",
    doc: "With `auth = WorkloadIdentityFederation`: the file holding the pipeline's OIDC token (`workload_identity_token_path`); the provider re-reads it, it never fetches one.",
    default: "none: the provider reads `OCI_WORKLOAD_IDENTITY_TOKEN_PATH` (as for every `wif_*` key, its `OCI_<NAME>`)",
  },
  {
    key: "wif_client_id",
    doc: "With `auth = WorkloadIdentityFederation`: client ID of an existing token-exchange app (`token_exchange_client_id`). Its secret comes only from the environment variable `OCI_TOKEN_EXCHANGE_CLIENT_SECRET`.",
    default: "none: the provider reads `OCI_TOKEN_EXCHANGE_CLIENT_ID`",
  },
  {
    key: "wif_domain_url",
    doc: "The domain whose token endpoint the provider calls (`token_exchange_domain_url`).",
    default: "`[IdentityDomain] iam_guid` once any `wif_*` key is set",
  },
  {
    key: "wif_token_type",
    doc: "`upst` or `rpst` (`token_exchange_requested_token_type`).",
    default: "`upst` once any `wif_*` key is set",
  },
  {
    key: "wif_resource_type",
    doc: "With `wif_token_type = rpst`, required: the trust's `resource_label` (`token_exchange_resource_type`).",
  },
];
