import { ValidationError } from '../../../lib/core/errors';
import { rotationCalendar } from '../../../lib/core/rotation/calendar';
import { DEFAULT_ROTATION_POLICY, validatePolicy } from '../../../lib/core/rotation/policy';

describe('rotation policy', () => {
  test('GIVEN the defaults THEN rotation is quarterly, warns two weeks ahead and staging leads by a week', () => {
    expect(DEFAULT_ROTATION_POLICY).toEqual({ periodDays: 90, warnDays: 14, leadDays: 7 });
  });

  test('GIVEN a generation without a policy WHEN the calendar is built THEN the default policy applies', () => {
    const cal = rotationCalendar(
      [{ environment: 'staging', generation: 'g1', issued: '2026-01-01' }],
      new Date('2026-01-02T00:00:00Z'),
    );

    expect(cal.environments[0]).toMatchObject({
      rotateBy: '2026-04-01',
      warnFrom: '2026-03-18',
      policy: DEFAULT_ROTATION_POLICY,
    });
  });

  test('GIVEN a period of zero days WHEN validated THEN periodDays is named', () => {
    expect(() => validatePolicy({ ...DEFAULT_ROTATION_POLICY, periodDays: 0 }, 'prod: policy')).toThrow(
      /^prod: policy\.periodDays: expected a whole number of days, at least 1, got 0$/,
    );
  });

  test('GIVEN a warning as long as the period WHEN validated THEN warnDays is named', () => {
    expect(() => validatePolicy({ periodDays: 30, warnDays: 30, leadDays: 7 }, 'prod: policy')).toThrow(
      /^prod: policy\.warnDays: expected a whole number of days from 0 to 29, got 30$/,
    );
  });

  test('GIVEN a fractional lead WHEN validated THEN leadDays is named', () => {
    expect(() => validatePolicy({ ...DEFAULT_ROTATION_POLICY, leadDays: 1.5 }, 'prod: policy')).toThrow(
      ValidationError,
    );
    expect(() => validatePolicy({ ...DEFAULT_ROTATION_POLICY, leadDays: 1.5 }, 'prod: policy')).toThrow(
      /^prod: policy\.leadDays: /,
    );
  });

  test('GIVEN a bad policy on a generation WHEN the calendar is built THEN the environment is named', () => {
    const policy = { ...DEFAULT_ROTATION_POLICY, leadDays: 90 };

    expect(() =>
      rotationCalendar([{ environment: 'prod', generation: 'g1', issued: '2026-01-01', policy }], new Date()),
    ).toThrow(/^prod: policy\.leadDays: expected a whole number of days from 0 to 89, got 90$/);
  });
});
