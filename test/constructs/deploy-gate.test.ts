import { Testing, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { DeployGate } from '../../lib/constructs/deploy-gate';
import { describeWithTerraform, planDiagnostics, scratchDir, terraform } from '../terraform';

function gated(reasons: Record<string, string>): Record<string, unknown> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'prod');
  new DeployGate(stack, 'deploy-gate', { environment: 'prod', reasons });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource: { terraform_data: Record<string, Record<string, unknown>> };
  };
  return json.resource.terraform_data;
}

const OVERDUE = {
  'SSO-007 signingKey.issued': 'signing key generation 2026-q4 (issued 2026-10-14) is overdue',
};

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

describeWithTerraform('the deploy gate under terraform plan', () => {
  const dir = scratchDir('deploy-gate');

  test('GIVEN the gate WHEN planned THEN validate passes and the plan fails with the reason, creating nothing', () => {
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({ resource: { terraform_data: gated(OVERDUE) } }),
    );
    expect(terraform(dir, ['init', '-no-color', '-input=false']).code).toBe(0);
    expect(terraform(dir, ['validate', '-no-color']).code).toBe(0);

    const plan = terraform(dir, ['plan', '-json', '-input=false', '-lock=false']);

    expect(plan.code).toBe(1);
    expect(planDiagnostics(plan.stdout).filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        summary: 'Resource postcondition failed',
        detail: expect.stringMatching(
          /^prod must not be deployed: SSO-007 signingKey\.issued: .* is overdue\./,
        ),
      }),
    ]);
    expect(fs.existsSync(path.join(dir, 'terraform.tfstate'))).toBe(false);
  });
});
