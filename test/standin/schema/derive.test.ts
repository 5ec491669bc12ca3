import { deriveProviderSchema } from '../../../lib/standin/schema/derive';
import type { NestedBlock, SchemaBlock } from '../../../lib/standin/schema/types';

const okta = deriveProviderSchema('okta');
const databricks = deriveProviderSchema('databricks');
const azuread = deriveProviderSchema('azuread');

function resource(schema: typeof okta, type: string): SchemaBlock {
  const found = schema.resources[type];
  if (found === undefined) throw new Error(`${type} not derived`);
  return found.block;
}

function block(parent: SchemaBlock, name: string): NestedBlock {
  const found = parent.block_types[name];
  if (found === undefined) throw new Error(`block ${name} not derived`);
  return found;
}

const appSaml = resource(okta, 'okta_app_saml');

describe('deriveProviderSchema', () => {
  test('GIVEN the okta binding WHEN derived THEN the address and version come from its package', () => {
    expect([okta.address, okta.version, okta.derivedFrom]).toEqual([
      'registry.terraform.io/okta/okta',
      '4.20.0',
      '@cdktf/provider-okta@14.1.1',
    ]);
  });

  test('GIVEN the databricks and azuread bindings WHEN derived THEN their addresses are their registry ones', () => {
    expect([databricks.address, databricks.version, azuread.address, azuread.version]).toEqual([
      'registry.terraform.io/databricks/databricks',
      '1.99.0',
      'registry.terraform.io/hashicorp/azuread',
      '3.7.0',
    ]);
  });

  // Exact counts of the pinned bindings: an upgrade that changes them should be looked at.
  test.each([
    ['okta', okta, 104, 48],
    ['databricks', databricks, 136, 112],
    ['azuread', azuread, 54, 20],
  ])(
    'GIVEN the %s binding WHEN derived THEN every resource and data source type is there',
    (_, schema, r, d) => {
      expect([Object.keys(schema.resources).length, Object.keys(schema.dataSources).length]).toEqual([r, d]);
    },
  );

  test('GIVEN okta_app_saml WHEN derived THEN key_name is an optional string', () => {
    expect(appSaml.attributes.key_name).toEqual({ type: 'string', optional: true });
  });

  test('GIVEN okta_app_saml WHEN derived THEN certificate is computed only', () => {
    expect(appSaml.attributes.certificate).toEqual({ type: 'string', computed: true });
  });

  test('GIVEN okta_app_saml WHEN derived THEN authentication_policy is optional and computed', () => {
    expect(appSaml.attributes.authentication_policy).toEqual({
      type: 'string',
      optional: true,
      computed: true,
    });
  });

  test('GIVEN okta_app_saml WHEN derived THEN label is required', () => {
    expect(appSaml.attributes.label).toEqual({ type: 'string', required: true });
  });

  test('GIVEN okta_app_saml WHEN derived THEN key_years_valid is a number', () => {
    expect(appSaml.attributes.key_years_valid?.type).toBe('number');
  });

  test('GIVEN the computed keys of okta_app_saml WHEN derived THEN they are a computed list of objects, not a block', () => {
    expect(appSaml.block_types.keys).toBeUndefined();
    expect(appSaml.attributes.keys).toEqual({
      type: [
        'list',
        [
          'object',
          {
            created: 'string',
            e: 'string',
            expires_at: 'string',
            kid: 'string',
            kty: 'string',
            last_updated: 'string',
            n: 'string',
            use: 'string',
            x5c: ['list', 'string'],
            x5t_s256: 'string',
          },
        ],
      ],
      computed: true,
    });
  });

  test('GIVEN the computed set features of okta_app_saml WHEN derived THEN it is a set of strings', () => {
    expect(appSaml.attributes.features).toEqual({ type: ['set', 'string'], computed: true });
  });

  test('GIVEN attribute_statements WHEN derived THEN it is a list block with name, type, values and filters', () => {
    const statements = block(appSaml, 'attribute_statements');
    expect(statements.nesting_mode).toBe('list');
    expect([statements.min_items, statements.max_items]).toEqual([undefined, undefined]);
    expect(statements.block.attributes).toEqual({
      filter_type: { type: 'string', optional: true },
      filter_value: { type: 'string', optional: true },
      name: { type: 'string', required: true },
      namespace: { type: 'string', optional: true },
      type: { type: 'string', optional: true },
      values: { type: ['list', 'string'], optional: true },
    });
  });

  test('GIVEN acs_endpoints_indices WHEN derived THEN it is a set block', () => {
    expect(block(appSaml, 'acs_endpoints_indices').nesting_mode).toBe('set');
  });

  test('GIVEN the timeouts of okta_app_saml WHEN derived THEN it is a single block without item limits', () => {
    const timeouts = block(appSaml, 'timeouts');
    expect(timeouts).toEqual({
      nesting_mode: 'single',
      block: expect.objectContaining({
        attributes: expect.objectContaining({ create: { type: 'string', optional: true } }),
      }),
    });
  });

  test('GIVEN azuread_application web WHEN derived THEN it is a list block of at most one, as SDKv2 MaxItems 1', () => {
    const web = block(resource(azuread, 'azuread_application'), 'web');
    expect([web.nesting_mode, web.min_items, web.max_items]).toEqual(['list', undefined, 1]);
    expect(web.block.attributes.redirect_uris).toEqual({ type: ['set', 'string'], optional: true });
  });

  test('GIVEN a block nested in web WHEN derived THEN implicit_grant is a list block of at most one', () => {
    const web = block(resource(azuread, 'azuread_application'), 'web');
    expect(block(web.block, 'implicit_grant').max_items).toBe(1);
  });

  test('GIVEN a set block with MaxItems 1 WHEN derived THEN it keeps set nesting with max_items 1', () => {
    const groupsClaim = block(resource(okta, 'okta_app_oauth'), 'groups_claim');
    expect([groupsClaim.nesting_mode, groupsClaim.max_items]).toEqual(['set', 1]);
  });

  test('GIVEN a block with MinItems 1 WHEN derived THEN min_items is 1', () => {
    const access = block(resource(azuread, 'azuread_application'), 'required_resource_access');
    expect(block(access.block, 'resource_access').min_items).toBe(1);
  });

  test('GIVEN databricks_mws_permission_assignment WHEN derived THEN workspace_id is a required number', () => {
    const block = resource(databricks, 'databricks_mws_permission_assignment');
    expect(block.attributes.workspace_id).toEqual({ type: 'number', required: true });
  });

  test('GIVEN databricks_mws_permission_assignment WHEN derived THEN permissions is a required set of strings', () => {
    const block = resource(databricks, 'databricks_mws_permission_assignment');
    expect(block.attributes.permissions).toEqual({ type: ['set', 'string'], required: true });
  });

  test('GIVEN databricks_workspace_conf WHEN derived THEN custom_config is an optional map of strings', () => {
    const block = resource(databricks, 'databricks_workspace_conf');
    expect(block.attributes.custom_config).toEqual({ type: ['map', 'string'], optional: true });
  });

  test('GIVEN data databricks_group WHEN derived THEN display_name is required and id computed', () => {
    const group = databricks.dataSources.databricks_group?.block;
    expect(group?.attributes.display_name).toEqual({ type: 'string', required: true });
    expect(group?.attributes.id).toEqual({ type: 'string', optional: true, computed: true });
  });

  test('GIVEN azuread_service_principal WHEN derived THEN app_roles is a computed list of objects', () => {
    const roles = resource(azuread, 'azuread_service_principal').attributes.app_roles;
    expect(roles?.computed).toBe(true);
    expect(roles?.type).toEqual([
      'list',
      ['object', expect.objectContaining({ id: 'string', display_name: 'string' })],
    ]);
  });

  test('GIVEN a computed map WHEN derived THEN azuread_application app_role_ids is a map of strings', () => {
    expect(resource(azuread, 'azuread_application').attributes.app_role_ids).toEqual({
      type: ['map', 'string'],
      computed: true,
    });
  });

  test('GIVEN a framework single nested block of computed attributes WHEN derived THEN it is a single block', () => {
    const domains = block(okta.dataSources.okta_org_metadata?.block as SchemaBlock, 'domains');
    expect(domains.nesting_mode).toBe('single');
    expect(domains.block.attributes.organization).toEqual({ type: 'string', computed: true });
  });

  test('GIVEN a required framework single nested attribute WHEN derived THEN it stays an attribute of object type', () => {
    const schedule = resource(databricks, 'databricks_alert_v2').attributes.schedule;
    expect(schedule).toEqual({
      type: ['object', expect.objectContaining({ timezone_id: 'string' })],
      required: true,
    });
  });

  test('GIVEN databricks_job, whose structs are sharded into several files, WHEN derived THEN its task blocks are there', () => {
    const task = block(resource(databricks, 'databricks_job'), 'task');
    expect(task.block.attributes.task_key).toEqual({ type: 'string', required: true });
    expect(block(task.block, 'notebook_task').max_items).toBe(1);
  });

  test('GIVEN the okta provider WHEN derived THEN org_name is an optional string and alias is left to Terraform', () => {
    expect(okta.provider.attributes.org_name).toEqual({ type: 'string', optional: true });
    expect(okta.provider.attributes.alias).toBeUndefined();
  });

  test('GIVEN the okta provider WHEN derived THEN scopes is a set of strings', () => {
    expect(okta.provider.attributes.scopes).toEqual({ type: ['set', 'string'], optional: true });
  });
});
