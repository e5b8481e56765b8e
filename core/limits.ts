// Bounds and fixed values from OCI's documentation, shared by the config reader, the constructs and the review.
// This module imports nothing.

// Oracle's token expiry table (docs/oci-facts.md#token-lifetimes): a resource app's access-token expiry ranges from 60 s to
// one year. One year here is 365 days.
export const ACCESS_TOKEN_EXPIRY_MIN = 60;
export const ACCESS_TOKEN_EXPIRY_MAX = 31_536_000;
// Oracle documents only the refresh token's default (604800 s); no bound is documented. We refuse
// less than the access-token minimum and more than a year, as a sanity bound, and say so in the message.
export const REFRESH_TOKEN_EXPIRY_MAX = 31_536_000;
// The user-session factor (docs/oci-facts.md#token-lifetimes): in user flows an access token lives at most as long as the
// session's remaining time, 8 hours (28800 s) by default.
export const USER_SESSION_SECONDS = 28_800;

// GenerateUserSecurityTokenDetails.sessionExpirationInMinutes: 5 to 60, default 60 (docs/oci-facts.md#generate-upst).
export const SESSION_MINUTES_MIN = 5;
export const SESSION_MINUTES_MAX = 60;

// IAM policies (Oracle, "Creating a Policy": a name of at most 100 characters, a description of at most 400;
// docs/oci-facts.md#limits).
export const POLICY_NAME_MAX = 100;
export const POLICY_DESCRIPTION_MAX = 400;

/**
 * Access tokens of identity domains, as API Gateway must validate them (Oracle, "Identity Provider Details to Use
 * for iss and aud Claims, and for the JWKS URI", apigatewayusingjwttokens-identityprovider.htm): the issuer is
 * `https://identity.oraclecloud.com` — the table writes it without the trailing slash for identity domains and
 * with it for IDCS, so both are accepted — and the keys are at `<domain URL>/admin/v1/SigningCert/jwk`.
 */
export const DOMAIN_TOKEN_ISSUERS = ["https://identity.oraclecloud.com/", "https://identity.oraclecloud.com"];

/**
 * Bounds on the size of a config, so that the work of one synthesis is bounded. A real identity domain is far below
 * them (the largest configs we know of have tens of service users); above them, synthesis would take minutes and
 * gigabytes (10,000 service users took 104 s and 3.1 GB before any tuning), so the config is refused up front.
 */
export const MAX_SERVICE_USERS = 2_000;
/** All `rule[]` lines of all service users together. 10,000 synthesize in seconds; each is one trust mapping. */
export const MAX_RULES = 10_000;
/** Sections of any kind, including unknown ones. */
export const MAX_SECTIONS = 5_000;
/** Problems printed for one file; the rest are counted ("… and N more"). */
export const MAX_PRINTED_PROBLEMS = 50;
