// The SCIM schema URNs the constructs write into `schemas` of identity-domain resources. Our own: a user of the
// library never writes them (each construct sets its own), so they are not exported by the package.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const USER_EXTENSION_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** The capabilities extension: which credentials a (non-service) user may hold and use. */
export const CAPABILITIES_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:extension:capabilities:User";
export const API_KEY_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:apikey";
export const APP_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:App";
export const TRUST_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust";
export const DYNAMIC_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:DynamicResourceGroup";
