import { renderJson, renderMarkdown, reviewOutputs } from '../../../lib/core/review';
import { example, output, setPermission } from './outputs';

function reviewOf(change: (head: ReturnType<typeof example>) => void) {
  const base = example();
  const head = structuredClone(base);
  change(head);
  return reviewOutputs(output(base), output(head));
}

describe('Markdown report', () => {
  test('GIVEN findings in two environments WHEN rendered THEN the first line counts severities and names the environments', () => {
    const review = reviewOf((head) => {
      setPermission(head.staging, 'analysts', 'ml-staging', 'USER');
      setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    });

    expect(renderMarkdown(review).split('\n')[0]).toBe(
      '**SSO review:** 2 high, 1 medium, 0 low; environments touched: staging, prod',
    );
  });

  test('GIVEN a grant with entitlements WHEN rendered THEN its finding is one line with the entitlements as sub-items', () => {
    const markdown = renderMarkdown(
      reviewOf((head) => {
        const each = head.staging.resource.databricks_entitlements['entitlements_ml-staging'].for_each;
        each['data-scientists'].allow_instance_pool_create = true;
        each['data-scientists'].databricks_sql_access = true;
      }),
    );

    expect(markdown).toContain(
      '- **high** `access` data-scientists on ml-staging: allow-instance-pool-create: access widened: privileged ' +
        'entitlement granted (members can create compute) (and 1 more change of this grant, listed below)\n' +
        '  - data-scientists on ml-staging: databricks-sql-access: access widened: entitlement granted\n',
    );
  });

  test('GIVEN no change WHEN rendered THEN the report is one line saying so', () => {
    expect(renderMarkdown(reviewOf(() => undefined))).toBe('**SSO review:** no SSO changes.\n');
  });

  test('GIVEN findings of several severities WHEN rendered THEN each environment lists them highest first', () => {
    const markdown = renderMarkdown(
      reviewOf((head) => {
        head.staging.resource.okta_app_saml.databricks.label = 'Renamed';
        setPermission(head.staging, 'analysts', 'ml-staging', 'USER');
        setPermission(head.staging, 'analysts', 'analytics-staging', 'ADMIN');
      }),
    );

    const severities = [...markdown.matchAll(/^- \*\*(high|medium|low)\*\*/gm)].map((m) => m[1]);
    expect(severities).toEqual(['high', 'medium', 'low']);
  });

  test('GIVEN permission cells change WHEN rendered THEN an access matrix and a Mermaid diagram show before -> after', () => {
    const markdown = renderMarkdown(
      reviewOf((head) => setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN')),
    );

    expect(markdown).toContain('| `data-scientists` | USER → **ADMIN** |');
    expect(markdown).toContain(
      '```mermaid\nflowchart LR\n  g0["data-scientists"] ==>|"USER → ADMIN"| w1["ml-prod"]\n```',
    );
  });

  test('GIVEN no permission cell changes WHEN rendered THEN there is no matrix and no diagram', () => {
    const markdown = renderMarkdown(
      reviewOf((head) => (head.staging.resource.okta_app_saml.databricks.key_name = '2027-q1')),
    );

    expect(markdown).not.toMatch(/Access matrix|mermaid/);
  });

  test('GIVEN a value with Markdown and HTML in it WHEN rendered THEN it cannot become a mention, link or tag', () => {
    const markdown = renderMarkdown(
      reviewOf(
        (head) =>
          (head.staging.resource.okta_app_saml.databricks.label = '<img src=x> @org/team [x](http://e)'),
      ),
    );

    expect(markdown).toContain('\\<img src=x\\> \\@org/team \\[x\\](http://e)');
  });
});

describe('JSON report', () => {
  test('GIVEN a finding WHEN rendered THEN it has exactly the documented fields', () => {
    const json = JSON.parse(
      renderJson(reviewOf((head) => setPermission(head.staging, 'analysts', 'ml-staging', 'USER'))),
    );

    expect(json).toEqual({
      findings: [
        {
          environment: 'staging',
          severity: 'medium',
          kind: 'access',
          subject: 'analysts on ml-staging',
          before: null,
          after: 'USER',
          message: 'analysts on workspace ml-staging: access widened to USER (was no access)',
        },
      ],
    });
  });
});
