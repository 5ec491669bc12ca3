import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import type { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TerraformIterator, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ADOPTION_LOOKUP } from '../core/declaration/account';
import { fixAddress } from './addresses';

/**
 * Terraform `moved` blocks cannot cross states, so an environment whose stack held its account's
 * account-level pieces and now shares that account without owning it hands them over with two
 * kinds of block, both Terraform >= 1.7: `removed { lifecycle { destroy = false } }` in its own
 * stack (Terraform forgets them: nothing is destroyed), and `import` in the owner's stack for the
 * objects that must stay managed. Only account groups created by Terraform need importing: the owner
 * keeps its own IdP app and SSO settings, and `databricks_group_role` cannot be imported (the
 * provider's documentation says so): granting a role the group already holds changes nothing.
 */
export const MIGRATION_TERRAFORM_VERSION = '>= 1.7.0';

export interface AccountLevelReleaseProps {
  /** Resource blocks (`type.name`) the stack's state may hold and must forget. */
  readonly blocks: readonly string[];
}

/**
 * In the stack of an environment that no longer owns its account's account-level pieces: Terraform
 * forgets whatever of `blocks` its state still holds instead of destroying it (the owner manages
 * those objects, or they are deleted by hand once nothing uses them). A block with nothing in
 * state is a no-op. The providers of those blocks must stay configured in the stack while any of
 * them is in state: Terraform needs them to read the state it forgets.
 */
export class AccountLevelRelease extends Construct {
  constructor(scope: Construct, id: string, props: AccountLevelReleaseProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    stack.addOverride('terraform.required_version', MIGRATION_TERRAFORM_VERSION);
    stack.addOverride(
      'removed',
      [...new Set(props.blocks)].sort().map((from) => ({ from, lifecycle: { destroy: false } })),
    );
  }
}

/** An account group the stack creates: its name and the address of the resource instance. */
export interface CreatedGroup {
  readonly name: string;
  /** `databricks_group.<block>` or `databricks_group.<block>["<key>"]`. */
  readonly address: string;
}

export interface AccountGroupAdoptionProps {
  /** The account-level Databricks provider that manages the groups. */
  readonly provider: DatabricksProvider;
  /** The account groups the stack creates. */
  readonly groups: readonly CreatedGroup[];
}

/**
 * In the owner's stack: imports each account group it creates, its id looked up by name
 * (`data.databricks_group.adopt_by_name`), so a group another environment's stack created before
 * the account was shared is adopted instead of created twice. A group already in this state is
 * left as it is (Terraform ignores the import); a group that does not exist yet fails the lookup,
 * so new groups wait for the change after the migration.
 */
export class AccountGroupAdoption extends Construct {
  constructor(scope: Construct, id: string, props: AccountGroupAdoptionProps) {
    super(scope, id);
    if (props.groups.length === 0) return;
    const stack = TerraformStack.of(this);
    stack.addOverride('terraform.required_version', MIGRATION_TERRAFORM_VERSION);
    const groups = [...props.groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    fixAddress(
      new DataDatabricksGroup(this, 'lookup', {
        provider: props.provider,
        forEach: TerraformIterator.fromMap(Object.fromEntries(groups.map((g) => [g.name, g.name]))),
        displayName: '${each.value}',
      }),
      ADOPTION_LOOKUP,
    );
    stack.addOverride(
      'import',
      groups.map((group) => ({
        to: group.address,
        id: `\${data.databricks_group.${ADOPTION_LOOKUP}[${JSON.stringify(group.name)}].id}`,
        provider: props.provider.fqn,
      })),
    );
  }
}
