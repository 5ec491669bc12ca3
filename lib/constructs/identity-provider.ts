import type { IConstruct } from 'constructs';

/**
 * What the Databricks account console needs from an identity provider. Okta, Entra ID and
 * metadata-based IdPs all produce these; everything downstream (SSO settings, runbooks,
 * rotation) reads only this interface.
 *
 * Values may be Terraform references when the IdP generates them at apply time.
 */
export interface SamlIdentityProviderFacts {
  /** Which IdP family produced the facts, for messages and runbooks. */
  readonly kind: 'okta' | 'entra' | 'metadata';
  /** Where Databricks sends users to sign in ("Single Sign-On URL" in the console). */
  readonly ssoUrl: string;
  /** The IdP's issuer ("Identity Provider Entity ID" in the console). */
  readonly entityId: string;
  /** The signing certificate as base64 DER without PEM armour ("x.509 certificate"). */
  readonly certificateBase64: string;
  /**
   * What identifies the signing key in a plan: it changes exactly when the certificate
   * Databricks must hold changes, and its new value is decided at plan time or left unknown
   * there. Okta's `certificate` does not qualify: the provider changes it at apply without
   * announcing it in the plan, so a plan that rotates the key would still show the old one.
   */
  readonly signingKey: string;
  /**
   * SHA-256 fingerprint, uppercase hex with colons.
   * @default undefined: the certificate is generated at apply time, and Terraform has no
   *   binary-safe hash to compute it during plan (see `sso fingerprint`)
   */
  readonly certificateSha256?: string;
}

/** A construct that provides a SAML IdP for Databricks. */
export interface ISamlIdentityProvider extends IConstruct {
  /** What the Databricks account console must hold for this IdP; some values may be Terraform references. */
  readonly samlFacts: SamlIdentityProviderFacts;
}
