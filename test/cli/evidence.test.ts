import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from '../security/cli';
import { example } from '../helpers';
import { gitProject, type GitProject } from './git-project';

/* `sso evidence` in a user's repository with two commits of YAML declarations. */
let project: GitProject;
let head: string;

beforeAll(() => {
  project = gitProject([example('staging'), example('prod')]);
  project.commit('Declarations in YAML', 'Pat Platform', '2026-11-02T09:00:00Z');
  const prod = example('prod');
  prod.suppressions = [{ rule: 'SSO-009', reason: 'Break-glass users are being re-issued (SEC-9)' }];
  prod.emergencyAccess = [];
  project.writeDeclaration(prod);
  head = project.commit('No break-glass users until SEC-9 (#7)', 'Robin Release', '2026-11-05T08:00:00Z');
}, 120_000);
afterAll(() => project.remove());

function evidence(out: string, env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const result = project.sso(['evidence', '--out', out], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readTree(path.join(project.dir, out));
}

const written = new Map<string, Record<string, string>>();

/** The folder one `sso evidence` run wrote with `env`, read by every test about what it holds. */
function evidenceOnce(env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const key = JSON.stringify(env);
  let files = written.get(key);
  if (files === undefined) {
    files = evidence(`evidence-${written.size}`, env);
    written.set(key, files);
  }
  return files;
}

test('GIVEN the same commit WHEN sso evidence runs twice THEN it writes identical files', () => {
  const first = evidenceOnce({ SSO_CLOCK: '' });
  const second = evidence('evidence-again', { SSO_CLOCK: '' });

  expect(second).toEqual(first);
});

test('GIVEN an evidence folder WHEN written THEN it holds every answer an auditor asks for', () => {
  expect(Object.keys(evidenceOnce()).sort()).toEqual([
    'README.md',
    'access-prod.csv',
    'access-prod.md',
    'access-staging.csv',
    'access-staging.md',
    'access.json',
    'history.json',
    'history.md',
    'policy.md',
    'privileged-access.md',
    'rotation.md',
  ]);
});

test('GIVEN an evidence folder WHEN its index is read THEN it names the commit and the SHA-256 of every other file', () => {
  const files = evidenceOnce();
  const index = files['README.md'] ?? '';

  expect(index).toContain(`from commit ${head} (2026-11-05T08:00:00Z, Robin Release, pull request #7)`);
  for (const [name, content] of Object.entries(files)) {
    if (name === 'README.md') continue;
    expect(index).toContain(`| ${name} | `);
    expect(index).toContain(createHash('sha256').update(content).digest('hex'));
  }
});

test('GIVEN no SSO_CLOCK WHEN evidence is written THEN rotation and policy are judged on the commit date', () => {
  const files = evidenceOnce({ SSO_CLOCK: '' });

  expect(files['README.md']).toContain("Judged on 2026-11-05 (the commit's date).");
  expect(files['rotation.md']).toContain('## SAML signing-key rotation (as of 2026-11-05)');
});

test('GIVEN a suppression WHEN evidence is written THEN the policy report lists it with its reason', () => {
  const policy = evidenceOnce()['policy.md'] ?? '';

  expect(policy).toMatch(/\| SSO-009 \| .* \| passes \| 1 suppressed \|/);
  expect(policy).toContain('- prod: SSO-009 emergencyAccess: Break-glass users are being re-issued (SEC-9)');
});

test('GIVEN a folder holding other files WHEN sso evidence writes there THEN it refuses and leaves them', () => {
  fs.mkdirSync(path.join(project.dir, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(project.dir, 'notes', 'mine.txt'), 'keep me');

  const result = project.sso(['evidence', '--out', 'notes']);

  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^error: --out: expected an absent or empty folder, or an earlier evidence folder/,
  );
  expect(fs.readFileSync(path.join(project.dir, 'notes', 'mine.txt'), 'utf8')).toBe('keep me');
});
