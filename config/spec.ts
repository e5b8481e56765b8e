/**
 * Every section and key that setupConfig.ini may hold. The loader refuses anything not listed here (with a
 * "did you mean" for typos), and `npm run docs:config` renders this table into docs/configuration.md, so the two cannot
 * disagree.
 */
import { REFUSED_BACKEND_KEYS } from "./backend-keys";

import { DEPLOY_AUTH_KEYS, DOMAIN_MODE_KEYS, TRUST_MODE_KEYS, WORKLOAD_SECTION } from "./spec-modes";

/** One key of a section. */
export interface KeySpec {
  readonly key: string;
  /** Written as `key[] = …`, once per value. */
  readonly list?: boolean;
  readonly required?: boolean;
  /** What the key means, for the reference table (docs/configuration.md). */
  readonly doc: string;
  /** The default, as the reference shows it. */
  readonly default?: string;
  /** From the Oracle sample's format (accepted verbatim). */
  readonly seed?: boolean;
}

/** A kind of section: `[IdentityDomain]`, or `[Trust <label>]` when `labelled`. */
export interface SectionSpec {
  /** The section's type word as written in the docs; matched case-insensitively. */
  readonly type: string;
  /** Whether the header carries a label (`[Trust github]`), allowing several sections of this type. */
  readonly labelled: boolean;
  readonly doc: string;
  readonly seed?: boolean;
  readonly keys: readonly KeySpec[];
}

const TRUST_KEYS: readonly KeySpec[] = [
  {
    key: "issuer",
    required: true,
    seed: true,
    doc: "The `iss` claim of the tokens, an https URL. One trust per issuer (OCI allows one).",
  },
  {
    key: "jwk_uri",
    seed: true,
    doc: "https URL of the issuer's JSON Web Key Set. Required unless `public_certificate` is set or the provider has a known default.",
    default: "GitHub: `…/.well-known/jwks`; GitLab: `<issuer>/oauth/discovery/keys`",
  },
  { key: "public_certificate", doc: "PEM certificate to verify tokens with, instead of `jwk_uri`." },
  {
    key: "provider",
    doc: "The issuer's platform, a family of docs/issuers.md (`github`, `gitlab`, `buildkite` …) or `generic`: which typed rules (`rule[] = github …`) and `validate[]` shorthands the trust accepts, and its default `jwk_uri`. Needed for an issuer of a platform that can have any URL (a self-managed GitLab, a cluster).",
    default:
      "from the issuer when docs/issuers.md recognises it (github for token.actions.githubusercontent.com, gitlab for gitlab.com, …), else generic",
  },
  {
    key: "audience",
    doc: "Comma-separated audiences; tokens must carry one of them in `audience_claim`. Becomes `client_claim_values`.",
    default: "none (a warning: any audience is accepted)",
  },
  { key: "audience_claim", doc: "The claim that carries the audience (Azure: `appid`).", default: "`aud`" },
  {
    key: "allow_wildcard_rules",
    doc: "`true` to allow rules such as `sub eq *` that match every token of the issuer.",
    default: "`false`",
  },
  {
    key: "allow_unpinned",
    doc: "For an issuer every customer of a platform shares (github.com, gitlab.com …: docs/issuers.md lists them): why this trust may accept every customer's tokens, at least 10 characters. Without it such a trust needs a tenant pin: a `validate[]` naming your tenant, or (mode impersonation) rules that each name it.",
    default: "none: an unpinned trust of a shared issuer is an error",
  },
  { key: "clock_skew_seconds", doc: "Allowed clock skew on `iat`/`exp`, 0–3600.", default: "the service's" },
  {
    key: "name",
    doc: "The trust's name in the domain. Immutable: changing it replaces the trust.",
    default: "`wif-<label>` (`wif-trust` for the seed section)",
  },
  { key: "description", doc: "Shown in the console.", default: "generated" },
  {
    key: "retire",
    doc: "`true` to deactivate the trust (every exchange through it fails), the first of the two applies that remove it. See docs/deploying.md#removing-things.",
    default: "`false`",
  },
  ...TRUST_MODE_KEYS,
];

const SERVICE_USER_KEYS: readonly KeySpec[] = [
  {
    key: "rule",
    list: true,
    doc: "Impersonation rule: `github repo=o/r branch=main`, `gitlab project=g/p ref=main`, or `<claim> eq|co <value>`. See docs/configuration.md#rules.",
  },
  {
    key: "trust",
    doc: "Label of the `[Trust …]` whose tokens may become this user.",
    default: "the only trust, if there is one",
  },
  { key: "group", doc: "Name of the user's group, which its policy names.", default: "`<user>-group`" },
  {
    key: "allow",
    list: true,
    doc: "A policy statement after `Allow <group> to`, e.g. `read buckets in compartment ci`.",
    default: "none (no policy; a warning)",
  },
  { key: "policy_name", doc: "Name of the IAM policy.", default: "`<group>-policy`" },
  {
    key: "policy_description",
    doc: "Description of the IAM policy (`npm run import` copies an adopted policy's).",
    default: "generated",
  },
  { key: "description", doc: "Description of the user.", default: "generated" },
  {
    key: "retire",
    doc: "`true` to drop the user's rules, group membership and policy but keep the user, the first of the two applies that remove it. See docs/deploying.md#removing-things.",
    default: "`false`",
  },
];

