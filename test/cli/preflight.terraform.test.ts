import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../lib/cli/synthesize';
import { example } from '../helpers';
import { describeWithTerraform } from '../terraform';
import { ssoInProcess } from './in-process';

let tmp: string;
let out: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-preflight-cli-'));
  out = path.join(tmp, 'out');
  synthesizeToDirectory(
    [example('staging'), example('prod')].map((input, i) => ({ input, source: `example ${i}` })),
    out,
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface PreflightJson {
  stacks: {
    stack: string;
    valid: boolean;
    planned: boolean;
    add: number;
    change: number;
    destroy: number;
    diagnostics: { severity: string; summary: string; detail: string; address: string | null }[];
  }[];
}

describeWithTerraform('sso preflight', () => {
  test('GIVEN the built-in example WHEN preflighted as JSON THEN it exits 0 and every stack validates and plans something to add', async () => {
    const result = await ssoInProcess(['preflight', '--json']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightJson;
    expect(report.stacks.map((s) => [s.stack, s.valid, s.planned, s.add > 0, s.destroy])).toEqual([
      ['prod', true, true, true, 0],
      ['staging', true, true, true, 0],
    ]);
  }, 120_000);

  test("GIVEN an output with an unknown argument planted in prod WHEN preflighted THEN exit 1 names the stack, the address and Terraform's summary", async () => {
    const broken = path.join(tmp, 'broken');
    fs.cpSync(out, broken, { recursive: true });
    const file = path.join(broken, 'stacks', 'prod', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    (json.resource.okta_app_saml?.databricks as Record<string, unknown>).label_colour = 'blue';
    fs.writeFileSync(file, JSON.stringify(json));

    const text = await ssoInProcess(['preflight', '--out', broken]);
    const report = JSON.parse(
      (await ssoInProcess(['preflight', '--out', broken, '--json'])).stdout,
    ) as PreflightJson;

    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^prod: FAILED \(init\/validate\)/m);
    expect(text.stdout).toContain('  error: Extraneous JSON object property [okta_app_saml.databricks]');
    expect(report.stacks.find((s) => s.stack === 'prod')?.diagnostics).toEqual([
      {
        severity: 'error',
        summary: 'Extraneous JSON object property',
        detail: 'No argument or block type is named "label_colour".',
        address: 'okta_app_saml.databricks',
      },
    ]);
    expect(report.stacks.find((s) => s.stack === 'staging')?.planned).toBe(true);
  }, 120_000);

  test('GIVEN --env WHEN preflighted THEN only that environment is checked', async () => {
    const result = await ssoInProcess(['preflight', '--out', out, '--env', 'staging', '--json']);

    expect((JSON.parse(result.stdout) as PreflightJson).stacks.map((s) => s.stack)).toEqual(['staging']);
  }, 120_000);

  test("GIVEN an existing output WHEN preflighted THEN the user's output, state and lock files are untouched", async () => {
    const before = fs.readdirSync(path.join(out, 'stacks', 'staging'));

    await ssoInProcess(['preflight', '--out', out, '--env', 'staging']);

    expect(fs.readdirSync(path.join(out, 'stacks', 'staging'))).toEqual(before);
    expect(fs.existsSync(path.join(tmp, 'terraform.staging.tfstate'))).toBe(false);
  }, 120_000);

  test('GIVEN an unknown environment WHEN preflighted THEN exit 1 names --env and the environments there are', async () => {
    const result = await ssoInProcess(['preflight', '--out', out, '--env', 'qa']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --env: expected one of the synthesized environments: prod, staging, got "qa"/,
    );
  });
});

test('GIVEN no terraform on PATH WHEN preflighted THEN exit 2 says terraform is needed', async () => {
  const result = await ssoInProcess(['preflight', '--out', out], { PATH: tmp });

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: terraform \(>= 1\.5\) is not on PATH/);
});

test('GIVEN --out and --declaration together WHEN preflighted THEN exit 2 says to choose one', async () => {
  const result = await ssoInProcess(['preflight', '--out', out, '--declaration', 'x.yaml']);

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/give --declaration FILE .* or --out DIR, not both/);
});
