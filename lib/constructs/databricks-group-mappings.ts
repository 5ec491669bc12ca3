import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { WorkspaceConf } from '@cdktf/provider-databricks/lib/workspace-conf';
import { Construct } from 'constructs';
import type { Entitlement, GroupMapping, MovedFrom, Workspace } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import {
  adminAssignmentsBlockName,
  entitlementsBlockName,
  groupBlockName,
  userAssignmentsBlockName,
} from '../core/terraform/names';
import { fixAddress } from './addresses';
import { PlainBlocks, providerAddress } from './plain-blocks';

/** The cloud a Databricks account runs on; it picks the account console host the providers talk to. */
export type DatabricksCloud = 'aws' | 'gcp' | 'azure';

export const ACCOUNT_HOSTS: Record<DatabricksCloud, string> = {
  aws: 'https://accounts.cloud.databricks.com',
  gcp: 'https://accounts.gcp.databricks.com',
  azure: 'https://accounts.azuredatabricks.net',
};

/** Properties of a {@link DatabricksGroupMappings}. */
export interface DatabricksGroupMappingsProps {
  /** The account's cloud: it picks the account console host (`accounts.cloud.databricks.com` on AWS). */
  readonly cloud: DatabricksCloud;
  /** The Databricks account id (a UUID), as shown in the account console. */
  readonly accountId: string;
  /**
   * Workspace name to its id and URL; every workspace gets its own workspace-level provider. Ids
   * are strings of digits (ids can exceed 2^53).
   */
  readonly workspaces: Readonly<Record<string, Workspace>>;
  /** IdP group name to what it grants; every workspace a group names must be in `workspaces`. */
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
  /**
   * Adds `moved` blocks from the addresses an earlier layout gave these mappings, so that Terraform
   * moves a state written by it instead of destroying and creating every grant. Only for the first
   * deploy after an upgrade: Terraform's plan time grows with the square of the number of `moved`
   * blocks. @default none
   */
  readonly movedFrom?: MovedFrom;
}

const ENTITLEMENT_FIELDS: Record<Entitlement, string> = {
  'workspace-access': 'workspace_access',
  'databricks-sql-access': 'databricks_sql_access',
  'allow-cluster-create': 'allow_cluster_create',
  'allow-instance-pool-create': 'allow_instance_pool_create',
};

/**
 * IdP groups to Databricks account groups to workspace permissions, entitlements and account
 * roles, in blocks whose `for_each` maps stay small. Per group: its account group
 * (`data.databricks_group.data-scientists`, or `databricks_group.data-scientists` when Terraform
 * creates it), its USER assignments over its workspaces
 * (`databricks_mws_permission_assignment.user_data-scientists["ml-prod"]`) and its entitlements per
 * workspace (`databricks_entitlements.data-scientists_on_ml-prod`, on that workspace's provider).
 * Per workspace: its ADMIN assignments over the groups that administer it
 * (`databricks_mws_permission_assignment.admin_ml-prod["platform-admins"]`); per role: the groups
 * holding it (`databricks_group_role.account_admin["platform-admins"]`).
 *
 * Why: Terraform evaluates a `for_each` map once per instance, so one block over every mapping made
 * its plan quadratic (1,134 instances took 94 s); maps of a group's few workspaces keep it linear,
 * and a group's addresses never change when other groups come and go. ADMIN grants and roles are
 * few and guarded by `prevent_destroy`, which protects only instances of a block that stays in the
 * configuration: per workspace and per role, their blocks stay while the workspace keeps an
 * administrator (SSO-012), so removing one admin grant is refused, as it was before. The blocks are
 * written as plain data (`PlainBlocks`): as one construct each, synthesis would be ~5x slower.
 */
export class DatabricksGroupMappings extends Construct {
  /**
   * The account-level Databricks provider (alias `account`) the groups, assignments and roles use;
   * other account-level resources of the stack can share it.
   */
  readonly accountProvider: DatabricksProvider;

