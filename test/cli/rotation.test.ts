import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example } from '../helpers';
import { ssoInProcess } from './in-process';
import { sso } from './sso';

/** Built-in example: staging rotates by 2027-01-03, prod (issued 2026-10-14) by 2027-01-12. */
interface CalendarJson {
  readonly environments: {
    environment: string;
    generation: string;
    issued: string;
    rotateBy: string;
    status: string;
  }[];
}

const calendarAt = async (at: string) => {
  const result = await ssoInProcess(['rotation', '--json', '--at', at]);
  return { ...result, json: JSON.parse(result.stdout) as CalendarJson };
};

describe('sso rotation', () => {
  test('GIVEN a day before any warning WHEN --json THEN every environment is ok and the exit code is 0', async () => {
    const { code, json } = await calendarAt('2026-11-25');

    expect(code).toBe(0);
    expect(json.environments).toEqual([
      expect.objectContaining({
        environment: 'staging',
        generation: '2026-q4',
        issued: '2026-10-05',
        rotateBy: '2027-01-03',
        status: 'ok',
      }),
      expect.objectContaining({
        environment: 'prod',
        generation: '2026-q4',
        issued: '2026-10-14',
        rotateBy: '2027-01-12',
        status: 'ok',
      }),
    ]);
  });

  test("GIVEN the clock past prod's rotate-by date WHEN --json THEN prod is overdue and the exit code is 1", async () => {
    const { code, json, stderr } = await calendarAt('2027-01-13');

    expect(code).toBe(1);
    expect(json.environments.find((e) => e.environment === 'prod')?.status).toBe('overdue');
    expect(stderr).toContain(
      'error: prod: signing key generation 2026-q4 (issued 2026-10-14) was due for rotation on 2027-01-12; next: ' +
        'rotate staging now to a new generation such as 2027-q1 (npx sso runbook --env staging --change rotation), ' +
        'then prod with the same generation on 2027-01-20; or rotate prod today under an emergency override: ' +
        'declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-13 } in prod',
    );
  });

  test('GIVEN a key dated after the day WHEN shown THEN it is flagged future and the exit code is 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-rotation-'));
    const file = path.join(dir, 'staging.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ ...example('staging'), signingKey: { generation: '2027-q1', issued: '2027-03-01' } }),
    );
    const result = await ssoInProcess(['rotation', '--json', '--declaration', file, '--at', '2026-11-25']);
    fs.rmSync(dir, { recursive: true, force: true });

    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as CalendarJson).environments[0]?.status).toBe('future');
    expect(result.stderr).toBe(
      'error: staging: signing key generation 2027-q1 (issued 2027-03-01) is dated after 2026-11-25: set signingKey.issued to the day the key went live\n',
    );
  });

  test('GIVEN the warning period WHEN shown THEN the keys are due and the exit code is still 0', async () => {
    const { code, json } = await calendarAt('2026-12-30');

    expect(code).toBe(0);
    expect(json.environments.map((e) => e.status)).toEqual(['due', 'due']);
  });

  test('GIVEN no format WHEN shown THEN Markdown gives the table, the next wave staging first and a Mermaid gantt chart', async () => {
    const { stdout } = await ssoInProcess(['rotation', '--at', '2026-11-25']);

    expect(stdout).toContain('| prod | 2026-q4 | 2026-10-14 | 2027-01-12 | ok | 48 |');
    // Inside each warning window (staging from 2026-12-20, prod from 2026-12-29), never on a rotate-by date.
    expect(stdout).toContain('### Next wave\n\n1. staging: 2026-12-22\n2. prod: 2026-12-29\n');
    expect(stdout).toContain('```mermaid\ngantt\n');
  });

  test('GIVEN --format ics THEN one all-day event per planned rotation', async () => {
    const { stdout } = await ssoInProcess(['rotation', '--format', 'ics', '--at', '2026-11-25']);

    expect(stdout.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(2);
    expect(stdout).toContain('DTSTART;VALUE=DATE:20261229\r\n');
  });

  test('GIVEN SSO_CLOCK and no --at THEN the variable sets the day', async () => {
    const { stdout } = await ssoInProcess(['rotation', '--json'], { SSO_CLOCK: '2027-02-01' });

    expect((JSON.parse(stdout) as CalendarJson).environments.map((e) => e.status)).toEqual([
      'overdue',
      'overdue',
    ]);
  });

  test.each([
    [['rotation', '--json', '--format', 'ics'], /--json and --format exclude each other/],
    [['rotation', '--format', 'pdf'], /--format must be one of md, ics/],
  ])('GIVEN %j THEN a usage error, exit 2', async (args, message) => {
    const { code, stderr } = await ssoInProcess(args);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('GIVEN an impossible --at THEN exit 1 naming the flag', async () => {
    const { code, stderr } = await ssoInProcess(['rotation', '--at', '2027-02-30']);

    expect(code).toBe(1);
    expect(stderr).toBe('error: --at: expected a real calendar date YYYY-MM-DD, got "2027-02-30"\n');
  });

  test("GIVEN the real binary and a clock past prod's rotate-by date THEN it exits 1 with the JSON on stdout", () => {
    const result = sso(['rotation', '--json'], { SSO_CLOCK: '2027-01-13' });

    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as CalendarJson).environments[1]).toMatchObject({
      environment: 'prod',
      status: 'overdue',
    });
  });
});
