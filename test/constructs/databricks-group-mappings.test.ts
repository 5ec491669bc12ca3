import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { Group } from '@cdktf/provider-databricks/lib/group';
import { GroupRole } from '@cdktf/provider-databricks/lib/group-role';
import { WorkspaceConf } from '@cdktf/provider-databricks/lib/workspace-conf';
import { Testing, TerraformStack } from 'cdktf';
import {
  DatabricksGroupMappings,
  DatabricksGroupMappingsProps,
} from '../../lib/constructs/databricks-group-mappings';
import type { GroupMapping } from '../../lib/core/declaration/schema';

const group = (g: Partial<GroupMapping>): GroupMapping => ({
  source: 'scim',
  workspaces: {},
  entitlements: [],
  accountRoles: [],
  privileged: false,
  ...g,
});

const PROPS: DatabricksGroupMappingsProps = {
  cloud: 'aws',
  accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
  workspaces: {
    'ml-prod': { id: '9007199254740993', url: 'https://ml.cloud.databricks.com' },
    bi: { id: '42', url: 'https://bi.cloud.databricks.com' },
  },
  groups: {
    'data-scientists': group({ workspaces: { 'ml-prod': 'USER' }, entitlements: ['workspace-access'] }),
    admins: group({
      privileged: true,
      workspaces: { 'ml-prod': 'ADMIN', bi: 'ADMIN' },
      accountRoles: ['account_admin'],
    }),
    auditors: group({ source: 'terraform', workspaces: { bi: 'USER' } }),
  },
  tokenLifetimeDays: 30,
};

type Json = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider: Record<string, unknown[]>;
};

function synth(props: Partial<DatabricksGroupMappingsProps> = {}): Json {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new DatabricksGroupMappings(scope, 'databricks', { ...PROPS, ...props });
    }),
  ) as Json;
}

describe('DatabricksGroupMappings', () => {
  test('GIVEN SCIM groups WHEN synthesized THEN they are looked up, not created', () => {
    const json = Testing.synthScope((scope) => new DatabricksGroupMappings(scope, 'databricks', PROPS));
    expect(json).toHaveDataSourceWithProperties(DataDatabricksGroup, {
      for_each: { admins: 'admins', 'data-scientists': 'data-scientists' },
      provider: 'databricks.account',
    });
    expect(json).toHaveResourceWithProperties(Group, { for_each: { auditors: 'auditors' } });
  });

  test('GIVEN mappings WHEN synthesized THEN one block per permission holds every assignment under readable keys', () => {
    const assignments = synth().resource.databricks_mws_permission_assignment ?? {};
    expect(Object.keys(assignments).sort()).toEqual(['admin_assignment', 'user_assignment']);
    expect(assignments.user_assignment?.for_each).toEqual({
      'auditors/bi': { group: 'auditors', workspace_id: '42' },
      'data-scientists/ml-prod': { group: 'data-scientists', workspace_id: '9007199254740993' },
    });
    expect(assignments.admin_assignment).toEqual(
      expect.objectContaining({
        permissions: ['ADMIN'],
        principal_id: '${local.group_ids[each.value.group]}',
        workspace_id: '${each.value.workspace_id}',
      }),
    );
  });

  test('GIVEN a workspace id past 2^53 WHEN synthesized THEN every digit survives', () => {
    expect(JSON.stringify(synth())).toContain('"9007199254740993"');
  });

  test('GIVEN entitlements WHEN synthesized THEN each workspace gets a block on its own provider', () => {
    const json = synth();
    expect(json.resource.databricks_entitlements?.['entitlements_ml-prod']).toEqual(
      expect.objectContaining({
        provider: 'databricks.workspace_ml_prod',
        for_each: {
          'data-scientists': {
            workspace_access: true,
            databricks_sql_access: false,
            allow_cluster_create: false,
            allow_instance_pool_create: false,
          },
        },
        group_id: '${local.group_ids[each.key]}',
      }),
    );
    expect(json.resource.databricks_entitlements?.entitlements_bi).toBeUndefined();
  });

  test('GIVEN account_admin WHEN synthesized THEN a group role grants it at account level', () => {
    expect(
      Testing.synthScope((s) => new DatabricksGroupMappings(s, 'd', PROPS)),
    ).toHaveResourceWithProperties(GroupRole, {
      for_each: { admins: 'admins' },
      role: 'account_admin',
      provider: 'databricks.account',
    });
  });

  test('GIVEN a token lifetime WHEN synthesized THEN every workspace bounds tokens', () => {
    const json = Testing.synthScope((s) => new DatabricksGroupMappings(s, 'd', PROPS));
    expect(json).toHaveResourceWithProperties(WorkspaceConf, {
      custom_config: { enableTokensConfig: 'true', maxTokenLifetimeDays: '30' },
      provider: 'databricks.workspace_bi',
    });
  });

  test('GIVEN the cloud WHEN synthesized THEN the account provider points at its account console', () => {
    expect(synth({ cloud: 'gcp' }).provider.databricks?.[0]).toEqual({
      alias: 'account',
      host: 'https://accounts.gcp.databricks.com',
      account_id: PROPS.accountId,
    });
  });

  test('GIVEN preventDestroy WHEN synthesized THEN only admin assignments and account roles are guarded', () => {
    const json = synth({ preventDestroy: true });
    expect(json.resource.databricks_mws_permission_assignment?.admin_assignment?.lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(json.resource.databricks_group_role?.account_admin?.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource.databricks_mws_permission_assignment?.user_assignment?.lifecycle).toBeUndefined();
  });

  test('GIVEN a mapping to an unknown workspace THEN construction fails naming it', () => {
    expect(
      () =>
        new DatabricksGroupMappings(new TerraformStack(Testing.app(), 's'), 'd', {
          ...PROPS,
          groups: { x: group({ workspaces: { nowhere: 'USER' } }) },
        }),
    ).toThrow(
      /DatabricksGroupMappings\.groups\["x"\]\.workspaces: expected a workspace of props\.workspaces \(ml-prod, bi\), got "nowhere"/,
    );
  });
});
