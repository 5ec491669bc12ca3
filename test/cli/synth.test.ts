import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkStackIntegrity } from '../../lib/core/terraform/integrity';
import { example } from '../helpers';
import { readTree } from '../security/cli';
import { sharedProd, sharedStaging } from '../shared-account';
import { ssoInProcess } from './in-process';
import { ROOT, sso } from './sso';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sso-synth-'));
}

describe('sso synth', () => {
  const work = tempDir();
  const out = path.join(work, 'cdktf.out');
  // As on a machine without Terraform: synthesis must not need the binary.
  const first = sso(['synth', '--out', out], { TERRAFORM_BINARY_NAME: 'terraform-not-installed' });

  test('GIVEN the built-in example WHEN synthesized THEN both stacks and the manifest are written', () => {
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'stacks/staging/cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'stacks/prod/cdk.tf.json'))).toBe(true);
  });

  test('GIVEN the built-in example WHEN synthesized THEN one summary line per environment is printed', () => {
    expect(first.stdout).toMatch(/^staging: idp okta, 5 groups mapped, 2 workspaces, \d+ resources$/m);
    expect(first.stdout).toMatch(/^prod: idp okta, 5 groups mapped, 3 workspaces, \d+ resources$/m);
  });

  test('GIVEN the written stacks WHEN checked THEN every reference, escape, provider and pin is sound', () => {
    for (const env of ['staging', 'prod']) {
      const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', env, 'cdk.tf.json'), 'utf8'));
      expect(checkStackIntegrity(json)).toEqual([]);
    }
  });

  test('GIVEN the cdktf app entry point WHEN run as `cdktf synth` runs it THEN the stacks are byte-identical', () => {
    const viaApp = path.join(work, 'via-app');
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: viaApp },
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    for (const env of ['staging', 'prod']) {
      expect(fs.readFileSync(path.join(viaApp, 'stacks', env, 'cdk.tf.json'), 'utf8')).toBe(
        fs.readFileSync(path.join(out, 'stacks', env, 'cdk.tf.json'), 'utf8'),
      );
    }
  });

  test('GIVEN an http redirect URL WHEN synthesized THEN exit 1, one line naming the field, no stack trace, old output intact', async () => {
    const before = readTree(out);
    const bad = example('staging');
    bad.databricks.redirectUrl = 'http://accounts.cloud.databricks.com/saml';
    const file = path.join(work, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(bad));

    const result = await ssoInProcess(['synth', '--declaration', file, '--out', out]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: staging: databricks.redirectUrl: expected an https:// URL with a host name and no credentials or spaces, ' +
        'got "http://accounts.cloud.databricks.com/saml"\n',
    );
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.cdktf.out'))).toEqual([]);
  });

  test('GIVEN Terraform working files in the output WHEN synthesized again THEN they survive and the stack is rewritten', async () => {
    const stackDir = path.join(out, 'stacks/staging');
    fs.mkdirSync(path.join(stackDir, '.terraform/providers'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), '# lock\n');
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), '{}');

    expect((await ssoInProcess(['synth', '--out', out])).code).toBe(0);

    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
    expect(fs.existsSync(path.join(stackDir, '.terraform/providers'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend).toEqual(
      {
        local: { path: '../../../terraform.staging.tfstate' },
      },
    );
  });

  test('GIVEN "abc" as a workspace id in YAML WHEN validated THEN exit 1 naming the field', async () => {
    const file = path.join(work, 'bad.yaml');
    const bad = example('staging');
    (bad.databricks.workspaces['ml-staging'] as { id: string }).id = 'abc';
    fs.writeFileSync(file, JSON.stringify(bad));
    const result = await ssoInProcess(['validate', '--declaration', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: staging: databricks\.workspaces\.ml-staging\.id: expected a numeric workspace id/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('GIVEN an unknown flag THEN exit 2 with the usage line', async () => {
    const result = await ssoInProcess(['synth', '--outdir', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: sso synth/);
  });

  test('GIVEN the printed built-in declaration WHEN synthesized from a file THEN it gives the same stack', async () => {
    const file = path.join(work, 'staging.json');
    fs.writeFileSync(file, (await ssoInProcess(['declaration', '--env', 'staging'])).stdout);
    const out2 = path.join(work, 'from-file');
    expect((await ssoInProcess(['synth', '--declaration', file, '--out', out2])).code).toBe(0);
    expect(fs.readFileSync(path.join(out2, 'stacks/staging/cdk.tf.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(out, 'stacks/staging/cdk.tf.json'), 'utf8'),
    );
  });
});

describe('sso synth of a shared account', () => {
  test('GIVEN staging shares prod account WHEN synthesized THEN its line says it signs in through prod IdP app', async () => {
    const work = tempDir();
    const files = Object.entries({ staging: sharedStaging(), prod: sharedProd() }).flatMap(([env, d]) => {
      const file = path.join(work, `${env}.json`);
      fs.writeFileSync(file, JSON.stringify(d));
      return ['--declaration', file];
    });

    const { code, stdout } = await ssoInProcess(['synth', ...files, '--out', path.join(work, 'out')]);

    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^staging: idp okta of prod \(shared account\), 5 groups mapped, 2 workspaces, \d+ resources$/m,
    );
    expect(stdout).toMatch(/^prod: idp okta, 5 groups mapped, 3 workspaces, \d+ resources$/m);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
