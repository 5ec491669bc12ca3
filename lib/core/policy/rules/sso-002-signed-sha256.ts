import type { PolicyRule, Violation } from '../types';

/** What Okta must be told; Entra signs with SHA-256 unless told otherwise, which its provider cannot. */
const REQUIRED: readonly (readonly [string, unknown, string])[] = [
  ['response_signed', true, 'the SAML response is not signed'],
  ['assertion_signed', true, 'the SAML assertion is not signed'],
  ['signature_algorithm', 'RSA_SHA256', 'the signature algorithm is not RSA-SHA256'],
  ['digest_algorithm', 'SHA256', 'the digest algorithm is not SHA-256'],
];

export const signedSha256: PolicyRule = {
  id: 'SSO-002',
  title: 'SAML response and assertion are signed with RSA-SHA256 and a SHA-256 digest',
  level: 'error',
  explanation:
    'Sign both the response and the assertion (response_signed, assertion_signed = true) with ' +
    'signature_algorithm RSA_SHA256 and digest_algorithm SHA256, as OktaDatabricksApp does; ' +
    'remove any override that changes them. Databricks rejects unsigned responses, and SHA-1 is forgeable.',
  check({ terraform }) {
    return terraform.resources('okta_app_saml').flatMap((app) =>
      REQUIRED.filter(([attribute, wanted]) => app.body[attribute] !== wanted).map(
        ([attribute, wanted, problem]): Violation => ({
          path: app.path,
          message: `${problem} (${attribute} is ${JSON.stringify(app.body[attribute] ?? null)}, expected ${JSON.stringify(wanted)})`,
        }),
      ),
    );
  },
};
