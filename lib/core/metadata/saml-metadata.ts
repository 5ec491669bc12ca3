import * as fs from 'node:fs';
import { ValidationError, describeValue } from '../errors';
import { type CertificateFacts, readCertificate, readPemCertificate } from './certificate';
import { type XmlElement, readXml, tooLarge } from './xml';

/**
 * A certificate the identity provider signs with (a `KeyDescriptor` of its `IDPSSODescriptor` for
 * signing, or for any use), with its fingerprint, validity and DER bytes.
 */
export interface SigningCertificate extends CertificateFacts {
  /** Whether `notAfter` is before the `at` clock given when reading. */
  readonly expired: boolean;
}

/** What Databricks needs from a generic SAML 2.0 identity provider. */
export interface SamlIdpMetadata {
  /** The identity provider's `entityID`: its issuer ("Identity Provider Entity ID" in the console). */
  readonly entityId: string;
  /**
   * The `SingleSignOnService` locations by binding (HTTP-Redirect, HTTP-POST), the first of each in
   * the document; a binding the IdP does not offer is absent.
   */
  readonly ssoUrls: { readonly redirect?: string; readonly post?: string };
  /** Every certificate the IdP may sign with, in document order, expired ones included. */
  readonly signingCertificates: readonly SigningCertificate[];
}

/** Options for reading SAML metadata with {@link SamlMetadata}. */
export interface ReadOptions {
  /**
   * Which identity provider to read when the file lists several; checked when given.
   * @default the only identity provider in the metadata
   */
  readonly entityId?: string;
  /** The clock for `expired`. @default now */
  readonly at?: Date;
  /**
   * The largest metadata accepted, in bytes; a file is refused before it is read into memory.
   * @default 1 MiB
   */
  readonly maxBytes?: number;
}

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const DEFAULT_MAX_BYTES = 1024 * 1024;
// Real metadata nests about ten levels deep; the bound keeps hostile input from costing more.
const MAX_DEPTH = 64;
// A 16384-bit RSA certificate is about 8 KiB of base64: no value SAML metadata needs comes near this.
const MAX_VALUE_CHARS = 64 * 1024;
const IDS_SHOWN = 5;

/**
 * Reads SAML 2.0 federation metadata exported by an identity provider (Okta, Entra ID, ADFS,
 * PingFederate, Keycloak, Google Workspace...). Refuses with a one-line `ValidationError` anything
 * unsafe or unusable; never reads another file or opens a connection. Metadata signatures are not
 * verified: the file is trusted as much as the channel it was downloaded over.
 */
export class SamlMetadata {
  /**
   * Reads the metadata file at `path`, which must be a regular file.
   *
   * @throws ValidationError naming the file when it is missing, unreadable, too large, not SAML 2.0
   *   identity provider metadata, or lists several identity providers and no `entityId` is given
   */
  static fromFile(path: string, options: ReadOptions = {}): SamlIdpMetadata {
    const source = path.replace(/[\r\n]+/g, ' ');
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    // Checked before reading so that a device, a FIFO or a huge file is never read into memory.
    const stats = onFileSystem(source, () => fs.statSync(path));
    if (!stats.isFile()) {
      throw new ValidationError(source, 'something that is not a regular file', 'a metadata file');
    }
    if (stats.size > maxBytes) throw tooLarge(source, stats.size, maxBytes);
    const xml = onFileSystem(source, () => fs.readFileSync(path));
    return read(xml, source, options);
  }

  /**
   * Reads metadata already in memory (downloaded, for example), with the same checks as
   * {@link SamlMetadata.fromFile}; messages name it "SAML metadata".
   */
  static fromXml(xml: string | Buffer, options: ReadOptions = {}): SamlIdpMetadata {
    return read(xml, 'SAML metadata', options);
  }
}

/** The SHA-256 fingerprint of a certificate given as base64 DER or PEM, formatted like openssl's. */
export function certificateFingerprint(base64OrPem: string): string {
  return readPemCertificate(base64OrPem, 'certificate').sha256;
}

/** The signing certificates that had not expired at the clock the metadata was read with. */
export function usableSigningCertificates(metadata: SamlIdpMetadata): SigningCertificate[] {
  return metadata.signingCertificates.filter((certificate) => !certificate.expired);
}

interface IdentityProvider {
  readonly entityId: string;
  readonly descriptors: readonly XmlElement[];
}

function read(xml: string | Buffer, source: string, options: ReadOptions): SamlIdpMetadata {
  const root = readXml(xml, source, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxDepth: MAX_DEPTH,
    maxValueChars: MAX_VALUE_CHARS,
  });
  const idp = select(identityProviders(entityDescriptors(root, source), source), options.entityId, source);
  return {
    entityId: idp.entityId,
    ssoUrls: ssoUrls(idp.descriptors, source),
    signingCertificates: signingCertificates(idp.descriptors, options.at ?? new Date(), source),
  };
}

function onFileSystem<T>(source: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new ValidationError(source, `error ${code}`, 'a readable metadata file');
  }
}

