import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { harOf, ISSUER, makeKey, signedResponse } from '../core/saml/fixtures';
import { ssoInProcess } from './in-process';
import { ROOT } from './sso';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-diagnose-response-'));
const KEY = makeKey('Okta stand-in');
const EMPTY_OUT = path.join(work, 'empty');

function file(name: string, text: string): string {
  const full = path.join(work, name);
  fs.writeFileSync(full, text);
  return full;
}

const certificate = file('okta.pem', KEY.certificatePem);
const staging = ['--env', 'staging', '--out', EMPTY_OUT, '--certificate', certificate, '--entity-id', ISSUER];

describe('sso diagnose --saml-response', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN a HAR of a valid login WHEN diagnosed as JSON THEN accepted, exit 0, the shape the README gives', async () => {
    const har = file('login.har', harOf(signedResponse(KEY)));

    const { code, stdout } = await ssoInProcess(['diagnose', '--saml-response', har, ...staging, '--json']);

    const report = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(report).toMatchObject({ accepted: true, errorCode: null });
    expect(Object.keys(report)).toEqual(['accepted', 'errorCode', 'checks', 'user', 'input']);
    expect(report.user).toEqual({
      nameId: 'test.user@acme-analytics.com',
      email: 'test.user@acme-analytics.com',
      groups: ['data-scientists', 'Everyone'],
      mappedGroups: ['data-scientists'],
      access: { 'ml-staging': 'USER' },
    });
    expect(report.input.origin).toMatch(
      /^HAR entry 2 of 2: POST https:\/\/accounts\.cloud\.databricks\.com\/oidc\/accounts\/.*\/saml\/callback at 2026-11-25T10:00:00\.000Z$/,
    );
  });

  test('GIVEN a base64 response without NameID on standard input WHEN diagnosed THEN the error code, its fix, exit 1, and nothing of the signature printed', async () => {
    const xml = signedResponse(KEY, { nameId: null });
    const signatureValue = /<ds:SignatureValue>([^<]{40})/.exec(xml)?.[1] as string;
    // The real binary, with the response piped to its standard input.
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/sso.js'),
        'diagnose',
        '--saml-response',
        '-',
        ...staging,
        '--at',
        '2026-11-25T10:00:00Z',
      ],
      { cwd: ROOT, input: Buffer.from(xml).toString('base64'), encoding: 'utf8', timeout: 30_000 },
    );
    const { status: code, stdout } = run;

    expect(code).toBe(1);
    expect(stdout).toContain('Databricks would answer **saml_nameid_missing_error**');
    expect(stdout).toContain("- **FAILED**: name-id: the assertion's Subject has no NameID");
    expect(stdout).toContain("Send the user's email address as the NameID");
    expect(stdout).not.toContain(signatureValue);
    expect(stdout).not.toContain('<saml2:Assertion');
  });

  test('GIVEN --show-xml WHEN diagnosed THEN the response is printed, indented', async () => {
    const xmlFile = file('response.xml', signedResponse(KEY));

    const { stdout } = await ssoInProcess([
      'diagnose',
      '--saml-response',
      xmlFile,
      ...staging,
      '--at',
      '2026-11-25T10:00:00Z',
      '--show-xml',
    ]);

    expect(stdout).toMatch(
      /\n {2}<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http:\/\/www\.okta\.com\/exk1a2b3c4d5e6f7g8h9<\/saml2:Issuer>\n/,
    );
  });

  test('GIVEN garbage WHEN diagnosed THEN one error line and exit 1, no stack trace', async () => {
    const garbage = file('garbage.txt', '%%% not a login %%%');

    const { code, stderr } = await ssoInProcess(['diagnose', '--saml-response', garbage]);

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*garbage\.txt: expected a HAR file, a SAMLResponse value/);
  });

  test('GIVEN an error code and --saml-response together WHEN run THEN a usage error, exit 2', async () => {
    const { code } = await ssoInProcess(['diagnose', 'saml_expired_error', '--saml-response', 'x.har']);

    expect(code).toBe(2);
  });
});
