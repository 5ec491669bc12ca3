import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ValidationError } from '../../../lib/core/errors';
import {
  SamlMetadata,
  certificateFingerprint,
  usableSigningCertificates,
  type SamlIdpMetadata,
} from '../../../lib/core/metadata';
// Expected values come from openssl (see generate.sh next to the fixtures), not from the code under test.
import expected from '../../fixtures/metadata/expected.json';

const FIXTURES = path.join(__dirname, '../../fixtures/metadata');
const AT = new Date('2026-12-01T00:00:00Z');
const REAL_FIXTURES = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml') && name !== 'sp-only.xml');

const fixture = (name: string): string => path.join(FIXTURES, name);
const fixtureText = (name: string): string => fs.readFileSync(fixture(name), 'utf8');
const fingerprints = (metadata: SamlIdpMetadata): string[] =>
  metadata.signingCertificates.map((c) => c.sha256);
const fromXml = (xml: string) => () => SamlMetadata.fromXml(xml, { at: AT });
// Files listing several IdPs need the entityId option; the others are read without it.
const optionsFor = (name: string) => {
  const entityIds = expected.cases.filter((c) => c.fixture === name).map((c) => c.entityId);
  return entityIds.length > 1 ? { at: AT, entityId: entityIds[0] } : { at: AT };
};
const certificateOf = (name: string): string =>
  SamlMetadata.fromFile(fixture(name), { at: AT }).signingCertificates[0]!.base64;

/** Okta's export rewritten with a given namespace prefix for the metadata elements ('' = default namespace). */
function oktaWithPrefix(prefix: string): string {
  const declaration = prefix === '' ? 'xmlns=' : `xmlns:${prefix}=`;
  return fixtureText('okta.xml')
    .replace('xmlns:md=', declaration)
    .replace(/(<\/?)md:/g, `$1${prefix === '' ? '' : `${prefix}:`}`);
}

/** A minimal IdP EntityDescriptor around the given IDPSSODescriptor content. */
function idp(content: string, entityAttribute = 'entityID="https://idp.example.com"'): string {
  return (
    `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ${entityAttribute}>` +
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${content}</IDPSSODescriptor>` +
    '</EntityDescriptor>'
  );
}

function signingKey(base64: string, use = ' use="signing"'): string {
  return `<KeyDescriptor${use}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${base64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;
}

describe('SAML IdP metadata: vendor exports', () => {
  test.each(expected.cases)(
    'GIVEN $fixture for $entityId THEN entity ID, SSO URLs and openssl fingerprints are read',
    (want) => {
      const several = expected.cases.filter((other) => other.fixture === want.fixture).length > 1;

      const metadata = SamlMetadata.fromFile(
        fixture(want.fixture),
        several ? { at: AT, entityId: want.entityId } : { at: AT },
      );

      expect(metadata.entityId).toBe(want.entityId);
      expect(metadata.ssoUrls).toEqual(want.ssoUrls);
      expect(
        metadata.signingCertificates.map(({ sha256, subject, notBefore, notAfter }) => ({
          sha256,
          subject,
          notBefore,
          notAfter,
        })),
      ).toEqual(want.signingCertificates);
    },
  );

  test('GIVEN a certificate wrapped over several lines THEN base64 is the DER without whitespace', () => {
    const base64 = certificateOf('okta.xml');

    expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex')).toBe(
      expected.cases[0]!.signingCertificates[0]!.sha256.replace(/:/g, '').toLowerCase(),
    );
  });

  test('GIVEN the same bytes as a Buffer or a string THEN the result is the same', () => {
    const okta = fixtureText('okta.xml');

    expect(SamlMetadata.fromXml(Buffer.from(okta), { at: AT })).toEqual(
      SamlMetadata.fromXml(okta, { at: AT }),
    );
  });

  test('GIVEN a UTF-16 file with a byte order mark (Windows PowerShell) THEN it is read', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureText('okta.xml'), 'utf16le')]);

    expect(SamlMetadata.fromXml(utf16, { at: AT }).entityId).toBe('http://www.okta.com/exkb2v4yq1HgYr9Lq5d7');
  });

  test.each(['saml2', 'x', ''])(
    'GIVEN the metadata namespace bound to prefix "%s" THEN the same IdP is read',
    (prefix) => {
      expect(SamlMetadata.fromXml(oktaWithPrefix(prefix), { at: AT })).toEqual(
        SamlMetadata.fromFile(fixture('okta.xml'), { at: AT }),
      );
    },
  );

  test('GIVEN the signature namespace bound to another URI THEN its certificate elements are ignored', () => {
    const foreign = fixtureText('okta.xml').replace(
      'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"',
      'xmlns:ds="urn:example:not-xmldsig"',
    );

    expect(SamlMetadata.fromXml(foreign, { at: AT }).signingCertificates).toEqual([]);
  });

  test('GIVEN escaped characters in a Location THEN they are decoded', () => {
    const xml = idp(
      '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso?a=1&amp;b=2"/>',
    );

    expect(SamlMetadata.fromXml(xml).ssoUrls).toEqual({ post: 'https://idp.example.com/sso?a=1&b=2' });
  });
});

