import type { Construct } from "constructs";
import { IdentityDomainsGroup } from "../../.gen/providers/oci/identity-domains-group";
import type { IdentityDomainsUser } from "../../.gen/providers/oci/identity-domains-user";
import type { IIdentityDomain } from "../identity-domain";
import type { PropChecker } from "./prop-checker";
import { GROUP_SCHEMA } from "./scim-schemas";

// Identity-domain user names: letters, digits and . _ - @ (no spaces, no quotes).
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
/**
 * A group whose only member is `user`: what makes one user addressable by a policy.
 * Shared by {@link ServiceUser} and {@link BrokerAccount}.
 */
export function soleMemberGroup(
  scope: Construct,
  domain: IIdentityDomain,
  groupName: string,
  user: IdentityDomainsUser | undefined,
): IdentityDomainsGroup {
  return new IdentityDomainsGroup(scope, "Group", {
    idcsEndpoint: domain.url,
    schemas: [GROUP_SCHEMA],
    displayName: groupName,
    members: user ? [{ type: "User", value: user.id }] : undefined,
    // Members are only returned when asked for; without "all" every plan re-adds the member
    // (oracle/terraform-provider-oci#1933).
    attributeSets: ["all"],
    forceDelete: true,
    lifecycle: { ignoreChanges: ["schemas"] },
  });
}

/**
 * Checks a user name and the name of the group that policies will quote.
 * Shared by {@link ServiceUser} and {@link BrokerAccount}.
 */
export function checkUserAndGroupNames(checks: PropChecker, userName: string, groupName: string): void {
  checks.check(
    "userName",
    userName,
    (v) => USER_NAME.test(v),
    "must be letters, digits, '.', '_', '-' or '@' (at most 100)",
  );
  checks.check(
    "groupName",
    groupName,
    (v) => v.trim() !== "" && !v.includes("'"),
    "must not be empty or contain a single quote (policies quote it)",
  );
}
