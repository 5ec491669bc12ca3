import { UserRole } from '@cdktf/provider-databricks/lib/user-role';
import { App, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationError } from '../../../lib/core/errors';
import { PolicyViolations } from '../../../lib/core/policy/pack';
import type { PolicyReport } from '../../../lib/core/policy/types';
import { addEnvironments, enforcePolicy, type PolicyOptions } from '../../../stacks/sso-app';
import type { SsoStack } from '../../../stacks/sso-stack';
import { example } from '../../helpers';
import { TODAY } from './helpers';

function build(inputs: unknown[], options: PolicyOptions = {}, app: App = Testing.app()): SsoStack[] {
  return addEnvironments(
    app,
    inputs.map((input, i) => ({ input, source: `test ${i}` })),
    { at: TODAY, onPolicyReport: () => undefined, ...options },
  );
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('policy enforcement on synthesis', () => {
  test('GIVEN several violations WHEN the environments are added THEN one ValidationError lists every one of them', () => {
    const d = example('staging');
    d.assertion = { attributes: ['email', 'name', 'groups', 'department'] };
    (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] = 'ADMIN';

    const error = thrown(() => build([d]));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message.split('\n')).toEqual([
      expect.stringMatching(/^staging: SSO-001 okta-app\/app: .*"department".* To comply: /),
      expect.stringMatching(
        /^staging: SSO-005 databricks_mws_permission_assignment\.admin_analytics-staging\["analysts"\]: .* To comply: /,
      ),
    ]);
  });

  test('GIVEN an error finding WHEN synthesized THEN nothing is written', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-policy-'));
    const d = example('staging');
    d.assertion = { attributes: ['email', 'name', 'groups', 'department'] };

    expect(() => build([d], {}, new App({ outdir }))).toThrow(PolicyViolations);
    // cdktf makes the empty layout when the app is created; no stack file or manifest is written.
    expect(fs.readdirSync(outdir, { recursive: true })).toEqual(['stacks']);
  });

  test('GIVEN only warnings WHEN the environments are added THEN they are printed to stderr and the stacks are built', () => {
    const prod = example('prod');
    prod.emergencyAccess = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const stacks = build([example('staging'), prod], { onPolicyReport: undefined });

      expect(stacks.map((s) => s.node.id)).toEqual(['staging', 'prod']);
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/^warning: prod: SSO-009 emergencyAccess: no emergency-access user/),
      );
    } finally {
      stderr.mockRestore();
    }
  });

  test('GIVEN a reasoned suppression WHEN synthesized THEN the stack records it at "//".sso.suppressions', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-policy-'));
    const app = new App({ outdir });
    const d = example('staging');
    (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] = 'ADMIN';
    d.suppressions = [{ rule: 'SSO-005', reason: 'Analysts administer their own workspace (SEC-123)' }];

    build([d], {}, app);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks/staging/cdk.tf.json'), 'utf8'));

    expect(json['//'].sso.suppressions).toEqual([
      {
        rule: 'SSO-005',
        environment: 'staging',
        path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
        reason: 'Analysts administer their own workspace (SEC-123)',
      },
    ]);
  });

  test('GIVEN the built-in environments THEN no suppression record is written', () => {
    for (const stack of build([example('staging'), example('prod')])) {
      const json = stack.toTerraform() as { '//'?: { sso?: Record<string, unknown> } };
      expect(json['//']?.sso?.suppressions).toBeUndefined();
    }
  });

  test('GIVEN an override that stops signing the assertion WHEN the policy runs THEN SSO-002 stops synthesis', () => {
    const stacks = build([example('staging')]);
    const stack = stacks[0]!;
    stack.addOverride('resource.okta_app_saml.databricks.assertion_signed', false);

    expect(() => enforcePolicy(stacks, { at: TODAY, onPolicyReport: () => undefined })).toThrow(
      /^staging: SSO-002 okta-app\/app: the SAML assertion is not signed/,
    );
  });

  test('GIVEN a per-user role added to the stack WHEN the policy runs THEN SSO-004 stops synthesis', () => {
    const stacks = build([example('staging')]);
    const stack = stacks[0]!;
    new UserRole(stack, 'alice-admin', { userId: '4242', role: 'account_admin' });

    expect(() => enforcePolicy(stacks, { at: TODAY, onPolicyReport: () => undefined })).toThrow(
      /^staging: SSO-004 alice-admin: databricks_user_role grants access to a single user/,
    );
  });

  test("GIVEN SSO_CLOCK past prod's rotate-by date and no --at THEN prod's stack is gated and nothing throws", () => {
    const saved = process.env.SSO_CLOCK;
    process.env.SSO_CLOCK = '2027-01-20';
    let report: PolicyReport | undefined;
    try {
      const stacks = build([example('staging'), example('prod')], {
        at: undefined,
        onPolicyReport: (r) => (report = r),
      });
      expect(report?.findings.map((f) => `${f.environment} ${f.level}`)).toEqual([
        'staging warning',
        'prod blocking',
      ]);
      expect(stacks.map((stack) => [stack.node.id, gateOf(stack) !== undefined])).toEqual([
        ['staging', false],
        ['prod', true],
      ]);
    } finally {
      if (saved === undefined) delete process.env.SSO_CLOCK;
      else process.env.SSO_CLOCK = saved;
    }
  });
});

