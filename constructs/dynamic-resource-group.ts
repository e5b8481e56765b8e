import { Construct } from "constructs";
import { IdentityDomainsDynamicResourceGroup } from "../.gen/providers/oci/identity-domains-dynamic-resource-group";
import type { IIdentityDomain } from "./identity-domain";
import type { IGroup } from "./service-user";
import { PropChecker } from "./validation";
import { literalStack } from "./literal";

export const DYNAMIC_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:DynamicResourceGroup";

/** Props of {@link DynamicResourceGroup}. */
export interface DynamicResourceGroupProps {
  readonly domain: IIdentityDomain;
  /** Display name, which policies name. */
  readonly name: string;
  /**
   * Which resources are members, e.g. `ALL {resource.type = 'fnfunc', resource.id = '<ocid>'}`.
   * @see https://docs.oracle.com/iaas/Content/Identity/dynamicgroups/Writing_Matching_Rules_to_Define_Dynamic_Groups.htm
   */
  readonly matchingRule: string;
  /**
   * Shown in the console.
   * @default - a generated description
   */
  readonly description?: string;
}

/**
 * An identity-domain dynamic group: OCI resources (a function, an API gateway) that act as principals, so a
 * policy can grant to exactly them. Resource-principal tokens are cached for up to 15 minutes, so a policy change
 * can take that long to apply.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_dynamic_resource_group
 */
export class DynamicResourceGroup extends Construct implements IGroup {
  public readonly resource: IdentityDomainsDynamicResourceGroup;
  public readonly domain: IIdentityDomain;
  public readonly groupName: string;
  public readonly groupOcid: string;
  public readonly groupKind = "dynamic-group" as const;

  constructor(scope: Construct, id: string, props: DynamicResourceGroupProps) {
    super(scope, id);
    literalStack(this);
    const checks = new PropChecker(this, "DynamicResourceGroup");
    checks.check(
      "name",
      props.name,
      (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v),
      "must be letters, digits, '.', '_' or '-' (at most 100)",
    );
    checks.check(
      "matchingRule",
      props.matchingRule,
      (v) => /^(ALL|ANY)\s*\{.+\}$|^resource\.\S+\s*=/i.test(v.trim()),
      "must be a matching rule such as ALL {resource.type = 'fnfunc', …}",
    );
    checks.throwIfAny();

    this.domain = props.domain;
    this.groupName = props.name;
    this.resource = new IdentityDomainsDynamicResourceGroup(this, "Group", {
      idcsEndpoint: props.domain.url,
      schemas: [DYNAMIC_GROUP_SCHEMA],
      displayName: props.name,
      matchingRule: props.matchingRule,
      description: props.description ?? "Dynamic group for the UPST broker. Managed by Terraform.",
    });
    this.groupOcid = this.resource.ocid;
  }
}
