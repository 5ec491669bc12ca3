import { ValidationError } from '../../../lib/core/errors';
import { checkResponse, type CheckerConfig, type ResponseVerdict } from '../../../lib/core/saml/checks';
import { readResponseInput } from '../../../lib/core/saml/input';
import { AT, harOf, ISSUER, makeKey, REDIRECT_URL, sign, signedResponse, unsignedResponse } from './fixtures';

const KEY = makeKey('Okta stand-in');
const OTHER_KEY = makeKey('someone else');

/** What Databricks holds for the built-in staging environment, with the test key's certificate. */
const CONFIG: CheckerConfig = {
  redirectUrl: REDIRECT_URL,
  entityId: { value: ISSUER, source: 'the test' },
  certificate: { pem: KEY.certificatePem, source: 'the test key' },
  at: AT,
  atSource: 'the test',
  attributes: ['email', 'name', 'groups'],
  groups: {
    'data-scientists': { 'ml-staging': 'USER' },
    'databricks-platform-admins': { 'ml-staging': 'ADMIN' },
  },
};

const check = (xml: string, config: CheckerConfig = CONFIG) => checkResponse(xml, config);
const statusOf = (verdict: ResponseVerdict, id: string) => verdict.checks.find((c) => c.id === id)?.status;
const failedIds = (verdict: ResponseVerdict) =>
  verdict.checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('checkResponse', () => {
  test('GIVEN a response signed as Okta signs it WHEN checked THEN accepted, no error code, every check passed', () => {
    const verdict = check(signedResponse(KEY));

    expect(verdict).toMatchObject({ accepted: true, errorCode: null });
    expect(verdict.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(verdict.user).toEqual({
      nameId: 'test.user@acme-analytics.com',
      email: 'test.user@acme-analytics.com',
      groups: ['data-scientists', 'Everyone'],
      mappedGroups: ['data-scientists'],
      access: { 'ml-staging': 'USER' },
    });
  });

  test('GIVEN an unsigned response WHEN checked THEN saml_no_signature_error', () => {
    const verdict = check(unsignedResponse());

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_no_signature_error' });
    expect(failedIds(verdict)).toEqual(['response-signed', 'assertion-signed']);
  });

  test('GIVEN a response signed by another key WHEN checked THEN saml_invalid_signature_error, never trusting the embedded certificate', () => {
    // The forger embeds their own certificate in KeyInfo, which a naive verifier would use.
    const verdict = check(signedResponse(OTHER_KEY));

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_invalid_signature_error' });
    expect(verdict.checks.find((c) => c.id === 'response-signature-valid')?.detail).toMatch(
      /^the signature value does not verify with the certificate Databricks holds: signed by another key.*checked with the test key \(SHA-256 /,
    );
  });

  test('GIVEN a response whose NameID was changed after signing WHEN checked THEN saml_invalid_signature_error', () => {
    const tampered = signedResponse(KEY).replace(
      '>test.user@acme-analytics.com</saml2:NameID>',
      '>ceo@acme-analytics.com</saml2:NameID>',
    );

    const verdict = check(tampered);

    expect(verdict.errorCode).toBe('saml_invalid_signature_error');
    expect(failedIds(verdict)).toEqual(['response-signature-valid', 'assertion-signature-valid']);
    expect(verdict.checks.find((c) => c.id === 'assertion-signature-valid')?.detail).toContain(
      'changed after it was signed',
    );
  });

  test('GIVEN a response that expired 10 minutes before the login is judged WHEN checked THEN saml_expired_error, naming the assumed skew', () => {
    const verdict = check(signedResponse(KEY), { ...CONFIG, at: new Date('2026-11-25T10:15:00Z') });

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_expired_error' });
    expect(verdict.checks.find((c) => c.id === 'validity')?.detail).toMatch(
      /expired at 2026-11-25T10:04:58Z \(Conditions NotOnOrAfter\), 10 minutes before that moment.*3 minutes of clock skew, assumed/,
    );
  });

  test('GIVEN a response judged 2 minutes after NotOnOrAfter WHEN checked THEN still valid within the assumed skew', () => {
    const verdict = check(signedResponse(KEY), { ...CONFIG, at: new Date('2026-11-25T10:06:58Z') });

    expect(statusOf(verdict, 'validity')).toBe('passed');
  });

  test('GIVEN a response not valid before a moment 10 minutes later WHEN checked THEN saml_expired_error', () => {
    const verdict = check(
      signedResponse(KEY, { notBefore: '2026-11-25T10:10:00Z', notOnOrAfter: '2026-11-25T10:20:00Z' }),
    );

    expect(verdict.errorCode).toBe('saml_expired_error');
    expect(verdict.checks.find((c) => c.id === 'validity')?.detail).toMatch(
      /not valid before 2026-11-25T10:10:00Z/,
    );
  });

  test('GIVEN a signed response without a NameID WHEN checked THEN saml_nameid_missing_error', () => {
    const verdict = check(signedResponse(KEY, { nameId: null }));

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_nameid_missing_error' });
    expect(statusOf(verdict, 'name-id-email')).toBe('cannot-check');
  });

  test('GIVEN a NameID that is not an email address WHEN checked THEN user_not_registered_error', () => {
    const verdict = check(signedResponse(KEY, { nameId: '00u1a2b3c4' }));

    expect(verdict.errorCode).toBe('user_not_registered_error');
  });

  test('GIVEN a response for another audience WHEN checked THEN saml_generic_response_validation_error', () => {
    const verdict = check(
      signedResponse(KEY, {
        audience: 'https://accounts.cloud.databricks.com/oidc/accounts/other/v1/saml/callback',
      }),
    );

    expect(verdict.errorCode).toBe('saml_generic_response_validation_error');
    expect(failedIds(verdict)).toEqual(['audience']);
  });

  test("GIVEN a response whose Destination and Recipient name another account's Redirect URL WHEN checked THEN saml_generic_response_validation_error", () => {
    const other =
      'https://accounts.cloud.databricks.com/oidc/accounts/11111111-2222-3333-4444-555555555555/v1/saml/callback';

    const verdict = check(signedResponse(KEY, { destination: other, recipient: other }));

    expect(verdict.errorCode).toBe('saml_generic_response_validation_error');
    expect(failedIds(verdict)).toEqual(['destination', 'recipient']);
  });

  test('GIVEN a signature wrapping attack (a forged assertion read, the signed one hidden in its signature) WHEN checked THEN saml_invalid_signature_error from the signed-element check', () => {
    const signed = signedResponse(KEY);
    const original = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(signed)?.[0] ?? '';
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(original)?.[0] ?? '';
    // The forged assertion carries the original's signature; the original, unsigned, hides inside it.
    const hidden = original.replace(signature, '');
    const forged = original
      .replace('ID="id-assertion-1"', 'ID="id-forged"')
      .replace('>test.user@acme-analytics.com</saml2:NameID>', '>ceo@acme-analytics.com</saml2:NameID>')
      .replace(
        signature,
        signature.replace('</ds:Signature>', `<ds:Object>${hidden}</ds:Object></ds:Signature>`),
      );

    const verdict = check(signed.replace(original, forged));

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_invalid_signature_error' });
    // The library alone is satisfied: the signature still verifies over the hidden original.
    expect(statusOf(verdict, 'assertion-signature-valid')).toBe('passed');
    expect(verdict.checks.find((c) => c.id === 'signed-element')?.detail).toMatch(
      /^signature wrapping: the document holds 2 Assertion elements.*the assertion signature covers "#id-assertion-1", not the assertion it sits in \(ID "id-forged"\)/,
    );
  });

  test('GIVEN a wrapping attack copying the signature WHEN checked THEN xml-crypto refuses it too, named as wrapping', () => {
    const signed = signedResponse(KEY);
    const original = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(signed)?.[0] ?? '';
    const forged = original
      .replace('ID="id-assertion-1"', 'ID="id-forged"')
      .replace('</ds:Signature>', `<ds:Object>${original}</ds:Object></ds:Signature>`);

    const verdict = check(signed.replace(original, forged));

    expect(verdict.errorCode).toBe('saml_invalid_signature_error');
    expect(verdict.checks.find((c) => c.id === 'assertion-signature-valid')?.detail).toMatch(
      /^a signature wrapping attempt/,
    );
  });

  test('GIVEN an IdP error status WHEN checked THEN saml_generic_request_error with the status message', () => {
    const verdict = check(
      sign(
        unsignedResponse({
          status: {
            code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
            message: 'User is not assigned to this application',
          },
        }),
        'response',
        KEY,
      ),
    );

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_generic_request_error' });
    expect(verdict.checks.find((c) => c.id === 'status')?.detail).toBe(
      'the IdP answered Responder with the message "User is not assigned to this application"; expected Success',
    );
  });

  test('GIVEN only the assertion signed WHEN checked THEN saml_response_not_signed_error', () => {
    const verdict = check(sign(unsignedResponse(), 'assertion', KEY));

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_response_not_signed_error' });
    expect(failedIds(verdict)).toEqual(['response-signed']);
  });

  test('GIVEN only the response signed WHEN checked THEN saml_assertion_not_signed_error', () => {
    const verdict = check(sign(unsignedResponse(), 'response', KEY));

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_assertion_not_signed_error' });
    expect(failedIds(verdict)).toEqual(['assertion-signed']);
  });

  test('GIVEN a signed response behind a DOCTYPE WHEN checked THEN refused before any other check, saml_generic_response_validation_error', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY name "x">]>${signedResponse(KEY)}`;

    const verdict = check(xml);

    expect(verdict).toMatchObject({ accepted: false, errorCode: 'saml_generic_response_validation_error' });
    expect(verdict.checks[0]).toMatchObject({ id: 'well-formed', status: 'failed' });
    expect(verdict.checks[0]?.detail).toMatch(/a DOCTYPE declaration/);
    expect(verdict.checks.slice(1).every((c) => c.status === 'cannot-check')).toBe(true);
  });

  test('GIVEN a base64 SAMLResponse cut in half WHEN read and checked THEN not well formed, saml_generic_response_validation_error', () => {
    const base64 = Buffer.from(signedResponse(KEY)).toString('base64');
    const input = readResponseInput(Buffer.from(base64.slice(0, base64.length / 2)), 'truncated.txt');

    const verdict = check(input.xml);

    expect(input.origin).toBe('base64 SAMLResponse');
    expect(verdict.errorCode).toBe('saml_generic_response_validation_error');
    expect(verdict.checks[0]?.detail).toMatch(/^refused without reading further: the SAML response line 1/);
  });

  test('GIVEN garbage WHEN read THEN refused with a ValidationError naming what was expected', () => {
    expect(() => readResponseInput(Buffer.from('hello, this is not SAML'), 'garbage.txt')).toThrow(
      new ValidationError(
        'garbage.txt',
        '"hello,thisisnotSAML", not base64',
        'a HAR file, a SAMLResponse value (base64, URL-encoded or not) or the Response XML',
      ),
    );
  });

  test("GIVEN a HAR of the login WHEN read THEN the POST to the Redirect URL is used, with its time and Databricks' answer", () => {
    const input = readResponseInput(Buffer.from(harOf(signedResponse(KEY))), 'login.har', REDIRECT_URL);

    expect(input.origin).toBe(`HAR entry 2 of 2: POST ${REDIRECT_URL} at 2026-11-25T10:00:00.000Z`);
    expect(input.postedAt).toEqual(new Date('2026-11-25T10:00:00Z'));
    expect(input.observedError).toBe('saml_invalid_signature_error');
    expect(check(input.xml)).toMatchObject({ accepted: true, errorCode: null });
  });

  test('GIVEN the certificate Databricks holds is unknown WHEN checked THEN the signatures cannot be checked and the response is not called accepted', () => {
    const { certificate: _, ...withoutCertificate } = CONFIG;

    const verdict = check(signedResponse(KEY), withoutCertificate);

    expect(verdict).toMatchObject({ accepted: false, errorCode: null });
    expect(statusOf(verdict, 'response-signature-valid')).toBe('cannot-check');
  });

  test('GIVEN an attribute beyond the declared set WHEN checked THEN the attributes check fails without an error code', () => {
    const verdict = check(signedResponse(KEY), { ...CONFIG, attributes: ['email', 'groups'] });

    expect(verdict).toMatchObject({ accepted: true, errorCode: null });
    expect(verdict.checks.find((c) => c.id === 'attributes')).toMatchObject({ status: 'failed' });
  });
});
