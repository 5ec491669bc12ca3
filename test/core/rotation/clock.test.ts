import { ValidationError } from '../../../lib/core/errors';
import { resolveClock } from '../../../lib/core/rotation/calendar';

describe('clock resolution', () => {
  afterEach(() => jest.useRealTimers());

  test('GIVEN --at and SSO_CLOCK THEN --at wins', () => {
    expect(resolveClock('2026-05-01', { SSO_CLOCK: '2026-01-01' })).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  test('GIVEN only SSO_CLOCK THEN it beats the wall clock', () => {
    expect(resolveClock(undefined, { SSO_CLOCK: '2026-01-01' })).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  test('GIVEN neither THEN the clock is now', () => {
    jest.useFakeTimers({ now: new Date('2030-03-04T05:06:07Z') });

    expect(resolveClock(undefined, {})).toEqual(new Date('2030-03-04T05:06:07Z'));
  });

  test('GIVEN an empty SSO_CLOCK THEN it counts as unset', () => {
    jest.useFakeTimers({ now: new Date('2030-03-04T05:06:07Z') });

    expect(resolveClock(undefined, { SSO_CLOCK: '' })).toEqual(new Date('2030-03-04T05:06:07Z'));
  });

  test('GIVEN an impossible --at date THEN the flag is named', () => {
    const resolve = () => resolveClock('2026-02-30', { SSO_CLOCK: '2026-01-01' });

    expect(resolve).toThrow(ValidationError);
    expect(resolve).toThrow(/^--at: expected a real calendar date YYYY-MM-DD, got "2026-02-30"$/);
  });

  test('GIVEN a malformed SSO_CLOCK THEN the variable is named', () => {
    expect(() => resolveClock(undefined, { SSO_CLOCK: 'tomorrow' })).toThrow(
      /^SSO_CLOCK: expected a real calendar date/,
    );
  });
});
