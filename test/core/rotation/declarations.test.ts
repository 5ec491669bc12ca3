import type { Declaration } from '../../../lib/core/declaration/schema';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import {
  keyGenerations,
  rotationDeadlines,
  suggestedGeneration,
} from '../../../lib/core/rotation/declarations';
import { example } from '../../helpers';

const TENANT = '6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d';

function validated(...inputs: unknown[]): Declaration[] {
  return validateDeclarations(inputs.map((input, i) => ({ input, source: `declaration ${i}` })));
}

/** Azure Databricks: Entra signs users in natively, so there is no SAML key. */
function azure(environment: string): unknown {
  const d = example('staging') as Record<string, unknown> & { databricks: Record<string, unknown> };
  delete d.signingKey;
  delete d.databricks.redirectUrl;
  return {
    ...d,
    environment,
    databricks: { ...d.databricks, cloud: 'azure' },
    idp: { kind: 'entra', tenantId: TENANT },
  };
}

describe('keyGenerations', () => {
  test('GIVEN the built-in declarations THEN each environment gives its generation, issue date, policy and leader', () => {
    expect(keyGenerations(validated(example('staging'), example('prod')))).toEqual([
      {
        environment: 'staging',
        generation: '2026-q4',
        issued: '2026-10-05',
        policy: { periodDays: 90, warnDays: 14, leadDays: 7 },
      },
      {
        environment: 'prod',
        generation: '2026-q4',
        issued: '2026-10-14',
        policy: { periodDays: 90, warnDays: 14, leadDays: 7 },
        promotesAfter: 'staging',
      },
    ]);
  });

  test('GIVEN a declared rotation policy THEN the generation carries it', () => {
    const prod = { ...example('prod'), rotation: { periodDays: 60, warnDays: 10, leadDays: 3 } };
    expect(keyGenerations(validated(example('staging'), prod))[1]?.policy).toEqual({
      periodDays: 60,
      warnDays: 10,
      leadDays: 3,
    });
  });

  test('GIVEN an Azure environment THEN it is skipped, and so is a promotesAfter naming it', () => {
    const prod = { ...example('prod'), promotesAfter: 'azure-staging' };
    const generations = keyGenerations(validated(azure('azure-staging'), prod));
    expect(generations).toEqual([expect.objectContaining({ environment: 'prod' })]);
    expect(generations[0]).not.toHaveProperty('promotesAfter');
  });
});

describe('rotationDeadlines', () => {
  test('GIVEN the default policy THEN rotate by 90 days after issue, warn 14 days before', () => {
    expect(rotationDeadlines('2026-10-14')).toEqual({ rotateBy: '2027-01-12', warnFrom: '2026-12-29' });
  });

  test('GIVEN a key issued in a leap year THEN 29 February counts', () => {
    expect(rotationDeadlines('2028-01-01', { periodDays: 60, warnDays: 0, leadDays: 7 })).toEqual({
      rotateBy: '2028-03-01',
      warnFrom: '2028-03-01',
    });
  });

  test('GIVEN an impossible issue date THEN the field is named', () => {
    expect(() => rotationDeadlines('2026-02-29', undefined, 'prod')).toThrow(
      /^prod\.issued: expected a real calendar date YYYY-MM-DD, got "2026-02-29"$/,
    );
  });
});

describe('suggestedGeneration', () => {
  test.each([
    ['2027-01-05', '2026-q4', '2027-q1'],
    ['2027-03-31', '2026-q4', '2027-q1'],
    ['2027-04-01', '2027-q1', '2027-q2'],
    ['2027-02-10', '2027-q1', '2027-q1-2'],
    ['2027-02-10', '2027-q1-2', '2027-q1-3'],
  ])('GIVEN a rotation on %s from %s THEN the new generation is %s', (date, current, expected) => {
    expect(suggestedGeneration(date, current)).toBe(expected);
  });
});