function entityDescriptors(element: XmlElement, source: string): XmlElement[] {
  if (isMetadata(element, 'EntityDescriptor')) return [element];
  if (isMetadata(element, 'EntitiesDescriptor')) {
    return element.children
      .filter((child) => isMetadata(child, 'EntityDescriptor') || isMetadata(child, 'EntitiesDescriptor'))
      .flatMap((child) => entityDescriptors(child, source));
  }
  throw new ValidationError(
    source,
    `root element ${describeValue(element.local)} in namespace ${describeValue(element.uri)}`,
    `EntityDescriptor or EntitiesDescriptor in namespace ${MD}`,
  );
}

function identityProviders(entities: readonly XmlElement[], source: string): IdentityProvider[] {
  const idps = entities.flatMap((entity) => {
    const descriptors = children(entity, MD, 'IDPSSODescriptor');
    if (descriptors.length === 0) return [];
    const entityId = entity.attributes.get('entityID')?.trim();
    if (!entityId) {
      throw new ValidationError(
        `${source} line ${entity.line}`,
        'an identity provider without one',
        'an entityID',
      );
    }
    return [{ entityId, descriptors }];
  });
  if (idps.length > 0) return idps;
  const serviceProvider = entities.some((entity) => children(entity, MD, 'SPSSODescriptor').length > 0);
  throw new ValidationError(
    source,
    serviceProvider ? 'service-provider metadata (SPSSODescriptor only)' : 'no IDPSSODescriptor',
    'identity provider metadata (an EntityDescriptor with an IDPSSODescriptor)',
  );
}

function select(
  idps: readonly IdentityProvider[],
  entityId: string | undefined,
  source: string,
): IdentityProvider {
  const candidates = entityId === undefined ? idps : idps.filter((idp) => idp.entityId === entityId);
  const [only, ...others] = candidates;
  if (only !== undefined && others.length === 0) return only;
  if (entityId === undefined) {
    throw new ValidationError(
      source,
      `${idps.length} identity providers: ${listEntityIds(idps)}`,
      'one identity provider, or the entityId option naming one',
    );
  }
  throw new ValidationError(
    `${source} entityId option`,
    `${describeValue(entityId)}${others.length > 0 ? `, which ${candidates.length} entities share` : ''}`,
    `the entityID of exactly one identity provider: ${listEntityIds(idps)}`,
  );
}

function listEntityIds(idps: readonly IdentityProvider[]): string {
  const shown = idps.slice(0, IDS_SHOWN).map((idp) => describeValue(idp.entityId));
  return idps.length > IDS_SHOWN
    ? `${shown.join(', ')} and ${idps.length - IDS_SHOWN} more`
    : shown.join(', ');
}

function ssoUrls(descriptors: readonly XmlElement[], source: string): SamlIdpMetadata['ssoUrls'] {
  const services = descriptors.flatMap((descriptor) => children(descriptor, MD, 'SingleSignOnService'));
  const redirect = location(services, HTTP_REDIRECT, source);
  const post = location(services, HTTP_POST, source);
  return { ...(redirect === undefined ? {} : { redirect }), ...(post === undefined ? {} : { post }) };
}

// When a binding is listed twice, the first one wins, so that the result follows the document.
function location(services: readonly XmlElement[], binding: string, source: string): string | undefined {
  const service = services.find((candidate) => candidate.attributes.get('Binding') === binding);
  if (service === undefined) return undefined;
  const url = service.attributes.get('Location')?.trim();
  if (!url) {
    throw new ValidationError(
      `${source} line ${service.line}`,
      'a SingleSignOnService without one',
      'a Location',
    );
  }
  return url;
}

// Only KeyDescriptors of the IDPSSODescriptor count: a ds:Signature elsewhere (the metadata's own
// signature) carries the certificate of whoever signed the file, which need not sign assertions.
function signingCertificates(
  descriptors: readonly XmlElement[],
  at: Date,
  source: string,
): SigningCertificate[] {
  const certificates = descriptors
    .flatMap((descriptor) => children(descriptor, MD, 'KeyDescriptor'))
    .filter(isForSigning)
    .flatMap((key) => children(key, DSIG, 'KeyInfo'))
    .flatMap((info) => children(info, DSIG, 'X509Data'))
    .flatMap((data) => children(data, DSIG, 'X509Certificate'))
    .map((element) => readCertificate(element.text, `${source} line ${element.line}: X509Certificate`));
  return withoutRepeats(certificates).map((certificate) => ({
    ...certificate,
    expired: Date.parse(certificate.notAfter) < at.getTime(),
  }));
}

// A KeyDescriptor without `use` serves both signing and encryption (SAML 2.0 metadata, 2.4.1.1).
function isForSigning(key: XmlElement): boolean {
  const use = key.attributes.get('use');
  return use === undefined || use === 'signing';
}

// Some IdPs list one certificate in several KeyDescriptors; counting it twice would fake a rotation overlap.
function withoutRepeats(certificates: readonly CertificateFacts[]): CertificateFacts[] {
  const seen = new Set<string>();
  return certificates.filter((certificate) => {
    if (seen.has(certificate.sha256)) return false;
    seen.add(certificate.sha256);
    return true;
  });
}

function isMetadata(element: XmlElement, local: string): boolean {
  return element.uri === MD && element.local === local;
}

function children(parent: XmlElement, uri: string, local: string): XmlElement[] {
  return parent.children.filter((child) => child.uri === uri && child.local === local);
}
