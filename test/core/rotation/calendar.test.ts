import { ValidationError } from '../../../lib/core/errors';
import { type KeyGeneration, rotationCalendar } from '../../../lib/core/rotation/calendar';
import { DEFAULT_ROTATION_POLICY } from '../../../lib/core/rotation/policy';

const day = (date: string): Date => new Date(`${date}T00:00:00Z`);

const staging = (issued: string, generation = 'g1'): KeyGeneration => ({
  environment: 'staging',
  generation,
  issued,
});
const prod = (issued: string, generation = 'g1'): KeyGeneration => ({
  environment: 'prod',
  generation,
  issued,
  promotesAfter: 'staging',
});

/** issued 2026-01-01: warnFrom 2026-03-18, rotateBy 2026-04-01 */
const entryAt = (at: string) => rotationCalendar([staging('2026-01-01')], day(at)).environments[0];

describe('rotation status', () => {
  test('GIVEN the day before warnFrom THEN the key is ok', () => {
    expect(entryAt('2026-03-17')).toMatchObject({ status: 'ok', daysLeft: 15 });
  });

  test('GIVEN exactly warnFrom THEN the key is due', () => {
    expect(entryAt('2026-03-18')).toMatchObject({ warnFrom: '2026-03-18', status: 'due', daysLeft: 14 });
  });

  test('GIVEN the day before rotateBy THEN the key is still due', () => {
    expect(entryAt('2026-03-31')).toMatchObject({ status: 'due', daysLeft: 1 });
  });

  test('GIVEN exactly rotateBy THEN the key is overdue', () => {
    expect(entryAt('2026-04-01')).toMatchObject({ rotateBy: '2026-04-01', status: 'overdue', daysLeft: 0 });
  });

  test('GIVEN days after rotateBy THEN daysLeft is negative', () => {
    expect(entryAt('2026-04-05')).toMatchObject({ status: 'overdue', daysLeft: -4 });
  });

  test('GIVEN an instant late in the UTC day THEN it counts as that calendar day', () => {
    const cal = rotationCalendar([staging('2026-01-01')], new Date('2026-03-17T23:59:59.999Z'));

    expect(cal.at).toBe('2026-03-17');
    expect(cal.environments[0]?.status).toBe('ok');
  });

  test('GIVEN a generation issued after `at` THEN it is flagged future, not counted as ok', () => {
    expect(rotationCalendar([staging('2026-02-01')], day('2026-01-01')).environments[0]).toMatchObject({
      status: 'future',
      daysLeft: 121,
    });
  });

  test('GIVEN a generation issued on `at` THEN it is ok', () => {
    expect(rotationCalendar([staging('2026-01-01')], day('2026-01-01')).environments[0]?.status).toBe('ok');
  });
});

describe('calendar input validation', () => {
  test.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-5', '0099-01-01', '2026-01-01T00:00:00Z', ''])(
    'GIVEN issued %p WHEN the calendar is built THEN a ValidationError names the field',
    (issued) => {
      const build = () => rotationCalendar([staging(issued)], day('2026-01-01'));

      expect(build).toThrow(ValidationError);
      expect(build).toThrow(/^staging: issued: expected a real calendar date YYYY-MM-DD, got /);
    },
  );

  test('GIVEN a leap day in a leap year THEN it is accepted', () => {
    expect(rotationCalendar([staging('2028-02-29')], day('2028-03-01')).environments[0]?.rotateBy).toBe(
      '2028-05-29',
    );
  });

  test('GIVEN an invalid Date as `at` THEN `at` is named', () => {
    expect(() => rotationCalendar([staging('2026-01-01')], new Date('nope'))).toThrow(
      /^at: expected a valid Date/,
    );
  });

  test('GIVEN no generations THEN the list is rejected', () => {
    expect(() => rotationCalendar([], day('2026-01-01'))).toThrow(/^generations: expected at least one/);
  });

  test('GIVEN an empty generation name THEN the field is named', () => {
    expect(() => rotationCalendar([staging('2026-01-01', ' ')], day('2026-01-01'))).toThrow(
      /^staging: generation: expected a non-empty name/,
    );
  });

  test('GIVEN an environment name with a line break THEN its position is named', () => {
    const generation = { ...staging('2026-01-01'), environment: 'stag\ning' };

    expect(() => rotationCalendar([generation], day('2026-01-01'))).toThrow(
      /^generations\[0\]\.environment: expected a non-empty name without control characters/,
    );
  });

  test('GIVEN the same environment twice THEN the duplicate is rejected', () => {
    expect(() => rotationCalendar([staging('2026-01-01'), staging('2026-02-01')], day('2026-03-01'))).toThrow(
      /^staging: environment: expected one key generation per environment/,
    );
  });

  test('GIVEN promotesAfter naming an unknown environment THEN the known ones are listed', () => {
    const generations = [staging('2026-01-01'), { ...prod('2026-01-08'), promotesAfter: 'stage' }];

    expect(() => rotationCalendar(generations, day('2026-03-01'))).toThrow(
      'prod: promotesAfter: expected one of the other environments (staging), got "stage"',
    );
  });

  test('GIVEN environments promoting after each other THEN the cycle is shown', () => {
    const generations = [{ ...staging('2026-01-01'), promotesAfter: 'prod' }, prod('2026-01-08')];

    expect(() => rotationCalendar(generations, day('2026-03-01'))).toThrow(
      /^staging: promotesAfter: expected no cycle, found staging -> prod -> staging/,
    );
  });
});

