import * as path from 'path';
import type { Declaration } from '../../../lib/core/declaration/schema';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import { readExpectedCertificate } from '../../../lib/core/diagnose/certificate';
import { KNOWN_CODES, type SamlErrorCodeName } from '../../../lib/core/diagnose/codes';
import {
  diagnose,
  type DiagnoseInput,
  hasFailedCheck,
  renderDiagnosis,
} from '../../../lib/core/diagnose/diagnose';
import { SamlMetadata } from '../../../lib/core/metadata';
import type { SsoOutputNames } from '../../../lib/core/runbook/runbook';
import { SSO_OUTPUTS } from '../../../lib/constructs/databricks-sso-settings';
import { example, synthesize } from '../../helpers';

const OUTPUTS: SsoOutputNames = SSO_OUTPUTS;
const AT = new Date('2026-11-25T00:00:00Z');
const FIXTURES = path.join(__dirname, '../../fixtures/metadata');

const metadata = (fixture: string) => ({
  idp: SamlMetadata.fromFile(path.join(FIXTURES, fixture), { at: AT }),
  source: fixture,
});

/** The first signing certificate of a fixture, as `terraform output -raw databricks_sso_x509_certificate` prints one. */
function certificateOf(fixture: string, source = 'prod-idp.pem') {
  const base64 = metadata(fixture).idp.signingCertificates[0]?.base64 ?? '';
  const pem = `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
  return readExpectedCertificate(pem, source);
}

const [, prodDeclaration] = validateDeclarations([
  { input: example('staging'), source: 'staging' },
  { input: example('prod'), source: 'prod' },
]) as [Declaration, Declaration];
const prodJson = JSON.parse(synthesize(example('staging'), example('prod')).prod as string) as {
  resource: { okta_app_saml: { databricks: Record<string, unknown> } };
};

/** The synthesized prod stack with one field of its Okta app changed: drift or a bad edit. */
function withOktaApp(change: (app: Record<string, unknown>) => void): unknown {
  const json = structuredClone(prodJson);
  change(json.resource.okta_app_saml.databricks);
  return json;
}

function run(code: SamlErrorCodeName, input: Partial<DiagnoseInput> = {}) {
  return diagnose({
    code,
    declaration: prodDeclaration,
    stack: { json: prodJson, source: 'cdktf.out/stacks/prod/cdk.tf.json' },
    at: AT,
    outputs: OUTPUTS,
    ...input,
  });
}

const status = (diagnosis: ReturnType<typeof run>, check: string) =>
  diagnosis.results.find((r) => r.check.startsWith(check))?.status;
const result = (diagnosis: ReturnType<typeof run>, check: string) =>
  diagnosis.results.find((r) => r.check.startsWith(check));

const SIGNING = 'the IdP signs with the deployed certificate';
const CONSOLE = 'the account console holds the certificate the IdP signs with';
const OKTA_SHA =
  '30:8D:32:C6:BC:EC:52:2B:88:9D:1D:ED:C0:35:C5:AD:1E:C2:FC:70:B9:63:88:13:69:A4:4A:F8:A9:E8:AC:CE';
const KEYCLOAK_SHA =
  '49:9D:4E:2B:9A:CC:01:E5:38:AE:D9:B5:DA:5E:78:EF:D9:72:FA:D2:D8:E7:5F:E6:15:32:CB:75:47:AA:FC:41';

describe('every error code', () => {
  const expected: Record<SamlErrorCodeName, string[]> = {
    user_not_registered_error: ['configuration', 'NameID', "the user's group", 'the group is provisioned'],
    saml_not_enabled: ['configuration', 'SSO enabled', 'unified login'],
    saml_invalid_idp_settings: [
      'configuration',
      'IdP SSO URL',
      'IdP entity ID',
      CONSOLE,
      SIGNING,
      'certificate validity',
    ],
    saml_expired_error: ['configuration', 'clock skew', 'certificate validity'],
    saml_response_not_signed_error: ['configuration', 'SAML response signed', 'signature and digest'],
    saml_assertion_not_signed_error: ['configuration', 'SAML assertion signed', 'signature and digest'],
    saml_no_signature_error: [
      'configuration',
      'SAML response signed',
      'SAML assertion signed',
      'signature and digest',
    ],
    saml_invalid_signature_error: [
      'configuration',
      CONSOLE,
      SIGNING,
      'certificate validity',
      'signature and digest',
    ],
    saml_nameid_missing_error: ['configuration', 'NameID'],
    saml_generic_request_error: ['configuration', 'IdP SSO URL', 'ACS'],
    saml_generic_response_validation_error: [
      'configuration',
      'ACS',
      'IdP entity ID',
      'signature and digest',
      'clock skew',
    ],
  };

  test('GIVEN the table THEN it covers the eleven codes of Databricks SAML troubleshooting', () => {
    expect([...KNOWN_CODES].sort()).toEqual(Object.keys(expected).sort());
  });

  test.each(KNOWN_CODES)(
    'GIVEN %s for built-in prod THEN the meaning, its checks and a next step are given',
    (code) => {
      const diagnosis = run(code);

      expect(diagnosis.meaning.length).toBeGreaterThan(40);
      expect(diagnosis.results.map((r) => r.check)).toEqual(
        expected[code].map((name) =>
          name === 'configuration'
            ? 'synthesized configuration matches the declaration'
            : expect.stringContaining(name),
        ),
      );
      expect(diagnosis.results.every((r) => ['passed', 'failed', 'cannot-check'].includes(r.status))).toBe(
        true,
      );
      expect(hasFailedCheck(diagnosis)).toBe(false);
      expect(diagnosis.nextSteps).toHaveLength(1);
    },
  );
});

describe('signing certificate', () => {
  test('GIVEN metadata signing with another certificate than prod expects THEN the check fails, naming both certificates', () => {
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: metadata('okta.xml'),
      certificate: certificateOf('keycloak.xml'),
    });

    expect(status(diagnosis, SIGNING)).toBe('failed');
    expect(result(diagnosis, SIGNING)?.detail).toBe(
      `compared the signing certificates of okta.xml (${OKTA_SHA}) with prod-idp.pem (${KEYCLOAK_SHA}): ` +
        'the IdP does not sign with the deployed certificate',
    );
    expect(diagnosis.nextSteps[0]).toMatch(/The IdP signs with a certificate Databricks does not hold/);
    expect(diagnosis.nextSteps[0]).toContain('`npx sso runbook --env prod --change rotation`');
  });

  test("GIVEN the output's certificate matching the metadata THEN the check passes but says it cannot prove the console's", () => {
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: metadata('okta.xml'),
      certificate: certificateOf('okta.xml'),
    });

    expect(result(diagnosis, SIGNING)).toMatchObject({
      status: 'passed',
      detail:
        `compared the signing certificates of okta.xml with prod-idp.pem: the IdP signs with ${OKTA_SHA}, the ` +
        'deployed one. This proves the IdP and the deployment agree; it cannot prove that the account console ' +
        'holds that certificate (see the account-console check)',
    });
  });

  test('GIVEN a rotation overlap listing the expected certificate second THEN the check passes and says so', () => {
    const overlap = metadata('rotation-overlap.xml');
    const second = overlap.idp.signingCertificates[1]?.sha256 as string;
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: overlap,
      certificate: { sha256: second, notAfter: '2046-10-01T09:00:00.000Z', source: 'prod-idp.pem' },
    });

    expect(result(diagnosis, SIGNING)).toMatchObject({
      status: 'passed',
      detail: expect.stringContaining('rotation overlap'),
    });
  });

  test('GIVEN Okta metadata but no certificate THEN it cannot check, and says how to get the certificate', () => {
    const check = result(run('saml_invalid_signature_error', { metadata: metadata('okta.xml') }), SIGNING);

    expect(check?.status).toBe('cannot-check');
    expect(check?.fix).toContain('`terraform output -raw databricks_sso_x509_certificate > prod-idp.pem`');
  });

  test('GIVEN metadata whose only signing certificate expired THEN certificate validity fails', () => {
    const diagnosis = run('saml_invalid_idp_settings', { metadata: metadata('expired.xml') });

    expect(status(diagnosis, 'certificate validity')).toBe('failed');
    expect(diagnosis.results.find((r) => r.check === 'certificate validity')?.detail).toContain(
      'expired on 2021-01-02',
    );
  });

  test('GIVEN a metadata-based IdP THEN the expected fingerprint comes from the synthesized configuration', () => {
    const ping = {
      ...example('staging'),
      idp: { kind: 'metadata', file: path.join(FIXTURES, 'pingfederate.xml'), vendor: 'PingFederate' },
    };
    const [declaration] = validateDeclarations([{ input: ping, source: 'ping' }]) as [Declaration];
    const json = JSON.parse(synthesize(ping).staging as string) as unknown;
    const check = (fixture: string) =>
      result(
        diagnose({
          code: 'saml_invalid_signature_error',
          declaration,
          stack: { json, source: 'in memory' },
          metadata: metadata(fixture),
          at: AT,
          outputs: OUTPUTS,
        }),
        SIGNING,
      );

    expect(check('pingfederate.xml')?.status).toBe('passed');
    expect(check('keycloak.xml')).toMatchObject({
      status: 'failed',
      fix: expect.stringMatching(
        /^The IdP signs with a certificate the declared metadata does not hold: export/,
      ),
    });
  });
});

describe("the account console's certificate", () => {
  test('GIVEN a skipped console step (output and metadata agree) and no console certificate THEN the console check is not passed: it asks for it', () => {
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: metadata('okta.xml'),
      certificate: certificateOf('okta.xml'),
    });

    expect(result(diagnosis, CONSOLE)).toMatchObject({
      status: 'cannot-check',
      detail: expect.stringContaining(
        "the certificate from `terraform output` matches the IdP's metadata while the console still holds the old one: " +
          'neither can prove what the console holds',
      ),
      fix:
        'Copy the x.509 certificate the account console shows (Settings > Authentication > Single sign-on) into ' +
        'prod-console.pem and pass --console-certificate prod-console.pem.',
    });
    expect(diagnosis.results.map((r) => r.check).indexOf(CONSOLE)).toBe(1);
  });

  test('GIVEN the console still holding the old certificate THEN the console check fails and says to replace it', () => {
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: metadata('okta.xml'),
      certificate: certificateOf('okta.xml'),
      consoleCertificate: certificateOf(
        'keycloak.xml',
        "the account console's certificate (prod-console.pem)",
      ),
    });

    expect(hasFailedCheck(diagnosis)).toBe(true);
    expect(result(diagnosis, CONSOLE)).toMatchObject({
      status: 'failed',
      detail:
        `compared the account console's certificate (prod-console.pem) (${KEYCLOAK_SHA}) with the signing ` +
        `certificates of okta.xml (${OKTA_SHA}): the console holds a certificate the IdP does not sign with, ` +
        'typically because the console step of a rotation was skipped',
    });
    expect(status(diagnosis, SIGNING)).toBe('passed');
    expect(diagnosis.nextSteps).toEqual([
      expect.stringMatching(
        /^Replace the x\.509 certificate in the account console with `terraform output -raw databricks_sso_x509_certificate`/,
      ),
    ]);
  });

  test('GIVEN the console holding what the IdP signs with THEN the console check passes', () => {
    const diagnosis = run('saml_invalid_signature_error', {
      metadata: metadata('okta.xml'),
      consoleCertificate: certificateOf('okta.xml', 'prod-console.pem'),
    });

    expect(status(diagnosis, CONSOLE)).toBe('passed');
  });

  test('GIVEN no metadata THEN the console certificate is compared with the deployed one, and says what that leaves open', () => {
    const same = run('saml_invalid_signature_error', {
      certificate: certificateOf('okta.xml'),
      consoleCertificate: certificateOf('okta.xml', 'prod-console.pem'),
    });
    const other = run('saml_invalid_signature_error', {
      certificate: certificateOf('okta.xml'),
      consoleCertificate: certificateOf('keycloak.xml', 'prod-console.pem'),
    });

    expect(result(same, CONSOLE)).toMatchObject({
      status: 'passed',
      detail: expect.stringContaining('the console holds the deployed certificate (pass --metadata'),
    });
    expect(result(other, CONSOLE)).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('the console does not hold the deployed certificate'),
    });
  });
});

