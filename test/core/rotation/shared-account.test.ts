import type { Declaration } from '../../../lib/core/declaration/schema';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import { nextRotationStep, rotationCalendar } from '../../../lib/core/rotation/calendar';
import { keyGenerations } from '../../../lib/core/rotation/declarations';
import { renderIcs, renderJson, renderMarkdown } from '../../../lib/core/rotation/render';
import { example } from '../../helpers';
import { sharedProd, sharedStaging } from '../../shared-account';

function validated(...inputs: unknown[]): Declaration[] {
  return validateDeclarations(inputs.map((input, i) => ({ input, source: `declaration ${i}` })));
}

/** Inside prod's warning window (its key, issued 2026-10-14, is due from 2026-12-29). */
const DUE = new Date('2027-01-02T00:00:00Z');

describe('the signing key of a shared account', () => {
  const shared = () => validated(sharedStaging(), sharedProd());

  test('GIVEN staging and prod share one account WHEN the keys are listed THEN there is one, the owner, with no lead', () => {
    expect(keyGenerations(shared())).toEqual([
      {
        environment: 'prod',
        generation: '2026-q4',
        issued: '2026-10-14',
        policy: { periodDays: 90, warnDays: 14, leadDays: 7 },
        sharedWith: ['staging'],
      },
    ]);
  });

  test('GIVEN a dev environment in an account of its own before them WHEN the keys are listed THEN dev carries the account key first', () => {
    const dev = { ...example('staging'), environment: 'dev' };
    const staging = { ...sharedStaging(), promotesAfter: 'dev' };

    const prod = keyGenerations(validated(dev, staging, sharedProd())).find((g) => g.environment === 'prod');

    expect(prod?.promotesAfter).toBe('dev');
  });

  test('GIVEN the shared key WHEN the next step is asked THEN it says the rotation reaches both environments at once and cannot be staged', () => {
    const step = nextRotationStep(keyGenerations(shared()), 'prod', DUE);

    expect(step).toMatch(/^rotate prod (now|on \d{4}-\d{2}-\d{2}) to a new generation such as/);
    expect(step).toMatch(
      /the key signs prod and staging \(one shared Databricks account\), so the rotation reaches all of them at once and cannot be staged in one of them first$/,
    );
  });

  test('GIVEN the shared key WHEN the calendar is rendered in Markdown THEN one line says whom it signs for and that it cannot be staged', () => {
    const markdown = renderMarkdown(rotationCalendar(keyGenerations(shared()), DUE));

    expect(markdown).toContain(
      "- prod's key also signs staging: they share one Databricks account, which holds one SSO certificate, " +
        'so its rotation reaches them at the same moment and cannot be staged in one of them first.',
    );
    expect(markdown).not.toMatch(/^\| staging \|/m);
  });

  test('GIVEN the shared key WHEN the calendar is rendered as JSON or iCalendar THEN both name the environments it signs for', () => {
    const calendar = rotationCalendar(keyGenerations(shared()), DUE);

    expect((JSON.parse(renderJson(calendar)) as { environments: unknown[] }).environments).toEqual([
      expect.objectContaining({ environment: 'prod', sharedWith: ['staging'] }),
    ]);
    expect(renderIcs(calendar).replace(/\r\n /g, '')).toContain(
      'The key also signs staging (one shared account): they move at the same moment.',
    );
  });
});
