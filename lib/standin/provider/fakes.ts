import * as crypto from 'crypto';
import type { FakeShape } from '../schema/types';
import {
  Dynamic,
  isObjectValue,
  normalizeNumber,
  objectValue,
  UNKNOWN,
  type Value,
  type WireType,
} from './values';
import { bitString, certificate, integer, NULL, OID, oid, pem, sequence } from './x509';

/*
 * Fake computed values: shaped like the real ones (a numeric id where the real one is numeric,
 * a parsable certificate where one is expected) and derived from a seed, itself a hash of the
 * configuration, so that the same configuration always gets the same values.
 */

/** A hash of a value, stable across processes: object keys sorted, numbers in decimal. */
export function valueHash(...parts: readonly (string | Value)[]): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(parts.map(canonical)))
    .digest('hex');
}

function canonical(value: Value): unknown {
  if (value === UNKNOWN) return { unknown: true };
  if (typeof value === 'bigint') return { number: value.toString() };
  if (value instanceof Dynamic) return { type: value.type, value: canonical(value.value) };
  if (Array.isArray(value)) return value.map(canonical);
  if (isObjectValue(value)) {
    return Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key] ?? null)]);
  }
  return value;
}

/** As many bytes as asked for, all determined by the seed. */
function seededBytes(seed: string, count: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < count; counter++) {
    blocks.push(crypto.createHash('sha256').update(`${seed}#${counter}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, count);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function digits(seed: string, count: number): string {
  const bytes = seededBytes(seed, count);
  return Array.from(bytes, (byte, index) => (index === 0 ? 1 + (byte % 9) : byte % 10)).join('');
}

/** A plain fake value of a shape other than `template` (which needs the resource's other values). */
export function shapedFake(
  shape: Exclude<FakeShape, { kind: 'template' }>,
  seed: string,
): string | number | boolean {
  switch (shape.kind) {
    case 'digits':
      return digits(seed, shape.length);
    case 'prefixed': {
      const count = Math.max(0, shape.length - shape.prefix.length);
      return shape.prefix + Array.from(seededBytes(seed, count), (byte) => BASE62[byte % 62]).join('');
    }
    case 'uuid': {
      const bytes = seededBytes(seed, 16);
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = bytes.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    case 'hex':
      return seededBytes(seed, Math.ceil(shape.length / 2))
        .toString('hex')
        .slice(0, shape.length)
        .toUpperCase();
    case 'certificate-base64':
      return fakeCertificate(seed).toString('base64');
    case 'certificate-pem':
      return pem(fakeCertificate(seed));
    case 'constant':
      return shape.value;
  }
}

/**
 * A parsable X.509 certificate with an RSA-2048 key, valid 2025-2035 like a freshly issued
 * signing certificate. Its modulus and signature are seeded bytes, not a real key pair: Node
 * cannot derive an RSA key from a seed, and nothing downstream verifies a stand-in's signature.
 */
function fakeCertificate(seed: string): Buffer {
  const modulus = seededBytes(`${seed}/modulus`, 256);
  modulus[0] = (modulus[0] ?? 0) | 0x80;
  modulus[255] = (modulus[255] ?? 0) | 0x01;
  const rsaPublicKey = sequence(integer(modulus), integer(Buffer.from([0x01, 0x00, 0x01])));
  return certificate({
    serial: seededBytes(`${seed}/serial`, 16),
    subject: [
      [OID.organization, 'Stand-in'],
      [OID.commonName, `standin-${seededBytes(`${seed}/name`, 4).toString('hex')}`],
    ],
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    publicKey: sequence(sequence(oid(OID.rsaEncryption), NULL), bitString(rsaPublicKey)),
    signatureAlgorithm: sequence(oid(OID.sha256WithRsa), NULL),
    extensions: [],
    sign: () => seededBytes(`${seed}/signature`, 256),
  });
}

/**
 * A fake of the type when the schema file names no shape. Strings are decimal digits: they
 * read as an id, and they still convert where a number is expected.
 */
export function genericFake(type: WireType, seed: string): Value {
  if (type === 'string') return digits(seed, 15);
  if (type === 'number') return Number(digits(seed, 9));
  if (type === 'bool') return false;
  if (type === 'dynamic') return new Dynamic('string', digits(seed, 15));
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') return [];
  if (kind === 'map') return objectValue();
  if (kind === 'tuple') return element.map((item, index) => genericFake(item, `${seed}/${index}`));
  return objectValue(
    Object.entries(element).map(([name, item]) => [name, genericFake(item, `${seed}/${name}`)]),
  );
}

/**
 * A shaped primitive as a value of the attribute's type: a collection of primitives gets one
 * element of that shape.
 */
export function coerceFake(raw: string | number | boolean, type: WireType, where: string): Value {
  if (type === 'string') return String(raw);
  if (type === 'number') return normalizeNumber(typeof raw === 'boolean' ? String(Number(raw)) : raw, where);
  if (type === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new TypeError(`${where}: the fake ${JSON.stringify(raw)} is not a bool`);
  }
  if (type === 'dynamic') {
    return new Dynamic(typeof raw === 'string' ? 'string' : typeof raw === 'number' ? 'number' : 'bool', raw);
  }
  const [kind, element] = type;
  if ((kind === 'list' || kind === 'set') && typeof element === 'string')
    return [coerceFake(raw, element, where)];
  throw new TypeError(`${where}: a fake shape cannot make a value of type ${JSON.stringify(type)}`);
}

/**
 * Renders a `template` shape: `{hash}` is the configuration's short hash, `{name}` the value of
 * another attribute. Undefined while a referenced value is itself still to be faked.
 */
export function renderTemplate(
  template: string,
  hash: string,
  lookup: (name: string) => Value | undefined,
): string | undefined {
  let pending = false;
  const rendered = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    if (name === 'hash') return hash.slice(0, 12);
    const value = lookup(name);
    if (value === undefined || value === UNKNOWN) {
      pending = true;
      return '';
    }
    if (value === null) return '';
    if (typeof value === 'object') throw new TypeError(`template ${template}: {${name}} is not a primitive`);
    return String(value);
  });
  return pending ? undefined : rendered;
}
