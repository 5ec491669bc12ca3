import { example, synthesize, synthesizeJson, synthesizeProd } from '../helpers';

describe('SsoStack', () => {
  test.each(['staging', 'prod'] as const)(
    'GIVEN the built-in %s declaration WHEN synthesized THEN the plan matches the reviewed snapshot',
    (env) => {
      const stacks = synthesize(example('staging'), example('prod'));
      expect(JSON.parse(stacks[env] as string)).toMatchSnapshot();
    },
  );

  test('GIVEN the built-in set WHEN synthesized THEN the stack JSON holds no machine-specific path', () => {
    const stacks = synthesize(example('staging'), example('prod'));
    for (const json of Object.values(stacks)) {
      expect(json).not.toContain(process.cwd());
      expect(json).not.toMatch(/"path": "\//);
    }
  });

  test('GIVEN prod WHEN synthesized THEN the IdP app, admin assignments and account roles are guarded', () => {
    const { resource } = synthesizeProd();
    expect(resource.okta_app_saml?.databricks?.lifecycle).toEqual({ prevent_destroy: true });
    const assignments = resource.databricks_mws_permission_assignment ?? {};
    for (const workspace of ['ml-prod', 'ml-sandbox', 'analytics-prod']) {
      expect(assignments[`admin_${workspace}`]?.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(assignments.user_analysts?.lifecycle).toBeUndefined();
    expect(resource.databricks_group_role?.account_admin?.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('GIVEN staging WHEN synthesized THEN nothing is guarded against destroy', () => {
    expect(JSON.stringify(synthesizeJson(example('staging')))).not.toContain('prevent_destroy');
  });

  test('GIVEN the default backend WHEN synthesized THEN state is local with a relative path per environment', () => {
    expect(synthesizeJson(example('staging')).terraform.backend).toEqual({
      local: { path: '../../../terraform.staging.tfstate' },
    });
  });

  test('GIVEN an S3 backend WHEN synthesized THEN it is encrypted and locked', () => {
    const d = example('staging');
    d.backend = { type: 's3', bucket: 'acme-tfstate', key: 'sso/staging.tfstate', region: 'eu-west-1' };
    expect(synthesizeJson(d).terraform.backend).toEqual({
      s3: {
        bucket: 'acme-tfstate',
        key: 'sso/staging.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test.each([
    [
      {
        type: 'azurerm',
        resourceGroupName: 'rg',
        storageAccountName: 'acmestate',
        containerName: 'tfstate',
        key: 'sso',
      },
      'azurerm',
    ],
    [{ type: 'gcs', bucket: 'acme-state', prefix: 'sso/staging' }, 'gcs'],
  ])('GIVEN backend %o WHEN synthesized THEN the %s backend is declared in the stack', (backend, kind) => {
    const d = example('staging');
    d.backend = backend as typeof d.backend;
    expect(Object.keys(synthesizeJson(d).terraform.backend as object)).toEqual([kind]);
  });

  test('GIVEN an HCP Terraform backend WHEN synthesized THEN the cloud block names organization and workspace', () => {
    const d = example('staging');
    d.backend = { type: 'cloud', organization: 'acme', workspace: 'sso-staging' };
    expect(synthesizeJson(d).terraform.cloud).toEqual({
      organization: 'acme',
      workspaces: { name: 'sso-staging' },
    });
  });

  test('GIVEN the built-in set WHEN synthesized THEN provider versions are pinned exactly', () => {
    expect(synthesizeJson(example('staging')).terraform.required_providers).toEqual({
      databricks: { source: 'databricks/databricks', version: '1.99.0' },
      okta: { source: 'okta/okta', version: '4.20.0' },
    });
  });

  test('GIVEN an invalid declaration among valid ones THEN no stack is built', () => {
    const bad = example('prod');
    bad.databricks.redirectUrl = 'http://evil.example.com';
    expect(() => synthesize(example('staging'), bad)).toThrow(/^prod: databricks\.redirectUrl/);
  });
});
