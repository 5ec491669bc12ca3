import { decode, encode, ExtData } from '@msgpack/msgpack';
import type { SchemaBlock } from '../schema/types';

/*
 * Terraform values as the plugin protocol carries them (docs/plugin-protocol/object-wire-format.md
 * in hashicorp/terraform), decoded and encoded by the schema, since msgpack alone cannot tell a
 * list from a tuple, an unknown from an extension or a dynamic value from a pair.
 */

/** A value that will be decided only during apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');

/**
 * The type of a value held under a `dynamic` type constraint: any cty type, tuples included
 * (a dynamic value can hold a tuple although no schema attribute is declared as one).
 */
export type WireType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', WireType]
  | readonly ['object', { readonly [name: string]: WireType }]
  | readonly ['tuple', readonly WireType[]];

/** A value held by a `dynamic` attribute, with the type Terraform decided for it. */
export class Dynamic {
  constructor(
    readonly type: WireType,
    readonly value: Value,
  ) {}
}

/**
 * A Terraform value: numbers beyond 2^53 stay exact as bigints; objects and maps are objects
 * without a prototype, so that keys from a configuration (`constructor`) are plain keys.
 */
export type Value =
  null | boolean | number | bigint | string | typeof UNKNOWN | Dynamic | Value[] | ObjectValue;

export interface ObjectValue {
  [key: string]: Value;
}

export function objectValue(entries: Iterable<readonly [string, Value]> = []): ObjectValue {
  const object = Object.create(null) as ObjectValue;
  for (const [key, value] of entries) object[key] = value;
  return object;
}

export function isObjectValue(value: Value | undefined): value is ObjectValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Dynamic);
}

/** Go's msgpack encodes unknowns as a one-byte fixext of type 0; the payload means nothing. */
const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));

/** Decodes a `DynamicValue.msgpack` of a whole block (a configuration, a state): null when absent. */
export function decodeObject(bytes: Uint8Array, block: SchemaBlock): ObjectValue | null {
  const value = fromBlockWire(decode(bytes, { useBigInt64: true }), block, '');
  if (value === UNKNOWN) throw new TypeError('a wholly unknown object where a block was expected');
  return value;
}

/** Encodes a block's value: every attribute present (null as nil), absent block lists as []. */
export function encodeObject(value: ObjectValue | null, block: SchemaBlock): Uint8Array {
  return encode(toBlockWire(value, block), { useBigInt64: true });
}

/**
 * Reads a state as Terraform stores it (the JSON of `RawState`, written under the schema of the
 * version that wrote it) into a value of the current schema: attributes it does not know are
 * dropped, missing ones are null.
 */
export function objectFromJson(json: string, block: SchemaBlock): ObjectValue | null {
  const value = fromBlockJson(JSON.parse(quoteLargeIntegers(json)), block, '');
  return value;
}