/** The deploy gate of a synthesized stack, if it has one. */
function gateOf(stack: SsoStack): Record<string, unknown> | undefined {
  const json = JSON.parse(Testing.synth(stack)) as {
    resource?: { terraform_data?: Record<string, Record<string, unknown>> };
  };
  return json.resource?.terraform_data?.sso_deploy_gate;
}

describe('a blocking finding is judged per environment', () => {
  const OVERDUE = new Date('2027-01-13T00:00:00Z');
  const rotatedStaging = () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    return staging;
  };

  test("GIVEN prod overdue and staging rotated THEN staging's stack is untouched and prod's plan is gated with the next step", () => {
    let report: PolicyReport | undefined;
    const [staging, prod] = build([rotatedStaging(), example('prod')], {
      at: OVERDUE,
      onPolicyReport: (r) => (report = r),
    }) as [SsoStack, SsoStack];

    expect(report?.findings.map((f) => [f.environment, f.rule, f.level])).toEqual([
      ['prod', 'SSO-007', 'blocking'],
    ]);
    expect(gateOf(staging)).toBeUndefined();
    const gate = gateOf(prod);
    expect(gate).toMatchObject({
      input: { 'SSO-007 signingKey.issued': expect.stringContaining('is overdue') },
      lifecycle: {
        postcondition: [
          {
            condition: '${length(self.input) == 0}',
            error_message: expect.stringMatching(
              /^prod must not be deployed: SSO-007 signingKey\.issued: .*prod may take staging's generation 2027-q1 on 2027-01-20/,
            ),
          },
        ],
      },
    });
  });

  test('GIVEN prod overdue and sharded THEN every one of its stacks carries the gate and a warning annotation', () => {
    const prod = { ...example('prod'), mappingShards: 2 };
    const stacks = build([rotatedStaging(), prod], { at: OVERDUE });

    expect(stacks.map((stack) => [stack.node.id, gateOf(stack) !== undefined])).toEqual([
      ['staging', false],
      ['prod', true],
      ['prod-mappings-1', true],
      ['prod-mappings-2', true],
    ]);
    const warnings = (stack: SsoStack) =>
      stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings(stacks[0] as SsoStack)).toEqual([]);
    expect(warnings(stacks[3] as SsoStack)).toEqual([
      expect.stringMatching(
        /^prod must not be deployed \(terraform plan fails for this stack\); the other environments deploy as usual\. SSO-007/,
      ),
    ]);
    // No stack trace: manifest.json must not depend on the machine.
    expect(stacks[3]?.node.metadata.every((m) => m.trace === undefined)).toBe(true);
  });

  test('GIVEN a blocking finding suppressed with a reason THEN there is no gate and the suppression is recorded', () => {
    const prod = example('prod');
    prod.suppressions = [
      { rule: 'SSO-007', reason: 'Rotation booked for the 2027-01-14 change window (CHG-12)' },
    ];
    const stacks = build([rotatedStaging(), prod], { at: OVERDUE });

    expect(gateOf(stacks[1] as SsoStack)).toBeUndefined();
  });

  test('GIVEN a future issued date THEN it is an error that stops every stack, as a change should', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-02-01' };

    expect(() => build([staging, example('prod')], { at: OVERDUE })).toThrow(
      /^staging: SSO-007 signingKey\.issued: signing key generation 2027-q1 \(issued 2027-02-01\) is dated after today/,
    );
  });
});
