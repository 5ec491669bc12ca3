import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example } from '../helpers';
import { ROOT } from '../cli/sso';

/*
 * What `cdktf deploy staging` does first: it runs the app (cdktf.json "app": `node --require tsx/cjs main.ts`) to
 * synthesize EVERY stack, refuses to go on if the app fails or any stack carries an error
 * annotation, and then deploys the selected stacks, which must not depend on unselected ones.
 * These tests run main.ts the way cdktf-cli 0.21 does (CDKTF_OUTDIR, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS)
 * on the built-in example's calendar the day after prod's rotate-by date (2027-01-12).
 */
// What cdktf.json's app runs: node with tsx's require hook (resolved here: the project may have no node_modules).
const TSX_HOOK = require.resolve('tsx/cjs', { paths: [ROOT] });

interface Manifest {
  stacks: Record<string, { annotations: { level: string; message: string }[]; dependencies: string[] }>;
}

function runApp(cwd: string, clock: string, outdir = path.join(cwd, 'cdktf.out')) {
  const result = spawnSync(process.execPath, ['--require', TSX_HOOK, path.join(ROOT, 'main.ts')], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      SSO_CLOCK: clock,
      CDKTF_OUTDIR: outdir,
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    },
  });
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')) as unknown;
  return {
    code: result.status,
    stderr: result.stderr,
    manifest: () => read('manifest.json') as Manifest,
    stack: (name: string) =>
      read(`stacks/${name}/cdk.tf.json`) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      },
  };
}

/** cdktf-cli's gates before a deploy: no error annotation anywhere, and the selection's dependencies selected. */
function cdktfWouldDeploy(manifest: Manifest, selected: readonly string[]): boolean {
  const errors = Object.values(manifest.stacks).flatMap((s) =>
    s.annotations.filter((a) => a.level === '@cdktf/error'),
  );
  const missing = selected.flatMap((name) =>
    (manifest.stacks[name]?.dependencies ?? []).filter((d) => !selected.includes(d)),
  );
  return errors.length === 0 && missing.length === 0 && selected.every((name) => name in manifest.stacks);
}

let project: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-app-'));
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

describe('cdktf deploy staging while prod is overdue', () => {
  test("GIVEN 2027-01-13 and staging's new key WHEN the cdktf app runs THEN it exits 0, staging is written as usual and only prod's own stack is gated", () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    fs.writeFileSync(path.join(project, 'staging.json'), JSON.stringify(staging));
    fs.writeFileSync(path.join(project, 'prod.json'), JSON.stringify(example('prod')));
    fs.writeFileSync(
      path.join(project, 'cdktf.json'),
      JSON.stringify({
        language: 'typescript',
        app: 'node --require tsx/cjs main.ts',
        context: { declarations: ['staging.json', 'prod.json'] },
      }),
    );

    const run = runApp(project, '2027-01-13');

    expect(run.stderr).toMatch(
      /^blocking: prod: SSO-007 signingKey\.issued: signing key generation 2026-q4 \(issued 2026-10-14\) is overdue: .*next: prod may take staging's generation 2027-q1 on 2027-01-20, .*declare emergencyRotation: \{ generation: 2027-q1, reason: <why>, expires: 2027-01-13 \} in prod/m,
    );
    expect(run.code).toBe(0);
    const manifest = run.manifest();
    expect(cdktfWouldDeploy(manifest, ['staging'])).toBe(true);
    expect(run.stack('staging').resource.okta_app_saml?.databricks?.key_name).toBe('2027-q1');
    expect(run.stack('staging').resource.terraform_data?.sso_deploy_gate).toBeUndefined();
    expect(run.stack('prod').resource.terraform_data?.sso_deploy_gate).toBeDefined();
    expect(manifest.stacks.staging?.annotations).toEqual([]);
    expect(manifest.stacks.prod?.annotations).toEqual([
      {
        level: '@cdktf/warn',
        message: expect.stringMatching(/^prod must not be deployed \(terraform plan fails for this stack\)/),
        constructPath: 'prod',
      },
    ]);
  });

  test('GIVEN the built-in example unchanged on 2027-01-13 WHEN the cdktf app runs THEN it still exits 0 with prod gated, so staging can rotate', () => {
    // The repository's own cdktf.json and declarations; only the output goes elsewhere.
    const run = runApp(ROOT, '2027-01-13', path.join(project, 'cdktf.out'));

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: staging: SSO-007 .* is overdue: .*next: rotate staging now/m);
    expect(run.stderr).toMatch(/^blocking: prod: SSO-007 /m);
    expect(cdktfWouldDeploy(run.manifest(), ['staging'])).toBe(true);
    expect(run.stack('prod').resource.terraform_data?.sso_deploy_gate).toBeDefined();
  });
});
