import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../../lib/cli/synthesize';
import {
  loadSynthesizedOutput,
  reviewOutputs,
  type Finding,
  type SynthesizedOutput,
} from '../../../lib/core/review';
import { example } from '../../helpers';
import { SHARED_ACCOUNT_ID, sharedProd, sharedStaging, stagingInProdAccount } from '../../shared-account';

type Declaration = ReturnType<typeof example>;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-shared-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Synthesizes each set of declarations as `sso synth` does (the "//" metadata included) into one output. */
function output(...sets: Declaration[][]): SynthesizedOutput {
  const environments = sets.flatMap((declarations, i) => {
    const dir = fs.mkdtempSync(path.join(tmp, `out-${i}-`));
    synthesizeToDirectory(
      declarations.map((input, j) => ({ input, source: `test declaration ${j}` })),
      dir,
    );
    return [...loadSynthesizedOutput(dir).environments];
  });
  return { environments: new Map(environments) };
}

function review(base: SynthesizedOutput, head: SynthesizedOutput): Finding[] {
  return [...reviewOutputs(base, head, new Date('2026-11-25T00:00:00Z')).findings];
}

const promotion = (findings: readonly Finding[], environment: string) =>
  findings.filter((f) => f.environment === environment && f.kind === 'promotion');

describe('sso review of environments sharing one account', () => {
  test('GIVEN the owner shortens the session timeout WHEN reviewed THEN one high finding says the change reaches staging at once and cannot be staged, and no finding asks staging to carry it', () => {
    const prod = sharedProd();
    prod.session = { idleMinutes: 20, lifetimeHours: 8 };

    const findings = review(output([sharedStaging(), sharedProd()]), output([sharedStaging(), prod]));

    expect(promotion(findings, 'prod')).toEqual([
      expect.objectContaining({
        severity: 'high',
        subject: `account ${SHARED_ACCOUNT_ID}`,
        message: expect.stringMatching(
          new RegExp(
            `^1 account-level change in account ${SHARED_ACCOUNT_ID}, shared by staging and prod: prod's deploy ` +
              'applies it to every environment of the account at once .* so it cannot be staged in staging first',
          ),
        ),
        details: [expect.stringMatching(/^okta_app_signon_policy_rule\.session: idle timeout.* tightened/)],
      }),
    ]);
    expect(findings.filter((f) => f.environment === 'staging')).toEqual([]);
  });

  test('GIVEN a grant on a prod workspace only WHEN reviewed THEN it still goes through the staging-first gate', () => {
    const prod = sharedProd();
    (prod.groups.analysts as { workspaces: Record<string, string> }).workspaces['ml-prod'] = 'USER';

    const findings = review(output([sharedStaging(), sharedProd()]), output([sharedStaging(), prod]));

    expect(promotion(findings, 'prod')).toEqual([
      expect.objectContaining({
        severity: 'high',
        subject: 'analysts on ml-prod',
        message: expect.stringContaining('reaches prod before staging carries it'),
      }),
    ]);
  });

  test('GIVEN the same grant in staging first WHEN prod follows THEN the gate lets it through, in a shared account as elsewhere', () => {
    const staging = sharedStaging();
    (staging.groups.analysts as { workspaces: Record<string, string> }).workspaces['ml-staging'] = 'USER';
    const prod = sharedProd();
    (prod.groups.analysts as { workspaces: Record<string, string> }).workspaces['ml-prod'] = 'USER';

    const findings = review(output([staging, sharedProd()]), output([staging, prod]));

    expect(promotion(findings, 'prod')).toEqual([]);
  });

  test('GIVEN two stacks of one account moved into the shared form with migrating WHEN reviewed THEN staging hands its account-level pieces over in one medium finding, with no deletion or lockout', () => {
    const prodAlone = example('prod');
    delete prodAlone.promotesAfter;
    const base = output([stagingInProdAccount()], [prodAlone]);

    const findings = review(
      base,
      output([sharedStaging({ migrating: true }), sharedProd({ migrating: true })]),
    );
    const staging = findings.filter((f) => f.environment === 'staging');

    expect(staging.filter((f) => f.severity === 'high')).toEqual([]);
    expect(staging).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'medium',
          subject: `account ${SHARED_ACCOUNT_ID}: hand-over to prod`,
          message: expect.stringContaining("leave staging's Terraform state without being destroyed"),
          details: expect.arrayContaining([expect.stringMatching(/^okta_app_saml\.databricks is deleted/)]),
        }),
      ]),
    );
  });

  test('GIVEN the migration WHEN reviewed THEN the groups prod imports are no change of prod: it creates them as before', () => {
    const prodAlone = example('prod');
    delete prodAlone.promotesAfter;
    const base = output([stagingInProdAccount()], [prodAlone]);

    const findings = review(
      base,
      output([sharedStaging({ migrating: true }), sharedProd({ migrating: true })]),
    );

    expect(findings.filter((f) => f.environment === 'prod' && f.kind === 'group')).toEqual([]);
    expect(findings.filter((f) => f.subject === `account ${SHARED_ACCOUNT_ID}`)).toEqual([]);
  });

  test('GIVEN staging drops its account-level pieces without migrating WHEN reviewed THEN the deletions stay high: Terraform would destroy them', () => {
    const prodAlone = example('prod');
    delete prodAlone.promotesAfter;
    const base = output([stagingInProdAccount()], [prodAlone]);

    const findings = review(base, output([sharedStaging(), sharedProd()]));

    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          environment: 'staging',
          severity: 'high',
          subject: 'okta_app_saml.databricks',
          message: expect.stringContaining('is deleted'),
        }),
      ]),
    );
  });
});
