import { deriveAccess } from '../../../lib/core/access/derive';
import { csvField, renderAccessCsv, renderAccessMarkdown } from '../../../lib/core/access/render';
import { selectAccess } from '../../../lib/core/access/select';
import { outputFromStacks } from '../../../lib/core/review';
import { example } from '../review/outputs';

const environments = () => {
  const { staging, prod } = example();
  return deriveAccess(
    outputFromStacks([
      { name: 'staging', json: staging, dependencies: [] },
      { name: 'prod', json: prod, dependencies: ['staging'] },
    ]),
  );
};

describe('access reports', () => {
  test('GIVEN a value starting like a formula WHEN written as a CSV field THEN a spreadsheet reads it as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@group')).toBe("'@group");
  });

  test('GIVEN a value with a comma WHEN written as a CSV field THEN it is quoted', () => {
    expect(csvField('Sales, EMEA')).toBe('"Sales, EMEA"');
  });

  test('GIVEN the example WHEN rendered as CSV THEN there is one row per grant after the header', () => {
    const all = environments();
    const lines = renderAccessCsv(all).trimEnd().split('\n');

    expect(lines).toHaveLength(1 + all.reduce((n, e) => n + e.rows.length, 0));
  });

  test('GIVEN the example WHEN rendered as Markdown THEN the privileged group leads the matrix', () => {
    const md = renderAccessMarkdown(environments(), { origin: 'a test' });
    const matrix = md.slice(md.indexOf('### Workspace access'));

    expect(matrix.split('\n')[4]).toMatch(/^\| databricks-platform-admins \| \*\*ADMIN\*\*/);
  });

  test('GIVEN a workspace query WHEN selected THEN only its grants remain and the account admins stay', () => {
    const [staging] = selectAccess(environments(), { workspace: 'ML-STAGING' });

    expect(staging?.rows.map((r) => r.group)).toEqual(['data-scientists', 'databricks-platform-admins']);
    expect(staging?.accountRoles).toEqual([{ group: 'databricks-platform-admins', role: 'account_admin' }]);
  });

  test('GIVEN a group query WHEN selected THEN other groups are gone from every list', () => {
    const [staging] = selectAccess(environments(), { group: 'analysts' });

    expect(staging?.rows.map((r) => r.group)).toEqual(['analysts']);
    expect(staging?.accountRoles).toEqual([]);
    expect(staging?.privilegedGroups).toEqual([]);
  });
});
