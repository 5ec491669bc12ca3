/*
 * What databricks/terraform-provider-databricks v1.99.0 does beyond its schema shape, for the
 * types this project emits. Keys: `provider`, `resource.<type>`, `data.<type>`.
 *
 * A rule of the provider's common.Resource (common/resource.go, ToResource): a resource without
 * an Update function gets ForceNew on every attribute that is not computed. That is why
 * databricks_group_role and databricks_mws_permission_assignment replace on any change,
 * `permissions` included.
 *
 * Databricks ids are decimal strings of about 16 digits; fakes use 15 so that every one stays
 * below 2^53 when Terraform converts it to a number (`principal_id`) and a JavaScript stand-in
 * decodes it.
 */
import type { Behaviour } from '../types';

const TAG = 'databricks/terraform-provider-databricks v1.99.0';

const GROUP_ID = { kind: 'digits', length: 15 } as const;

/** Entitlement flags: Optional, Default false (scim/scim.go, addEntitlementsToSchema). */
const ENTITLEMENT_DEFAULTS = {
  allow_cluster_create: false,
  allow_instance_pool_create: false,
  databricks_sql_access: false,
  workspace_access: false,
  workspace_consume: false,
} as const;

const ENTITLEMENT_CONFLICTS = [
  ['workspace_consume', 'workspace_access'],
  ['workspace_consume', 'databricks_sql_access'],
] as const;

export const databricksBehaviour: Readonly<Record<string, Behaviour>> = {
  provider: {
    // The provider schema is built from the Go SDK's config attributes, `auth:"...,sensitive"`.
    source: `${TAG} internal/providers/sdkv2/sdkv2.go (providerSchema); databricks/databricks-sdk-go v0.93.0 config/config.go`,
    sensitive: [
      'token',
      'password',
      'client_secret',
      'azure_client_secret',
      'google_credentials',
      'metadata_service_url',
    ],
  },
  'resource.databricks_group': {
    source: `${TAG} scim/resource_group.go, scim/scim.go`,
    defaults: ENTITLEMENT_DEFAULTS,
    requiresReplace: ['external_id'],
    conflicts: ENTITLEMENT_CONFLICTS,
    // validation.StringNotInSlice([]string{"users", "admins"}, false)
    patterns: { display_name: '^(?!(?:users|admins)$)[\\s\\S]*$' },
    // The read sets acl_principal_id to groups/<display_name>; no CustomizeDiff marks it unknown.
    recomputedBy: { acl_principal_id: ['display_name'] },
    fakes: {
      id: GROUP_ID,
      acl_principal_id: { kind: 'template', template: 'groups/{display_name}' },
      url: {
        kind: 'template',
        template: 'https://accounts.cloud.databricks.com/users/groups/{id}/information',
      },
    },
  },
  'resource.databricks_group_role': {
    source: `${TAG} scim/resource_group_role.go, common/pair.go (BindResource: no Update)`,
    requiresReplace: ['group_id', 'role'],
    fakes: { id: { kind: 'template', template: '{group_id}|{role}' } },
  },
  'resource.databricks_mws_permission_assignment': {
    source: `${TAG} mws/resource_mws_permission_assignment.go (no Update), common/pair.go`,
    requiresReplace: ['workspace_id', 'principal_id', 'permissions'],
    // iam.WorkspacePermission (databricks-sdk-go v0.93.0 service/iam/model.go) also has UNKNOWN,
    // which the API reports but does not grant; the provider does not check the values.
    apiAllowedValues: { permissions: ['USER', 'ADMIN'] },
    fakes: { id: { kind: 'template', template: '{workspace_id}|{principal_id}' } },
  },
  'resource.databricks_entitlements': {
    source: `${TAG} scim/resource_entitlement.go, scim/scim.go`,
    defaults: ENTITLEMENT_DEFAULTS,
    requiresReplace: ['group_id', 'user_id', 'service_principal_id'],
    conflicts: ENTITLEMENT_CONFLICTS,
    atLeastOneOf: [['group_id', 'user_id', 'service_principal_id']],
    // getId: group/<id>, user/<id> or spn/<id>; this project only entitles groups.
    fakes: { id: { kind: 'template', template: 'group/{group_id}' } },
  },
  'resource.databricks_workspace_conf': {
    source: `${TAG} workspace/resource_workspace_conf.go`,
    fakes: { id: { kind: 'constant', value: '_' } },
  },
  'resource.databricks_access_control_rule_set': {
    source: `${TAG} permissions/resource_access_control_rule_set.go`,
    requiresReplace: ['name'],
    fakes: {
      id: { kind: 'template', template: '{name}' },
      etag: { kind: 'prefixed', prefix: 'RENUAA', length: 28 },
    },
  },
  'resource.databricks_system_schema': {
    source: `${TAG} catalog/resource_system_schema.go`,
    recomputedBy: { full_name: ['schema'], id: ['schema'] },
    fakes: {
      metastore_id: { kind: 'uuid' },
      id: { kind: 'template', template: '{metastore_id}|{schema}' },
      full_name: { kind: 'template', template: 'system.{schema}' },
      state: { kind: 'constant', value: 'EnableCompleted' },
      auto_enabled: { kind: 'constant', value: false },
    },
  },
  'data.databricks_group': {
    source: `${TAG} scim/data_group.go`,
    defaults: { ...ENTITLEMENT_DEFAULTS, recursive: true },
    conflicts: ENTITLEMENT_CONFLICTS,
    // validation.StringIsNotEmpty
    patterns: { display_name: '^[\\s\\S]+$' },
    fakes: {
      id: GROUP_ID,
      acl_principal_id: { kind: 'template', template: 'groups/{display_name}' },
    },
  },
};