describe('SAML IdP metadata: which certificates count', () => {
  test('GIVEN metadata signed with its own certificate (PingFederate) THEN the signature certificate is not listed', () => {
    const metadata = SamlMetadata.fromFile(fixture('pingfederate.xml'), { at: AT });

    expect(fingerprints(metadata)).not.toContain(expected.notSigning.pingMetadataSignature);
    expect(metadata.signingCertificates).toHaveLength(1);
  });

  test('GIVEN a federation aggregate signed by the federation THEN its certificate is not an IdP certificate', () => {
    const entityIds = expected.cases.filter((c) => c.fixture === 'two-idps.xml').map((c) => c.entityId);

    const listed = entityIds.flatMap((entityId) =>
      fingerprints(SamlMetadata.fromFile(fixture('two-idps.xml'), { at: AT, entityId })),
    );

    expect(listed).not.toContain(expected.notSigning.federationSignature);
  });

  test('GIVEN Entra ID signing its metadata with the signing certificate THEN the certificate is listed once', () => {
    expect(SamlMetadata.fromFile(fixture('entra-id.xml'), { at: AT }).signingCertificates).toHaveLength(1);
  });

  test.each([
    ['adfs.xml', {}, expected.notSigning.adfsEncryption],
    [
      'two-idps.xml',
      { entityId: 'https://idp.university-b.edu/idp/shibboleth' },
      expected.notSigning.universityBEncryption,
    ],
  ])('GIVEN %s with a use="encryption" key THEN that key is not listed', (name, options, encryption) => {
    expect(fingerprints(SamlMetadata.fromFile(fixture(name), { at: AT, ...options }))).not.toContain(
      encryption,
    );
  });

  test('GIVEN a KeyDescriptor without use THEN its certificate counts for signing', () => {
    const xml = idp(signingKey(certificateOf('okta.xml'), ''));

    expect(SamlMetadata.fromXml(xml).signingCertificates).toHaveLength(1);
  });

  test('GIVEN a rotation overlap THEN both certificates are listed in document order', () => {
    const want = expected.cases.find((c) => c.fixture === 'rotation-overlap.xml')!;

    expect(fingerprints(SamlMetadata.fromFile(fixture('rotation-overlap.xml'), { at: AT }))).toEqual(
      want.signingCertificates.map((c) => c.sha256),
    );
  });

  test('GIVEN one certificate in two KeyDescriptors THEN it is listed once', () => {
    const base64 = certificateOf('okta.xml');

    expect(
      SamlMetadata.fromXml(idp(signingKey(base64) + signingKey(base64, ''))).signingCertificates,
    ).toHaveLength(1);
  });
});

describe('SAML IdP metadata: expiry', () => {
  afterEach(() => jest.useRealTimers());

  test('GIVEN a certificate past its notAfter THEN it is reported as expired, not hidden', () => {
    const metadata = SamlMetadata.fromFile(fixture('expired.xml'), { at: AT });

    expect(metadata.signingCertificates.map((c) => c.expired)).toEqual([true]);
    expect(usableSigningCertificates(metadata)).toEqual([]);
  });

  test('GIVEN a clock after the older certificate of an overlap THEN only the newer one is usable', () => {
    const [, newer] = expected.cases.find((c) => c.fixture === 'rotation-overlap.xml')!.signingCertificates;

    const metadata = SamlMetadata.fromFile(fixture('rotation-overlap.xml'), {
      at: new Date('2036-06-01T00:00:00Z'),
    });

    expect(usableSigningCertificates(metadata).map((c) => c.sha256)).toEqual([newer!.sha256]);
  });

  test('GIVEN no clock THEN expiry is judged at the current time', () => {
    jest.useFakeTimers({ now: new Date('2040-01-01T00:00:00Z') });

    expect(SamlMetadata.fromFile(fixture('okta.xml')).signingCertificates[0]!.expired).toBe(true);
  });
});

