import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { example } from '../helpers';
import { ssoInProcess } from './in-process';

describe('sso audit-query', () => {
  test("GIVEN the built-in prod WHEN queried THEN the SQL covers prod's workspaces and says system.access is not declared yet", async () => {
    const result = await ssoInProcess(['audit-query', '--env', 'prod']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "AND workspace_id IN ('4455667788990011', '3344556677889900', '5566778899001122', '0')",
    );
    expect(result.stdout).toContain('-- prod does not declare signInAudit');
  });

  test('GIVEN a declaration with signInAudit WHEN queried for 7 days THEN the SQL has no warning and the window', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-audit-query-'));
    try {
      const file = path.join(dir, 'staging.yaml');
      fs.writeFileSync(
        file,
        stringify({ ...example('staging'), signInAudit: { workspaces: ['ml-staging'] } }),
      );

      const result = await ssoInProcess([
        'audit-query',
        '--env',
        'staging',
        '--days',
        '7',
        '--declaration',
        file,
      ]);

      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('does not declare signInAudit');
      expect(result.stdout).toContain('date_sub(current_date(), 7)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN an unknown environment THEN it is refused naming the declared ones', async () => {
    const result = await ssoInProcess(['audit-query', '--env', 'qa']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: --env: expected one of the declared environments: staging, prod, got "qa"\n',
    );
  });

  test('GIVEN --days 0 THEN it is a usage error', async () => {
    const result = await ssoInProcess(['audit-query', '--env', 'prod', '--days', '0']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --days must be a whole number of days from 1 to 365/);
  });
});
