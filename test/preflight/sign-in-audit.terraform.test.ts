import { preflight, type StackPreflight } from '../../lib/preflight/preflight';
import { ensureStandins } from '../../lib/preflight/standins';
import { describeWithTerraform } from '../terraform';
import { example, synthesizeStacks } from './stacks';

/*
 * The sign-in audit schema goes through Terraform itself: init, validate and plan with the
 * stand-in providers (whose databricks_system_schema carries the provider's own computed fields).
 */
describeWithTerraform('sso preflight with signInAudit', () => {
  let results: StackPreflight[];

  beforeAll(async () => {
    const prod = { ...example('prod'), signInAudit: { workspaces: ['ml-prod', 'analytics-prod'] } };
    results = await preflight(synthesizeStacks(example('staging'), prod), {
      cliConfigFile: await ensureStandins(),
    });
  }, 300_000);

  test('GIVEN a declaration with signInAudit WHEN preflighted THEN Terraform validates and plans every stack with no error', () => {
    expect(
      results.map((r) => ({
        stack: r.stack,
        valid: r.valid,
        planned: r.planned,
        errors: r.diagnostics.filter((d) => d.severity === 'error'),
      })),
    ).toEqual(
      expect.arrayContaining([
        { stack: 'staging', valid: true, planned: true, errors: [] },
        { stack: 'prod', valid: true, planned: true, errors: [] },
      ]),
    );
    expect(results).toHaveLength(2);
  });

  test('GIVEN a declaration with signInAudit WHEN preflighted THEN Terraform plans to create one access schema per named workspace', () => {
    const prod = results.find((r) => r.stack === 'prod');

    expect(prod?.actions.filter((a) => a.address.startsWith('databricks_system_schema.'))).toEqual([
      { address: 'databricks_system_schema.access_analytics_prod', action: 'create' },
      { address: 'databricks_system_schema.access_ml_prod', action: 'create' },
    ]);
  });
});