describe('SAML IdP metadata: choosing among several IdPs', () => {
  test('GIVEN several IdPs and no entityId THEN the refusal names the entity IDs found', () => {
    expect(() => SamlMetadata.fromFile(fixture('two-idps.xml'), { at: AT })).toThrow(
      /expected one identity provider, or the entityId option naming one, got 2 identity providers: "https:\/\/idp\.university-a\.edu\/idp\/shibboleth", "https:\/\/idp\.university-b\.edu\/idp\/shibboleth"$/,
    );
  });

  test('GIVEN an entityId that names no IdP THEN the refusal lists the choices', () => {
    expect(() =>
      SamlMetadata.fromFile(fixture('okta.xml'), { entityId: 'https://elsewhere.example.com' }),
    ).toThrow(
      /entityId option: expected the entityID of exactly one identity provider: "http:\/\/www\.okta\.com\/exkb2v4yq1HgYr9Lq5d7", got "https:\/\/elsewhere\.example\.com"$/,
    );
  });
});

describe('SAML IdP metadata: refusals', () => {
  const okta = fixtureText('okta.xml');
  const body = okta.replace(/^<\?xml[^>]*\?>/, '');

  test('GIVEN a DOCTYPE THEN it is refused before parsing', () => {
    expect(fromXml(`<!DOCTYPE md:EntityDescriptor>${body}`)).toThrow(
      /^SAML metadata line 1: expected XML without DOCTYPE or ENTITY declarations .*, got a DOCTYPE declaration$/,
    );
  });

  test('GIVEN an external entity pointing at a local file THEN it is refused', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${body.replace('http://www.okta.com/', '&x;')}`;

    expect(fromXml(xxe)).toThrow(/line 2: expected XML without DOCTYPE or ENTITY declarations/);
  });

  test('GIVEN an ENTITY declaration without a DOCTYPE THEN it is refused', () => {
    expect(fromXml(`<!ENTITY x "y">${body}`)).toThrow(/got an ENTITY declaration$/);
  });

  test('GIVEN a billion-laughs document THEN it is refused at once', () => {
    const laughs = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]><lolz>&lol9;</lolz>`;
    const started = performance.now();

    expect(fromXml(bomb)).toThrow(/got a DOCTYPE declaration$/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('GIVEN an entity reference and no declaration THEN it is an error, not an expansion', () => {
    expect(fromXml(body.replace('http://www.okta.com/', '&xxe;'))).toThrow(
      /^SAML metadata line 1, column \d+: expected well-formed XML, got "undefined entity"$/,
    );
  });

  test('GIVEN more than 1 MiB THEN it is refused', () => {
    expect(fromXml(okta + ' '.repeat(1024 * 1024))).toThrow(
      /^SAML metadata: expected SAML metadata of at most 1048576 bytes, got \d+ bytes$/,
    );
  });

  test('GIVEN a file over maxBytes THEN fromFile refuses it by its size', () => {
    expect(() => SamlMetadata.fromFile(fixture('okta.xml'), { maxBytes: 1000 })).toThrow(
      /okta\.xml: expected SAML metadata of at most 1000 bytes, got 2\d{3} bytes$/,
    );
  });

  test('GIVEN a directory THEN fromFile refuses it as not a regular file', () => {
    expect(() => SamlMetadata.fromFile(FIXTURES)).toThrow(
      /expected a metadata file, got something that is not a regular file$/,
    );
  });

  test('GIVEN a missing file THEN fromFile names the error code', () => {
    expect(() => SamlMetadata.fromFile(fixture('absent.xml'))).toThrow(
      /absent\.xml: expected a readable metadata file, got error ENOENT$/,
    );
  });

  test('GIVEN XML that is not well formed THEN the refusal gives line and column on one line', () => {
    expect(fromXml(body.slice(0, 600))).toThrow(
      /^SAML metadata line \d+, column \d+: expected well-formed XML, got "[^"\n]+"$/,
    );
  });

  test('GIVEN bytes that are not UTF-8 THEN they are refused', () => {
    const latin1 = Buffer.from(body.replace('www.okta.com', 'www.okt\u00e9.com'), 'latin1');

    expect(() => SamlMetadata.fromXml(latin1)).toThrow(/got bytes that are not valid UTF-8$/);
  });

  test('GIVEN service-provider metadata THEN it is refused as not an IdP', () => {
    expect(() => SamlMetadata.fromFile(fixture('sp-only.xml'))).toThrow(
      /sp-only\.xml: expected identity provider metadata \(an EntityDescriptor with an IDPSSODescriptor\), got service-provider metadata/,
    );
  });

  test('GIVEN an IdP without entityID THEN it is refused', () => {
    expect(fromXml(idp('', 'ID="_1"'))).toThrow(
      /^SAML metadata line 1: expected an entityID, got an identity provider without one$/,
    );
  });

  test('GIVEN a root element that is not SAML metadata THEN it is refused', () => {
    expect(fromXml('<html><body/></html>')).toThrow(
      /expected EntityDescriptor or EntitiesDescriptor in namespace urn:oasis:names:tc:SAML:2\.0:metadata, got root element "html" in namespace ""$/,
    );
  });

  test('GIVEN elements nested 100 deep THEN they are refused', () => {
    expect(fromXml(idp(`${'<Extensions>'.repeat(100)}${'</Extensions>'.repeat(100)}`))).toThrow(
      /expected shallower XML, got elements nested deeper than 64$/,
    );
  });

  test('GIVEN an attribute over 64 KiB THEN it is refused', () => {
    expect(fromXml(idp('', `entityID="https://idp.example.com/${'a'.repeat(70_000)}"`))).toThrow(
      /expected attribute values and texts of at most 65536 characters, got attribute "entityID" of 70\d{3} characters$/,
    );
  });

  test('GIVEN certificate text that is not base64 THEN it is refused', () => {
    expect(fromXml(idp(signingKey('not a certificate!')))).toThrow(
      /^SAML metadata line 1: X509Certificate: expected a base64-encoded X\.509 certificate, got "notacertificate!", not base64$/,
    );
  });

  test('GIVEN base64 that is not a certificate THEN it is refused', () => {
    expect(fromXml(idp(signingKey(Buffer.from('hello, world').toString('base64'))))).toThrow(
      /X509Certificate: expected a base64-encoded X\.509 certificate, got base64 that does not decode to an X\.509 certificate$/,
    );
  });

  test('GIVEN a SingleSignOnService without Location THEN it is refused', () => {
    expect(
      fromXml(idp('<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"/>')),
    ).toThrow(/expected a Location, got a SingleSignOnService without one$/);
  });
});

describe('certificateFingerprint', () => {
  const okta = expected.cases[0]!.signingCertificates[0]!.sha256;

  test('GIVEN bare base64 THEN it matches openssl', () => {
    expect(certificateFingerprint(certificateOf('okta.xml'))).toBe(okta);
  });

  test('GIVEN PEM THEN it matches openssl', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${certificateOf('okta.xml').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

    expect(certificateFingerprint(pem)).toBe(okta);
  });

  test('GIVEN something else THEN it is refused', () => {
    expect(() => certificateFingerprint('-----BEGIN PRIVATE KEY-----')).toThrow(ValidationError);
  });
});

describe('SAML IdP metadata: fuzzing real exports', () => {
  type Edit = {
    readonly kind: 'flip' | 'truncate' | 'insert';
    readonly at: number;
    readonly value: number;
    readonly text: string;
  };
  const edit: fc.Arbitrary<Edit> = fc.record({
    kind: fc.constantFrom('flip', 'truncate', 'insert'),
    at: fc.nat(),
    value: fc.integer({ min: 1, max: 255 }),
    text: fc.constantFrom(
      '<',
      '&',
      '<!DOCTYPE x>',
      '&lol;',
      ']]>',
      '"',
      '</md:IDPSSODescriptor>',
      '<a:b>',
      '\u0000',
    ),
  });

  function mutate(original: Buffer, edits: readonly Edit[]): Buffer {
    return edits.reduce((bytes, { kind, at, value, text }) => {
      const i = at % (bytes.length + 1);
      if (kind === 'truncate') return bytes.subarray(0, i);
      if (kind === 'insert')
        return Buffer.concat([bytes.subarray(0, i), Buffer.from(text), bytes.subarray(i)]);
      const flipped = Buffer.from(bytes);
      if (i < flipped.length) flipped[i] = flipped[i]! ^ value;
      return flipped;
    }, original);
  }

  test.each(REAL_FIXTURES)(
    'GIVEN 300 mutations of %s THEN each is read or refused with a one-line ValidationError, quickly',
    (name) => {
      const original = fs.readFileSync(fixture(name));

      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
          const started = performance.now();
          try {
            SamlMetadata.fromXml(mutate(original, edits), optionsFor(name));
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as Error).message).not.toContain('\n');
          }
          expect(performance.now() - started).toBeLessThan(250);
        }),
        { numRuns: 300, seed: 20261201 },
      );
    },
  );
});
