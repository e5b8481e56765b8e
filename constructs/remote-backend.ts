import { TerraformBackend, TerraformRemoteState, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { literalStack } from "./literal";

/** Props of {@link RemoteBackend}. */
export interface RemoteBackendProps {
  /** The backend's type as Terraform names it: `oci`, `s3`, `http`, … */
  readonly type: string;
  /** The backend block's arguments, in Terraform's snake_case. Never credentials: they belong in the environment. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * `terraform.required_version` of the stack, for a backend that needs a recent Terraform (`oci` needs 1.12).
   * @default - no constraint
   */
  readonly requiredTerraformVersion?: string;
}

/**
 * Any Terraform state backend, by type name. cdktf has classes for a fixed list (S3, HTTP, …) and none for
 * Terraform 1.12's native `backend "oci"`; this one writes whichever block it is given. Being a backend construct,
 * it also stops cdktf from adding its default local backend, which a `terraform.backend` override alone would not
 * (the stack would then name two backends).
 *
 * @see https://developer.hashicorp.com/terraform/language/backend
 */
export class RemoteBackend extends TerraformBackend {
  private readonly props: RemoteBackendProps;

  constructor(scope: Construct, props: RemoteBackendProps) {
    super(scope, "backend", props.type);
    literalStack(this);
    this.props = props;
    if (props.requiredTerraformVersion)
      TerraformStack.of(this).addOverride("terraform.required_version", props.requiredTerraformVersion);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { ...this.props.config };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return { ...this.props.config };
  }

  /** A `terraform_remote_state` data source reading this stack's state from another stack. */
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new RemoteStateOf(scope, name, this.props.type, { ...this.props.config });
  }
}

class RemoteStateOf extends TerraformRemoteState {}
