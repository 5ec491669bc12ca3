import type { Declaration } from '../../../lib/core/declaration/schema';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import { ValidationError } from '../../../lib/core/errors';
import { renderRunbook, type RunbookChange, type SsoOutputNames } from '../../../lib/core/runbook/runbook';
import { SSO_OUTPUTS } from '../../../lib/constructs/databricks-sso-settings';
import { example } from '../../helpers';
import { SHARED_ACCOUNT_ID, sharedProd, sharedStaging } from '../../shared-account';

const OUTPUTS: SsoOutputNames = SSO_OUTPUTS;
const TENANT = '6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d';
const PROD_REDIRECT =
  'https://accounts.cloud.databricks.com/oidc/accounts/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/v1/saml/callback';

function validated(...inputs: unknown[]): Declaration[] {
  return validateDeclarations(inputs.map((input, i) => ({ input, source: `declaration ${i}` })));
}

function runbook(
  environment: string,
  change: RunbookChange,
  declarations: readonly Declaration[] = validated(example('staging'), example('prod')),
  at = '2026-12-30',
): string {
  return renderRunbook({
    environment,
    declarations,
    change,
    outputs: OUTPUTS,
    accountConsole: 'https://accounts.cloud.databricks.com',
    at: new Date(`${at}T00:00:00Z`),
  });
}

/** The numbered steps in order, without their numbers. */
function steps(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^\d+\. /.test(line))
    .map((line) => line.replace(/^\d+\. /, ''));
}

