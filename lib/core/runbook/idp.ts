import type { Declaration } from '../declaration/schema';

/** How runbooks and diagnoses name an environment's identity provider and its Databricks app. */
export interface IdpView {
  /** `okta`, `entra`, `metadata`: the declaration's `idp.kind`. */
  readonly kind: string;
  /** The IdP itself: `Okta org acme.okta.com`. */
  readonly name: string;
  /** The Databricks app at the IdP: `the Okta app "Databricks (prod)"`. */
  readonly app: string;
  /** Where an administrator finds the app's SAML settings in the IdP's own console. */
  readonly appSettings: string;
  /** Where an administrator downloads the app's current SAML metadata. */
  readonly metadataExport: string;
  /** Whether Terraform creates the IdP app; a metadata IdP's app is made by hand and only read. */
  readonly managedByTerraform: boolean;
  /** Whether the synthesized outputs hold the certificate's fingerprint (known at synthesis). */
  readonly fingerprintOutput: boolean;
}

/**
 * The schema's IdP kinds, read through one structural view, so that runbooks and diagnoses cover
 * every kind a declaration may name and fall back to plain SAML wording for one they do not know.
 */
interface AnyIdp {
  readonly kind: string;
  readonly orgName?: string;
  readonly baseUrl?: string;
  readonly appLabel?: string;
  readonly tenantId?: string;
  readonly appName?: string;
  readonly file?: string;
  readonly vendor?: string;
}

export function idpView(d: Declaration): IdpView {
  const idp: AnyIdp = d.idp;
  const label = (name: string | undefined) => JSON.stringify(name ?? `Databricks (${d.environment})`);
  switch (idp.kind) {
    case 'okta': {
      const app = label(idp.appLabel);
      return {
        kind: 'okta',
        name: `Okta org ${idp.orgName}.${idp.baseUrl ?? 'okta.com'}`,
        app: `the Okta app ${app}`,
        appSettings: `Okta Admin Console > Applications > Applications > ${app} > Sign On`,
        metadataExport: `Okta Admin Console > Applications > Applications > ${app} > Sign On > SAML Signing Certificates > Actions > View IdP metadata`,
        managedByTerraform: true,
        fingerprintOutput: false,
      };
    }
    case 'entra': {
      const app = label(idp.appName);
      return {
        kind: 'entra',
        name: `Microsoft Entra ID tenant ${idp.tenantId}`,
        app: `the Entra enterprise application ${app}`,
        appSettings: `Microsoft Entra admin center > Enterprise applications > ${app} > Single sign-on`,
        metadataExport: `Microsoft Entra admin center > Enterprise applications > ${app} > Single sign-on > SAML Certificates > Federation Metadata XML`,
        managedByTerraform: true,
        fingerprintOutput: false,
      };
    }
    case 'metadata':
      return {
        kind: 'metadata',
        // The file name only: declarations resolve it to an absolute path, which says nothing to a reader.
        name: `${idp.vendor ?? 'the SAML identity provider'} (metadata file ${idp.file?.split(/[\\/]/).pop()})`,
        app: 'the Databricks application at the identity provider',
        appSettings: `the Databricks application's SAML settings in ${idp.vendor ?? 'the identity provider'}`,
        metadataExport: `the metadata export of ${idp.vendor ?? 'the identity provider'}`,
        managedByTerraform: false,
        fingerprintOutput: true,
      };
    default:
      return {
        kind: idp.kind,
        name: `the ${idp.kind} identity provider`,
        app: 'the Databricks application at the identity provider',
        appSettings: "the Databricks application's SAML settings at the identity provider",
        metadataExport: 'the metadata export of the identity provider',
        managedByTerraform: true,
        fingerprintOutput: false,
      };
  }
}
