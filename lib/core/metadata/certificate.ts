import { X509Certificate } from 'node:crypto';
import { ValidationError, describeValue } from '../errors';

/** What a reviewer needs to recognise an X.509 certificate. */
export interface CertificateFacts {
  /** SHA-256 of the DER bytes, uppercase hex pairs joined by colons, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256: string;
  /** Relative distinguished names in certificate order, joined by ", " (`C=US, O=Okta, CN=dev-123`). */
  readonly subject: string;
  /** ISO 8601. */
  readonly notBefore: string;
  /** ISO 8601. */
  readonly notAfter: string;
  /** The DER bytes in base64, without whitespace: the form the Databricks console expects. */
  readonly base64: string;
}

const EXPECTED = 'a base64-encoded X.509 certificate';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Reads a DER certificate written in base64, with any line breaks and indentation that metadata
 * exports put inside it; refuses anything else.
 *
 * @param field where the certificate was found, for messages
 */
export function readCertificate(text: string, field: string): CertificateFacts {
  const base64 = text.replace(/[ \t\r\n]+/g, '');
  if (base64 === '' || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new ValidationError(
      field,
      base64 === '' ? 'nothing' : `${describeValue(base64)}, not base64`,
      EXPECTED,
    );
  }
  const der = Buffer.from(base64, 'base64');
  const certificate = parseDer(der, field);
  return {
    sha256: certificate.fingerprint256,
    subject: certificate.subject.split('\n').join(', '),
    notBefore: isoDate(certificate.validFrom, field),
    notAfter: isoDate(certificate.validTo, field),
    base64,
  };
}

function parseDer(der: Buffer, field: string): X509Certificate {
  const notACertificate = new ValidationError(
    field,
    'base64 that does not decode to an X.509 certificate',
    EXPECTED,
  );
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw notACertificate;
  }
  // Node also accepts PEM and ignores trailing bytes; the base64 must be exactly the DER we report.
  if (!certificate.raw.equals(der)) throw notACertificate;
  return certificate;
}

// Node 20 gives validity dates only as OpenSSL prints them: "Mar  2 00:00:00 2036 GMT".
function isoDate(openssl: string, field: string): string {
  const parts = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(openssl);
  const month = MONTHS.indexOf(parts?.[1] ?? '');
  if (parts === null || month < 0) {
    throw new ValidationError(field, `a certificate dated ${describeValue(openssl)}`, EXPECTED);
  }
  const [day, hours, minutes, seconds, year] = parts.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month, day, hours, minutes, seconds)).toISOString();
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** The base64 bodies of the PEM blocks in `text`; text without any counts as one bare base64 DER. */
export function pemBodies(text: string): string[] {
  const bodies = [...text.matchAll(PEM_BLOCK)].map((block) => block[1] ?? '');
  return bodies.length > 0 ? bodies : [text];
}

/** Reads a certificate given as PEM (its first block) or as bare base64 DER with any line breaks. */
export function readPemCertificate(text: string, field: string): CertificateFacts {
  return readCertificate(pemBodies(text)[0] ?? text, field);
}
