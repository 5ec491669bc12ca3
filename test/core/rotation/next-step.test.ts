import type { Declaration, EnvironmentDeclaration } from '../../../lib/core/declaration/schema';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import {
  checkPromotion,
  type KeyGeneration,
  nextRotationStep,
  promotionStatus,
  rotationCalendar,
} from '../../../lib/core/rotation/calendar';
import { formatDay, parseDay } from '../../../lib/core/rotation/dates';
import { keyGenerations } from '../../../lib/core/rotation/declarations';
import { example } from '../../helpers';

/*
 * The calendar of the built-in example: staging 2026-q4 issued 2026-10-05 (warn from 2026-12-20,
 * rotate by 2027-01-03), prod 2026-q4 issued 2026-10-14 (warn from 2026-12-29, rotate by
 * 2027-01-12), prod 7 days behind staging.
 */
const day = (date: string): Date => new Date(`${date}T00:00:00Z`);

function generations(
  staging: Partial<EnvironmentDeclaration> = {},
  prod: Partial<EnvironmentDeclaration> = {},
) {
  const declarations: Declaration[] = validateDeclarations([
    { input: { ...example('staging'), ...staging }, source: 'staging' },
    { input: { ...example('prod'), ...prod }, source: 'prod' },
  ]);
  return keyGenerations(declarations);
}

const rotated = (issued: string, generation = '2027-q1') => ({ signingKey: { generation, issued } });

describe("the built-in example's calendar", () => {
  test('GIVEN any day from prod’s issue until staging’s last safe day THEN every planned rotation falls before its rotate-by date', () => {
    const keys = generations();
    for (let d = parseDay('2026-10-14', 'd'); d <= parseDay('2027-01-02', 'd'); d++) {
      const cal = rotationCalendar(keys, day(formatDay(d)));
      for (const step of cal.nextWave) {
        const entry = cal.environments.find((e) => e.environment === step.environment);
        expect({ at: cal.at, step, late: step.date >= (entry?.rotateBy ?? '') }).toEqual({
          at: cal.at,
          step: { ...step, late: false },
          late: false,
        });
      }
    }
  });

  test('GIVEN a day before the wave THEN staging and prod each rotate inside their own warning window', () => {
    const cal = rotationCalendar(generations(), day('2026-11-25'));

    expect(cal.nextWave).toEqual([
      { environment: 'staging', date: '2026-12-22', late: false },
      { environment: 'prod', date: '2026-12-29', late: false },
    ]);
    for (const e of cal.environments) {
      expect(e.nextRotation.date >= e.warnFrom && e.nextRotation.date < e.rotateBy).toBe(true);
    }
  });

  test("GIVEN prod's rotate-by day THEN the plan is late, never a rotation scheduled as if on time", () => {
    const cal = rotationCalendar(generations(), day('2027-01-12'));

    expect(cal.environments.find((e) => e.environment === 'prod')).toMatchObject({
      status: 'overdue',
      nextRotation: { environment: 'prod', date: '2027-01-19', late: true },
    });
  });
});

