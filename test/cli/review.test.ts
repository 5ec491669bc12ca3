import { spawn, spawnSync } from 'child_process';
import { ssoInProcess } from './in-process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../lib/cli/synthesize';
import { declarationSources } from '../../lib/cli/declarations';
import { example, setPermission, writeOutput, type Json } from '../core/review/outputs';
import { ROOT, sso } from './sso';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-cli-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes base and head outputs, head being base changed by `change`. */
function outputs(change: (head: { staging: Json; prod: Json }) => void): { base: string; head: string } {
  const stacks = example();
  const base = path.join(tmp, 'base');
  const head = path.join(tmp, 'head');
  writeOutput(base, stacks);
  change(stacks);
  writeOutput(head, stacks);
  return { base, head };
}

describe('sso review with output directories', () => {
  test('GIVEN two outputs that differ by a signing-key rotation WHEN the binary reviews them as JSON THEN a high finding says a console step is due', () => {
    const { base, head } = outputs((s) => (s.staging.resource.okta_app_saml.databricks.key_name = '2027-q1'));

    const result = sso(['review', '--base-out', base, '--head-out', head, '--format', 'json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([
      expect.objectContaining({
        environment: 'staging',
        severity: 'high',
        kind: 'signing-key',
        message: expect.stringMatching(/console step is due/),
      }),
    ]);
  });

  test('GIVEN a high finding WHEN --fail-on high THEN the report is printed and the exit code is 1', async () => {
    const { base, head } = outputs((s) => setPermission(s.staging, 'analysts', 'analytics-staging', 'ADMIN'));

    const result = await ssoInProcess([
      'review',
      '--base-out',
      base,
      '--head-out',
      head,
      '--fail-on',
      'high',
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      '**SSO review:** 1 high, 0 medium, 0 low; environments touched: staging',
    );
  });

  test('GIVEN only medium findings WHEN --fail-on high THEN the exit code is 0, and with --fail-on medium it is 1', async () => {
    const { base, head } = outputs((s) => setPermission(s.staging, 'analysts', 'ml-staging', 'USER'));
    const args = ['review', '--base-out', base, '--head-out', head, '--fail-on'];

    expect((await ssoInProcess([...args, 'high'])).code).toBe(0);
    expect((await ssoInProcess([...args, 'medium'])).code).toBe(1);
  });

  test.each([
    [['review', '--head-out', 'x'], /give the version to compare against/],
    [['review', '--base', 'main', '--base-out', 'x'], /give --base or --base-out, not both/],
    [['review', '--base-out', 'x', '--format', 'xml'], /--format must be one of md, json/],
    [['review', '--base-out', 'x', '--fail-on', 'low'], /--fail-on must be one of high, medium, never/],
  ])('GIVEN %j WHEN run THEN it is a usage error (exit 2)', async (args, message) => {
    const result = await ssoInProcess(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('GIVEN a directory that is not an output WHEN reviewed THEN one error line and exit 1', async () => {
    const result = await ssoInProcess(['review', '--base-out', tmp, '--head-out', tmp]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: --base-out: expected a synthesized output directory[^\n]*\n$/);
  });

  test('GIVEN no --head WHEN reviewed THEN the working tree is synthesized outside it and ./cdktf.out is left alone', async () => {
    const base = path.join(tmp, 'base');
    synthesizeToDirectory(declarationSources([]), base);
    const before = fs.existsSync(path.join(ROOT, 'cdktf.out'))
      ? fs.statSync(path.join(ROOT, 'cdktf.out')).mtimeMs
      : undefined;

    const result = await ssoInProcess(['review', '--base-out', base]);

    expect(result).toMatchObject({ code: 0, stdout: '**SSO review:** no SSO changes.\n' });
    const after = fs.existsSync(path.join(ROOT, 'cdktf.out'))
      ? fs.statSync(path.join(ROOT, 'cdktf.out')).mtimeMs
      : undefined;
    expect(after).toBe(before);
  }, 60_000);
});

describe('sso review --base REF', () => {
  let repo: string;
  let scratch: string;

  /** A copy of the last commit as a repository of two commits: the base, and prod granting ADMIN. */
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-repo-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const archive = spawnSync('git', ['archive', '--format=tar', 'HEAD'], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
    });
    spawnSync('tar', ['-x', '-C', repo], { input: archive.stdout });
    git('init', '--quiet');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-m', 'base');
    const prod = path.join(repo, 'stacks', 'prod.ts');
    const edited = fs
      .readFileSync(prod, 'utf8')
      .replace(
        "workspaces: { 'ml-prod': 'USER', 'ml-sandbox': 'USER' }",
        "privileged: true,\n      workspaces: { 'ml-prod': 'ADMIN', 'ml-sandbox': 'USER' }",
      );
    fs.writeFileSync(prod, edited);
    git(
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      'commit',
      '--quiet',
      '-am',
      'prod: data-scientists ADMIN',
    );
    // Installed, not committed: like any clone after npm ci.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(tmp, 'tmpdir-'));
  });

  const worktrees = () =>
    spawnSync('git', ['worktree', 'list', '--porcelain'], { cwd: repo, encoding: 'utf8' }).stdout.match(
      /^worktree /gm,
    )?.length;

  test('GIVEN two commits WHEN reviewed by ref THEN prod ADMIN is a high access and a high promotion finding, and no worktree is left', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/sso.js'), 'review', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'],
      { cwd: repo, encoding: 'utf8', env: { ...process.env, TMPDIR: scratch }, timeout: 120_000 },
    );

    expect(result.stderr).toBe('');
    expect(
      JSON.parse(result.stdout).findings.map((f: Json) => [f.environment, f.severity, f.kind, f.subject]),
    ).toEqual([
      ['prod', 'high', 'access', 'data-scientists on ml-prod'],
      ['prod', 'high', 'promotion', 'data-scientists on ml-prod'],
    ]);
    expect(worktrees()).toBe(1);
    expect(fs.readdirSync(scratch).filter((d) => d.startsWith('sso-review-'))).toEqual([]);
  }, 150_000);

  test('GIVEN a review synthesizing the base WHEN interrupted with SIGINT THEN the worktree and temporary files are removed', async () => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin/sso.js'), 'review', '--base', 'HEAD~1', '--head', 'HEAD'],
      {
        cwd: repo,
        env: { ...process.env, TMPDIR: scratch },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = Date.now();
    while (
      !fs.readdirSync(scratch).some((d) => fs.existsSync(path.join(scratch, d, 'base-tree', 'bin'))) &&
      Date.now() - started < 30_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    child.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(worktrees()).toBe(1);
    expect(fs.readdirSync(scratch).filter((d) => d.startsWith('sso-review-'))).toEqual([]);
  }, 60_000);
});
