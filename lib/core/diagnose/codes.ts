import type { CheckId } from './checks';

/** One row of Databricks' SAML troubleshooting table, with what this project can check for it. */
export interface SamlErrorCode {
  readonly meaning: string;
  readonly checks: readonly CheckId[];
  /** What to do when no check pinpoints the cause. `<env>` stands for the environment. */
  readonly nextStep: string;
}

export const SAML_ERROR_CODES = {
  user_not_registered_error: {
    meaning:
      'The identity provider signed the user in, but the Databricks account has no user whose user name is ' +
      'the NameID of the response: the user was not provisioned (SCIM, or added by hand), or the NameID is not ' +
      'the email address Databricks knows the user by.',
    checks: ['configuration', 'name-id', 'group-mapped', 'group-provisioned'],
    nextStep:
      'Look the user up in the account console > User management. With SCIM, check that the user is a member ' +
      "of a pushed group and read the IdP's provisioning log; without it, add the user, or allow auto user " +
      'creation in Settings > Authentication. The NameID must be the email exactly as Databricks stores it.',
  },
  saml_not_enabled: {
    meaning:
      'SAML single sign-on is not enabled for the account, or the workspace does not use the account SSO ' +
      'configuration (unified login), so Databricks refused the SAML sign-in.',
    checks: ['configuration', 'console-state', 'unified-login'],
    nextStep:
      'Follow `npx sso runbook --env <env> --change initial` (Test SSO, Enable SSO, unified login). If no ' +
      'administrator can sign in, use an emergency-access user.',
  },
  saml_invalid_idp_settings: {
    meaning:
      'The identity-provider settings saved in the account console are incomplete or invalid: the Single ' +
      'Sign-On URL, the Identity Provider Entity ID or the x.509 certificate.',
    checks: [
      'configuration',
      'sso-url',
      'entity-id',
      'console-certificate',
      'signing-certificate',
      'certificate-validity',
    ],
    nextStep:
      'Paste the three values again from `terraform output` (steps "Paste" of `npx sso runbook --env <env> ' +
      '--change initial`), then Test SSO before Enable SSO.',
  },
  saml_expired_error: {
    meaning:
      'The SAML response is outside its validity window (NotBefore / NotOnOrAfter): the clocks of the IdP and ' +
      'Databricks disagree, the response was replayed (browser back button, a bookmarked IdP page), or the ' +
      'sign-in took too long.',
    checks: ['configuration', 'clock-skew', 'certificate-validity'],
    nextStep:
      'Start the sign-in again from the workspace URL in a fresh browser tab; if it repeats for everyone, ' +
      "check the IdP's clock.",
  },
  saml_response_not_signed_error: {
    meaning: 'Databricks requires a signature on the SAML Response element, and the response had none.',
    checks: ['configuration', 'response-signed', 'signature-algorithm'],
    nextStep: 'Turn response signing on for the Databricks app at the IdP, and deploy.',
  },
  saml_assertion_not_signed_error: {
    meaning: 'Databricks requires a signature on the SAML Assertion, and the assertion had none.',
    checks: ['configuration', 'assertion-signed', 'signature-algorithm'],
    nextStep: 'Turn assertion signing on for the Databricks app at the IdP, and deploy.',
  },
  saml_no_signature_error: {
    meaning: 'The SAML response carried no signature at all, on neither the Response nor the Assertion.',
    checks: ['configuration', 'response-signed', 'assertion-signed', 'signature-algorithm'],
    nextStep: 'Sign both the response and the assertion with RSA-SHA256 at the IdP, and deploy.',
  },
  saml_invalid_signature_error: {
    meaning:
      'A signature did not verify with the x.509 certificate saved in the account console: the IdP signs with ' +
      'another key (typically a rotation whose console step was not done), or the certificate was pasted ' +
      'incompletely.',
    checks: [
      'configuration',
      'console-certificate',
      'signing-certificate',
      'certificate-validity',
      'signature-algorithm',
    ],
    nextStep:
      'Compare the x.509 certificate the account console shows with the one the IdP signs with ' +
      "(--console-certificate and --metadata); if they differ, replace it in the console with the IdP's " +
      'current one: the change-window steps of `npx sso runbook --env <env> --change rotation`.',
  },
  saml_nameid_missing_error: {
    meaning: "The assertion's Subject has no NameID, so Databricks cannot tell who signed in.",
    checks: ['configuration', 'name-id'],
    nextStep:
      "Configure the app's NameID at the IdP as the user's email address (emailAddress format), and deploy.",
  },
  saml_generic_request_error: {
    meaning:
      'The SAML request between Databricks and the IdP failed: usually the Single Sign-On URL in the account ' +
      'console is wrong, or the IdP app does not accept the Databricks Redirect URL as its ACS URL.',
    checks: ['configuration', 'sso-url', 'acs-url'],
    nextStep:
      'Compare the Single Sign-On URL in the account console with `terraform output`, and the ACS URL of the ' +
      'IdP app with the Databricks Redirect URL.',
  },
  saml_generic_response_validation_error: {
    meaning:
      'The SAML response failed a check other than its signature: audience, recipient or destination differ ' +
      'from the Databricks Redirect URL, the issuer differs from the IdP entity ID, or its timestamps are off.',
    checks: ['configuration', 'acs-url', 'entity-id', 'signature-algorithm', 'clock-skew'],
    nextStep:
      'Capture the SAML response (browser developer tools or a SAML tracer), decode it, and compare Audience, ' +
      'Recipient, Destination and Issuer with the values above.',
  },
} as const satisfies Record<string, SamlErrorCode>;

export type SamlErrorCodeName = keyof typeof SAML_ERROR_CODES;

export const KNOWN_CODES = Object.keys(SAML_ERROR_CODES) as SamlErrorCodeName[];

export function isKnownCode(code: string): code is SamlErrorCodeName {
  return Object.prototype.hasOwnProperty.call(SAML_ERROR_CODES, code);
}