describe('next legal step', () => {
  test('GIVEN both keys overdue (2027-01-13) THEN prod is told to rotate staging now and follow on 2027-01-20, or the emergency path', () => {
    expect(nextRotationStep(generations(), 'prod', day('2027-01-13'))).toBe(
      'rotate staging now to a new generation such as 2027-q1 (npx sso runbook --env staging --change rotation), ' +
        'then prod with the same generation on 2027-01-20; or rotate prod today under an emergency override: ' +
        'declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-13 } in prod ' +
        '(reviewed, recorded in its stack and reported by sso review)',
    );
  });

  test('GIVEN staging overdue THEN it rotates now and says when prod follows', () => {
    expect(nextRotationStep(generations(), 'staging', day('2027-01-13'))).toBe(
      'rotate staging now to a new generation such as 2027-q1 (npx sso runbook --env staging --change rotation); ' +
        'prod follows with the same generation from 2027-01-20',
    );
  });

  test('GIVEN staging rotated on 2027-01-13 with prod overdue THEN prod may follow on 2027-01-20, or today under an emergency override', () => {
    expect(nextRotationStep(generations(rotated('2027-01-13')), 'prod', day('2027-01-13'))).toBe(
      "prod may take staging's generation 2027-q1 on 2027-01-20, once staging has carried it 7 days (since 2027-01-13); " +
        'to rotate it today, declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-13 } ' +
        'in prod (reviewed, recorded in its stack and reported by sso review)',
    );
  });

  test('GIVEN staging has carried the new generation for the lead THEN prod rotates now', () => {
    expect(nextRotationStep(generations(rotated('2027-01-05')), 'prod', day('2027-01-13'))).toBe(
      "rotate prod now to staging's generation 2027-q1, which staging has carried since 2027-01-05 " +
        '(npx sso runbook --env prod --change rotation)',
    );
  });

  test('GIVEN staging rotated in time THEN prod is told the day it may follow, without an emergency', () => {
    expect(nextRotationStep(generations(rotated('2026-12-22')), 'prod', day('2026-12-23'))).toBe(
      "prod may take staging's generation 2027-q1 on 2026-12-29, once staging has carried it 7 days (since 2026-12-22)",
    );
  });

  test('GIVEN the lead no longer fits before prod must rotate THEN the emergency override expires before that day', () => {
    expect(nextRotationStep(generations(), 'prod', day('2027-01-08'))).toContain(
      'or, to rotate prod before its rotate-by date 2027-01-12, declare emergencyRotation: ' +
        '{ generation: 2027-q1, reason: <why>, expires: 2027-01-11 }',
    );
  });

  test('GIVEN a day well before the window THEN staging is told its planned day and prod follows a lead later', () => {
    expect(nextRotationStep(generations(), 'prod', day('2026-11-25'))).toBe(
      'rotate staging on 2026-12-22 to a new generation such as 2026-q4-2 (npx sso runbook --env staging ' +
        '--change rotation), then prod with the same generation on 2026-12-29',
    );
  });

  test('GIVEN an unknown environment THEN the known ones are listed', () => {
    expect(() => nextRotationStep(generations(), 'qa', day('2027-01-13'))).toThrow(
      'environment: expected one of staging, prod, got "qa"',
    );
  });
});

describe('first keys and emergency rotations', () => {
  const staging = (generation: string, issued: string): KeyGeneration => ({
    environment: 'staging',
    generation,
    issued,
  });
  const prod = (generation: string, issued: string, extra: Partial<KeyGeneration> = {}): KeyGeneration => ({
    environment: 'prod',
    generation,
    issued,
    promotesAfter: 'staging',
    ...extra,
  });

  test('GIVEN staging and prod set up on the same day THEN prod is held to the lead unless its key is its first (adopted)', () => {
    const together = [staging('2026-q4', '2026-11-25'), prod('2026-q4', '2026-11-25')];
    const adopted = [
      staging('2026-q4', '2026-11-25'),
      prod('2026-q4', '2026-11-25', { adopted: '2026-11-25' }),
    ];

    expect(checkPromotion(together).map((p) => p.environment)).toEqual(['prod']);
    expect(checkPromotion(adopted)).toEqual([]);
    expect(promotionStatus(adopted)).toEqual([
      expect.objectContaining({
        environment: 'prod',
        leader: 'staging',
        generation: '2026-q4',
        waivedBy: 'adopted',
      }),
    ]);
  });

  test('GIVEN an adopted key that was rotated since THEN the later key is held to the lead again', () => {
    const keys = [staging('2027-q1', '2027-02-20'), prod('2027-q1', '2027-02-20', { adopted: '2026-11-25' })];

    expect(checkPromotion(keys).map((p) => p.environment)).toEqual(['prod']);
  });

  test('GIVEN an adopted key staging never carried (an existing IdP app) THEN it is not a problem', () => {
    const keys = [staging('2026-q4', '2026-11-25'), prod('legacy', '2026-06-01', { adopted: '2026-11-25' })];

    expect(checkPromotion(keys)).toEqual([]);
  });

  test('GIVEN prod moved the same day as staging under an emergency override for that generation THEN it is waived', () => {
    const emergency = { generation: '2027-q1', reason: 'INC-9: prod key overdue', expires: '2027-01-13' };
    const keys = [staging('2027-q1', '2027-01-13'), prod('2027-q1', '2027-01-13', { emergency })];

    expect(checkPromotion(keys)).toEqual([]);
    expect(promotionStatus(keys)[0]?.waivedBy).toBe('emergency');
  });

  test('GIVEN an emergency override that expired before the move, or names another generation THEN the lead applies', () => {
    const expired = { generation: '2027-q1', reason: 'INC-9: prod key overdue', expires: '2027-01-12' };
    const other = { generation: '2027-q2', reason: 'INC-9: prod key overdue', expires: '2027-01-13' };

    for (const emergency of [expired, other]) {
      const keys = [staging('2027-q1', '2027-01-13'), prod('2027-q1', '2027-01-13', { emergency })];
      expect(checkPromotion(keys).map((p) => p.environment)).toEqual(['prod']);
    }
  });
});
