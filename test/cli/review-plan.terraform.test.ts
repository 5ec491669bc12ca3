import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../lib/cli/synthesize';
import { example, exampleFile } from '../preflight/stacks';
import { describeWithTerraform } from '../terraform';
import { ssoInProcess } from './in-process';

type Declaration = ReturnType<typeof example>;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-plan-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function output(name: string, ...declarations: Declaration[]): string {
  const dir = path.join(tmp, name);
  synthesizeToDirectory(
    declarations.map((input, i) => ({ input, source: `${name} ${i}` })),
    dir,
  );
  return dir;
}

function withScientistsAdmin(): Declaration {
  const prod = example('prod');
  const groups = prod.groups as Record<string, { privileged?: boolean; workspaces: Record<string, string> }>;
  const scientists = groups['data-scientists'] as {
    privileged?: boolean;
    workspaces: Record<string, string>;
  };
  scientists.privileged = true;
  scientists.workspaces['ml-prod'] = 'ADMIN';
  return prod;
}

interface JsonReview {
  findings: { environment: string; severity: string; kind: string; subject: string; message: string }[];
  terraformPlan: { stacks: { environment: string; stack: string; planned: boolean; actions: unknown[] }[] };
}

describeWithTerraform('sso review --plan: Terraform actions beside the findings', () => {
  let base: string;
  beforeAll(() => {
    base = output('base', example('staging'), example('prod'));
  });

  test('GIVEN a staging key rotation WHEN reviewed with --plan THEN the comment lists the app update and the marker replacement', async () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2026-11-20' };
    const head = output('rotation', staging, example('prod'));

    const result = await ssoInProcess(['review', '--base-out', base, '--head-out', head, '--plan']);

    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Terraform planned 2 stacks of the head against the applied base');
    expect(result.stdout).toContain('- `~ okta_app_saml.databricks` update');
    expect(result.stdout).toContain(
      '- `-/+ terraform_data.databricks_sso_settings` replace (forced by `triggers_replace`)',
    );
  }, 180_000);

  test('GIVEN a prod group raised to ADMIN WHEN reviewed with --plan as JSON THEN the plan creates the ADMIN assignment and destroys the USER one', async () => {
    const head = output('admin', example('staging'), withScientistsAdmin());

    const result = await ssoInProcess([
      'review',
      '--base-out',
      base,
      '--head-out',
      head,
      '--plan',
      '--format',
      'json',
    ]);

    const review = JSON.parse(result.stdout) as JsonReview;
    const prod = review.terraformPlan.stacks.find((s) => s.stack === 'prod');
    expect(prod?.actions).toEqual([
      {
        address: 'databricks_mws_permission_assignment.admin_ml-prod["data-scientists"]',
        action: 'create',
      },
      {
        address: 'databricks_mws_permission_assignment.user_data-scientists["ml-prod"]',
        action: 'delete',
      },
    ]);
  }, 180_000);

  test('GIVEN a prod ADMIN grant lowered back to USER WHEN reviewed with --plan THEN a high finding says the apply will fail on prevent_destroy', async () => {
    const withAdmin = output('with-admin', example('staging'), withScientistsAdmin());

    const result = await ssoInProcess([
      'review',
      '--base-out',
      withAdmin,
      '--head-out',
      base,
      '--plan',
      '--format',
      'json',
      '--fail-on',
      'high',
    ]);

    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as JsonReview).findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          environment: 'prod',
          severity: 'high',
          kind: 'terraform-plan',
          subject: 'databricks_mws_permission_assignment.admin_ml-prod["data-scientists"]',
          message: expect.stringMatching(/the apply will fail: .* lifecycle\.prevent_destroy/) as string,
        }),
      ]),
    );
  }, 180_000);

  test('GIVEN prod moved from its Okta app to Entra ID WHEN reviewed with --plan THEN a high finding says Terraform destroys the IdP app and prevent_destroy does not stop it', async () => {
    const prod = example('prod');
    prod.idp = exampleFile('entra-aws.yaml').idp as Declaration['idp'];
    const head = output('entra', example('staging'), prod);

    const result = await ssoInProcess(['review', '--base-out', base, '--head-out', head, '--plan']);

    expect(result.stdout).toMatch(
      /- \*\*high\*\* `terraform-plan` okta\\_app\\_saml\.databricks: Terraform will destroy the IdP app: .*prevent\\_destroy does not guard/,
    );
    expect(result.stdout).toContain('- `- okta_app_saml.databricks` delete');
  }, 180_000);
});

test('GIVEN --plan and no terraform on PATH WHEN reviewed THEN a usage error says terraform is needed', async () => {
  const dir = output('no-terraform', example('staging'), example('prod'));

  const result = await ssoInProcess(['review', '--base-out', dir, '--head-out', dir, '--plan'], {
    PATH: tmp,
  });

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: --plan: terraform \(>= 1\.5\) is not on PATH/);
});
