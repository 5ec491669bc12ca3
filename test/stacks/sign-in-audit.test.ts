import { App } from 'cdktf';
import * as os from 'os';
import { addEnvironments } from '../../stacks/sso-app';
import { example, synthesizeProd } from '../helpers';

describe('SsoStack sign-in audit', () => {
  test('GIVEN no signInAudit WHEN synthesized THEN no system schema is declared', () => {
    expect(synthesizeProd().resource.databricks_system_schema).toBeUndefined();
  });

  test('GIVEN signInAudit on one workspace WHEN synthesized THEN exactly that workspace enables system.access', () => {
    const prod = { ...example('prod'), signInAudit: { workspaces: ['ml-prod'] } };

    expect(synthesizeProd(prod).resource.databricks_system_schema).toEqual({
      access_ml_prod: expect.objectContaining({ schema: 'access', provider: 'databricks.audit_ml_prod' }),
    });
  });

  test('GIVEN signInAudit in production WHEN synthesized THEN the schema is guarded against destroy', () => {
    const prod = { ...example('prod'), signInAudit: { workspaces: ['ml-prod'] } };

    expect(synthesizeProd(prod).resource.databricks_system_schema?.access_ml_prod?.lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test('GIVEN a declaration WHEN synthesized THEN its emergency-access users and signing key are recorded for auditors', () => {
    const [stack] = addEnvironments(new App({ outdir: os.tmpdir() }), [
      { input: example('staging'), source: 'test' },
    ]);
    const sso = (stack?.toTerraform() as { '//': { sso: Record<string, unknown> } })['//'].sso;

    expect(sso.emergencyAccess).toEqual(['breakglass-staging@acme-analytics.com']);
    expect(sso.signingKey).toEqual({ generation: '2026-q4', issued: '2026-10-05' });
  });
});
