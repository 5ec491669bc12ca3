import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { Group } from '@cdktf/provider-databricks/lib/group';
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
  test('GIVEN SCIM groups WHEN synthesized THEN each is looked up in a block named after it, not created', () => {
    const json = Testing.synthScope((scope) => new DatabricksGroupMappings(scope, 'databricks', PROPS));
    expect(json).toHaveDataSourceWithProperties(DataDatabricksGroup, {
      display_name: 'data-scientists',
      provider: 'databricks.account',
    });
    expect(json).toHaveResourceWithProperties(Group, { display_name: 'auditors' });
    const parsed = JSON.parse(json) as Json & { data: Json['resource'] };
    expect(Object.keys(parsed.data.databricks_group ?? {}).sort()).toEqual(['admins', 'data-scientists']);
    expect(Object.keys(parsed.resource.databricks_group ?? {})).toEqual(['auditors']);
  });

  test('GIVEN mappings WHEN synthesized THEN each group has one USER block over its workspaces, keyed by workspace', () => {
    const assignments = synth().resource.databricks_mws_permission_assignment ?? {};
    expect(assignments['user_data-scientists']).toEqual({
      provider: 'databricks.account',
      for_each: { 'ml-prod': '9007199254740993' },
      workspace_id: '${each.value}',
      principal_id: '${data.databricks_group.data-scientists.id}',
      permissions: ['USER'],
    });
    expect(assignments['user_auditors']?.principal_id).toBe('${databricks_group.auditors.id}');
  });

  test('GIVEN ADMIN grants WHEN synthesized THEN each workspace has one ADMIN block over the groups administering it', () => {
    const assignments = synth().resource.databricks_mws_permission_assignment ?? {};
    expect(Object.keys(assignments).sort()).toEqual([
      'admin_bi',
      'admin_ml-prod',
      'user_auditors',
      'user_data-scientists',
    ]);
    expect(assignments['admin_ml-prod']).toEqual({
      provider: 'databricks.account',
      for_each: { admins: '${data.databricks_group.admins.id}' },
      workspace_id: '9007199254740993',
      principal_id: '${each.value}',
      permissions: ['ADMIN'],
    });
  });

  test('GIVEN a workspace id past 2^53 WHEN synthesized THEN every digit survives', () => {
    expect(JSON.stringify(synth())).toContain('"9007199254740993"');
  });

  test('GIVEN entitlements WHEN synthesized THEN each workspace of the group gets a block on its own provider, after the assignment', () => {
    const json = synth();
    expect(json.resource.databricks_entitlements).toEqual({
      'data-scientists_on_ml-prod': {
        provider: 'databricks.workspace_ml_prod',
        group_id: '${data.databricks_group.data-scientists.id}',
        workspace_access: true,
        databricks_sql_access: false,
        allow_cluster_create: false,
        allow_instance_pool_create: false,
        depends_on: ['databricks_mws_permission_assignment.user_data-scientists'],
      },
    });
  });

  test('GIVEN account_admin WHEN synthesized THEN the role block grants it to the group at account level', () => {
    expect(synth().resource.databricks_group_role).toEqual({
      account_admin: {
        provider: 'databricks.account',
        for_each: { admins: '${data.databricks_group.admins.id}' },
        group_id: '${each.value}',
        role: 'account_admin',
      },
    });
  });

  test('GIVEN group names that are no Terraform identifiers WHEN synthesized THEN each group gets distinct, valid block names', () => {
    const groups = {
      'Data Scientists (EU)': group({ workspaces: { bi: 'USER' }, entitlements: ['workspace-access'] }),
      data_scientists: group({ workspaces: { bi: 'USER' } }),
      '1password-users': group({ workspaces: { bi: 'USER' } }),
    };
    const json = synth({ groups });
    expect(Object.keys(json.resource.databricks_mws_permission_assignment ?? {}).sort()).toEqual([
      'user_Data_20Scientists_20_28EU_29',
      'user__31password-users',
      'user_data__scientists',
    ]);
    expect(Object.keys(json.resource.databricks_entitlements ?? {})).toEqual([
      'Data_20Scientists_20_28EU_29_on_bi',
    ]);
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
    const assignments = json.resource.databricks_mws_permission_assignment ?? {};
    expect(assignments['admin_ml-prod']?.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource.databricks_group_role?.account_admin?.lifecycle).toEqual({ prevent_destroy: true });
    expect(assignments['user_data-scientists']?.lifecycle).toBeUndefined();
  });

  test('GIVEN movedFrom per-kind-maps WHEN synthesized THEN a moved block leads from every old address that changed to the new one', () => {
    const json = synth({ movedFrom: 'per-kind-maps' }) as Json & { moved: { from: string; to: string }[] };
    expect(json.moved).toEqual(
      expect.arrayContaining([
        {
          from: 'databricks_mws_permission_assignment.admin_assignment["admins/ml-prod"]',
          to: 'databricks_mws_permission_assignment.admin_ml-prod["admins"]',
        },
        {
          from: 'databricks_mws_permission_assignment.user_assignment["auditors/bi"]',
          to: 'databricks_mws_permission_assignment.user_auditors["bi"]',
        },
        {
          from: 'databricks_entitlements.entitlements_ml-prod["data-scientists"]',
          to: 'databricks_entitlements.data-scientists_on_ml-prod',
        },
        { from: 'databricks_group.managed["auditors"]', to: 'databricks_group.auditors' },
      ]),
    );
    // Lookups have no state to move, and databricks_group_role.account_admin["admins"] keeps its address.
    expect(json.moved).toHaveLength(6);
  });

  test('GIVEN no movedFrom WHEN synthesized THEN there is no moved block: they cost Terraform time in every plan', () => {
    expect(synth()).not.toHaveProperty('moved');
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

describe('the per-group blocks', () => {
  test('GIVEN cdktf asked for HCL output THEN synthesis fails instead of leaving the mappings out', () => {
    const stack = new TerraformStack(Testing.app(), 'hcl');
    new DatabricksGroupMappings(stack, 'databricks', PROPS);

    expect(() => stack.toHclTerraform()).toThrow(
      /written as Terraform JSON only; synthesize without hclOutput/,
    );
  });
});