describe('IdP settings', () => {
  test('GIVEN metadata from another Okta org THEN the SSO URL check fails naming the declared org', () => {
    const result = run('saml_invalid_idp_settings', { metadata: metadata('okta.xml') }).results[1];

    expect(result?.status).toBe('failed');
    expect(result?.detail).toContain('not on the declared Okta org acme-analytics.okta.com');
  });

  test('GIVEN an audience that is not the Redirect URL THEN the ACS check fails naming the field', () => {
    const json = withOktaApp((app) => {
      app.audience = 'https://example.com/saml';
    });
    const result = run('saml_generic_response_validation_error', { stack: { json, source: 'x' } }).results[1];

    expect(result?.status).toBe('failed');
    expect(result?.detail).toMatch(
      /^okta_app_saml databricks\.audience = "https:\/\/example\.com\/saml"; expected https:/,
    );
  });
});

describe('signing and NameID settings', () => {
  test('GIVEN an unsigned response in the configuration THEN the response check fails', () => {
    const json = withOktaApp((app) => {
      app.response_signed = false;
    });
    const diagnosis = run('saml_response_not_signed_error', { stack: { json, source: 'x' } });

    expect(status(diagnosis, 'SAML response signed')).toBe('failed');
    expect(diagnosis.nextSteps[0]).toMatch(/^Set response_signed back to true/);
  });

  test('GIVEN no NameID template THEN the NameID check fails', () => {
    const json = withOktaApp((app) => {
      delete app.subject_name_id_template;
    });

    expect(status(run('saml_nameid_missing_error', { stack: { json, source: 'x' } }), 'NameID')).toBe(
      'failed',
    );
  });

  test('GIVEN the built-in configuration THEN the NameID check shows the Okta expression unescaped', () => {
    expect(run('saml_nameid_missing_error').results[1]?.detail).toBe(
      'okta_app_saml: NameID ${user.email} in the emailAddress format',
    );
  });
});

