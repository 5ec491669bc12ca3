import { TerraformResource, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';

/** Properties of a {@link TerraformData} resource. */
export interface TerraformDataProps {
  /** Stored in state; a change replaces the resource, which is what makes it plan-visible. @default none */
  readonly triggersReplace?: Readonly<Record<string, string>>;
  /** Stored in state and echoed as `output`. @default none */
  readonly input?: Readonly<Record<string, string>>;
  /** Provisioners to run when the resource is created or replaced. @default none */
  readonly provisioners?: TerraformResource['provisioners'];
  /** Lifecycle meta-arguments (`prevent_destroy`, `replace_triggered_by`...). @default none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4 and later).
 *
 * cdktf's own `DataResource` adds a validation that runs `terraform version` during synthesis:
 * it costs a process spawn per instance and fails synthesis outright on a machine without
 * Terraform, where `sso synth` must work. The stack's `required_version` states the minimum.
 */
export class TerraformData extends TerraformResource {
  /** The Terraform resource type: `terraform_data`. */
  static readonly tfResourceType = 'terraform_data';

  private readonly props: TerraformDataProps;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'terraform' },
      provisioners: props.provisioners,
      lifecycle: props.lifecycle,
    });
    this.props = props;
  }

  /** The resource's `id` attribute: a unique value Terraform sets when it creates the resource. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** The JSON arguments: `triggers_replace` and `input`. */
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: this.props.triggersReplace, input: this.props.input };
  }
}