describe('rotation runbook', () => {
  const prod = runbook('prod', 'rotation');

  test("GIVEN prod THEN it names prod's Redirect URL, workspaces, Okta org and app", () => {
    expect(prod).toContain(`Databricks Redirect URL: \`${PROD_REDIRECT}\``);
    expect(prod).toContain('ml-prod (https://acme-ml-prod.cloud.databricks.com)');
    expect(prod).toContain('Identity provider: Okta org acme-analytics.okta.com, the Okta app "Databricks"');
    expect(prod).toContain('`cdktf.out/stacks/prod`');
  });

  test('GIVEN prod THEN the emergency-access users are named before anything changes', () => {
    const first = steps(prod)[0];
    expect(first).toContain('`breakglass-1@acme-analytics.com`, `breakglass-2@acme-analytics.com`');
  });

  test('GIVEN prod THEN a second console window is opened before the deploy', () => {
    const all = steps(prod);
    expect(all.findIndex((s) => s.includes('second browser window'))).toBeLessThan(
      all.findIndex((s) => s.startsWith('`npx cdktf deploy prod`')),
    );
  });

  test('GIVEN prod THEN the console step follows the deploy at once: export, Disable, replace, Test, Enable', () => {
    const all = steps(prod);
    const deploy = all.findIndex((s) => s.startsWith('`npx cdktf deploy prod`'));
    expect(all.slice(deploy, deploy + 4)).toEqual([
      expect.stringContaining('The window starts when `okta_app_saml.databricks` is updated'),
      expect.stringContaining('`terraform output -raw databricks_sso_x509_certificate > prod-idp.pem`'),
      expect.stringMatching(/\*\*Disable SSO\*\*, replace the \*\*x\.509 certificate\*\*/),
      expect.stringMatching(/^\*\*Test SSO\*\*; when it passes, \*\*Enable SSO\*\*/),
    ]);
  });

  test('GIVEN prod THEN the expected failed-login window is stated', () => {
    expect(prod).toContain('window is expected to last **1-3 minutes**');
  });

  test("GIVEN prod THEN the fingerprint is checked with sso fingerprint, and sso diagnose compares the console's own certificate", () => {
    expect(prod).toContain('`terraform output -raw databricks_sso_x509_certificate | npx sso fingerprint`');
    expect(prod).toContain(
      '`npx sso diagnose saml_invalid_signature_error --env prod --metadata prod-metadata.xml --certificate prod-idp.pem --console-certificate prod-console.pem`',
    );
    expect(prod).toContain(
      'The certificate from `terraform output` only proves what was deployed, not what the console holds.',
    );
  });

  test('GIVEN a day in the warning window THEN the change is planned inside it, before the rotate-by date', () => {
    expect(prod).toContain(
      'This change is planned for 2027-01-06, inside the warning window and before the rotate-by date 2027-01-12 ' +
        '(from which the key is overdue and deploys of prod are blocked).',
    );
  });

  test('GIVEN any day up to the last one that leaves room THEN neither runbook plans on or after the rotate-by date', () => {
    const declarations = validated(example('staging'), example('prod'));
    const rotateBy = { staging: '2027-01-03', prod: '2027-01-12' } as const;
    for (let d = Date.parse('2026-10-14'); d <= Date.parse('2027-01-02'); d += 86_400_000) {
      const at = new Date(d).toISOString().slice(0, 10);
      for (const env of ['staging', 'prod'] as const) {
        const planned = /This change is planned for (\d{4}-\d{2}-\d{2})/.exec(
          runbook(env, 'rotation', declarations, at),
        )?.[1];
        expect({ at, env, before: planned !== undefined && planned < rotateBy[env] }).toEqual({
          at,
          env,
          before: true,
        });
      }
    }
  });

  test("GIVEN prod's rotate-by day THEN the runbook says the change is late and names the next legal steps", () => {
    const text = runbook('prod', 'rotation', validated(example('staging'), example('prod')), '2027-01-12');

    expect(text).not.toContain('This change is planned for');
    expect(text).toContain(
      'This change is **late**: the key has been overdue since 2027-01-12 (deploys of prod are blocked while it is). ' +
        'Next legal step: rotate staging now to a new generation such as 2027-q1',
    );
    expect(text).toContain(
      'then prod with the same generation on 2027-01-19; or rotate prod today under an emergency override',
    );
  });

  test('GIVEN staging has not rotated yet THEN prod is told to rotate staging first', () => {
    expect(prod).toContain('**Rotate staging first** (`npx sso runbook --env staging --change rotation`)');
  });

  test('GIVEN staging carried 2027-q1 since 2027-01-02 THEN prod takes that name on or after 2027-01-09', () => {
    const staging = { ...example('staging'), signingKey: { generation: '2027-q1', issued: '2027-01-02' } };
    const text = runbook('prod', 'rotation', validated(staging, example('prod')), '2027-01-05');

    expect(text).toContain('staging has carried generation `2027-q1` since 2027-01-02');
    expect(text).toContain('on or after **2027-01-09**');
    expect(text).toContain('set `signingKey.generation: "2027-q1"`');
  });

  test('GIVEN staging THEN prod is named as following after the lead time', () => {
    expect(runbook('staging', 'rotation')).toContain(
      'prod follows 7 days after this change at the earliest, with the same generation name',
    );
  });

  test('GIVEN an environment without emergency-access users THEN the runbook says to add them first', () => {
    const bare = { ...example('prod'), emergencyAccess: [] };
    expect(steps(runbook('prod', 'rotation', validated(example('staging'), bare)))[0]).toMatch(
      /^\*\*No emergency-access users are declared for prod\.\*\* Add them/,
    );
  });

  test('GIVEN an Entra ID environment THEN the window starts at certificate activation, not at the deploy', () => {
    const entra = {
      ...example('staging'),
      idp: { kind: 'entra', tenantId: TENANT, appName: 'Databricks SSO' },
    };
    const all = steps(runbook('staging', 'rotation', validated(entra)));
    const deploy = all.findIndex((s) => s.startsWith('`npx cdktf deploy staging`'));

    expect(all[deploy]).toContain('adds the new signing certificate (inactive');
    expect(all[deploy + 2]).toMatch(
      /^Make the new certificate active: .*"Databricks SSO".*The window starts here\./,
    );
  });
});

