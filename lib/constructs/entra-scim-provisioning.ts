import { Application } from '@cdktf/provider-azuread/lib/application';
import { DataAzureadApplicationTemplate } from '@cdktf/provider-azuread/lib/data-azuread-application-template';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { SynchronizationJob } from '@cdktf/provider-azuread/lib/synchronization-job';
import { SynchronizationSecret } from '@cdktf/provider-azuread/lib/synchronization-secret';
import { TerraformProvider, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { MovedFrom } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { groupBlockName } from '../core/terraform/names';
import { fixAddress } from './addresses';
import { PlainBlocks, providerAddress } from './plain-blocks';
import { ACCOUNT_HOSTS } from './databricks-group-mappings';

/** Properties of an {@link EntraScimProvisioning}. */
export interface EntraScimProvisioningProps {
  /** The Azure Databricks account the groups are provisioned into. */
  readonly accountId: string;
  /** The provisioning app's name in Entra. */
  readonly displayName: string;
  /** Entra group display names to provision (with their members) into the Databricks account. */
  readonly groups: readonly string[];
  /**
   * Guards the provisioning app against destroy: deleting it stops group sync for everyone.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * The azuread provider the connector app, its synchronization and its group assignments are
   * created with.
   * @default the stack's default azuread provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Adds `moved` blocks from the group assignments' addresses in an earlier layout
   * (`azuread_app_role_assignment.databricks_scim["<group>"]`), so Terraform moves them instead of
   * unassigning and assigning every group. @default none
   */
  readonly movedFrom?: MovedFrom;
}

/** The Entra gallery app Microsoft publishes for Azure Databricks account-level SCIM. */
const SCIM_CONNECTOR_TEMPLATE = 'Azure Databricks SCIM Provisioning Connector';
/** The Terraform variable carrying the Databricks account SCIM token; set it via TF_VAR_<name>. */
export const SCIM_TOKEN_VARIABLE = 'databricks_scim_token';
const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * SCIM provisioning from Entra ID into an Azure Databricks account: the gallery SCIM connector app,
 * its credentials, a running synchronization job, and assignments that scope it to exactly the
 * declared groups. The account SCIM token is a sensitive Terraform variable that this construct
 * declares itself, so no code path can pass it as a literal.
 */
export class EntraScimProvisioning extends Construct {
  /**
   * The connector's enterprise application (`azuread_service_principal.databricks_scim`), hidden
   * from users' My Apps.
   */
  readonly servicePrincipal: ServicePrincipal;
  /**
   * The sensitive `databricks_scim_token` variable: the Databricks account SCIM token (account
   * console, Settings, User provisioning). Terraform needs it on every plan and apply; set it
   * through the `TF_VAR_databricks_scim_token` environment variable, never in code.
   */
  readonly tokenVariable: TerraformVariable;

  constructor(scope: Construct, id: string, props: EntraScimProvisioningProps) {
    super(scope, id);
    validateProps(props);
    const provider = props.provider;
    const lifecycle = props.preventDestroy ? { preventDestroy: true } : undefined;

    this.tokenVariable = fixAddress(
      new TerraformVariable(this, 'token', {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `Databricks account SCIM token (account console > Settings > User provisioning); set TF_VAR_${SCIM_TOKEN_VARIABLE}`,
      }),
      SCIM_TOKEN_VARIABLE,
    );

    const template = fixAddress(
      new DataAzureadApplicationTemplate(this, 'template', {
        provider,
        displayName: SCIM_CONNECTOR_TEMPLATE,
      }),
      'databricks_scim',
    );
    const application = fixAddress(
      new Application(this, 'app', {
        provider,
        displayName: props.displayName,
        templateId: template.templateId,
        featureTags: [{ enterprise: true, gallery: true }],
        lifecycle,
      }),
      'databricks_scim',
    );
    this.servicePrincipal = fixAddress(
      new ServicePrincipal(this, 'service-principal', {
        provider,
        clientId: application.clientId,
        useExisting: true,
        // Nobody signs in through a provisioning connector: keep it off users' My Apps.
        featureTags: [{ enterprise: true, gallery: true, hide: true }],
        lifecycle,
      }),
      'databricks_scim',
    );

    const secret = fixAddress(
      new SynchronizationSecret(this, 'secret', {
        provider,
        servicePrincipalId: this.servicePrincipal.id,
        credential: [
          { key: 'BaseAddress', value: `${ACCOUNT_HOSTS.azure}/api/2.0/accounts/${props.accountId}/scim/v2` },
          { key: 'SecretToken', value: this.tokenVariable.stringValue },
        ],
      }),
      'databricks_scim',
    );
    fixAddress(
      new SynchronizationJob(this, 'job', {
        provider,
        servicePrincipalId: this.servicePrincipal.id,
        templateId: 'dataBricks',
        enabled: true,
        dependsOn: [secret],
      }),
      'databricks_scim',
    );

    // The connector syncs only assigned principals ("Sync only assigned users and groups"). One
    // lookup and one assignment per group (`azuread_app_role_assignment.analysts_scim`): a
    // `for_each` over every group makes Terraform's plan quadratic in the number of groups.
    const blocks = new PlainBlocks(this, 'groups');
    const withProvider = provider === undefined ? {} : { provider: providerAddress(provider) };
    const servicePrincipal = address(this.servicePrincipal);
    for (const group of [...props.groups].sort()) {
      const name = `${groupBlockName(group)}_scim`;
      blocks.data('azuread_group', name, { ...withProvider, display_name: group, security_enabled: true });
      blocks.resource('azuread_app_role_assignment', name, {
        ...withProvider,
        // The connector's "User" role; default access when a template version declares no roles.
        app_role_id: `\${coalesce(one([for role in ${servicePrincipal}.app_roles : role.id if role.display_name == "User"]), "${DEFAULT_ACCESS_ROLE_ID}")}`,
        principal_object_id: `\${data.azuread_group.${name}.object_id}`,
        resource_object_id: `\${${servicePrincipal}.object_id}`,
      });
      if (props.movedFrom === 'per-kind-maps') {
        blocks.moved(
          `azuread_app_role_assignment.databricks_scim[${JSON.stringify(group)}]`,
          `azuread_app_role_assignment.${name}`,
        );
      }
    }
  }
}

// A plain address, because a cdktf token cannot sit inside a hand-written for expression.
function address(resource: ServicePrincipal): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

function validateProps(props: EntraScimProvisioningProps): void {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new ValidationError(`EntraScimProvisioning.${field}`, describeValue(value), expected);
  };
  if (!UUID.test(props.accountId)) fail('accountId', props.accountId, 'a Databricks account id (a UUID)');
  if (props.displayName.trim() === '') fail('displayName', props.displayName, 'a non-empty name');
  if (props.groups.length === 0) {
    fail(
      'groups',
      props.groups,
      'at least one group to provision (declare groups with source "scim", or turn SCIM off)',
    );
  }
  if (new Set(props.groups).size !== props.groups.length) fail('groups', props.groups, 'each group once');
}
