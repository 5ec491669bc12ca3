import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import type { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { TerraformIterator, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
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

/**
 * The account-level resource blocks a stack of this project holds, by what brings them (the
 * construct IDs behind these addresses are a contract; a test compares this list with synthesis).
 */
export const ACCOUNT_LEVEL_BLOCKS = {
  /** Account groups created by Terraform and account roles (`DatabricksGroupMappings`). */
  databricks: ['databricks_group.managed', 'databricks_group_role.account_admin'],
  /** The SSO settings marker (`DatabricksSsoSettings`): AWS and GCP. */
  ssoSettings: ['terraform_data.databricks_sso_settings'],
  okta: [
    'okta_app_saml.databricks',
    'okta_app_group_assignment.databricks',
    'okta_app_signon_policy.databricks',
    'okta_app_signon_policy_rule.session',
  ],
  entra: [
    'azuread_application.databricks',
    'azuread_service_principal.databricks',
    'azuread_service_principal_token_signing_certificate.databricks',
    'azuread_app_role_assignment.databricks',
    'azuread_claims_mapping_policy.databricks',
    'azuread_service_principal_claims_mapping_policy_assignment.databricks',
    'terraform_data.activate_signing_certificate',
  ],
  /** Entra's SCIM connector for Azure Databricks (`EntraScimProvisioning`). */
  scim: [
    'azuread_application.databricks_scim',
    'azuread_service_principal.databricks_scim',
    'azuread_synchronization_secret.databricks_scim',
    'azuread_synchronization_job.databricks_scim',
    'azuread_app_role_assignment.databricks_scim',
  ],
} as const;

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

export interface AccountGroupAdoptionProps {
  /** The account-level Databricks provider that manages `databricks_group.managed`. */
  readonly provider: DatabricksProvider;
  /** The groups `databricks_group.managed` creates in this stack, by name. */
  readonly groups: readonly string[];
}

/**
 * In the owner's stack: imports each account group it creates (`databricks_group.managed[name]`),
 * its id looked up by name (`data.databricks_group.adopt`), so a group another environment's stack
 * created before the account was shared is adopted instead of created twice. A group already in
 * this state is left as it is (Terraform ignores the import); a group that does not exist yet fails
 * the lookup, so new groups wait for the change after the migration.
 */
export class AccountGroupAdoption extends Construct {
  constructor(scope: Construct, id: string, props: AccountGroupAdoptionProps) {
    super(scope, id);
    if (props.groups.length === 0) return;
    const stack = TerraformStack.of(this);
    stack.addOverride('terraform.required_version', MIGRATION_TERRAFORM_VERSION);
    const groups = [...props.groups].sort();
    fixAddress(
      new DataDatabricksGroup(this, 'adopt', {
        provider: props.provider,
        forEach: TerraformIterator.fromMap(Object.fromEntries(groups.map((g) => [g, g]))),
        displayName: '${each.value}',
      }),
      'adopt',
    );
    stack.addOverride(
      'import',
      groups.map((group) => ({
        to: `databricks_group.managed[${JSON.stringify(group)}]`,
        id: `\${data.databricks_group.adopt[${JSON.stringify(group)}].id}`,
        provider: props.provider.fqn,
      })),
    );
  }
}
