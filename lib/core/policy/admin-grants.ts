import type { Instance, SynthesizedEnvironment, TerraformBlock } from './terraform';

/** One ADMIN or account_admin grant found in the stack. */
export interface AdminGrant {
  /** The IdP group it goes to, when the stack says so. */
  readonly group: string | undefined;
  /** The workspace id for an ADMIN assignment; undefined for account_admin. */
  readonly workspaceId: string | undefined;
  readonly path: string;
  readonly block: TerraformBlock;
}

/** Workspace ADMIN assignments, one per `for_each` instance. */
export function workspaceAdmins(terraform: SynthesizedEnvironment): AdminGrant[] {
  return terraform
    .resources('databricks_mws_permission_assignment')
    .filter((block) => Array.isArray(block.body.permissions) && block.body.permissions.includes('ADMIN'))
    .flatMap((block) =>
      instancesOf(terraform, block).map((instance) => {
        const workspaceId = terraform.valueOf(block, 'workspace_id', instance);
        return {
          group: terraform.groupOf(block, 'principal_id', instance),
          workspaceId: /^\d+$/.test(String(workspaceId)) ? String(workspaceId) : undefined,
          path: instance.path,
          block,
        };
      }),
    );
}

/** account_admin role grants, one per instance. */
export function accountAdmins(terraform: SynthesizedEnvironment): AdminGrant[] {
  return terraform.resources('databricks_group_role').flatMap((block) =>
    instancesOf(terraform, block)
      .filter((instance) => terraform.valueOf(block, 'role', instance) === 'account_admin')
      .map((instance) => ({
        group: terraform.groupOf(block, 'group_id', instance),
        workspaceId: undefined,
        path: instance.path,
        block,
      })),
  );
}

function instancesOf(terraform: SynthesizedEnvironment, block: TerraformBlock): readonly Instance[] {
  return terraform.instances(block) ?? [{ key: undefined, value: undefined, path: block.path }];
}