  constructor(scope: Construct, id: string, props: DatabricksGroupMappingsProps) {
    super(scope, id);
    validateProps(props);
    const preventDestroy = props.preventDestroy ? { lifecycle: { prevent_destroy: true } } : {};
    const accountLevel = props.accountLevel ?? true;
    const moved = props.movedFrom === 'per-kind-maps';
    const groupNames = Object.keys(props.groups).sort();

    this.accountProvider = new DatabricksProvider(this, 'account', {
      alias: 'account',
      host: ACCOUNT_HOSTS[props.cloud],
      accountId: props.accountId,
    });
    const provider = providerAddress(this.accountProvider);
    const blocks = new PlainBlocks(this, 'groups');

    const settings = props.workspaceSettings ?? true;
    const workspaceProviders = new Map<string, string>();
    const entitled = new Set(
      Object.values(props.groups).flatMap((g) =>
        g.entitlements.length > 0 ? Object.keys(g.workspaces) : [],
      ),
    );
    for (const [name, workspace] of Object.entries(props.workspaces).sort(([a], [b]) => a.localeCompare(b))) {
      if (entitled.has(name) || settings) {
        const tokenLifetimeDays = settings ? props.tokenLifetimeDays : undefined;
        workspaceProviders.set(name, this.addWorkspace(name, workspace, tokenLifetimeDays));
      }
    }

    // Group ids by workspace administered and by account role: their blocks come after the groups.
    const admins = new Map<string, Record<string, string>>();
    const roles = new Map<string, Record<string, string>>();
    for (const group of groupNames) {
      const mapping = props.groups[group] as GroupMapping;
      const name = groupBlockName(group);
      // SCIM owns synced groups (and their external_id): creating them here would fight it. A stack
      // that does not own its shared account looks every group up: the owner creates them.
      const created = accountLevel && mapping.source === 'terraform';
      const groupAddress = `${created ? '' : 'data.'}databricks_group.${name}`;
      if (created) {
        blocks.resource('databricks_group', name, { provider, display_name: group });
        if (moved) blocks.moved(`databricks_group.managed[${JSON.stringify(group)}]`, groupAddress);
      } else {
        blocks.data('databricks_group', name, { provider, display_name: group });
      }
      const groupId = `\${${groupAddress}.id}`;

      const workspaces = Object.entries(mapping.workspaces).sort(([a], [b]) => a.localeCompare(b));
      const users = workspaces.filter(([, permission]) => permission === 'USER').map(([w]) => w);
      const userBlock = userAssignmentsBlockName(group);
      if (users.length > 0) {
        blocks.resource('databricks_mws_permission_assignment', userBlock, {
          provider,
          // Strings: ids can pass 2^53; Terraform converts them to the number the provider wants.
          for_each: Object.fromEntries(users.map((w) => [w, props.workspaces[w]?.id])),
          workspace_id: '${each.value}',
          principal_id: groupId,
          permissions: ['USER'],
        });
      }
      // The address each of the group's grants had in the per-kind layout, and has now.
      const assignedBy = new Map<string, string>();
      for (const [workspace, permission] of workspaces) {
        const [block, key, old] =
          permission === 'USER'
            ? [userBlock, workspace, 'user_assignment']
            : [adminAssignmentsBlockName(workspace), group, 'admin_assignment'];
        if (permission === 'ADMIN') admins.set(workspace, { ...admins.get(workspace), [group]: groupId });
        assignedBy.set(workspace, `databricks_mws_permission_assignment.${block}`);
        if (moved) {
          blocks.moved(
            `databricks_mws_permission_assignment.${old}[${JSON.stringify(`${group}/${workspace}`)}]`,
            `databricks_mws_permission_assignment.${block}[${JSON.stringify(key)}]`,
          );
        }
      }

      if (mapping.entitlements.length > 0) {
        const flags = entitlementFlags(mapping.entitlements);
        for (const [workspace] of workspaces) {
          const block = entitlementsBlockName(group, workspace);
          blocks.resource('databricks_entitlements', block, {
            provider: workspaceProviders.get(workspace),
            group_id: groupId,
            ...flags,
            // An account group is visible in a workspace only once it is assigned there.
            depends_on: [assignedBy.get(workspace)],
          });
          if (moved) {
            blocks.moved(
              `databricks_entitlements.entitlements_${workspace}[${JSON.stringify(group)}]`,
              `databricks_entitlements.${block}`,
            );
          }
        }
      }

      for (const role of accountLevel ? mapping.accountRoles : []) {
        roles.set(role, { ...roles.get(role), [group]: groupId });
      }
    }

    for (const [workspace, groups] of [...admins].sort(([a], [b]) => a.localeCompare(b))) {
      blocks.resource('databricks_mws_permission_assignment', adminAssignmentsBlockName(workspace), {
        provider,
        // Keyed by group, valued by its id: a reference, known at apply, as for_each values may be.
        for_each: groups,
        workspace_id: props.workspaces[workspace]?.id,
        principal_id: '${each.value}',
        permissions: ['ADMIN'],
        ...preventDestroy,
      });
    }
    // One block per role, as in the per-kind layout: its addresses did not change.
    for (const [role, groups] of [...roles].sort(([a], [b]) => a.localeCompare(b))) {
      blocks.resource('databricks_group_role', role, {
        provider,
        for_each: groups,
        group_id: '${each.value}',
        role,
        ...preventDestroy,
      });
    }
  }

  /**
   * A workspace's own provider (entitlements and token policy live in the workspace), and its
   * token policy unless this stack holds only a shard of the mappings.
   * @returns the provider's address, `databricks.workspace_ml_prod`
   */
  private addWorkspace(name: string, workspace: Workspace, tokenLifetimeDays: number | undefined): string {
    const provider = new DatabricksProvider(this, `workspace-${name}`, {
      alias: `workspace_${name.replace(/-/g, '_')}`,
      host: workspace.url,
    });
    if (tokenLifetimeDays !== undefined) {
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
    return providerAddress(provider);
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
