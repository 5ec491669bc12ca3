import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { example } from '../helpers';
import { copyCheckout } from './git-project';

/*
 * One source of truth: a project whose cdktf.json names two YAML declarations, with the example's
 * stacks/*.ts left untouched, must get those YAML files from every path: `cdktf synth` (main.ts),
 * `sso synth`, `sso validate` and `sso review --base REF` (which runs the ref's own synth).
 */
let project: string;

function run(command: string, args: readonly string[], timeout = 120_000) {
  const result = spawnSync(command, [...args], {
    cwd: project,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const sso = (...args: string[]) => run(process.execPath, [path.join(project, 'bin/sso.js'), ...args]);
const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);

function writeYaml(file: string, declaration: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), stringify(declaration));
}

function yamlDeclarations(analystsOnMlProd = false): void {
  const staging = example('staging');
  const prod = example('prod');
  (staging.idp as { orgName: string }).orgName = 'yaml-company';
  (prod.idp as { orgName: string }).orgName = 'yaml-company';
  const analysts = (prod.groups as Record<string, { workspaces: Record<string, string> }>).analysts;
  if (analysts && analystsOnMlProd) analysts.workspaces['ml-prod'] = 'USER';
  writeYaml('sso/staging.yaml', staging);
  writeYaml('sso/prod.yaml', prod);
}

beforeAll(() => {
  // A copy of the repository's tracked files, sharing its node_modules, as a user's checkout.
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-project-'));
  copyCheckout(project);
  const cdktf = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  cdktf.context.declarations = ['sso/staging.yaml', 'sso/prod.yaml'];
  fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify(cdktf, null, 2));
  yamlDeclarations();
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'YAML declarations');
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

function orgNames(out: string): string[] {
  return ['staging', 'prod'].map((stack) => {
    const json = JSON.parse(
      fs.readFileSync(path.join(project, out, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
    ) as {
      provider: { okta: { org_name: string }[] };
    };
    return json.provider.okta[0]?.org_name ?? '';
  });
}

test('GIVEN YAML declarations named in cdktf.json WHEN sso synth runs THEN it says which files it read and synthesizes them', () => {
  const result = sso('synth', '--out', 'sso-out');

  expect(result.code).toBe(0);
  expect(result.stdout.split('\n')[0]).toBe(
    'declarations: sso/staging.yaml, sso/prod.yaml (from cdktf.json context.declarations)',
  );
  expect(orgNames('sso-out')).toEqual(['yaml-company', 'yaml-company']);
});

test('GIVEN YAML declarations named in cdktf.json WHEN cdktf synth runs main.ts THEN it synthesizes the YAML files, not stacks/*.ts', () => {
  const result = run(
    path.join(project, 'node_modules/.bin/cdktf'),
    ['synth', '--output', 'cdktf-out'],
    180_000,
  );

  expect(result.code).toBe(0);
  expect(orgNames('cdktf-out')).toEqual(['yaml-company', 'yaml-company']);
});

test('GIVEN YAML declarations named in cdktf.json WHEN sso validate runs THEN it validates them', () => {
  fs.writeFileSync(path.join(project, 'sso/prod.yaml'), stringify({ ...example('prod'), tier: 'nonsense' }));
  try {
    const result = sso('validate');

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: prod: tier: .*got "nonsense"/m);
  } finally {
    yamlDeclarations();
  }
});

test('GIVEN a commit that changes a YAML declaration WHEN sso review --base HEAD~1 runs THEN it reviews the YAML change', () => {
  yamlDeclarations(true);
  git('commit', '-qam', 'analysts reach ml-prod');

  const result = sso('review', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');

  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const findings = (
    JSON.parse(result.stdout) as { findings: { environment: string; subject: string; after: string }[] }
  ).findings;
  expect(findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ environment: 'prod', subject: expect.stringMatching(/analysts.*ml-prod/) }),
    ]),
  );
});

test('GIVEN a setting naming a missing file WHEN any command reads it THEN the error names the setting entry', () => {
  const cdktfFile = path.join(project, 'cdktf.json');
  const saved = fs.readFileSync(cdktfFile, 'utf8');
  fs.writeFileSync(
    cdktfFile,
    JSON.stringify({ context: { declarations: ['sso/staging.yaml', 'sso/nope.yaml'] } }),
  );
  try {
    const result = sso('synth', '--out', 'never');

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.yaml/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(project, 'never'))).toBe(false);
  } finally {
    fs.writeFileSync(cdktfFile, saved);
  }
});