/** Whether two values are the same value (sets compare in order: Terraform orders them alike). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    // Loose equality is how JavaScript compares a number with a bigint.
    return a == b;
  }
  if (a instanceof Dynamic || b instanceof Dynamic) {
    return (
      a instanceof Dynamic &&
      b instanceof Dynamic &&
      JSON.stringify(a.type) === JSON.stringify(b.type) &&
      valuesEqual(a.value, b.value)
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => valuesEqual(item, b[index] ?? null))
    );
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && valuesEqual(a[key] ?? null, b[key] ?? null))
    );
  }
  return false;
}

/** A number as a JavaScript number when that is exact, else as a bigint (an integer) or a number. */
export function normalizeNumber(value: number | bigint | string, where: string): number | bigint {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (/^-?\d+$/.test(value)) return normalizeNumber(BigInt(value), where);
  const parsed = Number(value);
  if (value.trim() === '' || Number.isNaN(parsed)) throw new TypeError(`${where}: not a number: ${value}`);
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// msgpack

function fromBlockWire(raw: unknown, block: SchemaBlock, where: string): ObjectValue | null | typeof UNKNOWN {
  if (raw instanceof ExtData) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  const object = expectMap(raw, where);
  const result = objectValue();
  for (const [name, attribute] of Object.entries(block.attributes)) {
    result[name] = fromWire(object[name], attribute.type, `${where}.${name}`);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    const at = `${where}.${name}`;
    const item = object[name];
    if (item instanceof ExtData) {
      result[name] = UNKNOWN;
    } else if (nested.nesting_mode === 'single') {
      result[name] = fromBlockWire(item, nested.block, at);
    } else if (nested.nesting_mode === 'map') {
      result[name] = objectValue(
        Object.entries(item === null || item === undefined ? {} : expectMap(item, at)).map(
          ([key, element]) => [key, fromBlockWire(element, nested.block, `${at}[${key}]`)],
        ),
      );
    } else {
      result[name] = (item === null || item === undefined ? [] : expectArray(item, at)).map(
        (element, index) => fromBlockWire(element, nested.block, `${at}[${index}]`),
      );
    }
  }
  return result;
}

function fromWire(raw: unknown, type: WireType, where: string): Value {
  if (raw instanceof ExtData) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (type === 'string') {
    if (typeof raw !== 'string') throw new TypeError(`${where}: expected a string`);
    return raw;
  }
  if (type === 'number') {
    if (typeof raw !== 'number' && typeof raw !== 'bigint' && typeof raw !== 'string') {
      throw new TypeError(`${where}: expected a number`);
    }
    return normalizeNumber(raw, where);
  }
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw new TypeError(`${where}: expected a bool`);
    return raw;
  }
  if (type === 'dynamic') {
    const pair = expectArray(raw, where);
    const [typeBytes, inner] = pair;
    if (pair.length !== 2 || !(typeBytes instanceof Uint8Array)) {
      throw new TypeError(`${where}: expected a [type, value] pair for a dynamic value`);
    }
    const innerType = JSON.parse(Buffer.from(typeBytes).toString('utf8')) as WireType;
    return new Dynamic(innerType, fromWire(inner, innerType, where));
  }
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') {
    return expectArray(raw, where).map((item, index) => fromWire(item, element, `${where}[${index}]`));
  }
  if (kind === 'map') {
    return objectValue(
      Object.entries(expectMap(raw, where)).map(([key, item]) => [
        key,
        fromWire(item, element, `${where}[${key}]`),
      ]),
    );
  }
  if (kind === 'tuple') {
    return expectArray(raw, where).map((item, index) =>
      fromWire(item, element[index] ?? 'dynamic', `${where}[${index}]`),
    );
  }
  const object = expectMap(raw, where);
  return objectValue(
    Object.entries(element).map(([name, attributeType]) => [
      name,
      fromWire(object[name], attributeType, `${where}.${name}`),
    ]),
  );
}

function toBlockWire(value: ObjectValue | null | typeof UNKNOWN, block: SchemaBlock): unknown {
  if (value === UNKNOWN) return UNKNOWN_EXT;
  if (value === null) return null;
  const wire: { [key: string]: unknown } = Object.create(null);
  for (const [name, attribute] of Object.entries(block.attributes)) {
    wire[name] = toWire(value[name] ?? null, attribute.type);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    const item = value[name] ?? null;
    if (item === UNKNOWN) {
      wire[name] = UNKNOWN_EXT;
    } else if (nested.nesting_mode === 'single') {
      wire[name] = toBlockWire(isObjectValue(item) ? item : null, nested.block);
    } else if (nested.nesting_mode === 'map') {
      const map: { [key: string]: unknown } = Object.create(null);
      for (const [key, element] of Object.entries(isObjectValue(item) ? item : {})) {
        map[key] = toBlockWire(blockElement(element), nested.block);
      }
      wire[name] = map;
    } else {
      wire[name] = (Array.isArray(item) ? item : []).map((element) =>
        toBlockWire(blockElement(element), nested.block),
      );
    }
  }
  return wire;
}

function blockElement(value: Value): ObjectValue | null | typeof UNKNOWN {
  if (value === UNKNOWN || value === null || isObjectValue(value)) return value;
  throw new TypeError('a nested block element that is not an object');
}

