import { deriveAccess } from '../../../lib/core/access/derive';
import { outputFromStacks } from '../../../lib/core/review';
import { example, stackJson, type Json } from '../review/outputs';

const environmentOf = (stacks: Record<string, Json>, environment: string) => {
  const output = outputFromStacks(
    Object.entries(stacks).map(([name, json]) => ({ name, json, dependencies: [] })),
  );
  const found = deriveAccess(output).find((e) => e.environment === environment);
  if (found === undefined) throw new Error(`no ${environment}`);
  return found;
};

const SPEC = {
  environment: 'dev',
  accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
  workspaces: { 'ml-dev': '1122334455667788', 'bi-dev': '2233445566778899' },
  groups: {
    admins: {
      workspaces: { 'ml-dev': 'ADMIN' as const },
      entitlements: ['allow-cluster-create', 'workspace-access'],
      accountAdmin: true,
    },
    readers: { workspaces: { 'bi-dev': 'USER' as const }, entitlements: ['databricks-sql-access'] },
  },
};

describe('deriveAccess', () => {
  test('GIVEN a synthesized stack WHEN derived THEN each grant is a row with its entitlements in schema order', () => {
    expect(environmentOf({ dev: stackJson(SPEC) }, 'dev').rows).toEqual([
      {
        group: 'admins',
        workspace: 'ml-dev',
        permission: 'ADMIN',
        entitlements: ['workspace-access', 'allow-cluster-create'],
      },
      { group: 'readers', workspace: 'bi-dev', permission: 'USER', entitlements: ['databricks-sql-access'] },
    ]);
  });

  test('GIVEN ADMIN and account_admin holders WHEN derived THEN they are the privileged groups', () => {
    const dev = environmentOf({ dev: stackJson(SPEC) }, 'dev');

    expect(dev.privilegedGroups).toEqual(['admins']);
    expect(dev.accountRoles).toEqual([{ group: 'admins', role: 'account_admin' }]);
  });

  test('GIVEN an output that does not record emergency access WHEN derived THEN it says so instead of claiming none', () => {
    expect(environmentOf({ dev: stackJson(SPEC) }, 'dev').emergencyAccess).toBeNull();
  });

  test('GIVEN recorded emergency access WHEN derived THEN the users are listed', () => {
    const json = stackJson(SPEC);
    json['//'].sso = { emergencyAccess: ['breakglass@acme.com'] };

    expect(environmentOf({ dev: json }, 'dev').emergencyAccess).toEqual(['breakglass@acme.com']);
  });

  test('GIVEN a group assigned at the IdP but granted nothing WHEN derived THEN it does not reach Databricks, and why', () => {
    const json = stackJson(SPEC);
    json.data.okta_group.mapped.for_each = '${toset(["admins", "readers", "visitors"])}';

    expect(environmentOf({ dev: json }, 'dev').idpGroups).toEqual({
      reaching: ['admins', 'readers'],
      notReaching: [
        {
          group: 'visitors',
          reason:
            'assigned at the IdP (okta_app_saml.databricks) but granted nothing in Databricks: its members can sign in and reach no workspace',
        },
      ],
      managedHere: true,
    });
  });

  test('GIVEN a group this stack creates and the IdP does not assign WHEN derived THEN it is not an IdP group, and says where its members come from', () => {
    const json = stackJson({
      ...SPEC,
      groups: { ...SPEC.groups, auditors: { workspaces: { 'bi-dev': 'USER' }, source: 'terraform' } },
    });
    json.data.okta_group.mapped.for_each = '${toset(["admins", "readers"])}';

    expect(environmentOf({ dev: json }, 'dev').idpGroups.notReaching).toEqual([
      {
        group: 'auditors',
        reason: 'not an IdP group: created in Databricks by this stack, its members are added there',
      },
    ]);
  });

  test('GIVEN no IdP assignment in the stack (a metadata IdP) WHEN derived THEN the granted groups reach and the IdP side is marked external', () => {
    const json = stackJson(SPEC);
    delete json.resource.okta_app_group_assignment;

    expect(environmentOf({ dev: json }, 'dev').idpGroups).toEqual({
      reaching: ['admins', 'readers'],
      notReaching: [],
      managedHere: false,
    });
  });

  test('GIVEN mappings split across shard stacks WHEN derived THEN the environment has the grants of all of them', () => {
    const shard = stackJson({ ...SPEC, groups: { analysts: { workspaces: { 'bi-dev': 'USER' } } } });

    expect(
      environmentOf({ dev: stackJson(SPEC), 'dev-mappings-1': shard }, 'dev').rows.map((r) => r.group),
    ).toEqual(['admins', 'analysts', 'readers']);
  });

  test('GIVEN staging and prod WHEN derived THEN staging comes first, as changes roll out', () => {
    const { staging, prod } = example();
    const output = outputFromStacks([
      { name: 'prod', json: prod, dependencies: ['staging'] },
      { name: 'staging', json: staging, dependencies: [] },
    ]);

    expect(deriveAccess(output).map((e) => e.environment)).toEqual(['staging', 'prod']);
  });
});
