import { SSO_OUTPUTS } from '../../../lib/constructs/databricks-sso-settings';
import { testLogins } from '../../../lib/core/saml/login-test';
import { example, synthesize } from '../../helpers';

const AT = new Date('2026-11-25T10:00:00Z');
const synthesized = synthesize(example('staging'), example('prod'));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const stackOf = (env: 'staging' | 'prod') => JSON.parse(synthesized[env] as string) as Json;

const DECLARED = new Map(
  (['staging', 'prod'] as const).map((env) => {
    const d = example(env);
    return [
      env,
      {
        attributes: ['email', 'name', 'groups'],
        groups: Object.fromEntries(Object.entries(d.groups).map(([name, g]) => [name, g.workspaces ?? {}])),
      },
    ];
  }),
);

function run(env: 'staging' | 'prod', edit: (json: Json) => void = () => {}) {
  const json = stackOf(env);
  edit(json);
  const { results } = testLogins([{ name: env, json }], { at: AT, outputs: SSO_OUTPUTS, declared: DECLARED });
  const [result] = results;
  if (result === undefined) throw new Error(`${env} was skipped`);
  return result;
}

const failed = (result: ReturnType<typeof run>) =>
  result.checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('testLogins', () => {
  test.each(['staging', 'prod'] as const)(
    'GIVEN the built-in %s WHEN test-logged-in THEN the login works and no check fails',
    (env) => {
      const result = run(env);

      expect(result).toMatchObject({ environment: env, idp: 'okta', accepted: true, errorCode: null });
      expect(failed(result)).toEqual([]);
      expect(result.checks.filter((c) => c.status === 'cannot-check')).toEqual([]);
    },
  );

  test("GIVEN the built-in prod WHEN test-logged-in THEN the test user's groups give the declared access, and Everyone is filtered out", () => {
    const result = run('prod');

    expect(result.user.groups).not.toContain('Everyone');
    expect(result.user.access).toEqual({
      'analytics-prod': 'ADMIN',
      'ml-prod': 'ADMIN',
      'ml-sandbox': 'ADMIN',
    });
  });

  test("GIVEN the synthesized Okta app's audience edited WHEN test-logged-in THEN it fails with saml_generic_response_validation_error", () => {
    const result = run('staging', (json) => {
      json.resource.okta_app_saml.databricks.audience =
        'https://accounts.cloud.databricks.com/oidc/accounts/other/v1/saml/callback';
    });

    expect(result).toMatchObject({ accepted: false, errorCode: 'saml_generic_response_validation_error' });
    expect(failed(result)).toEqual(['audience']);
  });

  test('GIVEN the synthesized Okta app edited to stop signing the assertion WHEN test-logged-in THEN it fails with saml_assertion_not_signed_error', () => {
    const result = run('staging', (json) => {
      json.resource.okta_app_saml.databricks.assertion_signed = false;
    });

    expect(result).toMatchObject({ accepted: false, errorCode: 'saml_assertion_not_signed_error' });
    expect(failed(result)).toEqual(['assertion-signed']);
  });

  test("GIVEN the Okta app's sso_url edited WHEN test-logged-in THEN the IdP posts elsewhere: saml_generic_request_error", () => {
    const result = run('staging', (json) => {
      json.resource.okta_app_saml.databricks.sso_url = 'https://example.com/acs';
    });

    expect(result.errorCode).toBe('saml_generic_request_error');
    expect(failed(result)).toEqual(['idp-request']);
  });

  test('GIVEN the SSO URL output pointing at the entity ID WHEN test-logged-in THEN saml_generic_request_error', () => {
    const result = run('staging', (json) => {
      json.output.databricks_sso_url.value = '${okta_app_saml.databricks.entity_url}';
    });

    expect(result.errorCode).toBe('saml_generic_request_error');
    expect(result.checks.find((c) => c.id === 'sso-url')?.detail).toMatch(
      /takes requests at https:\/\/acme-analytics\.okta\.com\/app\//,
    );
  });

  test("GIVEN a handoff certificate that is not the signing key's WHEN test-logged-in THEN saml_invalid_signature_error", () => {
    const result = run('staging', (json) => {
      json.data.okta_app_metadata_saml.databricks.key_id = 'some-other-key';
    });

    expect(result.errorCode).toBe('saml_invalid_signature_error');
    expect(failed(result)).toEqual([
      'handoff-certificate',
      'response-signature-valid',
      'assertion-signature-valid',
    ]);
  });

  test('GIVEN an SHA-1 Okta app WHEN test-logged-in THEN the algorithm check fails without an error code (a project rule)', () => {
    const result = run('staging', (json) => {
      json.resource.okta_app_saml.databricks.signature_algorithm = 'RSA_SHA1';
    });

    expect(result).toMatchObject({ accepted: true, errorCode: null });
    expect(failed(result)).toEqual(['signature-algorithm']);
  });

  test('GIVEN a stack without SAML settings WHEN test-logged-in THEN it is skipped', () => {
    const json = stackOf('staging');
    delete json.output;

    expect(testLogins([{ name: 'staging', json }], { at: AT, outputs: SSO_OUTPUTS })).toEqual({
      results: [],
      skipped: ['staging'],
    });
  });
});
