import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './sso';
import { ssoInProcess } from './in-process';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-test-login-'));
const EXAMPLES = ['entra-aws.yaml', 'azure.yaml', 'pingfederate-gcp.yaml'].flatMap((f) => [
  '--declaration',
  path.join(ROOT, 'examples', f),
]);
const AT = ['--at', '2026-11-25T10:00:00Z'];

describe('sso test-login', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN the built-in declarations WHEN test-logged-in THEN every login works, exit 0', async () => {
    const { code, stdout } = await ssoInProcess(['test-login', ...AT]);

    expect(code).toBe(0);
    expect(stdout).toContain('## staging (okta): login works');
    expect(stdout).toContain('## prod (okta): login works');
  });

  test('GIVEN the examples WHEN test-logged-in as JSON THEN Entra and metadata logins work, with what was assumed, and Azure is left out', async () => {
    const { code, stdout } = await ssoInProcess(['test-login', ...EXAMPLES, '--json', ...AT]);

    const environments = (JSON.parse(stdout) as { environments: Record<string, unknown>[] }).environments;
    expect(code).toBe(0);
    expect(
      environments.map(({ environment, accepted, errorCode }) => ({ environment, accepted, errorCode })),
    ).toEqual([
      { environment: 'entra-staging', accepted: true, errorCode: null },
      { environment: 'ping-staging', accepted: true, errorCode: null },
    ]);
    expect(Object.keys(environments[0] ?? {})).toEqual([
      'environment',
      'accepted',
      'errorCode',
      'checks',
      'assumptions',
    ]);
    expect(JSON.stringify(environments[1])).toContain('only the Databricks side is known');
  });

  test("GIVEN a synthesized output whose Okta app's audience was edited WHEN test-logged-in THEN exit 1 naming saml_generic_response_validation_error", async () => {
    const out = path.join(work, 'audience');
    expect((await ssoInProcess(['synth', '--out', out])).code).toBe(0);
    const file = path.join(out, 'stacks', 'staging', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.resource.okta_app_saml.databricks.audience = 'https://example.com/not-databricks';
    fs.writeFileSync(file, JSON.stringify(json));

    const { code, stdout } = await ssoInProcess(['test-login', '--out', out, ...AT]);

    expect(code).toBe(1);
    expect(stdout).toContain('## staging (okta): login FAILS: saml_generic_response_validation_error');
    expect(stdout).toContain('- **FAILED**: audience: Audience is "https://example.com/not-databricks"');
    expect(stdout).toContain('## prod (okta): login works');
  });

  test('GIVEN a synthesized output edited to stop signing the assertion WHEN test-logged-in THEN exit 1 naming saml_assertion_not_signed_error', async () => {
    const out = path.join(work, 'unsigned');
    expect((await ssoInProcess(['synth', '--out', out])).code).toBe(0);
    const file = path.join(out, 'stacks', 'prod', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.resource.okta_app_saml.databricks.assertion_signed = false;
    fs.writeFileSync(file, JSON.stringify(json));

    const { code, stdout } = await ssoInProcess([
      'test-login',
      '--out',
      out,
      '--env',
      'prod',
      '--json',
      ...AT,
    ]);

    expect(code).toBe(1);
    expect(JSON.parse(stdout).environments[0]).toMatchObject({
      environment: 'prod',
      accepted: false,
      errorCode: 'saml_assertion_not_signed_error',
    });
  });

  test('GIVEN --out and --declaration together WHEN run THEN a usage error, exit 2', async () => {
    expect((await ssoInProcess(['test-login', '--out', work, ...EXAMPLES])).code).toBe(2);
  });
});
