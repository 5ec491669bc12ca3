import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { Entitlements } from '@cdktf/provider-databricks/lib/entitlements';
import { Group } from '@cdktf/provider-databricks/lib/group';
import { GroupRole } from '@cdktf/provider-databricks/lib/group-role';
import { MwsPermissionAssignment } from '@cdktf/provider-databricks/lib/mws-permission-assignment';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { WorkspaceConf } from '@cdktf/provider-databricks/lib/workspace-conf';
import { TerraformDataSource, TerraformIterator, TerraformLocal, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { Entitlement, GroupMapping, Workspace } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { fixAddress } from './addresses';
import { registerLiteralForEach } from './literal-for-each';

export type DatabricksCloud = 'aws' | 'gcp' | 'azure';

export const ACCOUNT_HOSTS: Record<DatabricksCloud, string> = {
  aws: 'https://accounts.cloud.databricks.com',
  gcp: 'https://accounts.gcp.databricks.com',
  azure: 'https://accounts.azuredatabricks.net',
};

export interface DatabricksGroupMappingsProps {
  readonly cloud: DatabricksCloud;
  readonly accountId: string;
  /** Workspace name -> id and URL; every workspace gets its own workspace-level provider. */
  readonly workspaces: Readonly<Record<string, Workspace>>;
  /** IdP group name -> what it grants. */
  readonly groups: Readonly<Record<string, GroupMapping>>;
  /** Upper bound on personal access token lifetime in every workspace. */
  readonly tokenLifetimeDays: number;
  /**
   * Guards ADMIN assignments and account_admin roles against destroy: removing the last admin
   * is a lockout.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Adds each workspace's token policy (and its provider). Off for stacks that only hold a
   * shard of the mappings, so each workspace setting has one owner.
   * @default true
   */
  readonly workspaceSettings?: boolean;
  /**
   * Creates the groups declared `source: terraform` and grants account roles. Off in the stack of an
   * environment that shares its account without owning it: the owner's stack creates those groups
   * and grants the roles (once per account), so this one looks every group up.
   * @default true
   */
  readonly accountLevel?: boolean;
}

const ENTITLEMENT_FIELDS: Record<Entitlement, string> = {
  'workspace-access': 'workspace_access',
  'databricks-sql-access': 'databricks_sql_access',
  'allow-cluster-create': 'allow_cluster_create',
  'allow-instance-pool-create': 'allow_instance_pool_create',
};

/**
 * IdP groups -> Databricks account groups -> workspace permissions, entitlements and account
 * roles. Data-driven: one resource block per kind (and per workspace where the provider must
 * differ) with `for_each` over a literal map, so cost and plan noise do not grow with the
 * organisation and addresses read like `user_assignment["data-scientists/ml-prod"]`.
 */
export class DatabricksGroupMappings extends Construct {
  readonly accountProvider: DatabricksProvider;

  constructor(scope: Construct, id: string, props: DatabricksGroupMappingsProps) {
    super(scope, id);
    validateProps(props);
    const lifecycle = props.preventDestroy ? { preventDestroy: true } : undefined;
    const groupNames = Object.keys(props.groups).sort();
    const bySource = (source: 'scim' | 'terraform') =>
      Object.fromEntries(groupNames.filter((g) => props.groups[g]?.source === source).map((g) => [g, g]));

    this.accountProvider = new DatabricksProvider(this, 'account', {
      alias: 'account',
      host: ACCOUNT_HOSTS[props.cloud],
      accountId: props.accountId,
    });
    const provider = this.accountProvider;

    // SCIM owns synced groups (and their external_id): creating them here would fight it.
    const scim = bySource('scim');
    const managed = bySource('terraform');
    const idSources: string[] = [];
    if (Object.keys(scim).length > 0) {
      literal(
        new DataDatabricksGroup(this, 'scim', {
          provider,
          forEach: TerraformIterator.fromMap(scim),
          displayName: '${each.value}',
        }),
        'scim',
        scim,
      );
      idSources.push('{ for name, group in data.databricks_group.scim : name => group.id }');
    }
    const accountLevel = props.accountLevel ?? true;
    if (Object.keys(managed).length > 0) {
      const each = TerraformIterator.fromMap(managed);
      literal(
        accountLevel
          ? new Group(this, 'managed', { provider, forEach: each, displayName: '${each.value}' })
          : new DataDatabricksGroup(this, 'managed', {
              provider,
              forEach: each,
              displayName: '${each.value}',
            }),
        'managed',
        managed,
      );
      idSources.push(
        `{ for name, group in ${accountLevel ? '' : 'data.'}databricks_group.managed : name => group.id }`,
      );
    }
    if (idSources.length > 0) {
      fixAddress(new TerraformLocal(this, 'group_ids', `\${merge(${idSources.join(', ')})}`), 'group_ids');
    }
    const groupId = (key: string) => `\${local.group_ids[${key}]}`;

    // One pass over the groups fills every table, entitlements by workspace included.
    const assignments = { USER: {}, ADMIN: {} } as Record<'USER' | 'ADMIN', Record<string, unknown>>;
    const entitledByWorkspace: Record<string, Record<string, Record<string, boolean>>> = {};
    for (const group of groupNames) {
      const mapping = props.groups[group] as GroupMapping;
      const flags = mapping.entitlements.length > 0 ? entitlementFlags(mapping.entitlements) : undefined;
      for (const [workspace, permission] of Object.entries(mapping.workspaces).sort()) {
        assignments[permission][`${group}/${workspace}`] = {
          group,
          // A string: ids can pass 2^53; Terraform converts it to the number the provider wants.
          workspace_id: props.workspaces[workspace]?.id,
        };
        if (flags) (entitledByWorkspace[workspace] ??= {})[group] = flags;
      }
    }
    const assignmentBlocks = (['USER', 'ADMIN'] as const)
      .filter((permission) => Object.keys(assignments[permission]).length > 0)
      .map((permission) => {
        const each = TerraformIterator.fromMap(assignments[permission]);
        return literal(
          new MwsPermissionAssignment(this, `${permission.toLowerCase()}-assignment`, {
            provider,
            forEach: each,
            workspaceId: Token.asNumber(each.getNumber('workspace_id')),
            principalId: Token.asNumber(groupId('each.value.group')),
            permissions: [permission],
            lifecycle: permission === 'ADMIN' ? lifecycle : undefined,
          }),
          `${permission.toLowerCase()}_assignment`,
          assignments[permission],
        );
      });

    const accountAdmins = Object.fromEntries(
      groupNames
        .filter((g) => accountLevel && props.groups[g]?.accountRoles.includes('account_admin'))
        .map((g) => [g, g]),
    );
    if (Object.keys(accountAdmins).length > 0) {
      literal(
        new GroupRole(this, 'account-admin', {
          provider,
          forEach: TerraformIterator.fromMap(accountAdmins),
          groupId: groupId('each.key'),
          role: 'account_admin',
          lifecycle,
        }),
        'account_admin',
        accountAdmins,
      );
    }

    const settings = props.workspaceSettings ?? true;
    for (const [name, workspace] of Object.entries(props.workspaces).sort(([a], [b]) => a.localeCompare(b))) {
      const entitled = entitledByWorkspace[name] ?? {};
      if (Object.keys(entitled).length > 0 || settings) {
        this.addWorkspace(
          name,
          workspace,
          entitled,
          settings ? props.tokenLifetimeDays : undefined,
          groupId,
          assignmentBlocks,
        );
      }
    }
  }

  /**
   * Entitlements and token policy live in the workspace, so they need its own provider.
   * @param tokenLifetimeDays the token policy to set; none in a stack holding only a mapping shard
   */
  private addWorkspace(
    name: string,
    workspace: Workspace,
    entitled: Record<string, Record<string, boolean>>,
    tokenLifetimeDays: number | undefined,
    groupId: (key: string) => string,
    assignments: readonly MwsPermissionAssignment[],
  ): void {
    const provider = new DatabricksProvider(this, `workspace-${name}`, {
      alias: `workspace_${name.replace(/-/g, '_')}`,
      host: workspace.url,
    });

    if (Object.keys(entitled).length > 0) {
      const each = TerraformIterator.fromMap(entitled);
      literal(
        new Entitlements(this, `entitlements-${name}`, {
          provider,
          forEach: each,
          groupId: groupId('each.key'),
          workspaceAccess: each.getBoolean('workspace_access'),
          databricksSqlAccess: each.getBoolean('databricks_sql_access'),
          allowClusterCreate: each.getBoolean('allow_cluster_create'),
          allowInstancePoolCreate: each.getBoolean('allow_instance_pool_create'),
          // An account group is visible in a workspace only once it is assigned there.
          dependsOn: [...assignments],
        }),
        `entitlements_${name}`,
        entitled,
      );
    }

    if (tokenLifetimeDays === undefined) return;
    fixAddress(
      new WorkspaceConf(this, `token-policy-${name}`, {
        provider,
        customConfig: {
          enableTokensConfig: 'true',
          maxTokenLifetimeDays: String(tokenLifetimeDays),
        },
      }),
      `token_policy_${name}`,
    );
  }
}

/** The four entitlement switches of a group: granted ones true, the rest false (the resource is authoritative). */
function entitlementFlags(entitlements: readonly Entitlement[]): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(ENTITLEMENT_FIELDS).map(([entitlement, field]) => [
      field,
      entitlements.includes(entitlement as Entitlement),
    ]),
  );
}

/** A `for_each` block with a readable address over a literal map of plain data. */
function literal<T extends TerraformResource | TerraformDataSource>(
  element: T,
  address: string,
  map: object,
): T {
  registerLiteralForEach(fixAddress(element, address), map as Record<string, unknown>);
  return element;
}

function validateProps(props: DatabricksGroupMappingsProps): void {
  for (const [group, mapping] of Object.entries(props.groups)) {
    for (const workspace of Object.keys(mapping.workspaces)) {
      if (props.workspaces[workspace] === undefined) {
        throw new ValidationError(
          `DatabricksGroupMappings.groups[${JSON.stringify(group)}].workspaces`,
          describeValue(workspace),
          `a workspace of props.workspaces (${Object.keys(props.workspaces).join(', ')})`,
        );
      }
    }
  }
  for (const [name, workspace] of Object.entries(props.workspaces)) {
    if (!/^[1-9][0-9]{0,18}$/.test(workspace.id)) {
      throw new ValidationError(
        `DatabricksGroupMappings.workspaces.${name}.id`,
        describeValue(workspace.id),
        'digits',
      );
    }
  }
}
