/*
 * Just enough DER to write an X.509 v3 certificate (RFC 5280) with Node's crypto: the plugin's
 * own TLS certificate and the fake certificates a stand-in returns for computed values.
 */

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, content: Buffer): Buffer => tlv(0xa0 + tagNumber, content);
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
export const NULL = Buffer.from([0x05, 0x00]);

/** A BIT STRING holding whole bytes (signatures, keys). */
export const bitString = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));

/** A non-negative INTEGER from big-endian bytes. */
export function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const padded = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, padded.length === 0 ? Buffer.from([0]) : padded);
}

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      groups.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), to the second. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

/** A distinguished name of relative names in order, e.g. [['2.5.4.3', 'localhost']]. */
function name(attributes: readonly (readonly [string, string])[]): Buffer {
  return sequence(...attributes.map(([type, value]) => set(sequence(oid(type), utf8String(value)))));
}

export const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The DER of the extension's value, before it is wrapped in an OCTET STRING. */
  readonly value: Buffer;
}

export const EXTENSIONS = {
  /** CA:TRUE: go-plugin trusts the plugin's certificate as its own root. */
  basicConstraintsCa: { oid: '2.5.29.19', critical: true, value: sequence(Buffer.from([0x01, 0x01, 0xff])) },
  /** digitalSignature (bit 0) and keyCertSign (bit 5): one byte 0b10000100 with 2 unused bits. */
  keyUsageSignAndCertSign: { oid: '2.5.29.15', critical: true, value: Buffer.from([0x03, 0x02, 0x02, 0x84]) },
  serverAndClientAuth: {
    oid: '2.5.29.37',
    critical: false,
    value: sequence(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2')),
  },
  subjectAltNameDns: (dnsName: string): Extension => ({
    oid: '2.5.29.17',
    critical: false,
    value: sequence(tlv(0x82, Buffer.from(dnsName, 'ascii'))),
  }),
};

export interface CertificateFields {
  readonly serial: Buffer;
  /** Issuer and subject: the certificates written here are all self-issued. */
  readonly subject: readonly (readonly [string, string])[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The DER SubjectPublicKeyInfo. */
  readonly publicKey: Buffer;
  /** The DER AlgorithmIdentifier of the signature. */
  readonly signatureAlgorithm: Buffer;
  readonly extensions: readonly Extension[];
  /** Signs the DER TBSCertificate. */
  readonly sign: (tbsCertificate: Buffer) => Buffer;
}

/** The DER of a self-issued X.509 v3 certificate. */
export function certificate(fields: CertificateFields): Buffer {
  const subject = name(fields.subject);
  const extensions = fields.extensions.map((extension) =>
    sequence(
      oid(extension.oid),
      ...(extension.critical ? [Buffer.from([0x01, 0x01, 0xff])] : []),
      octetString(extension.value),
    ),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(fields.serial),
    fields.signatureAlgorithm,
    subject,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    subject,
    fields.publicKey,
    ...(extensions.length > 0 ? [explicit(3, sequence(...extensions))] : []),
  );
  return sequence(tbs, fields.signatureAlgorithm, bitString(fields.sign(tbs)));
}

export function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
