import { signInQuery, type SignInQueryInput } from '../../../lib/core/audit/sign-in-query';

const PROD: SignInQueryInput = {
  environment: 'prod',
  cloud: 'aws',
  accountId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  workspaces: { 'ml-prod': { id: '3344556677889900' }, 'analytics-prod': { id: '4455667788990011' } },
  days: 30,
  schemaDeclared: true,
};

/** The statement without its comment lines, one clause per line. */
const statement = (input: SignInQueryInput = PROD) =>
  signInQuery(input)
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n');

describe('signInQuery', () => {
  test('GIVEN an environment WHEN queried THEN it reads the audit system table', () => {
    expect(statement()).toContain('\nFROM system.access.audit\n');
  });

  test('GIVEN a SAML environment WHEN queried THEN it selects SAML sign-ins of the authentication service', () => {
    expect(statement()).toMatch(/\n {2}AND service_name = 'accounts'\n {2}AND action_name = 'samlLogin'\n/);
  });

  test('GIVEN Azure Databricks WHEN queried THEN it selects Entra ID browser sign-ins instead', () => {
    expect(statement({ ...PROD, cloud: 'azure' })).toContain("AND action_name = 'aadBrowserLogin'");
  });

  test("GIVEN the environment's workspaces WHEN queried THEN it is limited to them, the account console and the account", () => {
    const sql = statement();

    expect(sql).toContain("WHERE account_id = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'");
    expect(sql).toContain("AND workspace_id IN ('4455667788990011', '3344556677889900', '0')");
  });

  test('GIVEN workspace ids WHEN queried THEN each row names its workspace', () => {
    const sql = statement();

    expect(sql).toContain("    WHEN '3344556677889900' THEN 'ml-prod'\n");
    expect(sql).toContain("    WHEN '0' THEN 'account console'\n");
  });

  test('GIVEN a number of days WHEN queried THEN it filters on the event date partition', () => {
    expect(statement({ ...PROD, days: 7 })).toContain('AND event_date >= date_sub(current_date(), 7)');
  });

  test('GIVEN sign-ins WHEN grouped THEN each row is a user, workspace, outcome and error with counts', () => {
    const sql = statement();

    expect(sql).toContain('GROUP BY workspace, user_name, outcome, status_code, error_message\n');
    expect(sql).toContain(
      "CASE WHEN response.status_code = 200 AND response.error_message IS NULL THEN 'signed in' ELSE 'failed' END AS outcome",
    );
    expect(sql).toContain('count(*) AS attempts');
  });

  test('GIVEN a query WHEN printed THEN it is one statement with balanced parentheses', () => {
    const sql = statement();

    expect(sql.trimEnd().endsWith(';')).toBe(true);
    expect(sql.split(';')).toHaveLength(2);
    expect((sql.match(/\(/g) ?? []).length).toBe((sql.match(/\)/g) ?? []).length);
  });

  test('GIVEN an environment without signInAudit WHEN queried THEN a comment says to enable system.access first', () => {
    expect(signInQuery({ ...PROD, schemaDeclared: false })).toContain(
      '-- prod does not declare signInAudit: enable system.access first',
    );
  });

  test('GIVEN more days than the table keeps THEN it is refused', () => {
    expect(() => signInQuery({ ...PROD, days: 366 })).toThrow(
      /--days: expected a whole number of days from 1 to 365/,
    );
  });
});
