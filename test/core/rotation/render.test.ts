import { type KeyGeneration, rotationCalendar } from '../../../lib/core/rotation/calendar';
import { renderIcs, renderJson, renderMarkdown } from '../../../lib/core/rotation/render';

const generations: readonly KeyGeneration[] = [
  { environment: 'staging', generation: '2026-q1', issued: '2026-01-01' },
  { environment: 'prod', generation: '2026-q1', issued: '2026-01-10', promotesAfter: 'staging' },
];
/** staging rotate by 2026-04-01 (overdue), prod rotate by 2026-04-10 (due); staging now, prod 2026-04-09 */
const calendar = rotationCalendar(generations, new Date('2026-04-02T12:00:00Z'));

describe('markdown', () => {
  const markdown = renderMarkdown(calendar);

  test('GIVEN a calendar THEN the table has one row per environment', () => {
    expect(markdown).toContain('| environment | generation | issued | rotate by | status | days left |');
    expect(markdown).toContain('| staging | 2026-q1 | 2026-01-01 | 2026-04-01 | overdue | -1 |');
    expect(markdown).toContain('| prod | 2026-q1 | 2026-01-10 | 2026-04-10 | due | 8 |');
  });

  test('GIVEN a calendar THEN the next wave is an ordered list with late steps marked', () => {
    expect(markdown).toContain(
      '### Next wave\n\n1. staging: 2026-04-02 (late: rotate by 2026-04-01)\n2. prod: 2026-04-09\n',
    );
  });

  test('GIVEN a calendar THEN a Mermaid gantt chart shows windows by status and the next rotations', () => {
    expect(markdown).toContain('```mermaid\ngantt\n');
    expect(markdown).toContain('  dateFormat YYYY-MM-DD\n');
    expect(markdown).toContain('  section staging\n  2026-q1 :crit, key0, 2026-01-01, 2026-04-01\n');
    expect(markdown).toContain('  next rotation :crit, milestone, next0, 2026-04-02, 0d\n');
    expect(markdown).toContain('  section prod\n  2026-q1 :active, key1, 2026-01-10, 2026-04-10\n');
    expect(markdown).toContain('  next rotation :milestone, next1, 2026-04-09, 0d\n');
  });

  test('GIVEN prod late behind staging THEN its step names the emergency override, staging (no leader) only its date', () => {
    const late = renderMarkdown(rotationCalendar(generations, new Date('2026-04-05T00:00:00Z')));

    expect(late).toContain(
      '1. staging: 2026-04-05 (late: rotate by 2026-04-01)\n' +
        '2. prod: 2026-04-12 (late: rotate by 2026-04-10; sooner only with an emergencyRotation override, ' +
        'see `npx sso runbook --env prod --change rotation`)\n',
    );
  });

  test('GIVEN a key dated after the calendar day THEN its status says so and the chart marks it', () => {
    const text = renderMarkdown(
      rotationCalendar(
        [{ environment: 'staging', generation: '2026-q2', issued: '2026-04-10' }],
        new Date('2026-04-02T00:00:00Z'),
      ),
    );

    expect(text).toContain(
      '| staging | 2026-q2 | 2026-04-10 | 2026-07-09 | future (issued after 2026-04-02: check signingKey.issued) | 98 |',
    );
    expect(text).toContain('  2026-q2 :crit, key0, 2026-04-10, 2026-07-09\n');
  });

  test('GIVEN names with table and Mermaid syntax THEN they cannot break the layout', () => {
    const cal = rotationCalendar(
      [{ environment: 'a|b', generation: 'x:y#z', issued: '2026-01-01' }],
      new Date('2026-01-02T00:00:00Z'),
    );
    const text = renderMarkdown(cal);

    expect(text).toContain('| a\\|b | x:y#z |');
    expect(text).toContain('  x y z :key0, 2026-01-01, 2026-04-01\n');
  });
});

