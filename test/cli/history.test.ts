import { example } from '../helpers';
import { gitProject, type GitProject } from './git-project';

/*
 * `sso history` in a user's repository: YAML declarations named in cdktf.json, a commit that
 * widens data scientists to ADMIN on ml-prod, and commits around it that change nothing SSO reads.
 */
let project: GitProject;
let base: string;
let change: string;

interface HistoryJson {
  since: { ref: string; commit: string };
  examined: number;
  statesCompared: number;
  entries: {
    commit: string;
    date: string;
    author: string;
    pullRequest: number | null;
    subject: string;
    findings: {
      environment: string;
      severity: string;
      subject: string;
      before: string | null;
      after: string | null;
    }[];
  }[];
  rotations: { environment: string; generation: string; issued: string; previous: string; commit: string }[];
  overrides: {
    environment: string;
    kind: string;
    reason: string;
    added: { commit: string } | null;
    removed: { commit: string } | null;
  }[];
}

function prodWith(change: (prod: ReturnType<typeof example>) => void): ReturnType<typeof example> {
  const prod = example('prod');
  change(prod);
  return prod;
}

const adminScientists = (prod: ReturnType<typeof example>) => {
  const scientists = (
    prod.groups as Record<string, { workspaces: Record<string, string>; privileged?: boolean }>
  )['data-scientists'];
  if (scientists === undefined) throw new Error('the example lost data-scientists');
  scientists.privileged = true;
  scientists.workspaces['ml-prod'] = 'ADMIN';
};

beforeAll(() => {
  project = gitProject([example('staging'), example('prod')]);
  base = project.commit('Declarations in YAML', 'Pat Platform', '2026-11-02T09:00:00Z');
  project.append('README.md', 'A note for readers.');
  project.commit('Docs only', 'Pat Platform', '2026-11-03T09:00:00Z');
  project.writeDeclaration(prodWith(adminScientists));
  change = project.commit(
    'Data scientists administer ml-prod (#42)\n\nINC-4711 needs cluster policies edited tonight.',
    'Dana Scientist',
    '2026-11-04T10:30:00+01:00',
  );
  project.writeDeclaration(
    prodWith((prod) => {
      adminScientists(prod);
      prod.suppressions = [{ rule: 'SSO-009', reason: 'Break-glass users are being re-issued (SEC-9)' }];
      prod.emergencyAccess = [];
    }),
  );
  project.commit('Merge pull request #43 from acme/break-glass', 'Robin Release', '2026-11-05T08:00:00Z');
}, 120_000);
afterAll(() => project.remove());

let answer: HistoryJson | undefined;

/** `sso history --since base` as JSON: one run, read by every test about its answer. */
function history(): HistoryJson {
  if (answer === undefined) {
    const result = project.sso(['history', '--since', base, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    answer = JSON.parse(result.stdout) as HistoryJson;
  }
  return answer;
}

test('GIVEN a commit widening a group to ADMIN WHEN sso history runs since before it THEN it names the change with its commit, author, date and pull request', () => {
  const entry = history().entries.find((e) => e.commit === change);

  expect(entry).toEqual(
    expect.objectContaining({
      author: 'Dana Scientist',
      date: '2026-11-04T09:30:00Z',
      pullRequest: 42,
      subject: 'Data scientists administer ml-prod (#42)',
    }),
  );
  expect(entry?.findings).toContainEqual(
    expect.objectContaining({
      environment: 'prod',
      severity: 'high',
      subject: 'data-scientists on ml-prod',
      before: 'USER',
      after: 'ADMIN',
    }),
  );
});

test('GIVEN commits that change nothing SSO reads WHEN sso history runs THEN they are examined but not synthesized or listed', () => {
  const log = history();

  expect(log.examined).toBe(3);
  expect(log.statesCompared).toBe(2);
  expect(log.entries.map((e) => e.subject)).toEqual([
    'Data scientists administer ml-prod (#42)',
    'Merge pull request #43 from acme/break-glass',
  ]);
});

test('GIVEN a suppression added by a merged pull request WHEN sso history runs THEN it lists the suppression with its reason and the commit that added it', () => {
  const log = history();
  const merge = log.entries.find((e) => e.pullRequest === 43);

  expect(log.overrides).toContainEqual(
    expect.objectContaining({
      environment: 'prod',
      kind: 'suppression',
      reason: 'Break-glass users are being re-issued (SEC-9)',
      added: expect.objectContaining({ commit: merge?.commit, pullRequest: 43 }),
      removed: null,
    }),
  );
});

test('GIVEN the Markdown format WHEN sso history runs THEN the change reads as the review names it', () => {
  const result = project.sso(['history', '--since', base]);

  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`### 2026-11-04 ${change.slice(0, 12)} Dana Scientist (pull request #42)`);
  expect(result.stdout).toContain('prod (high): data-scientists on ml-prod: USER -> ADMIN');
});

test('GIVEN a ref that is not a commit WHEN sso history runs THEN it is refused with exit 1', () => {
  const result = project.sso(['history', '--since', 'no-such-ref']);

  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^error: --since: expected a commit of this repository/);
});

test('GIVEN --at a commit before the change WHEN sso access runs THEN it answers for that commit', () => {
  const at = (ref: string) => {
    const result = project.sso(['access', '--at', ref, '--workspace', 'ml-prod', '--format', 'csv']);
    expect(result.code).toBe(0);
    return result.stdout.split('\n').find((line) => line.startsWith('prod,data-scientists,'));
  };

  expect(at(base)).toBe('prod,data-scientists,ml-prod,USER,workspace-access;databricks-sql-access');
  expect(at(change)).toBe('prod,data-scientists,ml-prod,ADMIN,workspace-access;databricks-sql-access');
});