describe('initial runbook', () => {
  const text = runbook('prod', 'initial');
  const all = steps(text);

  test('GIVEN prod THEN the three console values come from the named terraform outputs', () => {
    expect(all).toEqual(
      expect.arrayContaining([
        'Paste **Single Sign-On URL**: `terraform output -raw databricks_sso_url`.',
        'Paste **Identity Provider Entity ID**: `terraform output -raw databricks_sso_idp_entity_id`.',
        expect.stringMatching(
          /^Paste \*\*x\.509 certificate\*\*: `terraform output -raw databricks_sso_x509_certificate`/,
        ),
      ]),
    );
  });

  test('GIVEN prod THEN the Redirect URL shown by the console is checked against the declared one', () => {
    expect(text).toContain(
      `Check that the **Databricks Redirect URL** shown is exactly \`${PROD_REDIRECT}\``,
    );
  });

  test('GIVEN prod THEN Test SSO comes before Enable SSO, and a test login after', () => {
    const test = all.findIndex((s) => s.startsWith('**Test SSO**'));
    const enable = all.findIndex((s) => s.startsWith('**Enable SSO**'));
    const login = all.findIndex((s) => s.startsWith('Test a login'));
    expect(test).toBeGreaterThan(-1);
    expect(test).toBeLessThan(enable);
    expect(enable).toBeLessThan(login);
  });

  test('GIVEN prod THEN unified login and SCIM provisioning follow, naming workspaces and SCIM groups', () => {
    expect(text).toContain('## Unified login');
    expect(text).toContain('`analytics-prod`, `ml-prod`, `ml-sandbox`');
    expect(text).toContain('## SCIM provisioning');
    expect(text).toMatch(
      /Push these groups .*`analysts`, `data-scientists`, `databricks-platform-admins`, `ml-engineers`\./,
    );
    expect(text).not.toMatch(/Push these groups .*audit-readers/);
  });

  test('GIVEN prod THEN the emergency-access users are set up first', () => {
    expect(all[0]).toMatch(/^Set up emergency access for `breakglass-1@acme-analytics\.com`, `breakglass-2@/);
  });
});

describe('runbook input', () => {
  test('GIVEN an environment that is not declared THEN a ValidationError lists the known ones', () => {
    expect(() => runbook('qa', 'initial')).toThrow(
      new ValidationError('environment', '"qa"', 'one of staging, prod'),
    );
  });

  test('GIVEN an Azure Databricks environment THEN there are no console steps to print', () => {
    const azure = example('staging') as Record<string, unknown> & { databricks: Record<string, unknown> };
    delete azure.signingKey;
    delete azure.databricks.redirectUrl;
    const declarations = validated({
      ...azure,
      databricks: { ...azure.databricks, cloud: 'azure' },
      idp: { kind: 'entra', tenantId: TENANT },
    });

    expect(() => runbook('staging', 'initial', declarations)).toThrow(
      /Azure Databricks signs in through Entra ID natively/,
    );
  });
});

describe('runbooks of a shared account', () => {
  const shared = () => validated(sharedStaging(), sharedProd());

  test('GIVEN staging shares prod account WHEN its rotation runbook is asked THEN it points to prod and says the change cannot be staged', () => {
    const staging = runbook('staging', 'rotation', shared());

    expect(staging).toContain(
      `staging shares Databricks account \`${SHARED_ACCOUNT_ID}\` with prod, which owns the account's IdP app, ` +
        'SSO settings and signing key',
    );
    expect(staging).toContain('(`npx sso runbook --env prod --change rotation`)');
    expect(staging).toContain('**cannot be staged** in staging first');
    expect(steps(staging)).toEqual([]);
  });

  test('GIVEN prod owns the shared account WHEN its rotation runbook is asked THEN it asks nobody to rotate first and says staging moves at the same moment', () => {
    const prod = runbook('prod', 'rotation', shared());

    expect(prod).not.toContain('Rotate staging first');
    expect(prod).toContain(
      '- staging signs in with this key (one shared account): it moves at the same moment as prod, with nothing ' +
        'to rotate of its own; no environment in another account carries the key first, so this rotation ' +
        '**cannot be staged**',
    );
    expect(prod).toContain('**new sign-ins to prod and staging fail**');
  });

  test('GIVEN prod owns the shared account WHEN a runbook is asked THEN its header and test logins name staging and its workspaces', () => {
    const prod = runbook('prod', 'initial', shared());

    expect(prod).toContain(
      '- Shared account: staging uses it too (workspaces: ml-staging (https://acme-ml-staging.cloud.databricks.com)',
    );
    expect(prod).toContain(
      "The account's other environments sign in through the same settings: test staging " +
        '(https://acme-analytics-staging.cloud.databricks.com, as a member of `analysts`) too.',
    );
    expect(prod).toMatch(/enable it for all workspaces, or at least for .*`analytics-staging`.*`ml-prod`/);
  });
});
