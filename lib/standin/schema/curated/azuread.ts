/*
 * What hashicorp/terraform-provider-azuread v3.7.0 does beyond its schema shape, for the types
 * this project emits. Keys: `resource.<type>`, `data.<type>`. The provider marks nothing of its
 * own configuration sensitive (internal/provider/provider.go: not even `client_secret`), so there
 * is no `provider` entry.
 *
 * Since 3.0 the `id` of a directory object is its Microsoft Graph path
 * (`/servicePrincipals/<object id>`), and arguments that take one are checked by go-azure-sdk's
 * resource-ID parsers (stable.ValidateServicePrincipalID...): passing an `object_id` there fails
 * the plan, which is what the patterns below reproduce.
 */
import type { Behaviour } from '../types';

const TAG = 'hashicorp/terraform-provider-azuread v3.7.0';

/** validation.IsUUID: go-uuid's ParseUUID, hex in either case. */
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const SERVICE_PRINCIPAL_ID = '^/servicePrincipals/[^/]+$';
/** validation.StringIsNotEmpty */
const NOT_EMPTY = '^[\\s\\S]+$';

export const azureadBehaviour: Readonly<Record<string, Behaviour>> = {
  'resource.azuread_application': {
    source: `${TAG} internal/services/applications/application_resource.go, constants.go`,
    defaults: { sign_in_audience: 'AzureADMyOrg', prevent_duplicate_names: false },
    requiresReplace: ['template_id'],
    conflicts: [['feature_tags', 'tags']],
    allowedValues: {
      sign_in_audience: [
        'AzureADMyOrg',
        'AzureADMultipleOrgs',
        'AzureADandPersonalMicrosoftAccount',
        'PersonalMicrosoftAccount',
      ],
      group_membership_claims: ['All', 'None', 'ApplicationGroup', 'DirectoryRole', 'SecurityGroup'],
    },
    patterns: { template_id: UUID, owners: UUID, identifier_uris: NOT_EMPTY },
    // applicationResourceCustomizeDiff: SetNewComputed, so these are unknown in the real plan.
    recomputedBy: {
      app_role_ids: ['app_role'],
      oauth2_permission_scope_ids: ['api'],
      logo_url: ['logo_image'],
    },
    fakes: {
      object_id: { kind: 'uuid' },
      client_id: { kind: 'uuid' },
      id: { kind: 'template', template: '/applications/{object_id}' },
      disabled_by_microsoft: { kind: 'constant', value: '' },
      publisher_domain: { kind: 'constant', value: 'example.onmicrosoft.com' },
    },
  },
  'resource.azuread_service_principal': {
    source: `${TAG} internal/services/serviceprincipals/service_principal_resource.go, constants.go`,
    defaults: { account_enabled: true },
    requiresReplace: ['client_id'],
    conflicts: [
      ['feature_tags', 'features'],
      ['feature_tags', 'tags'],
      ['features', 'tags'],
    ],
    allowedValues: { preferred_single_sign_on_mode: ['', 'notSupported', 'oidc', 'password', 'saml'] },
    patterns: {
      client_id: UUID,
      owners: UUID,
      alternative_names: NOT_EMPTY,
      notification_email_addresses: NOT_EMPTY,
    },
    fakes: {
      object_id: { kind: 'uuid' },
      id: { kind: 'template', template: '/servicePrincipals/{object_id}' },
      application_tenant_id: { kind: 'uuid' },
      type: { kind: 'constant', value: 'Application' },
      sign_in_audience: { kind: 'constant', value: 'AzureADMyOrg' },
      saml_metadata_url: {
        kind: 'template',
        template:
          'https://login.microsoftonline.com/{application_tenant_id}/federationmetadata/2007-06/federationmetadata.xml?appid={client_id}',
      },
    },
  },
  'resource.azuread_service_principal_token_signing_certificate': {
    // No Update: every input is ForceNew.
    source: `${TAG} internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go`,
    requiresReplace: ['service_principal_id', 'display_name', 'end_date'],
    patterns: {
      service_principal_id: SERVICE_PRINCIPAL_ID,
      display_name: '^CN=.+$|^$',
      // validation.IsRFC3339Time: time.Parse(time.RFC3339), ranges not checked here.
      end_date: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
    },
    sensitive: ['value'],
    fakes: {
      key_id: { kind: 'uuid' },
      // The read sets `value` to the key credential's `key`: base64 DER, no PEM armour.
      value: { kind: 'certificate-base64' },
      thumbprint: { kind: 'hex', length: 40 },
      display_name: { kind: 'constant', value: 'CN=Microsoft Azure Federated SSO Certificate' },
      start_date: { kind: 'constant', value: '2026-01-01T00:00:00Z' },
      end_date: { kind: 'constant', value: '2029-01-01T00:00:00Z' },
      // The real id starts with the bare object id (<object id>/tokenSigningCertificate/<key id>);
      // a template can only repeat service_principal_id, which carries the /servicePrincipals/ prefix.
      id: { kind: 'template', template: '{service_principal_id}/tokenSigningCertificate/{key_id}' },
    },
  },
  'resource.azuread_app_role_assignment': {
    source: `${TAG} internal/services/approleassignments/app_role_assignment_resource.go`,
    requiresReplace: ['app_role_id', 'principal_object_id', 'resource_object_id'],
    patterns: { app_role_id: UUID, principal_object_id: UUID, resource_object_id: UUID },
    fakes: {
      id: { kind: 'template', template: '/servicePrincipals/{resource_object_id}/appRoleAssignedTo/{hash}' },
      // This project assigns groups only.
      principal_type: { kind: 'constant', value: 'Group' },
    },
  },
  'resource.azuread_claims_mapping_policy': {
    source: `${TAG} internal/services/policies/claims_mapping_policy_resource.go`,
    patterns: { definition: NOT_EMPTY, display_name: NOT_EMPTY },
    fakes: { id: { kind: 'template', template: '/policies/claimsMappingPolicies/{hash}' } },
  },
  'resource.azuread_service_principal_claims_mapping_policy_assignment': {
    source: `${TAG} internal/services/serviceprincipals/service_principal_claims_mapping_policy_assignment_resource.go`,
    requiresReplace: ['claims_mapping_policy_id', 'service_principal_id'],
    patterns: {
      claims_mapping_policy_id: '^/policies/claimsMappingPolicies/[^/]+$',
      service_principal_id: SERVICE_PRINCIPAL_ID,
    },
    fakes: { id: { kind: 'template', template: '{service_principal_id}/claimsMappingPolicies/{hash}' } },
  },
  'resource.azuread_synchronization_secret': {
    source: `${TAG} internal/services/synchronization/synchronization_secret_resource.go`,
    requiresReplace: ['service_principal_id'],
    patterns: { service_principal_id: SERVICE_PRINCIPAL_ID },
    sensitive: ['credential.value'],
    // The id is the service principal's.
    fakes: { id: { kind: 'template', template: '{service_principal_id}' } },
  },
  'resource.azuread_synchronization_job': {
    source: `${TAG} internal/services/synchronization/synchronization_job_resource.go`,
    defaults: { enabled: true },
    requiresReplace: ['service_principal_id', 'template_id'],
    patterns: { service_principal_id: SERVICE_PRINCIPAL_ID },
    // Graph job ids read <template id>.<32 hex>.<32 hex>.
    fakes: {
      id: { kind: 'template', template: '{service_principal_id}/synchronization/jobs/{template_id}.{hash}' },
    },
  },
  'data.azuread_group': {
    source: `${TAG} internal/services/groups/group_data_source.go`,
    defaults: { include_transitive_members: false },
    exactlyOneOf: [['display_name', 'object_id', 'mail_nickname']],
    patterns: { display_name: NOT_EMPTY, object_id: UUID },
    fakes: {
      object_id: { kind: 'uuid' },
      id: { kind: 'template', template: '/groups/{object_id}' },
      mail_enabled: { kind: 'constant', value: false },
    },
  },
  'data.azuread_application_template': {
    source: `${TAG} internal/services/applications/application_template_data_source.go`,
    exactlyOneOf: [['display_name', 'template_id']],
    patterns: { display_name: NOT_EMPTY, template_id: UUID },
    fakes: {
      template_id: { kind: 'uuid' },
      id: { kind: 'template', template: '{template_id}' },
    },
  },
};
