import { SAML } from '@node-saml/node-saml';
import { checkResponse, type CheckerConfig } from '../../../lib/core/saml/checks';
import { AT, ISSUER, makeKey, REDIRECT_URL, signedResponse } from './fixtures';

/*
 * @node-saml/node-saml, configured as Databricks would be, as a second opinion on the responses the
 * tests make: it must accept the valid one (so the fixtures are realistic), and where it accepts
 * what Databricks refuses, the checker's own checks decide.
 */

const KEY = makeKey('Okta stand-in');
const CONFIG: CheckerConfig = {
  redirectUrl: REDIRECT_URL,
  entityId: { value: ISSUER, source: 'the test' },
  certificate: { pem: KEY.certificatePem, source: 'the test key' },
  at: AT,
  atSource: 'the test',
};

function nodeSaml(): SAML {
  return new SAML({
    callbackUrl: REDIRECT_URL,
    issuer: REDIRECT_URL,
    audience: REDIRECT_URL,
    idpIssuer: ISSUER,
    idpCert: KEY.certificatePem,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: 180_000,
    validateInResponseTo: 'never' as never,
  });
}

async function nodeSamlAccepts(xml: string): Promise<boolean> {
  try {
    await nodeSaml().validatePostResponseAsync({ SAMLResponse: Buffer.from(xml).toString('base64') });
    return true;
  } catch {
    return false;
  }
}

describe('a second opinion from @node-saml/node-saml', () => {
  beforeAll(() => jest.useFakeTimers({ now: AT, doNotFake: ['nextTick', 'setImmediate'] }));
  afterAll(() => jest.useRealTimers());

  test('GIVEN the valid response WHEN node-saml validates it THEN it accepts it, as the checker does', async () => {
    const xml = signedResponse(KEY);

    expect(await nodeSamlAccepts(xml)).toBe(true);
    expect(checkResponse(xml, CONFIG).accepted).toBe(true);
  });

  test('GIVEN a response signed by another key WHEN node-saml validates it THEN it refuses it, as the checker does', async () => {
    const xml = signedResponse(makeKey('someone else'));

    expect(await nodeSamlAccepts(xml)).toBe(false);
    expect(checkResponse(xml, CONFIG).errorCode).toBe('saml_invalid_signature_error');
  });

  test.each([
    {
      what: 'without a NameID',
      xml: signedResponse(KEY, { nameId: null }),
      code: 'saml_nameid_missing_error',
    },
    {
      what: "whose Destination and Recipient name another account's Redirect URL",
      xml: signedResponse(KEY, {
        destination: 'https://accounts.cloud.databricks.com/oidc/accounts/other/v1/saml/callback',
        recipient: 'https://accounts.cloud.databricks.com/oidc/accounts/other/v1/saml/callback',
      }),
      code: 'saml_generic_response_validation_error',
    },
    {
      what: 'carrying a DOCTYPE',
      xml: `<!DOCTYPE Response>${signedResponse(KEY)}`,
      code: 'saml_generic_response_validation_error',
    },
  ])(
    'GIVEN a response $what WHEN both judge it THEN node-saml accepts it, and the checker refuses it with $code',
    async ({ xml, code }) => {
      expect(await nodeSamlAccepts(xml)).toBe(true);
      expect(checkResponse(xml, CONFIG)).toMatchObject({ accepted: false, errorCode: code });
    },
  );
});
