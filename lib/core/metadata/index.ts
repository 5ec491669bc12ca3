export {
  SamlMetadata,
  certificateFingerprint,
  usableSigningCertificates,
  type ReadOptions,
  type SamlIdpMetadata,
  type SigningCertificate,
} from './saml-metadata';
