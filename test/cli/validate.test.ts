import * as fs from 'fs';
import { syntheticOrganisation } from '../../bench/synthetic-organisation';
import { ssoInProcess } from './in-process';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../lib/cli/synthesize';
import { example } from '../helpers';
import { sso } from './sso';

const CLOCK = { SSO_CLOCK: '2026-11-25' };

/** Staging with a non-minimal attribute and ADMIN for a group that is not privileged. */
function nonCompliant(): ReturnType<typeof example> {
  const d = example('staging');
  d.assertion = { attributes: ['email', 'name', 'groups', 'department'] };
  (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] = 'ADMIN';
  return d;
}

function acknowledged(): ReturnType<typeof example> {
  const d = nonCompliant();
  d.suppressions = [
    { rule: 'SSO-001', reason: 'HR reporting needs the department until Q2 (SEC-77)' },
    {
      rule: 'SSO-005',
      path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
      reason: 'Analysts administer the analytics sandbox (SEC-78)',
    },
  ];
  return d;
}

function writeDeclaration(declaration: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-validate-'));
  const file = path.join(dir, 'staging.json');
  fs.writeFileSync(file, JSON.stringify(declaration));
  return file;
}

describe('sso validate', () => {
  test('GIVEN a non-minimal attribute and ADMIN to a non-privileged group THEN exit 1 naming each rule id, no stack trace', () => {
    const result = sso(['validate', '--declaration', writeDeclaration(nonCompliant())], CLOCK);

    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^error: staging: SSO-001 okta-app\/app: .*"department".*To comply: /),
      expect.stringMatching(
        /^error: staging: SSO-005 databricks_mws_permission_assignment\.admin_analytics-staging\["analysts"\]: .*To comply: /,
      ),
    ]);
    expect(result.stdout).toBe('');
  });

  test('GIVEN the same declaration with reasoned suppressions WHEN --json THEN exit 0, no finding, both suppressions listed', () => {
    const result = sso(['validate', '--json', '--declaration', writeDeclaration(acknowledged())], CLOCK);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      findings: [],
      suppressed: [
        {
          rule: 'SSO-001',
          environment: 'staging',
          path: 'okta-app/app',
          reason: 'HR reporting needs the department until Q2 (SEC-77)',
        },
        {
          rule: 'SSO-005',
          environment: 'staging',
          path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
          reason: 'Analysts administer the analytics sandbox (SEC-78)',
        },
      ],
    });
  });

  test('GIVEN the same declaration WHEN synthesized THEN the suppressions are in the stack JSON', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sso-validate-')), 'cdktf.out');
    const saved = process.env.SSO_CLOCK;
    process.env.SSO_CLOCK = CLOCK.SSO_CLOCK;
    try {
      synthesizeToDirectory([{ input: acknowledged(), source: 'staging.json' }], out);
    } finally {
      if (saved === undefined) delete process.env.SSO_CLOCK;
      else process.env.SSO_CLOCK = saved;
    }
    const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks/staging/cdk.tf.json'), 'utf8'));

    expect(json['//'].sso.suppressions.map((s: { rule: string }) => s.rule)).toEqual(['SSO-001', 'SSO-005']);
  });

  test('GIVEN the built-in example WHEN validated today THEN exit 0 with one ok line per environment', async () => {
    const result = await ssoInProcess(['validate', '--at', '2026-11-25']);

    expect(result).toEqual({ code: 0, stdout: 'staging: ok\nprod: ok\n', stderr: '' });
  });

  test("GIVEN --at past prod's rotate-by date WHEN --json THEN exit 0 (prod's deploys alone are blocked) with findings in the documented shape", async () => {
    const result = await ssoInProcess(['validate', '--json', '--at', '2027-01-20']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      findings: [
        {
          rule: 'SSO-007',
          level: 'warning',
          environment: 'staging',
          path: 'signingKey.issued',
          message: expect.stringContaining('overdue'),
        },
        {
          rule: 'SSO-007',
          level: 'blocking',
          environment: 'prod',
          path: 'signingKey.issued',
          message: expect.stringContaining('overdue'),
        },
      ],
      suppressed: [],
    });
  });

  test("GIVEN --at past prod's rotate-by date THEN the text names the blocked environment and the next step, exit 0", async () => {
    const result = await ssoInProcess(['validate', '--at', '2027-01-13']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'staging: ok\nprod: blocked (terraform plan fails for its stacks until the blocking finding is resolved; the others deploy)\n',
    );
    expect(result.stderr).toMatch(
      /^blocking: prod: SSO-007 signingKey\.issued: .* is overdue: .*; next: rotate staging now .* or rotate prod today under an emergency override: declare emergencyRotation/m,
    );
  });

  test('GIVEN a promotion override whose change staging has caught up on THEN validate warns that it has outlived it', async () => {
    const staging = example('staging');
    const prod = example('prod');
    const grants = (d: Record<string, unknown>, workspace: string) => {
      const group = (
        d.groups as Record<string, { workspaces: Record<string, string>; privileged?: boolean }>
      )['data-scientists'];
      if (group === undefined) throw new Error('no data-scientists');
      group.privileged = true;
      group.workspaces[workspace] = 'ADMIN';
    };
    grants(prod, 'ml-prod');
    prod.promotionOverride = {
      reason: 'INC-4711: jobs need an admin tonight',
      covers: ['data-scientists on ml-prod'],
    };
    const dir = path.dirname(writeDeclaration(staging));
    fs.writeFileSync(path.join(dir, 'prod.json'), JSON.stringify(prod));
    const args = [
      'validate',
      '--declaration',
      path.join(dir, 'staging.json'),
      '--declaration',
      path.join(dir, 'prod.json'),
    ];

    expect(sso(args, CLOCK)).toMatchObject({ code: 0, stderr: '' });

    grants(staging, 'ml-staging');
    fs.writeFileSync(path.join(dir, 'staging.json'), JSON.stringify(staging));
    const caughtUp = sso([...args, '--json'], CLOCK);

    expect(caughtUp.code).toBe(0);
    expect(JSON.parse(caughtUp.stdout).findings).toEqual([
      {
        rule: 'promotion',
        level: 'warning',
        environment: 'prod',
        path: 'promotionOverride',
        message:
          'the promotion override ("INC-4711: jobs need an admin tonight") has outlived its change: staging has ' +
          'caught up on everything it covers: remove it',
      },
    ]);
  });

  test('GIVEN an expired promotion override THEN validate warns on stderr and still exits 0', () => {
    const prod = example('prod');
    prod.promotionOverride = {
      reason: 'INC-4711: jobs need an admin tonight',
      covers: ['data-scientists on ml-prod'],
      expires: '2026-11-01',
    };
    const dir = path.dirname(writeDeclaration(example('staging')));
    fs.writeFileSync(path.join(dir, 'prod.json'), JSON.stringify(prod));

    const result = sso(
      [
        'validate',
        '--declaration',
        path.join(dir, 'staging.json'),
        '--declaration',
        path.join(dir, 'prod.json'),
      ],
      CLOCK,
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: prod: promotion promotionOverride: the promotion override ("INC-4711: jobs need an admin ' +
        'tonight") has outlived its change: it expired on 2026-11-01: every change is gated again, so remove it.\n',
    );
  });

  test('GIVEN --at within the warning period THEN the warning goes to stderr and the exit code is 0', async () => {
    const result = await ssoInProcess(['validate', '--at', '2026-12-25']);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: staging: SSO-007 signingKey\.issued: .*rotate by 2027-01-03/);
    expect(result.stdout).toBe('staging: ok\nprod: ok\n');
  });

  test('GIVEN an impossible --at date THEN exit 1 naming the flag', async () => {
    const result = await ssoInProcess(['validate', '--at', '2026-02-30']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: --at: expected a real calendar date YYYY-MM-DD, got "2026-02-30"\n');
  });
});

describe('sso validate on a large organisation', () => {
  test('GIVEN about 11,000 instances in one stack THEN exit 0 with an SSO-013 warning naming the mappingShards that splits it; with them, none', () => {
    const big = syntheticOrganisation({ environment: 'staging', workspaces: 10, groups: 1000 });

    const unsplit = sso(['validate', '--declaration', writeDeclaration(big)], CLOCK);
    const split = sso(['validate', '--declaration', writeDeclaration({ ...big, mappingShards: 2 })], CLOCK);

    expect(unsplit.code).toBe(0);
    expect(unsplit.stderr).toMatch(
      /^warning: staging: SSO-013 mappingShards: stack staging holds 11,\d{3} resource instances, over 10,000: set mappingShards: 2 /m,
    );
    expect(split.code).toBe(0);
    expect(split.stderr).not.toContain('SSO-013');
  });
});
