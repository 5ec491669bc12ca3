import { Construct } from 'constructs';
import { describeValue, ValidationError } from '../core/errors';
import { fixAddress } from './addresses';
import { TerraformData } from './terraform-data';

/** Properties of a {@link DeployGate}. */
export interface DeployGateProps {
  /** Names the environment in the message. */
  readonly environment: string;
  /** What blocks the deploy, by where it was found (`SSO-007 signingKey.issued`): at least one. */
  readonly reasons: Readonly<Record<string, string>>;
}

/** The gate's Terraform address is `terraform_data.sso_deploy_gate`; `sso review` skips it. */
export const DEPLOY_GATE_ADDRESS = 'sso_deploy_gate';

/**
 * Makes `terraform plan` (and so `cdktf deploy`) of this stack fail with the reasons, while the rest
 * of the app synthesizes and deploys: `cdktf deploy staging` synthesizes every stack, so a problem of
 * prod's own must stop prod's deploys, not staging's.
 *
 * A resource postcondition on its own input, which Terraform checks at plan time: a precondition
 * on a literal is refused ("must refer to at least one object"). The plan fails before anything is
 * created, so the gate never reaches the state and leaves no trace once the reasons are resolved.
 */
export class DeployGate extends Construct {
  constructor(scope: Construct, id: string, props: DeployGateProps) {
    super(scope, id);
    const reasons = Object.entries(props.reasons);
    if (reasons.length === 0) {
      throw new ValidationError('DeployGate.reasons', describeValue(props.reasons), 'at least one reason');
    }
    const message =
      `${props.environment} must not be deployed: ${reasons.map(([where, why]) => `${where}: ${why}`).join(' | ')}. ` +
      'The other environments deploy as usual; `npx sso validate` shows the same.';
    fixAddress(
      new TerraformData(this, 'gate', {
        input: props.reasons,
        lifecycle: {
          postcondition: [{ condition: '${length(self.input) == 0}', errorMessage: template(message) }],
        },
      }),
      DEPLOY_GATE_ADDRESS,
    );
  }
}

/** `error_message` is a Terraform template: literal `${` and `%{` must be doubled. */
function template(text: string): string {
  return text.replace(/([$%])\{/g, (_, mark: string) => `${mark}${mark}{`);
}
