import { deriveProviderSchema } from '../../../lib/standin/schema/derive';
import { providerSchema, providerSchemas, withBehaviour } from '../../../lib/standin/schema/index';

const schemas = {
  okta: providerSchema('okta'),
  databricks: providerSchema('databricks'),
  azuread: providerSchema('azuread'),
};
const okta = deriveProviderSchema('okta');
const source = 'test';

describe('providerSchemas', () => {
  test('GIVEN the three providers WHEN listed THEN they come in a fixed order with their addresses', () => {
    expect(providerSchemas().map((schema) => schema.address)).toEqual([
      'registry.terraform.io/okta/okta',
      'registry.terraform.io/databricks/databricks',
      'registry.terraform.io/hashicorp/azuread',
    ]);
  });

  test('GIVEN the curated tables WHEN merged THEN okta_app_saml carries its behaviour', () => {
    const behaviour = schemas.okta.resources.okta_app_saml?.behaviour;
    expect(behaviour?.defaults?.saml_version).toBe('2.0');
    expect(behaviour?.fakes?.certificate).toEqual({ kind: 'certificate-base64' });
  });

  test('GIVEN a type nobody curated WHEN merged THEN it has no behaviour', () => {
    expect(schemas.okta.resources.okta_user?.behaviour).toBeUndefined();
  });

  test('GIVEN databricks_mws_permission_assignment WHEN merged THEN all its inputs force a replacement', () => {
    expect(
      schemas.databricks.resources.databricks_mws_permission_assignment?.behaviour?.requiresReplace,
    ).toEqual(['workspace_id', 'principal_id', 'permissions']);
  });

  test('GIVEN the token signing certificate WHEN merged THEN its value is sensitive', () => {
    const block = schemas.azuread.resources.azuread_service_principal_token_signing_certificate?.block;
    expect(block?.attributes.value).toEqual({ type: 'string', computed: true, sensitive: true });
  });

  test('GIVEN a sensitive attribute inside a block WHEN merged THEN the nested attribute is marked', () => {
    const credential = schemas.azuread.resources.azuread_synchronization_secret?.block.block_types.credential;
    expect(credential?.block.attributes.value?.sensitive).toBe(true);
    expect(credential?.block.attributes.key?.sensitive).toBeUndefined();
  });

  test('GIVEN the databricks provider WHEN merged THEN token is sensitive and host is not', () => {
    expect(schemas.databricks.provider.attributes.token?.sensitive).toBe(true);
    expect(schemas.databricks.provider.attributes.host?.sensitive).toBeUndefined();
  });

  test('GIVEN the okta provider WHEN merged THEN api_token stays unmarked, as okta/okta 4.20.0 declares it', () => {
    expect(schemas.okta.provider.attributes.api_token).toEqual({ type: 'string', optional: true });
  });

  test('GIVEN the derived schema WHEN merged THEN it is not changed in place', () => {
    withBehaviour(okta, { 'resource.okta_app_saml': { source, sensitive: ['metadata'] } });
    expect(okta.resources.okta_app_saml?.block.attributes.metadata?.sensitive).toBeUndefined();
  });
});

describe('withBehaviour', () => {
  test('GIVEN a misspelt attribute WHEN merged THEN it throws naming the entry and the attribute', () => {
    expect(() =>
      withBehaviour(okta, { 'resource.okta_app_saml': { source, defaults: { saml_verison: '2.0' } } }),
    ).toThrow('resource.okta_app_saml: defaults names saml_verison, which is not in the schema');
  });

  test('GIVEN a type the binding does not have WHEN merged THEN it throws', () => {
    expect(() => withBehaviour(okta, { 'resource.okta_app_saml2': { source } })).toThrow(
      'resource.okta_app_saml2: no such type',
    );
  });

  test('GIVEN a key without a kind WHEN merged THEN it throws asking for one', () => {
    expect(() => withBehaviour(okta, { okta_app_saml: { source } })).toThrow(
      'use resource.<type> or data.<type>',
    );
  });

  test('GIVEN a default on a computed-only attribute WHEN merged THEN it throws', () => {
    expect(() =>
      withBehaviour(okta, { 'resource.okta_app_saml': { source, defaults: { certificate: 'x' } } }),
    ).toThrow('defaults names certificate, which is computed only');
  });

  test('GIVEN a default of the wrong type WHEN merged THEN it throws', () => {
    expect(() =>
      withBehaviour(okta, { 'resource.okta_app_saml': { source, defaults: { hide_ios: 'no' } } }),
    ).toThrow('defaults does not fit hide_ios of type "bool"');
  });

  test('GIVEN a fake for an input WHEN merged THEN it throws', () => {
    expect(() =>
      withBehaviour(okta, { 'resource.okta_app_saml': { source, fakes: { label: { kind: 'uuid' } } } }),
    ).toThrow('fakes names label, which is not computed');
  });

  test('GIVEN a template naming a missing attribute WHEN merged THEN it throws', () => {
    const fakes = { entity_url: { kind: 'template', template: 'http://www.okta.com/{entity_kee}' } } as const;
    expect(() => withBehaviour(okta, { 'resource.okta_app_saml': { source, fakes } })).toThrow(
      'the template of entity_url names entity_kee, which is not an attribute',
    );
  });

  test('GIVEN a sensitive path that does not resolve WHEN merged THEN it throws', () => {
    expect(() =>
      withBehaviour(okta, { 'resource.okta_app_saml': { source, sensitive: ['keys.kid'] } }),
    ).toThrow('sensitive names keys.kid, which is not an attribute');
  });

  test('GIVEN an input that is a block WHEN named in requiresReplace THEN it is accepted', () => {
    expect(() =>
      withBehaviour(okta, {
        'resource.okta_app_saml': { source, requiresReplace: ['attribute_statements'] },
      }),
    ).not.toThrow();
  });

  test('GIVEN a provider entry with more than sensitive flags WHEN merged THEN it throws', () => {
    expect(() => withBehaviour(okta, { provider: { source, defaults: { org_name: 'x' } } })).toThrow(
      'provider: only sensitive applies to a provider, not defaults',
    );
  });

  test('GIVEN several mistakes WHEN merged THEN all are listed in one error', () => {
    const attempt = () =>
      withBehaviour(okta, {
        'resource.okta_app_saml': { source, requiresReplace: ['lable'] },
        'data.okta_gruop': { source },
      });
    expect(attempt).toThrow(/requiresReplace names lable[\s\S]*data\.okta_gruop: no such type/);
  });
});
