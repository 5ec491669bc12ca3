import { Testing, TerraformStack } from 'cdktf';
import { DeployGate } from '../../lib/constructs/deploy-gate';
import { gated, OVERDUE } from './gated';

describe('DeployGate', () => {
  test('GIVEN a reason THEN terraform_data.sso_deploy_gate carries it and fails its own postcondition', () => {
    expect(gated(OVERDUE)).toEqual({
      sso_deploy_gate: {
        input: OVERDUE,
        lifecycle: {
          postcondition: [
            {
              condition: '${length(self.input) == 0}',
              error_message:
                'prod must not be deployed: SSO-007 signingKey.issued: signing key generation 2026-q4 (issued ' +
                '2026-10-14) is overdue. The other environments deploy as usual; `npx sso validate` shows the same.',
            },
          ],
        },
      },
    });
  });

  test('GIVEN template sequences in a reason THEN the error message escapes them', () => {
    const gate = gated({ where: 'a ${var.x} and %{ if }' }).sso_deploy_gate as {
      lifecycle: { postcondition: { error_message: string }[] };
    };

    expect(gate.lifecycle.postcondition[0]?.error_message).toContain('a $${var.x} and %%{ if }');
  });

  test('GIVEN no reason THEN a ValidationError: a gate that blocks nothing is a bug', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');

    expect(() => new DeployGate(stack, 'deploy-gate', { environment: 'prod', reasons: {} })).toThrow(
      /^DeployGate\.reasons: expected at least one reason/,
    );
  });
});
