import type { DomainData } from "../support/identity-domain";

/** The domain URL the adopted config names (requests go to the stand-in). */
export const DOMAIN = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";
export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000";
export const SECRET = "idcscs-5e3c7a1b-0d2f-4a6b-9c8d-7e6f5a4b3c2d";
export const CLIENT_ID = "7f3e9a2b4c6d8e0f1a3b5c7d9e1f2a4b";

/**
 * A set-up as the Oracle sample's wifSetup.py leaves it (docs/oci-facts.md#oracle-sample): a standing admin app, the
 * token-exchange app (confidential, client_credentials, CustomWebAppTemplateId, active), a service user, a group
 * holding only that user, a trust with one rule mapping to it, and a policy for the group. Names and descriptions
 * are this test's choice: the seed's exact strings are not in the stored copy.
 */
export function seedSetup(): DomainData {
  const user = {
    id: "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e",
    ocid: "ocid1.user.oc1..aaaaaaaaserviceuser00000000000000000000000000000000000000",
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User",
    ],
    userName: "ServiceUser",
    description: "Service user for workload identity federation",
    "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User": { serviceUser: true },
  };
  const app = (id: string, name: string, displayName: string, description: string) => ({
    id,
    name,
    schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:App"],
    displayName,
    description,
    active: true,
    isOAuthClient: true,
    clientType: "confidential",
    allowedGrants: ["client_credentials"],
    basedOnTemplate: { value: "CustomWebAppTemplateId" },
    clientSecret: SECRET,
  });
  return {
    Apps: [
      app(
        "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
        "0000adminclient0000000000000000",
        "AdminClient",
        "Admin client for WIF setup",
      ),
      app(
        "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6",
        CLIENT_ID,
        "TokenExchangeClient",
        "Token exchange client for workload identity federation",
      ),
    ],
    Users: [user],
    Groups: [
      {
        id: "4d2b6f8a0c3e5a7c9e1d3f5b7d9f1a3c",
        ocid: "ocid1.group.oc1..aaaaaaaaserviceusergroup000000000000000000000000000000000",
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: "ServiceUser-group",
        members: [{ type: "User", value: user.id, ocid: user.ocid }],
      },
    ],
    IdentityPropagationTrusts: [
      {
        id: "5e3c7a9b1d4f6b8d0f2e4a6c8e0a2b4d",
        schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust"],
        name: "WIF-Trust",
        type: "JWT",
        issuer: "https://token.actions.githubusercontent.com",
        publicKeyEndpoint: "https://token.actions.githubusercontent.com/.well-known/jwks",
        active: true,
        allowImpersonation: true,
        oauthClients: [CLIENT_ID],
        description: "Identity propagation trust for GitHub Actions",
        impersonationServiceUsers: [
          { rule: "sub eq repo:octo-org/octo-repo:ref:refs/heads/main", value: user.id, ocid: user.ocid },
        ],
      },
    ],
    policies: [
      {
        id: "ocid1.policy.oc1..aaaaaaaaserviceuserpolicy0000000000000000000000000000000",
        compartmentId: TENANCY,
        name: "ServiceUser-policy",
        description: "Grants for the WIF service user",
        statements: ["Allow group 'Default'/'ServiceUser-group' to read buckets in compartment ci"],
      },
      {
        id: "ocid1.policy.oc1..aaaaaaaaunrelated0000000000000000000000000000000000000",
        compartmentId: TENANCY,
        name: "Admins",
        description: "x",
        statements: ["Allow group Administrators to manage all-resources in tenancy"],
      },
    ],
  };
}