describe('groups', () => {
  test('GIVEN a mapped SCIM group THEN mapping passes and provisioning is a manual check', () => {
    const diagnosis = run('user_not_registered_error', { group: 'data-scientists' });

    expect(status(diagnosis, "the user's group")).toBe('passed');
    expect(status(diagnosis, 'the group is provisioned')).toBe('cannot-check');
  });

  test('GIVEN a group name differing in case THEN mapping fails and names the declared group', () => {
    const result = run('user_not_registered_error', { group: 'Data-Scientists' }).results[2];

    expect(result?.status).toBe('failed');
    expect(result?.detail).toContain('("data-scientists" is: group names are compared exactly)');
  });

  test('GIVEN a group created by Terraform THEN provisioning passes and says members are managed in Databricks', () => {
    const result = run('user_not_registered_error', { group: 'audit-readers' }).results[3];

    expect(result).toMatchObject({
      status: 'passed',
      detail: expect.stringContaining('managed in Databricks'),
    });
  });
});

describe('configuration', () => {
  test('GIVEN a synthesized stack on an older key generation THEN the configuration check fails: cdktf.out is stale', () => {
    const json = withOktaApp((app) => {
      app.key_name = '2026-q3';
    });
    const diagnosis = run('saml_invalid_signature_error', {
      stack: { json, source: 'cdktf.out/stacks/prod/cdk.tf.json' },
    });

    expect(diagnosis.results[0]).toMatchObject({
      status: 'failed',
      detail: 'cdktf.out/stacks/prod/cdk.tf.json signs with key "2026-q3", the declaration with "2026-q4"',
    });
  });

  test('GIVEN an Azure Databricks environment THEN it is refused: its sign-in is not SAML', () => {
    const azure = example('staging') as Record<string, unknown> & { databricks: Record<string, unknown> };
    delete azure.signingKey;
    delete azure.databricks.redirectUrl;
    const [declaration] = validateDeclarations([
      {
        input: {
          ...azure,
          databricks: { ...azure.databricks, cloud: 'azure' },
          idp: { kind: 'entra', tenantId: '6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d' },
        },
        source: 'azure',
      },
    ]) as [Declaration];

    expect(() => run('saml_not_enabled', { declaration })).toThrow(
      /Azure Databricks signs in through Entra ID natively/,
    );
  });
});

describe('rendering', () => {
  test('GIVEN a diagnosis THEN Markdown shows the meaning, one line per check and the next steps', () => {
    const text = renderDiagnosis(
      run('saml_invalid_signature_error', {
        metadata: metadata('okta.xml'),
        certificate: certificateOf('keycloak.xml'),
      }),
    );

    expect(text).toMatch(/^# saml_invalid_signature_error in prod\n\nA signature did not verify/);
    expect(text).toContain(
      '\n- **FAILED**: the IdP signs with the deployed certificate: compared the signing certificates of okta.xml (30:8D:',
    );
    expect(text).toContain(
      '\n- **cannot check**: the account console holds the certificate the IdP signs with: no certificate from the account console given.',
    );
    expect(text).toContain('\n  - by hand: Copy the x.509 certificate the account console shows');
    expect(text).toContain('\n- **passed**: signature and digest algorithms: ');
    expect(text).toMatch(/\n## Next step\n\n1\. The IdP signs with a certificate Databricks does not hold/);
  });
});
