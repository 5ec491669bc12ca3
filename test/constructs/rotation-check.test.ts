import { TerraformStack, Testing } from 'cdktf';
import { RotationCheck, type RotationCheckProps } from '../../lib/constructs/rotation-check';
import { ValidationError } from '../../lib/core/errors';
import { checkStackIntegrity, interpolations } from '../../lib/core/terraform/integrity';
import { synthesizeProd } from '../helpers';

interface Assert {
  readonly condition: string;
  readonly error_message: string;
}
type Json = {
  check?: Record<string, { assert: Assert[] }>;
  locals?: Record<string, unknown>;
};

const PROPS: RotationCheckProps = { environment: 'prod', generation: '2026-q4', issued: '2026-10-14' };

function stackWith(...checks: RotationCheckProps[]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  checks.forEach((props, i) => new RotationCheck(stack, `rotation-${i}`, props));
  return stack;
}

const synth = (props: RotationCheckProps = PROPS): Json =>
  JSON.parse(Testing.synth(stackWith(props))) as Json;
const asserts = (props: RotationCheckProps = PROPS): Assert[] =>
  synth(props).check?.signing_key_rotation?.assert ?? [];

describe('RotationCheck', () => {
  test('GIVEN a key issued 2026-10-14 WHEN synthesized THEN the literal dates and the plan-time clock are locals', () => {
    expect(synth().locals).toEqual({
      signing_key_rotation_clock: '${plantimestamp()}',
      signing_key_rotation: { warn_from: '2026-12-29T00:00:00Z', rotate_by: '2027-01-12T00:00:00Z' },
    });
  });

  test('GIVEN the key WHEN synthesized THEN every assert compares the clock local with a date local', () => {
    // Terraform refuses an assert that refers to no object, so plantimestamp() may not stand alone.
    expect(asserts().map((a) => a.condition)).toEqual([
      '${timecmp(local.signing_key_rotation_clock, local.signing_key_rotation.warn_from) < 0 || ' +
        '!(timecmp(local.signing_key_rotation_clock, local.signing_key_rotation.rotate_by) < 0)}',
      '${timecmp(local.signing_key_rotation_clock, local.signing_key_rotation.rotate_by) < 0}',
    ]);
  });

  test('GIVEN the key WHEN past its rotate-by date THEN the warning names environment, generation, date and how to rotate', () => {
    expect(asserts()[1]?.error_message).toBe(
      'prod: SAML signing key generation 2026-q4 (issued 2026-10-14) passed its rotate-by date 2027-01-12. ' +
        'Rotate it now: set a new signingKey generation and issued date in the prod declaration, deploy, and ' +
        'replace the x.509 certificate in the Databricks account console right after the apply ' +
        '(npx sso runbook --env prod --change rotation).',
    );
  });

  test('GIVEN the key WHEN in its warning period THEN the warning gives the rotate-by date', () => {
    expect(asserts()[0]?.error_message).toMatch(
      /^prod: .* 2026-q4 .* must be rotated by 2027-01-12\. To rotate: /,
    );
  });

  test('GIVEN a policy of 30 days with a 5-day warning THEN the dates follow the policy', () => {
    expect(synth({ ...PROPS, policy: { periodDays: 30, warnDays: 5, leadDays: 7 } }).locals).toMatchObject({
      signing_key_rotation: { warn_from: '2026-11-08T00:00:00Z', rotate_by: '2026-11-13T00:00:00Z' },
    });
  });

  test('GIVEN no warning period THEN only the overdue assertion is written', () => {
    const only = asserts({ ...PROPS, policy: { periodDays: 90, warnDays: 0, leadDays: 7 } });
    expect(only.map((a) => a.condition)).toEqual([
      '${timecmp(local.signing_key_rotation_clock, local.signing_key_rotation.rotate_by) < 0}',
    ]);
  });

  test('GIVEN names holding template sequences THEN the messages escape them and interpolate nothing', () => {
    for (const a of asserts({ ...PROPS, environment: 'x${var.y}', generation: 'g%{if}' })) {
      expect(interpolations(a.error_message)).toEqual([]);
      expect(a.error_message).toContain('x$${var.y}');
      expect(a.error_message).toContain('g%%{if}');
    }
  });

  test('GIVEN the same props on different days WHEN synthesized THEN the JSON is identical', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const before = Testing.synth(stackWith(PROPS));
    jest.setSystemTime(new Date('2027-06-01T00:00:00Z'));
    const after = Testing.synth(stackWith(PROPS));
    jest.useRealTimers();
    expect(after).toBe(before);
  });

  test('GIVEN the built-in prod stack WHEN synthesized THEN the check block is there and refers to nothing undeclared', () => {
    const prod = synthesizeProd();
    expect(Object.keys(prod.check as object)).toEqual(['signing_key_rotation']);
    expect(checkStackIntegrity(prod)).toEqual([]);
  });

  test.each([
    [
      { issued: '2026-02-30' },
      /^RotationCheck\.issued: expected a real calendar date YYYY-MM-DD, got "2026-02-30"$/,
    ],
    [{ generation: ' ' }, /^RotationCheck\.generation: expected a non-empty name/],
    [
      { environment: 'pr\nod' },
      /^RotationCheck\.environment: expected a non-empty name without control characters/,
    ],
    [
      { policy: { periodDays: 30, warnDays: 30, leadDays: 7 } },
      /^RotationCheck\.policy\.warnDays: expected a whole number of days from 0 to 29, got 30$/,
    ],
  ])('GIVEN %o THEN a ValidationError names the field', (override, message) => {
    const build = () => stackWith({ ...PROPS, ...override });
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });

  test('GIVEN two checks in one stack THEN the second is refused: the address is fixed', () => {
    expect(() => stackWith(PROPS, PROPS)).toThrow(/^RotationCheck: expected one rotation check per stack/);
  });
});
