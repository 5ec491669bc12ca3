import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KNOWN_CODES } from '../../lib/core/diagnose/codes';
import { SamlMetadata } from '../../lib/core/metadata';
import { example, synthesize } from '../helpers';
import { SHARED_ACCOUNT_ID, sharedProd, sharedStaging } from '../shared-account';
import { ssoInProcess } from './in-process';

const OKTA_METADATA = path.join(__dirname, '../fixtures/metadata/okta.xml');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-diagnose-'));
/** An output directory without stacks: the declarations are synthesized in memory. */
const EMPTY_OUT = path.join(work, 'empty');

function pemOf(fixture: string): string {
  const base64 = SamlMetadata.fromFile(path.join(__dirname, '../fixtures/metadata', fixture))
    .signingCertificates[0]?.base64;
  return `-----BEGIN CERTIFICATE-----\n${base64?.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function file(name: string, text: string): string {
  const full = path.join(work, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const diagnose = (...args: string[]) => ssoInProcess(['diagnose', ...args, '--at', '2026-11-25']);

/** `saml_invalid_signature_error` for prod, against Okta's metadata, expecting `certificate`. */
const checkSignature = (certificate: string) =>
  diagnose(
    'saml_invalid_signature_error',
    '--env',
    'prod',
    '--metadata',
    OKTA_METADATA,
    '--certificate',
    certificate,
    '--out',
    EMPTY_OUT,
  );

describe('sso diagnose', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN metadata signing with another certificate than prod expects THEN a failed check, exit 1', async () => {
    const certificate = file('keycloak.pem', pemOf('keycloak.xml'));

    const { code, stdout } = await checkSignature(certificate);

    expect(code).toBe(1);
    expect(stdout).toMatch(
      /\n- \*\*FAILED\*\*: the IdP signs with the deployed certificate: compared the signing certificates of .*okta\.xml \(30:8D:32:C6:.*\) with .*keycloak\.pem \(49:9D:4E:2B:/,
    );
  });

  test('GIVEN metadata signing with the certificate prod expects THEN no check fails, exit 0', async () => {
    const certificate = file('okta.pem', pemOf('okta.xml'));

    const { code, stdout } = await checkSignature(certificate);

    expect(code).toBe(0);
    expect(stdout).toContain('- **passed**: the IdP signs with the deployed certificate: ');
    expect(stdout).toContain('it cannot prove that the account console holds that certificate');
    expect(stdout).toContain(
      '- **cannot check**: the account console holds the certificate the IdP signs with: no certificate from the account console given.',
    );
  });

  test('GIVEN --console-certificate with the certificate the console still holds from before a rotation THEN the console check fails, exit 1', async () => {
    const deployed = file('okta.pem', pemOf('okta.xml'));
    // The account console shows the certificate without PEM armour; the old key's one here.
    const held = file('console.txt', pemOf('keycloak.xml').replace(/-----[A-Z ]+-----|\n/g, ''));

    const { code, stdout } = await diagnose(
      'saml_invalid_signature_error',
      '--env',
      'prod',
      '--metadata',
      OKTA_METADATA,
      '--certificate',
      deployed,
      '--console-certificate',
      held,
      '--out',
      EMPTY_OUT,
    );

    expect(code).toBe(1);
    expect(stdout).toMatch(
      /\n- \*\*FAILED\*\*: the account console holds the certificate the IdP signs with: compared the account console's certificate \(.*console\.txt\) \(49:9D:4E:2B:.*\) with the signing certificates of .*okta\.xml/,
    );
    expect(stdout).toContain('- **passed**: the IdP signs with the deployed certificate: ');
    expect(stdout).toMatch(/## Next step\n\n1\. Replace the x\.509 certificate in the account console/);
  });

  test('GIVEN a --console-certificate file that holds no certificate THEN exit 1 naming the flag', async () => {
    const { code, stderr } = await diagnose(
      'saml_invalid_signature_error',
      '--env',
      'prod',
      '--console-certificate',
      file('console-notes.txt', 'hello'),
      '--out',
      EMPTY_OUT,
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^error: the account console's certificate \(.*console-notes\.txt\): expected a base64-encoded X\.509 certificate/,
    );
  });

  test('GIVEN a local state left by cdktf deploy THEN its certificate output is the expected one, and nothing else is printed', async () => {
    const out = path.join(work, 'deployed');
    fs.mkdirSync(path.join(out, 'stacks/prod'), { recursive: true });
    // Local state lives next to the output directory, where the stack's backend path points.
    file(
      'terraform.prod.tfstate',
      JSON.stringify({
        version: 4,
        outputs: { databricks_sso_x509_certificate: { value: pemOf('keycloak.xml'), type: 'string' } },
        resources: [{ instances: [{ attributes: { token: 'planted-secret-4c1d' } }] }],
      }),
    );

    const { code, stdout } = await diagnose(
      'saml_invalid_signature_error',
      '--env',
      'prod',
      '--metadata',
      OKTA_METADATA,
      '--out',
      out,
    );

    expect(code).toBe(1);
    expect(stdout).toContain('terraform.prod.tfstate (output databricks_sso_x509_certificate) (49:9D:4E:2B:');
    expect(stdout).not.toContain('planted-secret-4c1d');
  });

  test('GIVEN a synthesized stack in --out THEN it is what gets checked, named by its path', async () => {
    const json = JSON.parse(synthesize(example('staging'), example('prod')).prod as string) as {
      resource: { okta_app_saml: { databricks: { response_signed: boolean } } };
    };
    json.resource.okta_app_saml.databricks.response_signed = false;
    file('synth/stacks/prod/cdk.tf.json', JSON.stringify(json));

    const { code, stdout } = await diagnose(
      'saml_response_not_signed_error',
      '--env',
      'prod',
      '--out',
      path.join(work, 'synth'),
    );

    expect(code).toBe(1);
    expect(stdout).toContain(
      '- **FAILED**: SAML response signed: okta_app_saml databricks: response_signed = false',
    );
  });

  test('GIVEN an unknown code THEN exit 2 listing every known code', async () => {
    const { code, stderr } = await diagnose('saml_teapot_error', '--env', 'prod');

    expect(code).toBe(2);
    expect(stderr).toContain(
      `unknown error code "saml_teapot_error"; known codes: ${KNOWN_CODES.join(', ')}\n`,
    );
  });

  test.each([
    [['--env', 'prod'], /^error: give exactly one error code, one of: user_not_registered_error, /],
    [['saml_not_enabled'], /^error: --env is required/],
    [['saml_not_enabled', '--env', 'qa'], /^error: --env must be one of staging, prod, got "qa"/],
  ])('GIVEN %j THEN a usage error, exit 2', async (args, message) => {
    const { code, stderr } = await diagnose(...args);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('GIVEN a --certificate file that holds no certificate THEN exit 1 with one line', async () => {
    const { code, stderr } = await diagnose(
      'saml_invalid_signature_error',
      '--env',
      'prod',
      '--certificate',
      file('notes.txt', 'hello'),
      '--out',
      EMPTY_OUT,
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: .*notes\.txt: expected a base64-encoded X\.509 certificate, got .*\n$/);
  });
});

describe('sso diagnose in a shared account', () => {
  test('GIVEN staging shares prod account WHEN a SAML code is diagnosed for staging THEN it says so and diagnoses the SSO settings staging signs in through, prod', async () => {
    const staging = file('shared/staging.json', JSON.stringify(sharedStaging()));
    const prod = file('shared/prod.json', JSON.stringify(sharedProd()));

    const { code, stdout } = await diagnose(
      'saml_invalid_signature_error',
      '--env',
      'staging',
      '--declaration',
      staging,
      '--declaration',
      prod,
      '--out',
      EMPTY_OUT,
    );

    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^> staging shares Databricks account \`${SHARED_ACCOUNT_ID}\` with prod, whose IdP app and SSO ` +
          "settings its users sign in through: this diagnoses prod's\\.\\n\\n# saml_invalid_signature_error in prod",
      ),
    );
    expect(stdout).not.toContain('FAILED');
  });
});
