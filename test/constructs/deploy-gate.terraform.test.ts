import * as fs from 'fs';
import * as path from 'path';
import { describeWithTerraform, planDiagnostics, scratchDir, terraform } from '../terraform';
import { gated, OVERDUE } from './gated';

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
