import { preflight, type PreflightStack, type StackPreflight } from '../../lib/preflight/preflight';
import { ensureStandins } from '../../lib/preflight/standins';
import { describeWithTerraform } from '../terraform';
import { example, exampleFile, synthesizeStacks } from './stacks';

/*
 * Every stack shape the project can synthesize goes through Terraform itself: init, validate and
 * plan with the stand-in providers. Each scenario is synthesized on its own (examples share
 * account ids with the built-in example), and uses a different backend kind, which preflight
 * replaces by a local state.
 */
function scenarios(): Record<string, PreflightStack[]> {
  const entraGcp = exampleFile('entra-aws.yaml');
  entraGcp.environment = 'entra-gcp';
  entraGcp.databricks = {
    ...(entraGcp.databricks as object),
    cloud: 'gcp',
    redirectUrl:
      'https://accounts.gcp.databricks.com/oidc/accounts/3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f/v1/saml/callback',
    workspaces: {
      'ml-staging': { id: '1122334455667788', url: 'https://1122334455667788.8.gcp.databricks.com' },
    },
  };
  entraGcp.backend = { type: 'gcs', bucket: 'acme-terraform-state', prefix: 'sso/entra-gcp' };
  const sharded = { ...example('staging'), environment: 'sharded', mappingShards: 2 };
  return {
    'built-in example (Okta, local backend)': synthesizeStacks(example('staging'), example('prod')),
    'Entra ID on AWS (s3 backend)': synthesizeStacks({
      ...exampleFile('entra-aws.yaml'),
      backend: { type: 's3', bucket: 'acme-terraform-state', key: 'sso/entra.tfstate', region: 'eu-west-1' },
    }),
    'Entra ID on GCP (gcs backend)': synthesizeStacks(entraGcp),
    'Azure Databricks with SCIM (azurerm backend)': synthesizeStacks({
      ...exampleFile('azure.yaml'),
      backend: {
        type: 'azurerm',
        resourceGroupName: 'tfstate',
        storageAccountName: 'acmetfstate',
        containerName: 'tfstate',
        key: 'sso/azure.tfstate',
      },
    }),
    'PingFederate metadata on GCP (HCP Terraform backend)': synthesizeStacks({
      ...exampleFile('pingfederate-gcp.yaml'),
      backend: { type: 'cloud', organization: 'acme', workspace: 'sso-ping' },
    }),
    'mapping shards': synthesizeStacks(sharded),
  };
}

describeWithTerraform('sso preflight on every stack shape', () => {
  let results: Map<string, StackPreflight[]>;

  beforeAll(async () => {
    const cliConfigFile = await ensureStandins();
    const all = scenarios();
    const flat = Object.entries(all).flatMap(([scenario, stacks]) =>
      stacks.map((stack) => ({ scenario, stack })),
    );
    const checked = await preflight(
      flat.map((f, i) => ({ ...f.stack, name: `${i}-${f.stack.name}` })),
      { cliConfigFile },
    );
    results = new Map();
    checked.forEach((r, i) => {
      const scenario = flat[i]?.scenario ?? '';
      results.set(scenario, [...(results.get(scenario) ?? []), r]);
    });
  }, 600_000);

  test.each([
    'built-in example (Okta, local backend)',
    'Entra ID on AWS (s3 backend)',
    'Entra ID on GCP (gcs backend)',
    'Azure Databricks with SCIM (azurerm backend)',
    'PingFederate metadata on GCP (HCP Terraform backend)',
    'mapping shards',
  ])(
    'GIVEN %s WHEN preflighted THEN Terraform initializes, validates and plans every stack with no error',
    (scenario) => {
      const stacks = results.get(scenario) ?? [];
      expect(stacks.length).toBeGreaterThan(0);
      for (const r of stacks) {
        expect({
          stack: r.stack,
          valid: r.valid,
          planned: r.planned,
          errors: r.diagnostics.filter((d) => d.severity === 'error'),
        }).toEqual({ stack: r.stack, valid: true, planned: true, errors: [] });
        expect(r.add).toBeGreaterThan(0);
        expect(r.destroy).toBe(0);
      }
    },
  );

  test('GIVEN the mapping shards WHEN preflighted THEN the main stack and each shard are planned on their own', () => {
    expect((results.get('mapping shards') ?? []).map((r) => r.stack.replace(/^\d+-/, ''))).toEqual([
      'sharded',
      'sharded-mappings-1',
      'sharded-mappings-2',
    ]);
  });

  test('GIVEN the Azure stack WHEN preflighted THEN its secret variable got a placeholder and no secret was needed', () => {
    const [azure] = results.get('Azure Databricks with SCIM (azurerm backend)') ?? [];
    expect(azure?.changes.placeholderVariables).toEqual(['databricks_scim_token']);
    expect(azure?.changes.backend).toBe('azurerm');
  });
});
