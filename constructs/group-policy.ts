import { Construct } from "constructs";
import { IdentityPolicy } from "../.gen/providers/oci/identity-policy";
import type { IGroup } from "./service-user";
import { PropChecker } from "./validation";
import { isPolicyStatementBody } from "../core/policy-statement";
import { literalStack } from "./literal";

/** How a policy names its group. */
export type PolicySubject = "name" | "id";

/** Props of {@link GroupPolicy}. */
export interface GroupPolicyProps {
  /** The group the statements grant to. */
  readonly group: IGroup;
  /** OCID of the compartment (or tenancy) that holds the policy. Statements can only reach into its subtree. */
  readonly compartmentId: string;
  /** Statement bodies, each what follows `Allow <group> to`, e.g. `read buckets in compartment ci`. */
  readonly statements: readonly string[];
  /**
   * The policy's name, unique in the tenancy.
   * @default `${group.groupName}-policy`
   */
  readonly name?: string;
  /**
   * Shown in the console; the provider requires one.
   * @default - a generated description naming the group
   */
  readonly description?: string;
  /**
   * `name` writes `group '<domain>'/'<group>'`; `id` writes `group id <ocid>`, which survives renames but is
   * harder to read.
   * @default - "name" when the domain's display name is known, otherwise "id"
   */
  readonly subject?: PolicySubject;
}

/**
 * The IAM policy of one group or dynamic group: each statement body becomes `Allow <group> to <body>`, so a
 * policy can never grant to anyone but its group.
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_policy
 */
export class GroupPolicy extends Construct {
  public readonly policy: IdentityPolicy;
  /** The full statements, as OCI gets them. */
  public readonly statements: readonly string[];
  /** The subject every statement uses. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: GroupPolicyProps) {
    super(scope, id);
    literalStack(this);
    const subjectForm = props.subject ?? (props.group.domain.name ? "name" : "id");
    const name = props.name ?? `${props.group.groupName}-policy`;

    const checks = new PropChecker(this, "GroupPolicy");
    if (props.statements.length === 0) checks.fail("statements", "must hold at least one statement", []);
    props.statements.forEach((s, i) =>
      checks.check(
        `statements[${i}]`,
        s,
        isPolicyStatementBody,
        "must be what follows 'Allow <group> to'",
        "Write <inspect|read|use|manage> <resource-type> in <tenancy | compartment name | compartment id ocid> [where …].",
      ),
    );
    checks.check(
      "name",
      name,
      (v) => /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/.test(v),
      "must be letters, digits, spaces, '.', '_', '-' or '@' (at most 100)",
    );
    if (subjectForm === "name" && !props.group.domain.name) {
      checks.fail(
        "subject",
        'is "name" but the group\'s domain has no name',
        subjectForm,
        'Give the domain\'s display name, or use subject "id".',
      );
    }
    checks.throwIfAny();

    const keyword = props.group.groupKind ?? "group";
    this.subject =
      subjectForm === "name"
        ? `${keyword} '${props.group.domain.name}'/'${props.group.groupName}'`
        : `${keyword} id ${props.group.groupOcid}`;
    this.statements = props.statements.map((s) => `Allow ${this.subject} to ${s.trim().replace(/\s+/g, " ")}`);
    this.policy = new IdentityPolicy(this, "Policy", {
      compartmentId: props.compartmentId,
      name,
      description:
        props.description ??
        `Grants for Workload Identity Federation group ${props.group.groupName}. Managed by Terraform.`,
      statements: [...this.statements],
    });
  }
}
