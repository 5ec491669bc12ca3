import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { consumerLockfile, type Lockfile } from './lockfile';
import { describeWithTerraform } from '../terraform';

/*
 * The package as someone else's cdktf project gets it: `npm pack` (which builds dist/), then a new
 * project installs the tarball and its peers offline from the npm cache, declares an environment
 * in its own main.ts beside a stack of its own, and runs `cdktf synth` and the installed `sso`.
 */
const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'consumer-project');
// The consumer's own tools, at the versions this repository's lockfile holds.
const CONSUMER_TOOLS = ['cdktf-cli', 'ts-node', 'typescript', '@types/node'];
const PEERS = [
  'cdktf',
  'constructs',
  '@cdktf/provider-okta',
  '@cdktf/provider-databricks',
  '@cdktf/provider-azuread',
];

let work: string;
let project: string;
let tarballFiles: string[];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** npm's own settings from `npm run` would leak into the consumer's npm; the cache location stays. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && lower !== 'npm_config_cache' && lower !== 'npm_config_userconfig')
      continue;
    env[key] = value;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', CI: '1', SSO_CLOCK: '2026-11-29' };
}

function run(command: string, args: readonly string[], cwd: string, timeout = 300_000): Run {
  const result = spawnSync(command, [...args], { cwd, encoding: 'utf8', timeout, env: cleanEnv() });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function succeeded(what: string, result: Run): Run {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

const lockedVersion = (lock: Lockfile, name: string): string => {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (typeof version !== 'string') throw new Error(`${name} is not in package-lock.json`);
  return version;
};

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-consumer-'));
  const packed = JSON.parse(
    succeeded('npm pack', run('npm', ['pack', '--json', '--pack-destination', work], ROOT)).stdout,
  ) as { filename: string; integrity: string; files: { path: string }[] }[];
  const tarball = packed[0];
  if (!tarball) throw new Error('npm pack wrote no tarball');
  tarballFiles = tarball.files.map((f) => f.path);

  project = path.join(work, 'consumer');
  fs.cpSync(FIXTURE, project, { recursive: true });
  const repositoryLock = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'),
  ) as Lockfile;
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const dependencies = Object.fromEntries(
    [...PEERS, ...CONSUMER_TOOLS].map((name) => [name, lockedVersion(repositoryLock, name)]),
  );
  const file = `../${tarball.filename}`;
  fs.writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'consumer',
        version: '1.0.0',
        private: true,
        dependencies: { ...dependencies, [manifest.name]: `file:${file}` },
      },
      null,
      2,
    )}\n`,
  );
  const packedManifest = JSON.parse(
    succeeded('tar', run('tar', ['xzOf', path.join(work, tarball.filename), 'package/package.json'], work))
      .stdout,
  ) as Parameters<typeof consumerLockfile>[2]['manifest'];
  const lock = consumerLockfile(
    repositoryLock,
    { name: 'consumer', dependencies },
    { manifest: packedManifest, file, integrity: tarball.integrity },
  );
  fs.writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  succeeded('npm ci --offline', run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project));
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('GIVEN npm pack WHEN the tarball is listed THEN it holds compiled JavaScript with declarations, the bin and the examples, and no TypeScript sources or tests', () => {
  // THEN
  expect(tarballFiles).toEqual(
    expect.arrayContaining([
      'bin/sso.js',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/index.js.map',
      'dist/lib/cli/main.js',
      'examples/entra-aws.yaml',
      'CHANGELOG.md',
      'package.json',
    ]),
  );
  expect(tarballFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(tarballFiles.filter((f) => /^(test|bench|lib|stacks|scripts)\//.test(f))).toEqual([]);
});

test("GIVEN the installed package WHEN the consumer's main.ts and declaration are type-checked THEN the package's types accept them", () => {
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], project);
  // THEN
  expect(result.stdout + result.stderr).toBe('');
  expect(result.code).toBe(0);
});

test("GIVEN the consumer's main.ts WHEN cdktf synth runs THEN its own stack and the SSO stack are synthesized in one app", () => {
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/cdktf'), ['synth'], project);
  // THEN
  expect(result.code).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out/manifest.json'), 'utf8')) as {
    stacks: Record<string, unknown>;
  };
  expect(Object.keys(manifest.stacks).sort()).toEqual(['network', 'staging']);
  const staging = JSON.parse(
    fs.readFileSync(path.join(project, 'cdktf.out/stacks/staging/cdk.tf.json'), 'utf8'),
  ) as { resource: Record<string, Record<string, unknown>> };
  expect(Object.keys(staging.resource.okta_app_saml ?? {})).toEqual(['databricks']);
  expect(staging.resource.databricks_mws_permission_assignment).toBeDefined();
});

test('GIVEN the installed package WHEN sso validate runs in the consumer project THEN it validates the declaration cdktf.json names', () => {
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/sso'), ['validate'], project);
  // THEN
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('staging: ok\n');
  expect(result.code).toBe(0);
});

test("GIVEN the installed package WHEN sso synth runs THEN it writes the same staging stack as the consumer's cdktf synth", () => {
  // GIVEN
  const viaCdktf = run(
    path.join(project, 'node_modules/.bin/cdktf'),
    ['synth', '--output', 'cdktf.out'],
    project,
  );
  expect(viaCdktf.code).toBe(0);
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/sso'), ['synth', '--out', 'sso.out'], project);
  // THEN
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    'declarations: declarations/staging.ts (from cdktf.json context.declarations)',
  );
  const read = (dir: string): unknown =>
    JSON.parse(fs.readFileSync(path.join(project, dir, 'stacks/staging/cdk.tf.json'), 'utf8'));
  expect(read('sso.out')).toEqual(read('cdktf.out'));
});

test('GIVEN the installed package WHEN sso --help runs THEN it runs compiled JavaScript, with no TypeScript runner installed', () => {
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/sso'), ['--help'], project);
  // THEN
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^usage: sso <command>/);
  expect(fs.existsSync(path.join(project, 'node_modules/tsx'))).toBe(false);
  expect(fs.existsSync(path.join(project, 'node_modules/databricks-sso-as-code/lib'))).toBe(false);
});

test("GIVEN the installed package WHEN sso --version runs THEN it prints the packed package's version", () => {
  // GIVEN
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  // WHEN
  const result = run(path.join(project, 'node_modules/.bin/sso'), ['--version'], project);
  // THEN
  expect(result.stdout).toBe(`${version}\n`);
  expect(result.code).toBe(0);
});

test('GIVEN the consumer project in a subdirectory of a git repository WHEN a pull request adds a group and sso review --base HEAD runs THEN the base is synthesized by the installed package and the change is reported', () => {
  // GIVEN
  const git = (...args: string[]) =>
    succeeded(
      `git ${args[0]}`,
      run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], work),
    );
  // A monorepo: the repository is the work directory, the cdktf project is its consumer/ folder.
  fs.writeFileSync(path.join(work, '.gitignore'), '*.tgz\nnode_modules/\ncdktf.out/\nsso.out/\n');
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', 'staging SSO');
  const file = path.join(project, 'declarations/staging.ts');
  const before = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    before.replace(
      '  groups: {\n',
      "  groups: {\n    'risk-analysts': { workspaces: { analytics: 'USER' }, entitlements: ['workspace-access'] },\n",
    ),
  );
  try {
    // WHEN
    const result = run(path.join(project, 'node_modules/.bin/sso'), ['review', '--base', 'HEAD'], project);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('risk-analysts');
  } finally {
    fs.writeFileSync(file, before);
  }
});

describeWithTerraform('the installed package with terraform', () => {
  test('GIVEN the consumer project WHEN sso preflight runs THEN Terraform plans its stack with stand-ins built in its node_modules', () => {
    // WHEN
    const result = run(path.join(project, 'node_modules/.bin/sso'), ['preflight'], project);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^staging: ok: 12 to add, 0 to change, 0 to destroy/m);
    expect(fs.readdirSync(path.join(project, 'node_modules/.cache/databricks-sso/standins'))).toHaveLength(1);
    expect(result.code).toBe(0);
  });
});
