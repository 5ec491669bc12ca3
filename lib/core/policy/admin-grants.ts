import type { Instance, SynthesizedEnvironment, TerraformBlock } from './terraform';
import { asObject } from '../terraform/json';

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
        const value = asObject(instance.value);
        const literal = block.body.workspace_id;
        const workspaceId = value.workspace_id ?? (/^\d+$/.test(String(literal)) ? literal : undefined);
        return {
          group: typeof value.group === 'string' ? value.group : undefined,
          workspaceId: workspaceId === undefined ? undefined : String(workspaceId),
          path: instance.path,
          block,
        };
      }),
    );
}

/** account_admin role grants, one per `for_each` instance (keyed by group name). */
export function accountAdmins(terraform: SynthesizedEnvironment): AdminGrant[] {
  return terraform
    .resources('databricks_group_role')
    .filter((block) => block.body.role === 'account_admin')
    .flatMap((block) =>
      instancesOf(terraform, block).map((instance) => ({
        group: instance.key,
        workspaceId: undefined,
        path: instance.path,
        block,
      })),
    );
}

function instancesOf(terraform: SynthesizedEnvironment, block: TerraformBlock): readonly Instance[] {
  return terraform.instances(block) ?? [{ key: undefined, value: undefined, path: block.path }];
}
