import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { describeValue, ValidationError } from '../core/errors';
import {
  SamlMetadata,
  usableSigningCertificates,
  type SamlIdpMetadata,
  type SigningCertificate,
} from '../core/metadata';
import { fixAddress } from './addresses';
import type { ISamlIdentityProvider, SamlIdentityProviderFacts } from './identity-provider';

/** Properties of a {@link MetadataIdentityProvider}. */
export interface MetadataIdentityProviderProps {
  /** The SAML 2.0 federation metadata XML the IdP exported; read when the construct is built. */
  readonly file: string;
  /**
   * Which identity provider to read when the file lists several.
   * @default the only identity provider in the file
   */
  readonly entityId?: string;
  /**
   * The IdP product, for the people reading the outputs ("PingFederate", "ADFS").
   * @default "the identity provider"
   */
  readonly vendor?: string;
  /**
   * The clock the signing certificate must not have expired at.
   * @default now
   */
  readonly at?: Date;
}

/** Output names the runbook refers to. */
export const METADATA_OUTPUTS = {
  setup: 'idp_manual_setup',
  certificateNotAfter: 'idp_signing_certificate_not_after',
} as const;

/**
 * Any SAML 2.0 IdP without a Terraform provider here (Ping, ADFS, Keycloak, Google, OneLogin,
 * Shibboleth...), known through the federation metadata it exports. It creates nothing: the IdP
 * side stays with its administrators, and the facts Databricks needs come from the file at synth
 * time, so unlike generated certificates the SHA-256 fingerprint is known during plan.
 */
export class MetadataIdentityProvider extends Construct implements ISamlIdentityProvider {
  /** The identity provider as read from the metadata file: entity ID, SSO URLs and signing certificates. */
  readonly metadata: SamlIdpMetadata;
  /** The certificate the Databricks console gets: the first one in the file that has not expired. */
  readonly signingCertificate: SigningCertificate;
  /**
   * What the Databricks account console needs, all literals from the file: the SSO URL (the
   * HTTP-Redirect binding, else HTTP-POST), the entity ID and the signing certificate with its
   * SHA-256 fingerprint.
   */
  readonly samlFacts: SamlIdentityProviderFacts;

  constructor(scope: Construct, id: string, props: MetadataIdentityProviderProps) {
    super(scope, id);
    if (props.file.trim() === '') {
      throw new ValidationError('MetadataIdentityProvider.file', describeValue(props.file), 'a file path');
    }
    const at = props.at ?? new Date();
    this.metadata = SamlMetadata.fromFile(props.file, { entityId: props.entityId, at });
    this.signingCertificate = firstUsable(this.metadata, props.file, at);
    const ssoUrl = this.metadata.ssoUrls.redirect ?? this.metadata.ssoUrls.post;
    if (ssoUrl === undefined) {
      throw new ValidationError(
        props.file,
        'no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding',
        'identity provider metadata with an SSO URL Databricks can send users to',
      );
    }
    const vendor = props.vendor ?? 'the identity provider';

    fixAddress(
      new TerraformOutput(this, 'setup', {
        value:
          `Nothing is created in ${vendor} by Terraform: its administrators register Databricks as a ` +
          'SAML 2.0 service provider (ACS URL and entity ID: output databricks_redirect_url; NameID: ' +
          "the user's email address; signed responses; a groups attribute limited to the mapped groups).",
        description: `What the administrators of ${vendor} configure by hand`,
      }),
      METADATA_OUTPUTS.setup,
    );
    fixAddress(
      new TerraformOutput(this, 'not-after', {
        value: this.signingCertificate.notAfter,
        description: `When the signing certificate of ${vendor} expires: rotate it before then`,
      }),
      METADATA_OUTPUTS.certificateNotAfter,
    );

    this.samlFacts = {
      kind: 'metadata',
      ssoUrl,
      entityId: this.metadata.entityId,
      certificateBase64: this.signingCertificate.base64,
      certificateSha256: this.signingCertificate.sha256,
      signingKey: this.signingCertificate.sha256,
    };
  }
}

function firstUsable(metadata: SamlIdpMetadata, file: string, at: Date): SigningCertificate {
  const [usable] = usableSigningCertificates(metadata);
  if (usable !== undefined) return usable;
  const expired = metadata.signingCertificates.map((c) => c.notAfter).sort();
  throw new ValidationError(
    file,
    expired.length === 0
      ? 'no signing certificate'
      : `only expired signing certificates (the last expired ${expired[expired.length - 1]})`,
    `metadata with a signing certificate valid on ${at.toISOString().slice(0, 10)}`,
  );
}
