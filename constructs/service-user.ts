import { Construct } from "constructs";
import { IdentityDomainsGroup } from "../.gen/providers/oci/identity-domains-group";
import { IdentityDomainsUser } from "../.gen/providers/oci/identity-domains-user";
import type { IIdentityDomain } from "./identity-domain";
import { PropChecker } from "./validation";
import { literalStack } from "./literal";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const USER_EXTENSION_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** A group (or dynamic group) that IAM policies can name. */
export interface IGroup {
  readonly domain: IIdentityDomain;
  /** The group's display name. */
  readonly groupName: string;
  /** The group's OCID, known after apply. */
  readonly groupOcid: string;
  /**
   * Which policy subject keyword names it.
   * @default "group"
   */
  readonly groupKind?: "group" | "dynamic-group";
}

/** Props of {@link ServiceUser}. */
export interface ServiceUserProps {
  /** The identity domain that holds the user and its group. */
  readonly domain: IIdentityDomain;
  /** The user name (SCIM `userName`), unique in the domain. */
  readonly userName: string;
  /**
   * Display name of the user's group, which its IAM policy names.
   * @default `${userName}-group`
   */
  readonly groupName?: string;
  /**
   * Shown in the console.
   * @default - a generated description
   */
  readonly description?: string;
  /**
   * Keeps the user but takes it out of its group: the first of the two applies that delete a user, which the
   * service refuses while the user is a group member (terraform-provider-oci#2050). Leave its rules out of every
   * trust in the same apply.
   * @default false
   */
  readonly retired?: boolean;
}

// Identity-domain user names: letters, digits and . _ - @ (no spaces, no quotes).
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/**
 * A service user that tokens are exchanged for, and the group that makes it addressable in IAM policies.
 *
 * A service user (`service_user = true`) cannot sign in, hold API keys or passwords; it exists to be
 * impersonated by a trust. The flag is only sent when the user is created.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_user
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_group
 */
export class ServiceUser extends Construct implements IGroup {
  public readonly domain: IIdentityDomain;
  public readonly user: IdentityDomainsUser;
  public readonly group: IdentityDomainsGroup;
  public readonly userName: string;
  /** The user's SCIM id: what a trust's `impersonation_service_users.value` takes. */
  public readonly userId: string;
  public readonly userOcid: string;
  public readonly groupName: string;
  public readonly groupOcid: string;

  constructor(scope: Construct, id: string, props: ServiceUserProps) {
    super(scope, id);
    literalStack(this);
    const groupName = props.groupName ?? `${props.userName}-group`;

    const checks = new PropChecker(this, "ServiceUser");
    checkUserAndGroupNames(checks, props.userName, groupName);
    checks.throwIfAny();

    this.domain = props.domain;
    this.userName = props.userName;
    this.groupName = groupName;
    this.user = new IdentityDomainsUser(this, "User", {
      idcsEndpoint: props.domain.url,
      schemas: [USER_SCHEMA, USER_EXTENSION_SCHEMA],
      userName: props.userName,
      description: props.description ?? "Service user for Workload Identity Federation. Managed by Terraform.",
      urnietfparamsscimschemasoracleidcsextensionuserUser: { serviceUser: true },
      forceDelete: true,
      // The service adds schema URNs of its own to what we send; without this every plan would try to remove them
      // (oci-landing-zones/terraform-oci-modules-iam#26).
      lifecycle: { ignoreChanges: ["schemas"] },
    });
    this.group = soleMemberGroup(this, props.domain, groupName, props.retired ? undefined : this.user);
    this.userId = this.user.id;
    this.userOcid = this.user.ocid;
    this.groupOcid = this.group.ocid;
  }
}

/**
 * A group whose only member is `user`: what makes one user addressable by a policy.
 * @internal shared by {@link ServiceUser} and the broker account
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
 * @internal shared by {@link ServiceUser} and the broker account
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