function toWire(value: Value, type: WireType): unknown {
  if (value === UNKNOWN) return UNKNOWN_EXT;
  if (value === null) return null;
  if (type === 'dynamic') {
    if (!(value instanceof Dynamic)) throw new TypeError('a dynamic attribute without its type');
    return [Buffer.from(JSON.stringify(value.type)), toWire(value.value, value.type)];
  }
  if (typeof type === 'string') return value;
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') return (value as Value[]).map((item) => toWire(item, element));
  if (kind === 'tuple')
    return (value as Value[]).map((item, index) => toWire(item, element[index] ?? 'dynamic'));
  const object = value as ObjectValue;
  const wire: { [key: string]: unknown } = Object.create(null);
  if (kind === 'map') {
    for (const [key, item] of Object.entries(object)) wire[key] = toWire(item, element);
  } else {
    for (const [name, attributeType] of Object.entries(element))
      wire[name] = toWire(object[name] ?? null, attributeType);
  }
  return wire;
}

/** A decoded map, copied without a prototype: an absent `constructor` key must read as absent. */
function expectMap(raw: unknown, where: string): { readonly [key: string]: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new TypeError(`${where || 'value'}: expected an object`);
  }
  return Object.assign(Object.create(null) as { [key: string]: unknown }, raw);
}

function expectArray(raw: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(raw)) throw new TypeError(`${where || 'value'}: expected an array`);
  return raw;
}

// ---------------------------------------------------------------------------------------------
// JSON state

/**
 * Terraform writes numbers in state exactly (`json.Number`); JSON.parse would round integers
 * beyond 2^53, and a rounded id would show as a change on every plan. Such integers are quoted
 * before parsing; a number-typed position reads a string as a number anyway.
 */
function quoteLargeIntegers(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    /^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token,
  );
}

function fromBlockJson(raw: unknown, block: SchemaBlock, where: string): ObjectValue | null {
  if (raw === null || raw === undefined) return null;
  const object = expectMap(raw, where);
  const result = objectValue();
  for (const [name, attribute] of Object.entries(block.attributes)) {
    result[name] = fromJson(object[name], attribute.type, `${where}.${name}`);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    const at = `${where}.${name}`;
    const item = object[name];
    if (nested.nesting_mode === 'single') {
      result[name] = fromBlockJson(item, nested.block, at);
    } else if (nested.nesting_mode === 'map') {
      result[name] = objectValue(
        Object.entries(item === null || item === undefined ? {} : expectMap(item, at)).map(
          ([key, element]) => [key, fromBlockJson(element, nested.block, `${at}[${key}]`)],
        ),
      );
    } else {
      result[name] = (item === null || item === undefined ? [] : expectArray(item, at)).map(
        (element, index) => fromBlockJson(element, nested.block, `${at}[${index}]`),
      );
    }
  }
  return result;
}

function fromJson(raw: unknown, type: WireType, where: string): Value {
  if (raw === null || raw === undefined) return null;
  if (type === 'string') {
    // cty's JSON decoder turns numbers and bools into strings where a string is expected.
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    throw new TypeError(`${where}: expected a string`);
  }
  if (type === 'number') {
    if (typeof raw !== 'number' && typeof raw !== 'string')
      throw new TypeError(`${where}: expected a number`);
    return normalizeNumber(raw, where);
  }
  if (type === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new TypeError(`${where}: expected a bool`);
  }
  if (type === 'dynamic') {
    // cty writes a dynamic value as {"value": ..., "type": ...}.
    const object = expectMap(raw, where);
    const innerType = object['type'] as WireType;
    return new Dynamic(innerType, fromJson(object['value'], innerType, where));
  }
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') {
    return expectArray(raw, where).map((item, index) => fromJson(item, element, `${where}[${index}]`));
  }
  if (kind === 'map') {
    return objectValue(
      Object.entries(expectMap(raw, where)).map(([key, item]) => [
        key,
        fromJson(item, element, `${where}[${key}]`),
      ]),
    );
  }
  if (kind === 'tuple') {
    return expectArray(raw, where).map((item, index) =>
      fromJson(item, element[index] ?? 'dynamic', `${where}[${index}]`),
    );
  }
  const object = expectMap(raw, where);
  return objectValue(
    Object.entries(element).map(([name, attributeType]) => [
      name,
      fromJson(object[name], attributeType, `${where}.${name}`),
    ]),
  );
}