describe('json', () => {
  test('GIVEN a calendar THEN the document has exactly the agreed shape and key order', () => {
    expect(renderJson(calendar)).toBe(
      `${JSON.stringify(
        {
          environments: [
            {
              environment: 'staging',
              generation: '2026-q1',
              issued: '2026-01-01',
              rotateBy: '2026-04-01',
              status: 'overdue',
              warnFrom: '2026-03-18',
              daysLeft: -1,
            },
            {
              environment: 'prod',
              generation: '2026-q1',
              issued: '2026-01-10',
              rotateBy: '2026-04-10',
              status: 'due',
              warnFrom: '2026-03-27',
              daysLeft: 8,
            },
          ],
          nextWave: [
            { environment: 'staging', date: '2026-04-02', late: true },
            { environment: 'prod', date: '2026-04-09', late: false },
          ],
        },
        null,
        2,
      )}\n`,
    );
  });

  test('GIVEN a calendar THEN the top level holds only environments and nextWave', () => {
    expect(Object.keys(JSON.parse(renderJson(calendar)))).toEqual(['environments', 'nextWave']);
  });
});

describe('ics', () => {
  const ics = renderIcs(calendar);
  const unfolded = ics.replace(/\r\n /g, '').split('\r\n');

  test('GIVEN a calendar THEN every line ends with CRLF and no bare LF remains', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('GIVEN a calendar THEN BEGIN and END wrap one VEVENT with one VALARM per environment', () => {
    const structure = unfolded.filter((l) => /^(BEGIN|END):/.test(l));

    const event = ['BEGIN:VEVENT', 'BEGIN:VALARM', 'END:VALARM', 'END:VEVENT'];

    expect(structure).toEqual(['BEGIN:VCALENDAR', ...event, ...event, 'END:VCALENDAR']);
    expect(unfolded[1]).toBe('VERSION:2.0');
  });

  test('GIVEN the next wave THEN each event is all-day on its planned date with a deterministic UID', () => {
    const prodEvent = ics.slice(ics.indexOf('UID:prod-'));

    expect(unfolded).toContain('UID:staging-2026-q1@databricks-sso');
    expect(prodEvent).toMatch(
      /^UID:prod-2026-q1@databricks-sso\r\nDTSTAMP:20260402T000000Z\r\nDTSTART;VALUE=DATE:20260409\r\nDTEND;VALUE=DATE:20260410\r\nSUMMARY:Rotate SAML signing key: prod\r\n/,
    );
  });

  test('GIVEN the policy THEN the alarm fires warnDays before the rotation', () => {
    expect(unfolded.filter((l) => l.startsWith('TRIGGER:'))).toEqual(['TRIGGER:-P14D', 'TRIGGER:-P14D']);
  });

  test('GIVEN the same calendar at another wall-clock time THEN the bytes are identical', () => {
    jest.useFakeTimers({ now: new Date('2031-01-01T00:00:00Z') });
    try {
      expect(renderIcs(rotationCalendar(generations, new Date('2026-04-02T00:00:00Z')))).toBe(ics);
    } finally {
      jest.useRealTimers();
    }
  });

  test('GIVEN long multi-byte text THEN lines fold at 75 octets without splitting a character', () => {
    const long = rotationCalendar(
      [{ environment: 'staging', generation: `schlüssel-${'ü'.repeat(60)}`, issued: '2026-01-01' }],
      new Date('2026-01-02T00:00:00Z'),
    );
    const text = renderIcs(long);

    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(text.replace(/\r\n /g, '')).toContain(
      `UID:staging-schlüssel-${'ü'.repeat(60)}@databricks-sso\r\n`,
    );
    expect(text.split('\r\n').length).toBeGreaterThan(text.replace(/\r\n /g, '').split('\r\n').length);
  });

  test('GIVEN TEXT separators in a name THEN they are escaped', () => {
    const cal = rotationCalendar(
      [{ environment: 'eu,west;1', generation: 'g1', issued: '2026-01-01' }],
      new Date('2026-01-02T00:00:00Z'),
    );

    expect(renderIcs(cal)).toContain('SUMMARY:Rotate SAML signing key: eu\\,west\\;1\r\n');
  });
});
