import { createSign, generateKeyPairSync } from 'crypto';
import { SignedXml } from 'xml-crypto';
import { certificate, NULL, OID, oid, pem, sequence } from '../../../lib/standin/provider/x509';

/*
 * SAML responses made in the tests, from keys made in the tests: an Okta-shaped response for the
 * staging environment of the built-in example, signed with xml-crypto directly (not through the
 * code under test), which each test then breaks in one way.
 */

export interface TestKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export function makeKey(commonName: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = certificate({
    serial: Buffer.from([7]),
    subject: [[OID.commonName, commonName]],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: sequence(oid(OID.sha256WithRsa), NULL),
    extensions: [],
    sign: (tbs) => createSign('sha256').update(tbs).sign(privateKey),
  });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pem(der),
  };
}

/** The built-in staging environment's Databricks Redirect URL. */
export const REDIRECT_URL =
  'https://accounts.cloud.databricks.com/oidc/accounts/3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f/v1/saml/callback';
export const ISSUER = 'http://www.okta.com/exk1a2b3c4d5e6f7g8h9';
/** The moment of the login every response is made for. */
export const AT = new Date('2026-11-25T10:00:00Z');

export interface ResponseOptions {
  readonly issuer?: string;
  readonly destination?: string;
  readonly recipient?: string;
  readonly audience?: string;
  /** null: no NameID element at all. */
  readonly nameId?: string | null;
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
  readonly status?: { readonly code: string; readonly message: string };
  readonly groups?: readonly string[];
}

/** An unsigned Okta-shaped response for `test.user@acme-analytics.com`, in data-scientists and Everyone. */
export function unsignedResponse(options: ResponseOptions = {}): string {
  const issuer = options.issuer ?? ISSUER;
  const status = options.status ?? { code: 'urn:oasis:names:tc:SAML:2.0:status:Success', message: '' };
  const nameId =
    options.nameId === null
      ? ''
      : `<saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${options.nameId ?? 'test.user@acme-analytics.com'}</saml2:NameID>`;
  const groups = (options.groups ?? ['data-scientists', 'Everyone'])
    .map((g) => `<saml2:AttributeValue>${g}</saml2:AttributeValue>`)
    .join('');
  const assertion = status.code.endsWith(':Success')
    ? '<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id-assertion-1" IssueInstant="2026-11-25T09:59:58Z" Version="2.0">' +
      `<saml2:Issuer>${issuer}</saml2:Issuer>` +
      `<saml2:Subject>${nameId}<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
      `<saml2:SubjectConfirmationData NotOnOrAfter="${options.notOnOrAfter ?? '2026-11-25T10:04:58Z'}" Recipient="${options.recipient ?? REDIRECT_URL}"/>` +
      '</saml2:SubjectConfirmation></saml2:Subject>' +
      `<saml2:Conditions NotBefore="${options.notBefore ?? '2026-11-25T09:54:58Z'}" NotOnOrAfter="${options.notOnOrAfter ?? '2026-11-25T10:04:58Z'}">` +
      `<saml2:AudienceRestriction><saml2:Audience>${options.audience ?? REDIRECT_URL}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
      '<saml2:AuthnStatement AuthnInstant="2026-11-25T09:59:58Z" SessionIndex="id-assertion-1"><saml2:AuthnContext>' +
      '<saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef>' +
      '</saml2:AuthnContext></saml2:AuthnStatement>' +
      '<saml2:AttributeStatement>' +
      '<saml2:Attribute Name="email"><saml2:AttributeValue>test.user@acme-analytics.com</saml2:AttributeValue></saml2:Attribute>' +
      '<saml2:Attribute Name="name"><saml2:AttributeValue>Test User</saml2:AttributeValue></saml2:Attribute>' +
      `<saml2:Attribute Name="groups">${groups}</saml2:Attribute>` +
      '</saml2:AttributeStatement></saml2:Assertion>'
    : '';
  return (
    `<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${options.destination ?? REDIRECT_URL}" ` +
    'ID="id-response-1" IssueInstant="2026-11-25T09:59:58Z" Version="2.0">' +
    `<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml2:Issuer>` +
    `<saml2p:Status><saml2p:StatusCode Value="${status.code}"/>` +
    `${status.message === '' ? '' : `<saml2p:StatusMessage>${status.message}</saml2p:StatusMessage>`}</saml2p:Status>` +
    `${assertion}</saml2p:Response>`
  );
}

const PATH = {
  response: "/*[local-name(.)='Response']",
  assertion: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
} as const;

/** Signs the Response or its assertion as Okta does (RSA-SHA256, SHA-256, after the Issuer). */
export function sign(xml: string, target: 'response' | 'assertion', key: TestKey): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: PATH[target],
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${PATH[target]}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

/** Signed as the built-in Okta app signs: the assertion, then the response. */
export function signedResponse(key: TestKey, options: ResponseOptions = {}): string {
  return sign(sign(unsignedResponse(options), 'assertion', key), 'response', key);
}

/** A HAR as Chrome exports it: a page load, the POST of the SAMLResponse, Databricks' redirect. */
export function harOf(
  xml: string,
  redirectUrl = REDIRECT_URL,
  cookie = 'session=SHOULD-NEVER-BE-PRINTED',
): string {
  const value = Buffer.from(xml, 'utf8').toString('base64');
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      entries: [
        {
          startedDateTime: '2026-11-25T09:59:50.000Z',
          request: {
            method: 'GET',
            url: 'https://acme-ml-staging.cloud.databricks.com/login.html',
            headers: [],
          },
          response: { status: 200, headers: [], redirectURL: '' },
        },
        {
          startedDateTime: '2026-11-25T10:00:00.000Z',
          request: {
            method: 'POST',
            url: redirectUrl,
            headers: [{ name: 'Cookie', value: cookie }],
            postData: {
              mimeType: 'application/x-www-form-urlencoded',
              text: `SAMLResponse=${encodeURIComponent(value)}&RelayState=abc`,
              params: [
                { name: 'SAMLResponse', value: encodeURIComponent(value) },
                { name: 'RelayState', value: 'abc' },
              ],
            },
          },
          response: {
            status: 302,
            headers: [
              {
                name: 'Location',
                value: 'https://accounts.cloud.databricks.com/login?error=saml_invalid_signature_error',
              },
            ],
            redirectURL: 'https://accounts.cloud.databricks.com/login?error=saml_invalid_signature_error',
          },
        },
      ],
    },
  });
}
