import { validateDeclaration } from '../../../lib/core/declaration/validate';
import { ValidationError } from '../../../lib/core/errors';
import { checkPolicy, formatFinding, RULES } from '../../../lib/core/policy/pack';
import { example } from '../../helpers';
import { report, TODAY, underPolicy } from './helpers';

/** Staging with ADMIN for two groups that are not privileged: two SSO-005 findings. */
function stagingWithTwoAdmins() {
  const d = example('staging');
  (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] = 'ADMIN';
  (d.groups['data-scientists'] as { workspaces: Record<string, string> }).workspaces['ml-staging'] = 'ADMIN';
  return d;
}

describe('the rule pack', () => {
  test('GIVEN the built-in staging and prod WHEN checked today THEN nothing is found and nothing suppressed', () => {
    expect(report(underPolicy(example('staging'), example('prod')))).toEqual({
      findings: [],
      suppressed: [],
    });
  });

  test('GIVEN the pack THEN ids run SSO-001, SSO-002, ... each with a one-line title and how to comply', () => {
    expect(RULES.map((r) => r.id)).toEqual(RULES.map((_, i) => `SSO-${String(i + 1).padStart(3, '0')}`));
    for (const rule of RULES) {
      expect(rule.title).toMatch(/^[^\n]{10,100}$/);
      expect(rule.explanation.length).toBeGreaterThan(40);
      expect(['error', 'warning']).toContain(rule.level);
    }
  });

  test('GIVEN a finding WHEN formatted THEN one line names environment, rule, path, problem and how to comply', () => {
    const [finding] = report(underPolicy(stagingWithTwoAdmins())).findings;

    expect(formatFinding(finding!)).toMatch(
      /^staging: SSO-005 databricks_mws_permission_assignment\.admin_analytics-staging\["analysts"\]: workspace ADMIN goes to "analysts", which is not declared privileged\. To comply: Give workspace ADMIN .*$/,
    );
  });
});

describe('suppressions', () => {
  test('GIVEN a suppression with a short reason THEN the declaration is rejected naming the field', () => {
    const d = example('staging');
    d.suppressions = [{ rule: 'SSO-005', reason: 'because' }];

    expect(() => validateDeclaration(d)).toThrow(
      /^staging: suppressions\[0\]\.reason: expected a written reason of at least 10 characters, got "because"$/,
    );
  });

  test('GIVEN a suppression without a reason THEN the declaration is rejected', () => {
    const d = example('staging') as Record<string, unknown>;
    d.suppressions = [{ rule: 'SSO-005' }];

    expect(() => validateDeclaration(d)).toThrow(
      /^staging: suppressions\[0\]\.reason: expected .*, got nothing/,
    );
  });

  test('GIVEN a suppression naming a rule the pack does not have THEN a validation error names it', () => {
    const d = example('staging');
    d.suppressions = [{ rule: 'SSO-099', reason: 'a rule that does not exist' }];
    const check = () => checkPolicy(underPolicy(d), TODAY);

    expect(check).toThrow(ValidationError);
    expect(check).toThrow(
      /^staging: suppressions\[0\]\.rule: expected a rule of the policy pack \(SSO-001, .*\), got "SSO-099"$/,
    );
  });

  test('GIVEN a reasoned suppression for the environment THEN every finding of that rule moves to suppressed', () => {
    const d = stagingWithTwoAdmins();
    d.suppressions = [
      { rule: 'SSO-005', reason: 'Analysts and data scientists run their own sandboxes (SEC-123)' },
    ];

    expect(report(underPolicy(d))).toEqual({
      findings: [],
      suppressed: [
        {
          rule: 'SSO-005',
          environment: 'staging',
          path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
          reason: 'Analysts and data scientists run their own sandboxes (SEC-123)',
        },
        {
          rule: 'SSO-005',
          environment: 'staging',
          path: 'databricks_mws_permission_assignment.admin_ml-staging["data-scientists"]',
          reason: 'Analysts and data scientists run their own sandboxes (SEC-123)',
        },
      ],
    });
  });

  test('GIVEN a suppression with the path of one instance THEN only that finding is suppressed', () => {
    const d = stagingWithTwoAdmins();
    d.suppressions = [
      {
        rule: 'SSO-005',
        path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
        reason: 'Analysts own the analytics workspace (SEC-124)',
      },
    ];
    const result = report(underPolicy(d));

    expect(result.findings.map((f) => f.path)).toEqual([
      'databricks_mws_permission_assignment.admin_ml-staging["data-scientists"]',
    ]);
    expect(result.suppressed.map((s) => s.path)).toEqual([
      'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
    ]);
  });

  test('GIVEN a suppression with the path of a block THEN it covers every instance of the block', () => {
    const d = stagingWithTwoAdmins();
    (d.groups['data-scientists'] as { workspaces: Record<string, string> }).workspaces['analytics-staging'] =
      'ADMIN';
    d.suppressions = [
      {
        rule: 'SSO-005',
        path: 'databricks_mws_permission_assignment.admin_analytics-staging',
        reason: 'Sandbox account, see SEC-125',
      },
    ];

    expect(report(underPolicy(d)).findings.map((f) => f.path)).toEqual([
      'databricks_mws_permission_assignment.admin_ml-staging["data-scientists"]',
    ]);
  });

  test('GIVEN a suppression for another rule THEN the finding stands', () => {
    const d = stagingWithTwoAdmins();
    d.suppressions = [{ rule: 'SSO-001', reason: 'Unrelated acknowledgement' }];

    expect(report(underPolicy(d)).findings.map((f) => f.rule)).toEqual(['SSO-005', 'SSO-005']);
  });

  test("GIVEN staging's suppression THEN prod's finding of the same rule stands", () => {
    const staging = example('staging');
    staging.suppressions = [{ rule: 'SSO-009', reason: 'Staging has no break-glass users yet' }];
    const prod = example('prod');
    prod.emergencyAccess = [];

    expect(report(underPolicy(staging, prod)).findings).toEqual([
      expect.objectContaining({ rule: 'SSO-009', environment: 'prod' }),
    ]);
  });
});
