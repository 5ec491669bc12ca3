import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { isHttpsUrl } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { fixAddress } from './addresses';
import type { SamlIdentityProviderFacts } from './identity-provider';
import { TerraformData } from './terraform-data';

/** Properties of a {@link DatabricksSsoSettings}. */
export interface DatabricksSsoSettingsProps {
  /** The IdP whose facts the account console must hold. */
  readonly idp: SamlIdentityProviderFacts;
  /** The account console's "Databricks Redirect URL" the IdP posts to. */
  readonly redirectUrl: string;
}

/** Terraform output names; the runbook and `sso diagnose` refer to them. */
export const SSO_OUTPUTS = {
  ssoUrl: 'databricks_sso_url',
  entityId: 'databricks_sso_idp_entity_id',
  certificatePem: 'databricks_sso_x509_certificate',
  certificateSha256: 'databricks_sso_certificate_sha256',
  redirectUrl: 'databricks_redirect_url',
} as const;

/**
 * The Databricks account console's SAML settings. Databricks has no API for them, so this
 * construct applies nothing: it states what the console must hold as outputs, and keeps a
 * `terraform_data` marker keyed on those values, so any change shows in `cdktf diff` as a
 * replacement and tells the operator a console step is due.
 */
export class DatabricksSsoSettings extends Construct {
  /**
   * The `terraform_data.databricks_sso_settings` marker: replaced whenever the SSO URL, the IdP
   * entity ID or the signing key changes, which is the cue to update the account console.
   */
  readonly marker: TerraformData;

  constructor(scope: Construct, id: string, props: DatabricksSsoSettingsProps) {
    super(scope, id);
    if (!isHttpsUrl(props.redirectUrl)) {
      throw new ValidationError(
        'DatabricksSsoSettings.redirectUrl',
        describeValue(props.redirectUrl),
        'an https:// URL',
      );
    }
    const { idp } = props;
    const pem = Fn.join(
      '\n',
      Fn.concat([
        ['-----BEGIN CERTIFICATE-----'],
        Fn.regexall('.{1,64}', idp.certificateBase64),
        ['-----END CERTIFICATE-----', ''],
      ]),
    );

    this.marker = fixAddress(
      new TerraformData(this, 'marker', {
        // Keyed on values the plan knows (or knows to be changing): a key the provider changes
        // only at apply would leave this marker unchanged in the rotation's plan and replace it
        // one run later, when nobody is looking for the console step.
        triggersReplace: {
          sso_url: idp.ssoUrl,
          idp_entity_id: idp.entityId,
          signing_key: idp.signingKey,
        },
      }),
      'databricks_sso_settings',
    );

    const output = (name: string, value: string, description: string) =>
      fixAddress(new TerraformOutput(this, name, { value, description }), name);
    output(
      SSO_OUTPUTS.redirectUrl,
      props.redirectUrl,
      'Databricks Redirect URL the IdP posts SAML responses to',
    );
    output(SSO_OUTPUTS.ssoUrl, idp.ssoUrl, 'Account console > Single sign-on > Single Sign-On URL');
    output(
      SSO_OUTPUTS.entityId,
      idp.entityId,
      'Account console > Single sign-on > Identity Provider Entity ID',
    );
    output(SSO_OUTPUTS.certificatePem, pem, 'Account console > Single sign-on > x.509 certificate (PEM)');
    if (idp.certificateSha256 !== undefined) {
      output(
        SSO_OUTPUTS.certificateSha256,
        idp.certificateSha256,
        'SHA-256 fingerprint of the x.509 certificate',
      );
    }
  }
}
