import { buildHistory, pullRequestOf, type HistoryCommit } from '../../../lib/core/audit/history';
import { outputFromStacks, type SynthesizedOutput } from '../../../lib/core/review';
import { stackJson, type EnvironmentSpec, type Json } from '../review/outputs';

const SPEC: EnvironmentSpec = {
  environment: 'dev',
  accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
  workspaces: { 'ml-dev': '1122334455667788' },
  groups: {
    admins: { workspaces: { 'ml-dev': 'ADMIN' }, accountAdmin: true },
    scientists: { workspaces: { 'ml-dev': 'USER' } },
  },
};

/** The dev environment with `change` applied to its stack JSON (records at "//".sso, for example). */
function state(
  change: (json: Json) => void = () => undefined,
  spec: EnvironmentSpec = SPEC,
): { output: SynthesizedOutput } {
  const json = stackJson(spec);
  json['//'].sso = {
    emergencyAccess: ['breakglass@acme.com'],
    signingKey: { generation: '2026-q4', issued: '2026-10-01' },
  };
  change(json);
  return { output: outputFromStacks([{ name: 'dev', json, dependencies: [] }]) };
}

const commit = (n: number, subject = `change ${n}`): HistoryCommit => ({
  sha: `${n}`.repeat(40).slice(0, 40),
  date: `2026-11-0${n}T09:00:00Z`,
  author: `Author ${n}`,
  subject,
  pullRequest: pullRequestOf(subject),
});

const scientistsAdmin: EnvironmentSpec = {
  ...SPEC,
  groups: { ...SPEC.groups, scientists: { workspaces: { 'ml-dev': 'ADMIN' } } },
};
const suppressed = (json: Json) => {
  json['//'].sso.suppressions = [
    {
      rule: 'SSO-005',
      environment: 'dev',
      path: 'databricks/admin-assignment',
      reason: 'Scientists run the sandbox (SEC-1)',
    },
  ];
};

describe('pullRequestOf', () => {
  test('GIVEN a GitHub merge commit WHEN read THEN its pull request number is found', () => {
    expect(pullRequestOf('Merge pull request #123 from acme/branch\n\nbody')).toBe(123);
  });

  test('GIVEN a squash-merged subject WHEN read THEN the trailing number is found', () => {
    expect(pullRequestOf('Data scientists administer ml-prod (#42)')).toBe(42);
  });

  test('GIVEN a number elsewhere in the message WHEN read THEN it is not taken for a pull request', () => {
    expect(pullRequestOf('Fix (#12) parsing of things\n\nSee (#99)')).toBeNull();
  });
});

describe('buildHistory', () => {
  test('GIVEN a commit widening a group to ADMIN WHEN built THEN its entry carries the finding', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(2),
      steps: [
        { commit: commit(2, 'Scientists administer (#7)'), state: state(() => undefined, scientistsAdmin) },
      ],
    });

    expect(history.entries).toEqual([
      expect.objectContaining({
        author: 'Author 2',
        pullRequest: 7,
        findings: expect.arrayContaining([
          expect.objectContaining({
            subject: 'scientists on ml-dev',
            before: 'USER',
            after: 'ADMIN',
            severity: 'high',
          }),
        ]),
      }),
    ]);
  });

  test('GIVEN a step whose state did not change WHEN built THEN it is examined and not listed', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(2),
      steps: [{ commit: commit(2) }],
    });

    expect([history.examined, history.statesCompared, history.entries.length]).toEqual([1, 0, 0]);
  });

  test('GIVEN a commit that does not synthesize WHEN built THEN it is listed with why and the next is compared with the last good state', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(3),
      steps: [
        { commit: commit(2), state: { error: 'prod: SSO-005 ...' } },
        { commit: commit(3), state: state(() => undefined, scientistsAdmin) },
      ],
    });

    expect(history.entries.map((e) => [e.sha.slice(0, 1), e.error ?? e.findings[0]?.subject])).toEqual([
      ['2', 'prod: SSO-005 ...'],
      ['3', 'scientists on ml-dev'],
    ]);
  });

  test('GIVEN a suppression added and later removed WHEN built THEN it is one span with both commits and its reason', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(3),
      steps: [
        { commit: commit(2), state: state(suppressed) },
        { commit: commit(3), state: state() },
      ],
    });

    expect(history.overrides).toEqual([
      {
        environment: 'dev',
        kind: 'suppression',
        subject: 'SSO-005 at databricks/admin-assignment',
        reason: 'Scientists run the sandbox (SEC-1)',
        added: expect.objectContaining({ commit: commit(2).sha, date: '2026-11-02T09:00:00Z' }),
        removed: expect.objectContaining({ commit: commit(3).sha, date: '2026-11-03T09:00:00Z' }),
      },
    ]);
  });

  test('GIVEN a suppression in force before the range WHEN built THEN it is listed as added before the range', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state(suppressed) },
      head: commit(1),
      steps: [],
    });

    expect(history.overrides).toEqual([expect.objectContaining({ added: null, removed: null })]);
  });

  test('GIVEN a new signing-key generation WHEN built THEN the rotation is listed with its issue date and commit', () => {
    const rotated = (json: Json) => {
      json['//'].sso.signingKey = { generation: '2027-q1', issued: '2026-11-02' };
      json.resource.okta_app_saml.databricks.key_name = '2027-q1';
    };
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(2),
      steps: [{ commit: commit(2), state: state(rotated) }],
    });

    expect(history.rotations).toEqual([
      expect.objectContaining({
        environment: 'dev',
        generation: '2027-q1',
        issued: '2026-11-02',
        previous: '2026-q4',
        commit: commit(2).sha,
      }),
    ]);
  });

  test('GIVEN a break-glass user removed WHEN built THEN the entry says so', () => {
    const history = buildHistory({
      since: { ref: 'v1', commit: commit(1), state: state() },
      head: commit(2),
      steps: [{ commit: commit(2), state: state((json) => (json['//'].sso.emergencyAccess = [])) }],
    });

    expect(history.entries[0]?.emergencyAccess).toEqual([
      { environment: 'dev', added: [], removed: ['breakglass@acme.com'] },
    ]);
  });
});
