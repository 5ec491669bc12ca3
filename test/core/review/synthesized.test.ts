import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../../lib/cli/synthesize';
import { loadSynthesizedOutput, reviewOutputs, type Finding } from '../../../lib/core/review';
import { example } from '../../helpers';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-synth-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Synthesizes the built-in staging and prod as `sso synth` does (Testing.synth drops the "//"
 * metadata the review reads), then reviews them against the same declarations changed by `change`.
 */
function reviewDeclarations(
  change: (declarations: { staging: Record<string, unknown>; prod: Record<string, unknown> }) => void,
  before: (declarations: {
    staging: Record<string, unknown>;
    prod: Record<string, unknown>;
  }) => void = () => {},
): Finding[] {
  const base = { staging: example('staging'), prod: example('prod') };
  before(base);
  const head = structuredClone(base);
  change(head);
  const output = (d: typeof base, name: string) => {
    const dir = path.join(tmp, name);
    synthesizeToDirectory(
      [d.staging, d.prod].map((input, i) => ({ input, source: `test declaration ${i}` })),
      dir,
    );
    return loadSynthesizedOutput(dir);
  };
  return [
    ...reviewOutputs(output(base, 'base'), output(head, 'head'), new Date('2026-11-25T00:00:00Z')).findings,
  ];
}

const grantAdmin = (declaration: Record<string, unknown>, workspace: string) => {
  const groups = declaration.groups as Record<
    string,
    { workspaces: Record<string, string>; privileged?: boolean }
  >;
  const group = groups['data-scientists'];
  if (group === undefined) throw new Error('the example has no data-scientists');
  group.privileged = true;
  group.workspaces[workspace] = 'ADMIN';
};

describe('reviewing synthesized stacks', () => {
  test('GIVEN the built-in prod grants data-scientists ADMIN on ml-prod WHEN reviewed THEN exactly a high access and a high promotion finding', () => {
    const findings = reviewDeclarations((d) => grantAdmin(d.prod, 'ml-prod'));

    expect(findings.map((f) => [f.environment, f.severity, f.kind, f.subject])).toEqual([
      ['prod', 'high', 'access', 'data-scientists on ml-prod'],
      ['prod', 'high', 'promotion', 'data-scientists on ml-prod'],
    ]);
  });

  const HOTFIX = {
    reason: 'INC-4711: jobs need an admin tonight',
    covers: ['data-scientists on ml-prod'],
    expires: '2026-12-01',
  };

  test('GIVEN a declared promotionOverride WHEN prod changes alone THEN the synthesized stack carries it and the review reports it instead of blocking', () => {
    const findings = reviewDeclarations((d) => {
      grantAdmin(d.prod, 'ml-prod');
      d.prod.promotionOverride = HOTFIX;
    });

    expect(findings.filter((f) => f.kind === 'promotion').map((f) => [f.severity, f.subject])).toEqual([
      ['medium', 'promotionOverride'],
      ['low', 'data-scientists on ml-prod'],
    ]);
  });

  test('GIVEN the hotfix and its override merged WHEN a later prod-only grant is reviewed THEN it is one high promotion finding again', () => {
    const findings = reviewDeclarations(
      (d) => {
        const groups = d.prod.groups as Record<string, { workspaces: Record<string, string> }>;
        (groups.analysts as { workspaces: Record<string, string> }).workspaces['ml-prod'] = 'USER';
      },
      (d) => {
        grantAdmin(d.prod, 'ml-prod');
        d.prod.promotionOverride = HOTFIX;
      },
    );

    const promotion = findings.filter((f) => f.kind === 'promotion');
    expect(promotion.map((f) => [f.severity, f.subject])).toEqual([['high', 'analysts on ml-prod']]);
    expect(promotion[0]?.message).toContain(
      'this grant (2 changes: the assignment and its entitlements) reaches prod before staging carries it ' +
        '(staging has no analysts on ml-staging (it grants analysts USER on analytics-staging))',
    );
    expect(promotion[0]?.message).toContain(
      'The promotion override covers only "data-scientists on ml-prod".',
    );
  });

  test('GIVEN prod rotates alone under an emergencyRotation WHEN reviewed THEN the stack records it and the review reports it as high', () => {
    const emergency = { generation: '2027-q1', reason: 'INC-9: prod key compromised', expires: '2026-11-26' };
    const findings = reviewDeclarations((d) => {
      d.prod.signingKey = { generation: '2027-q1', issued: '2026-11-25' };
      d.prod.emergencyRotation = emergency;
    });
    const prod = JSON.parse(fs.readFileSync(path.join(tmp, 'head/stacks/prod/cdk.tf.json'), 'utf8')) as {
      '//': { sso: { emergencyRotation: unknown } };
    };

    expect(prod['//'].sso.emergencyRotation).toEqual(emergency);
    expect(findings.filter((f) => f.severity === 'high').map((f) => [f.kind, f.subject])).toEqual([
      ['signing-key', 'emergencyRotation'],
      ['signing-key', 'okta_app_saml.databricks: signing key (key_name)'],
    ]);
    expect(findings.filter((f) => f.kind === 'promotion').map((f) => f.severity)).toEqual(['low']);
  });

  test("GIVEN staging carried a new key for the lead WHEN prod takes it THEN the gate asks nothing of the rotation check's own dates", () => {
    const findings = reviewDeclarations(
      (d) => {
        d.prod.signingKey = { generation: '2027-q1', issued: '2026-11-25' };
      },
      (d) => {
        d.staging.signingKey = { generation: '2027-q1', issued: '2026-11-15' };
      },
    );

    expect(findings.filter((f) => f.kind === 'promotion')).toEqual([]);
  });
});
