import * as fs from 'fs';
import * as path from 'path';
import { ROTATION_CLOCK_LOCAL } from '../../lib/constructs/rotation-check';
import { synthesizeProd } from '../helpers';
import { describeWithTerraform, planDiagnostics, scratchDir, terraform } from '../terraform';

/*
 * The rotation check as Terraform itself evaluates it. The built-in prod key (2026-q4) warns from
 * 2026-12-29 and must be rotated by 2027-01-12. The check and the locals it refers to are taken
 * from the synthesized prod stack as they are; the plan-time clock is pinned with an override
 * file, the way Terraform merges `*_override.tf.json` into a configuration.
 */
describeWithTerraform('rotation check under terraform plan', () => {
  const dir = scratchDir('rotation-check');
  const prod = synthesizeProd();
  const { signing_key_rotation, signing_key_rotation_clock } = prod.locals as Record<string, unknown>;
  fs.writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({
      terraform: prod.terraform.required_version ? { required_version: prod.terraform.required_version } : {},
      locals: { signing_key_rotation, signing_key_rotation_clock },
      check: prod.check,
    }),
  );

  beforeAll(() => {
    const init = terraform(dir, ['init', '-no-color', '-input=false']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
  });

  function warningsOn(day: string): string[] {
    fs.writeFileSync(
      path.join(dir, 'clock_override.tf.json'),
      JSON.stringify({ locals: { [ROTATION_CLOCK_LOCAL]: `${day}T12:00:00Z` } }),
    );
    const plan = terraform(dir, ['plan', '-json', '-input=false', '-lock=false']);
    expect(plan.code).toBe(0);
    return planDiagnostics(plan.stdout)
      .filter((d) => d.severity === 'warning' && d.summary === 'Check block assertion failed')
      .map((d) => d.detail);
  }

  test('GIVEN a day before the warn date WHEN planned THEN the check passes silently', () => {
    expect(warningsOn('2026-12-28')).toEqual([]);
  });

  test('GIVEN a day in the warning window WHEN planned THEN Terraform warns that the key must be rotated by its date', () => {
    const warnings = warningsOn('2027-01-05');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^prod: SAML signing key generation 2026-q4 .* must be rotated by 2027-01-12\./,
    );
  });

  test('GIVEN the first day of the window WHEN planned THEN Terraform already warns', () => {
    expect(warningsOn('2026-12-29')).toHaveLength(1);
  });

  test('GIVEN a day past the rotate-by date WHEN planned THEN Terraform warns once that the key is overdue', () => {
    const warnings = warningsOn('2027-01-13');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/passed its rotate-by date 2027-01-12\. Rotate it now:/);
  });

  test("GIVEN no override WHEN planned THEN the check runs on Terraform's own clock without error", () => {
    fs.rmSync(path.join(dir, 'clock_override.tf.json'), { force: true });
    const plan = terraform(dir, ['plan', '-json', '-input=false', '-lock=false']);
    expect(planDiagnostics(plan.stdout).filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.code).toBe(0);
  });
});
