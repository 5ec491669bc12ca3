import { Testing, TerraformStack } from 'cdktf';
import { DatabricksSignInAudit } from '../../lib/constructs/databricks-sign-in-audit';

const ML_PROD = { id: '3344556677889900', url: 'https://acme-ml-prod.cloud.databricks.com' };
const EU = { id: '6677889900112233', url: 'https://acme-eu.cloud.databricks.com' };

type Json = {
  resource: {
    databricks_system_schema: Record<string, { schema: string; provider: string; lifecycle?: unknown }>;
  };
  provider: { databricks: { alias: string; host: string }[] };
};
const synth = (preventDestroy = false): Json =>
  JSON.parse(
    Testing.synthScope(
      (s) =>
        new DatabricksSignInAudit(s, 'audit', {
          workspaces: { 'ml-prod': ML_PROD, 'eu-lake': EU },
          preventDestroy,
        }),
    ),
  ) as Json;

describe('DatabricksSignInAudit', () => {
  test('GIVEN two workspaces WHEN synthesized THEN each enables the access system schema at a readable address', () => {
    const schemas = synth().resource.databricks_system_schema;

    expect(Object.keys(schemas).sort()).toEqual(['access_eu_lake', 'access_ml_prod']);
    expect(schemas.access_ml_prod?.schema).toBe('access');
  });

  test('GIVEN a workspace WHEN synthesized THEN its schema uses a workspace-level provider for that workspace', () => {
    const json = synth();

    expect(json.resource.databricks_system_schema.access_ml_prod?.provider).toBe('databricks.audit_ml_prod');
    expect(json.provider.databricks).toContainEqual({ alias: 'audit_ml_prod', host: ML_PROD.url });
  });

  test('GIVEN preventDestroy WHEN synthesized THEN the schemas are guarded against destroy', () => {
    expect(synth(true).resource.databricks_system_schema.access_ml_prod?.lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test('GIVEN no preventDestroy WHEN synthesized THEN nothing is guarded', () => {
    expect(synth().resource.databricks_system_schema.access_ml_prod?.lifecycle).toBeUndefined();
  });

  test('GIVEN no workspace THEN construction fails naming the prop', () => {
    expect(
      () => new DatabricksSignInAudit(new TerraformStack(Testing.app(), 's'), 'a', { workspaces: {} }),
    ).toThrow(/DatabricksSignInAudit\.workspaces: expected at least one workspace/);
  });
});