describe('next wave', () => {
  test('GIVEN staging and prod in step THEN staging rotates when its warning window opens and prod leadDays later, in its own window', () => {
    // staging: warn from 2026-03-18, rotate by 2026-04-01; prod: warn from 2026-03-25, rotate by 2026-04-08
    const cal = rotationCalendar([staging('2026-01-01'), prod('2026-01-08')], day('2026-02-01'));

    expect(cal.nextWave).toEqual([
      { environment: 'staging', date: '2026-03-18', late: false },
      { environment: 'prod', date: '2026-03-25', late: false },
    ]);
  });

  test('GIVEN prod due long after staging THEN staging waits until prod would land in its own window', () => {
    // staging: warn from 2026-03-18, rotate by 2026-04-01; prod: warn from 2026-03-30, rotate by 2026-04-13
    const cal = rotationCalendar([staging('2026-01-01'), prod('2026-01-13')], day('2026-02-01'));

    expect(cal.nextWave).toEqual([
      { environment: 'staging', date: '2026-03-23', late: false },
      { environment: 'prod', date: '2026-03-30', late: false },
    ]);
  });

  test('GIVEN no warning period THEN the rotation is planned the day before the rotate-by date, never on it', () => {
    const policy = { ...DEFAULT_ROTATION_POLICY, warnDays: 0 };
    const cal = rotationCalendar([{ ...staging('2026-01-01'), policy }], day('2026-02-01'));

    expect(cal.nextWave).toEqual([{ environment: 'staging', date: '2026-03-31', late: false }]);
  });

  test('GIVEN prod declared before staging THEN the wave still starts with staging', () => {
    const cal = rotationCalendar([prod('2026-01-08'), staging('2026-01-01')], day('2026-02-01'));

    expect(cal.nextWave.map((step) => step.environment)).toEqual(['staging', 'prod']);
  });

  test('GIVEN prod due before staging THEN staging is pulled forward to leave prod its lead', () => {
    const cal = rotationCalendar([staging('2026-01-20'), prod('2026-01-08')], day('2026-02-01'));

    expect(cal.nextWave).toEqual([
      { environment: 'staging', date: '2026-03-31', late: false },
      { environment: 'prod', date: '2026-04-07', late: false },
    ]);
  });

  test('GIVEN the latest start already passed THEN staging is planned for `at`, not the past', () => {
    const cal = rotationCalendar([staging('2026-01-20'), prod('2026-01-08')], day('2026-04-03'));

    expect(cal.nextWave[0]).toEqual({ environment: 'staging', date: '2026-04-03', late: false });
  });

  test('GIVEN too little time left for the lead THEN prod is flagged late', () => {
    const cal = rotationCalendar([staging('2026-01-20'), prod('2026-01-08')], day('2026-04-03'));

    expect(cal.nextWave[1]).toEqual({ environment: 'prod', date: '2026-04-10', late: true });
  });

  test('GIVEN staging already overdue THEN both rotations are flagged late', () => {
    const cal = rotationCalendar([staging('2026-01-01'), prod('2026-01-08')], day('2026-04-05'));

    expect(cal.nextWave).toEqual([
      { environment: 'staging', date: '2026-04-05', late: true },
      { environment: 'prod', date: '2026-04-12', late: true },
    ]);
  });

  test("GIVEN prod's own lead THEN the wave uses prod's policy", () => {
    const generations = [
      staging('2026-01-01'),
      { ...prod('2026-01-15'), policy: { ...DEFAULT_ROTATION_POLICY, leadDays: 14 } },
    ];

    expect(rotationCalendar(generations, day('2026-02-01')).nextWave).toEqual([
      { environment: 'staging', date: '2026-03-18', late: false },
      { environment: 'prod', date: '2026-04-01', late: false },
    ]);
  });

  test('GIVEN a lead of zero THEN same-day rotations keep promotion order', () => {
    const noLead = { ...DEFAULT_ROTATION_POLICY, leadDays: 0 };
    const generations = [{ ...prod('2026-01-01'), policy: noLead }, staging('2026-01-01')];

    expect(rotationCalendar(generations, day('2026-02-01')).nextWave.map((step) => step.environment)).toEqual(
      ['staging', 'prod'],
    );
  });

  test('GIVEN a chain dev -> staging -> prod THEN dev starts early enough for the whole chain', () => {
    const generations = [
      prod('2026-01-15'),
      { ...staging('2026-01-08'), promotesAfter: 'dev' },
      { environment: 'dev', generation: 'g1', issued: '2026-01-01' },
    ];

    expect(rotationCalendar(generations, day('2026-02-01')).nextWave).toEqual([
      { environment: 'dev', date: '2026-03-18', late: false },
      { environment: 'staging', date: '2026-03-25', late: false },
      { environment: 'prod', date: '2026-04-01', late: false },
    ]);
  });

  test('GIVEN staging already on a new generation THEN prod follows it and staging is not rotated again', () => {
    const cal = rotationCalendar([staging('2026-03-30', 'g2'), prod('2026-01-08', 'g1')], day('2026-04-03'));

    expect(cal.nextWave).toEqual([
      { environment: 'prod', date: '2026-04-06', late: false },
      { environment: 'staging', date: '2026-06-14', late: false },
    ]);
  });

  test('GIVEN staging moved on too late for the lead to end before prod must rotate THEN prod is late', () => {
    // prod rotates by 2026-04-08, the day staging's lead ends: on it, prod is already overdue.
    const cal = rotationCalendar([staging('2026-04-01', 'g2'), prod('2026-01-08', 'g1')], day('2026-04-03'));

    expect(cal.nextWave[0]).toEqual({ environment: 'prod', date: '2026-04-08', late: true });
  });

  test('GIVEN an environment THEN its entry carries its step of the wave', () => {
    const cal = rotationCalendar([staging('2026-01-01'), prod('2026-01-08')], day('2026-02-01'));

    expect(cal.environments.map((e) => e.nextRotation)).toEqual(cal.nextWave);
  });
});
