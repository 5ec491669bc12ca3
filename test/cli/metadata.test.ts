import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../lib/cli/main';
import { ROOT, sso } from './sso';

const FIXTURES = path.join(ROOT, 'test/fixtures/metadata');

interface ExpectedCase {
  readonly fixture: string;
  readonly entityId: string;
  readonly ssoUrls: { readonly redirect: string; readonly post: string };
  readonly signingCertificates: readonly { sha256: string; subject: string; notAfter: string }[];
}

const EXPECTED = (
  JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as { cases: ExpectedCase[] }
).cases;
const VENDORS = [
  'okta.xml',
  'entra-id.xml',
  'adfs.xml',
  'pingfederate.xml',
  'keycloak.xml',
  'google-workspace.xml',
];

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in this process (the real binary costs ~0.8 s per spawn). */
async function inProcess(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const saved = { ...process.env };
  Object.assign(process.env, { SSO_CLOCK: '2026-11-01', ...env });
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    process.env = saved;
    out.mockRestore();
    err.mockRestore();
  }
}

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sso-metadata-')), name);
  fs.writeFileSync(file, content);
  return file;
}

function pem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function certificateOf(fixture: string): string {
  const xml = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
  return (/X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '').replace(/\s+/g, '');
}

const IDP = (inner: string) =>
  `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">${inner}</EntityDescriptor>`;

describe('sso metadata', () => {
  test.each(VENDORS)(
    'GIVEN the %s export WHEN read as JSON THEN entity ID, URLs and fingerprints are right',
    async (fixture) => {
      const expected = EXPECTED.find((c) => c.fixture === fixture) as ExpectedCase;
      const result = await inProcess(['metadata', path.join(FIXTURES, fixture), '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        entityId: expected.entityId,
        ssoUrls: expected.ssoUrls,
        signingCertificates: expected.signingCertificates.map(({ sha256, subject, notAfter }) => ({
          sha256,
          subject,
          notAfter,
        })),
      });
    },
  );

  test('GIVEN a federation file with two IdPs WHEN one is named THEN only that one is printed', async () => {
    const result = await inProcess([
      'metadata',
      path.join(FIXTURES, 'two-idps.xml'),
      '--json',
      '--entity-id',
      'https://idp.university-b.edu/idp/shibboleth',
    ]);
    expect(JSON.parse(result.stdout).signingCertificates[0].sha256).toMatch(/^8D:26:0F/);
  });

  test('GIVEN a rotation overlap WHEN summarised THEN both certificates are listed with their expiry', async () => {
    const result = await inProcess(['metadata', path.join(FIXTURES, 'rotation-overlap.xml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^signing certificates: +2$/m);
    expect(result.stdout).toMatch(/SHA-256 +B7:8B:A3.*\n.*\n +notAfter +2036-01-05T09:00:00\.000Z/);
    expect(result.stdout).toMatch(/SHA-256 +71:E0:04.*\n.*\n +notAfter +2046-10-01T09:00:00\.000Z/);
  });

  test('GIVEN metadata whose only certificate expired WHEN read THEN it is shown as expired and the check fails', async () => {
    const result = await inProcess(['metadata', path.join(FIXTURES, 'expired.xml')]);
    expect(result.stdout).toMatch(/SHA-256 +17:F2:CE:.*\(EXPIRED\)/);
    expect(result.stderr).toMatch(
      /^error: .*expired\.xml: expected a signing certificate valid on 2026-11-01, got only expired signing certificates\n$/,
    );
    expect(result.code).toBe(1);
  });

  test.each([
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>${IDP('')}`, /DOCTYPE/],
    ['an external entity', `<!DOCTYPE x SYSTEM "file:///etc/passwd">${IDP('')}`, /DOCTYPE/],
    ['XML that is not well formed', IDP('<IDPSSODescriptor>'), /well-formed|not closed|unclosed/i],
    [
      'service-provider metadata',
      fs.readFileSync(path.join(FIXTURES, 'sp-only.xml'), 'utf8'),
      /SPSSODescriptor only/,
    ],
    ['a file over 1 MiB', IDP(`<!--${'x'.repeat(1024 * 1024)}-->`), /bytes|MiB|large/i],
  ])('GIVEN %s WHEN read THEN it is refused with exit 1 and one line', async (_, xml, reason) => {
    const result = await inProcess(['metadata', tempFile('idp.xml', xml), '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(result.stderr).toMatch(reason);
  });

  test.each([[['metadata']], [['metadata', 'a.xml', 'b.xml']], [['metadata', 'a.xml', '--yaml']]])(
    'GIVEN the command line %j THEN it is a usage error',
    async (args) => {
      expect((await inProcess(args)).code).toBe(2);
    },
  );

  test('GIVEN the real binary WHEN asked for JSON THEN it prints the documented shape', () => {
    const result = sso(['metadata', path.join(FIXTURES, 'keycloak.xml'), '--json']);
    expect(result.code).toBe(0);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(['entityId', 'ssoUrls', 'signingCertificates']);
  });
});

describe('sso fingerprint', () => {
  const okta = EXPECTED.find((c) => c.fixture === 'okta.xml')?.signingCertificates[0]?.sha256;

  test.each([
    ['PEM', pem(certificateOf('okta.xml'))],
    ['bare base64', certificateOf('okta.xml')],
    ['PEM with Windows line ends', pem(certificateOf('okta.xml')).replace(/\n/g, '\r\n')],
  ])(
    'GIVEN a %s certificate file WHEN fingerprinted THEN it prints the SHA-256 as openssl does',
    async (_, text) => {
      const result = await inProcess(['fingerprint', tempFile('cert.pem', text)]);
      expect(result).toEqual({ code: 0, stdout: `${okta}\n`, stderr: '' });
    },
  );

  test('GIVEN two certificates WHEN fingerprinted THEN it is refused: the console holds one', async () => {
    const two = pem(certificateOf('okta.xml')) + pem(certificateOf('adfs.xml'));
    const result = await inProcess(['fingerprint', tempFile('two.pem', two)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: .*two\.pem: expected exactly one certificate, got 2 PEM certificates\n$/,
    );
  });

  test('GIVEN text that is not a certificate WHEN fingerprinted THEN it is refused with one line', async () => {
    const result = await inProcess(['fingerprint', tempFile('x.pem', 'hello')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: .*x\.pem: expected a base64-encoded X\.509 certificate, got [^\n]+\n$/,
    );
  });

  test('GIVEN a certificate piped into the real binary WHEN fingerprinted THEN stdin is read', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/sso.js'), 'fingerprint'], {
      cwd: ROOT,
      input: pem(certificateOf('okta.xml')),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stdout).toBe(`${okta}\n`);
    expect(result.status).toBe(0);
  });
});
