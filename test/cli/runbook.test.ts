import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example } from '../helpers';
import { ssoInProcess } from './in-process';

describe('sso runbook', () => {
  test("GIVEN --env prod --change rotation THEN the console steps carry prod's real values and emergency-access users", async () => {
    const { code, stdout } = await ssoInProcess([
      'runbook',
      '--env',
      'prod',
      '--change',
      'rotation',
      '--at',
      '2026-12-30',
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Rotate the SAML signing certificate: prod\n/);
    expect(stdout).toContain(
      'https://accounts.cloud.databricks.com/oidc/accounts/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/v1/saml/callback',
    );
    expect(stdout).toContain('`terraform output -raw databricks_sso_x509_certificate > prod-idp.pem`');
    expect(stdout).toContain('the Okta app "Databricks"');
    expect(stdout).toContain('`breakglass-1@acme-analytics.com`, `breakglass-2@acme-analytics.com`');
    expect(stdout).toContain('**Disable SSO**');
  });

  test('GIVEN no --change THEN the initial setup is printed', async () => {
    const { stdout } = await ssoInProcess(['runbook', '--env', 'staging', '--at', '2026-12-30']);

    expect(stdout).toMatch(/^# Set up SAML single sign-on: staging\n/);
    expect(stdout).toContain('## SCIM provisioning');
  });

  test('GIVEN a declaration file THEN its environment is the one described', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-runbook-'));
    const file = path.join(dir, 'qa.json');
    fs.writeFileSync(file, JSON.stringify({ ...example('staging'), environment: 'qa' }));

    const { code, stdout } = await ssoInProcess([
      'runbook',
      '--declaration',
      file,
      '--env',
      'qa',
      '--at',
      '2026-12-30',
    ]);
    fs.rmSync(dir, { recursive: true, force: true });

    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Set up SAML single sign-on: qa\n/);
  });

  test.each([
    [['runbook'], /^error: --env is required\nusage: sso runbook/],
    [['runbook', '--env', 'qa'], /^error: --env must be one of staging, prod, got "qa"/],
    [
      ['runbook', '--env', 'prod', '--change', 'upgrade'],
      /^error: --change must be one of initial, rotation/,
    ],
  ])('GIVEN %j THEN a usage error, exit 2', async (args, message) => {
    const { code, stderr } = await ssoInProcess(args);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
