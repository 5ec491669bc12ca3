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