/** All section types, in the order docs/configuration.md documents them. */
export const SECTIONS: readonly SectionSpec[] = [
  {
    type: "IdentityDomain",
    labelled: false,
    seed: true,
    doc: "The identity domain that gets the trust, app, users and groups.",
    keys: [
      {
        key: "iam_guid",
        required: true,
        seed: true,
        doc: "The domain URL, `https://idcs-<id>.identity.oraclecloud.com` (the seed's name for it).",
      },
      {
        key: "name",
        doc: "The domain's display name, for policy subjects `group '<domain>'/'<group>'`.",
        default: "none: policies name groups by OCID (`group id …`)",
      },
      {
        key: "other_realm",
        doc: "`true` for a domain outside the commercial realm, whose URL is not `https://idcs-<32 hex>.identity.oraclecloud.com`.",
        default: "`false`",
      },
      ...DOMAIN_MODE_KEYS,
    ],
  },
  {
    type: "OCIConfig",
    labelled: false,
    seed: true,
    doc: "How Terraform reaches OCI, and where policies go.",
    keys: [
      {
        key: "cli_profile",
        seed: true,
        doc: "Profile in `~/.oci/config` that the provider uses.",
        default: "`DEFAULT`",
      },
      { key: "tenancy_ocid", doc: "Tenancy OCID. Required when any service user has `allow[]` statements." },
      { key: "compartment_ocid", doc: "Compartment that holds the policies.", default: "the tenancy" },
      { key: "region", doc: "Region for the provider and for clients, e.g. `us-ashburn-1`.", default: "the profile's" },
      {
        key: "auth",
        doc: "Provider auth: `ApiKey`, `SecurityToken`, `InstancePrincipal`, `ResourcePrincipal`, `OKEWorkloadIdentity` or `WorkloadIdentityFederation`.",
        default: "the provider's (`ApiKey`)",
      },
      ...DEPLOY_AUTH_KEYS,
    ],
  },
  {
    type: "WIFConfig",
    labelled: false,
    seed: true,
    doc: "The token-exchange OAuth client and what clients get.",
    keys: [
      {
        key: "admin_app_name",
        seed: true,
        doc: "Accepted and ignored: Terraform uses your own credentials, so no standing admin client is made.",
      },
      {
        key: "token_exchange_app_name",
        seed: true,
        doc: "Display name of the confidential app whose client ID may exchange tokens.",
        default: "`TokenExchangeClient`",
      },
      { key: "description", doc: "Description of the app.", default: "generated" },
      {
        key: "runtime_config_path",
        doc: "Where the apply (wif-deploy) writes runtimeConfig.ini: a path under this file's folder, without `..` or a link out of it (docs/paths.md).",
        default: "`runtimeConfig.ini`",
      },
      {
        key: "runtime_config_outside",
        doc: "`true` to allow an absolute `runtime_config_path` (still without `..`).",
        default: "`false`",
      },
      {
        key: "profile_name",
        doc: "OCI config profile that exchange clients create (also the folder `sessions/<profile>`): letters, digits, `.`, `_`, `@`, `-`, at most 64, not `.` or `..`.",
        default: "`wif`",
      },
      {
        key: "stack_name",
        doc: "Name of the Terraform stack (and of its folder and state file): letters, digits, `_`, `-`, at most 100.",
        default: "`wif`",
      },
      {
        key: "retire",
        doc: "`true` to deactivate the token-exchange app, the first of the two applies that remove it (an active app cannot be deleted).",
        default: "`false`",
      },
    ],
  },
  {
    type: "ServiceUserConfig",
    labelled: false,
    seed: true,
    doc: "The seed's single service user; takes the `[ServiceUser]` keys too, and the seed trust's `impersonationrule`.",
    keys: [
      { key: "user_name", required: true, seed: true, doc: "User name of the service user." },
      ...SERVICE_USER_KEYS,
    ],
  },
  {
    type: "TrustConfiguration",
    labelled: false,
    seed: true,
    doc: "The seed's single trust; takes the `[Trust]` keys too.",
    keys: [
      ...TRUST_KEYS,
      {
        key: "impersonationrule",
        seed: true,
        doc: "The rule that maps tokens to the `[ServiceUserConfig]` user, in OCI syntax or ours.",
      },
    ],
  },
  {
    type: "Trust",
    labelled: true,
    doc: "An identity propagation trust; the label names it for `trust =`.",
    keys: TRUST_KEYS,
  },
  { type: "ServiceUser", labelled: true, doc: "A service user; the label is its user name.", keys: SERVICE_USER_KEYS },
  {
    type: "ResourceServer",
    labelled: true,
    doc: "An OAuth resource server: an audience with custom scopes and its own token lifetimes (how tokens outlive IAM's one-hour cap).",
    keys: [
      {
        key: "audience",
        required: true,
        doc: "Primary audience, a base URI unique in the domain, e.g. `https://upst-broker.example.com/`.",
      },
      {
        key: "scope",
        list: true,
        required: true,
        doc: "A scope: its value, then optionally a description, e.g. `upst.generate Generate session tokens`.",
      },
      {
        key: "access_token_expiry",
        doc: "Access-token lifetime in seconds, 60–31536000 (Oracle's token expiry table).",
        default: "3600 (the service's)",
      },
      {
        key: "refresh_token_expiry",
        doc: "Refresh-token lifetime in seconds, at least the access token's, at most a year.",
        default: "604800 (the service's)",
      },
      { key: "display_name", doc: "The app's display name.", default: "`<label>`" },
      {
        key: "retire",
        doc: "`true` to deactivate the app, the first of the two applies that remove it (an active app cannot be deleted).",
        default: "`false`",
      },
    ],
  },
  {
    type: "OAuthClient",
    labelled: true,
    doc: "A confidential client (client-credentials grant) allowed scopes of resource servers.",
    keys: [
      {
        key: "scope",
        list: true,
        required: true,
        doc: "`<resource server label>:<scope>`, or a fully qualified scope of an app not managed here.",
      },
      { key: "display_name", doc: "The app's display name.", default: "`<label>`" },
      {
        key: "retire",
        doc: "`true` to deactivate the app, the first of the two applies that remove it (an active app cannot be deleted).",
        default: "`false`",
      },
    ],
  },
  {
    type: "UpstBroker",
    labelled: true,
    doc: "A UPST broker (API Gateway → Function → GenerateUserSecurityToken); the label prefixes every name it creates.",
    keys: [
      {
        key: "compartment_ocid",
        required: true,
        doc: "Compartment of the vault, secret, function, gateway and their policies.",
      },
      {
        key: "account_user_name",
        doc: "The API-key-only account whose session tokens the broker hands out.",
        default: "`<label>-account`",
      },
      {
        key: "account_email",
        doc: "Primary email of the account (domains often require one; no notification is sent).",
      },
      {
        key: "api_key",
        doc: "`generate` (a key pair made by Terraform; the private key is in state) or the path of a PEM public key under this file's folder (the private key never enters state; you upload it to the secret).",
        default: "`generate`",
      },
      { key: "group", doc: "The account's group.", default: "`<account>-group`" },
      {
        key: "allow",
        list: true,
        doc: "What the broker's session tokens may do: statements after `Allow <group> to`.",
        default: "none (a warning)",
      },
      { key: "vault_ocid", doc: "An existing vault for the secret; with `vault_key_ocid`." },
      { key: "vault_key_ocid", doc: "The existing vault's AES master key." },
      {
        key: "create_vault",
        doc: "`true` to create a vault and key instead (deleting them later only schedules deletion).",
        default: "`false`",
      },
      { key: "key_protection", doc: "`HSM` or `SOFTWARE`, for a created key.", default: "`HSM`" },
      {
        key: "function",
        doc: "`true` to create the Functions application and function (needs the next two keys).",
        default: "`true`",
      },
      { key: "function_subnet_ocid", list: true, doc: "Subnets of the Functions application." },
      {
        key: "function_image",
        doc: "The function's image, `<region>.ocir.io/<namespace>/<repo>:<tag>` (you build it).",
      },
      { key: "function_memory_mb", doc: "Function memory, MB.", default: "256" },
      { key: "function_timeout_seconds", doc: "Function timeout, 1–300 s.", default: "30" },
      {
        key: "session_minutes",
        doc: "Default session-token length, 5–60 minutes (GenerateUserSecurityToken's bounds).",
        default: "60",
      },
      {
        key: "gateway",
        doc: "`true` to create the API Gateway and deployment (needs the function).",
        default: "`true`",
      },
      { key: "gateway_subnet_ocid", doc: "Subnet of the gateway." },
      { key: "gateway_endpoint_type", doc: "`PUBLIC` or `PRIVATE`.", default: "`PUBLIC`" },
      { key: "resource_server", doc: "Label of the `[ResourceServer]` whose access tokens the gateway accepts." },
      { key: "scope", doc: "The scope a token must carry.", default: "the resource server's first scope" },
      { key: "path_prefix", doc: "Deployment path prefix.", default: "`/upst`" },
      { key: "route_path", doc: "Route path; the broker is `https://<gateway>/<prefix><route>`.", default: "`/token`" },
    ],
  },
  WORKLOAD_SECTION,
  {
    type: "Backend",
    labelled: false,
    doc: "Where Terraform keeps the stack's state (it holds the client secret). Without this section: a local file next to the config. Credentials never go here.",
    keys: [
      {
        key: "type",
        required: true,
        doc: "`local`, `oci` (Terraform ≥ 1.12's native Object Storage backend), `s3` (Object Storage's S3 compatibility API, or any S3 endpoint) or `http`.",
      },
      {
        key: "path",
        doc: "`local`: the state file, a path under this file's folder (no `..`, no absolute path, no link out of it).",
        default: "`terraform.<stack_name>.tfstate`",
      },
      { key: "bucket", doc: "`oci`, `s3`: the bucket. Required for both." },
      {
        key: "namespace",
        doc: "`oci` (required), `s3`: the Object Storage namespace (`oci os ns get`); for `s3` the compatibility endpoint is derived from it.",
      },
      {
        key: "key",
        doc: "`oci`, `s3`: the state object's name; give each stack its own.",
        default: "`<stack_name>/terraform.tfstate`",
      },
      { key: "region", doc: "`oci`, `s3`: the bucket's region.", default: "`[OCIConfig] region`" },
      {
        key: "auth",
        doc: "`oci`: `ApiKey`, `InstancePrincipal`, `InstancePrincipalWithCerts`, `SecurityToken` (needs `region` and `config_file_profile`), `ResourcePrincipal` or `OKEWorkloadIdentity`.",
        default: "`[OCIConfig] auth` when the backend has it, else Terraform's (`ApiKey`)",
      },
      {
        key: "config_file_profile",
        doc: "`oci`: the `~/.oci/config` profile, e.g. the session profile `wif-exchange` writes.",
        default: "`[OCIConfig] cli_profile` when it is set (for `ApiKey` and `SecurityToken`)",
      },
      {
        key: "kms_key_id",
        doc: "`oci`: a Vault key OCID that encrypts the state object.",
        default: "Oracle-managed keys",
      },
      {
        key: "workspace_key_prefix",
        doc: "`oci`, `s3`: prefix of non-default workspaces' state objects.",
        default: "Terraform's (`tf-state-env` for oci)",
      },
      { key: "endpoint", doc: "`s3`: an S3 endpoint URL other than OCI's (instead of `namespace`)." },
      {
        key: "address",
        doc: "`http`: the state URL (https; no credentials in it: no `user:password@`, no signature, token or key parameter, no pre-authenticated request). Required for `http`.",
      },
      { key: "lock_address", doc: "`http`: the lock URL.", default: "no locking" },
      { key: "unlock_address", doc: "`http`: the unlock URL.", default: "`lock_address`" },
      ...Object.entries(REFUSED_BACKEND_KEYS).map(([key, fix]) => ({ key, doc: `Refused (a credential). ${fix}` })),
    ],
  },
  {
    type: "Adopt",
    labelled: false,
    doc: "Binds the stack's resources to live ones instead of creating them (Terraform `import` blocks), for a set-up made by hand or by the Oracle sample. `npm run import` writes it.",
    keys: [
      {
        key: "imports",
        required: true,
        doc: "The JSON file `npm run import` wrote (construct path → import ID), relative to this file. Remove the section once the first apply has imported everything.",
      },
    ],
  },
  {
    type: "Environments",
    labelled: false,
    doc: "Several environments from one config: this file is the base, and each `<dir>/<env>.ini` overlays it (its sections and keys replace the base's). `npm run synth` then builds one stack per environment.",
    keys: [
      {
        key: "dir",
        required: true,
        doc: "The folder of overlays, under this file's folder (no `..`, no link out of it); every `*.ini` in it is an environment named after the file.",
      },
    ],
  },
  {
    type: "Suppress",
    labelled: true,
    doc: "Silences one review rule (the label is its ID, e.g. `WIF-T2`), with a reason that the review report shows.",
    keys: [
      {
        key: "reason",
        required: true,
        doc: "Why the finding is accepted (at least 10 characters): a ticket, a justification.",
      },
      {
        key: "applies_to",
        list: true,
        doc: "Where: a construct path, or part of one (`ServiceUser-ci-reader`). Each must match something.",
        default: "the whole stack",
      },
    ],
  },
];

/** Looks a section type up case-insensitively. */
export function findSection(type: string): SectionSpec | undefined {
  return SECTIONS.find((s) => s.type.toLowerCase() === type.toLowerCase());
}

/** Typo suggestions live with the flag parser's in core/suggest.ts; re-exported for the config readers. */
export { editDistance, suggest } from "../core/suggest";
