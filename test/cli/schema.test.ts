import { ssoInProcess } from './in-process';

interface ObjectSchema {
  readonly properties: Record<string, ObjectSchema>;
  readonly required?: readonly string[];
}

describe('sso schema', () => {
  test('GIVEN the declaration schema THEN the rotation and promotion exceptions are in it, bound by what they cover', async () => {
    const { code, stdout } = await ssoInProcess(['schema']);
    const { properties } = JSON.parse(stdout) as ObjectSchema;

    expect(code).toBe(0);
    expect(Object.keys(properties.signingKey?.properties ?? {})).toEqual(['generation', 'issued', 'adopted']);
    expect(properties.promotionOverride?.required).toEqual(['reason', 'covers']);
    expect(Object.keys(properties.promotionOverride?.properties ?? {})).toEqual([
      'reason',
      'covers',
      'expires',
    ]);
    expect(properties.emergencyRotation?.required).toEqual(['generation', 'reason', 'expires']);
  });
});

describe('sso schema: account topology', () => {
  test('GIVEN the declaration schema THEN databricks.sharedAccount names the owner and the environments, and migrating defaults to false', async () => {
    const { stdout } = await ssoInProcess(['schema']);
    const { properties } = JSON.parse(stdout) as ObjectSchema;
    const shared = properties.databricks?.properties.sharedAccount as ObjectSchema & {
      properties: Record<string, { default?: unknown }>;
    };

    expect(shared.required).toEqual(['owner', 'environments']);
    expect(Object.keys(shared.properties)).toEqual(['owner', 'environments', 'migrating']);
    expect(shared.properties.migrating?.default).toBe(false);
  });

  test('GIVEN the declaration schema THEN idp and session are not required: an environment sharing an account it does not own takes the owner', async () => {
    const { stdout } = await ssoInProcess(['schema']);
    const { required } = JSON.parse(stdout) as ObjectSchema;

    expect(required).not.toContain('idp');
    expect(required).not.toContain('session');
    expect(required).toEqual(expect.arrayContaining(['environment', 'tier', 'databricks', 'groups']));
  });
});
