import { Testing, TerraformStack } from 'cdktf';
import { DeployGate } from '../../lib/constructs/deploy-gate';

/** The `terraform_data` blocks of a prod stack holding only a deploy gate with these reasons. */
export function gated(reasons: Record<string, string>): Record<string, unknown> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'prod');
  new DeployGate(stack, 'deploy-gate', { environment: 'prod', reasons });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource: { terraform_data: Record<string, Record<string, unknown>> };
  };
  return json.resource.terraform_data;
}

export const OVERDUE = {
  'SSO-007 signingKey.issued': 'signing key generation 2026-q4 (issued 2026-10-14) is overdue',
};
