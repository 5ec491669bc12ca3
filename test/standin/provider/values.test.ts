import { decode, encode, ExtData } from '@msgpack/msgpack';
import type { SchemaBlock } from '../../../lib/standin/schema/types';
import {
  decodeObject,
  Dynamic,
  encodeObject,
  objectFromJson,
  objectValue,
  UNKNOWN,
  valuesEqual,
} from '../../../lib/standin/provider/values';

const BLOCK: SchemaBlock = {
  attributes: {
    id: { type: 'string', computed: true },
    count: { type: 'number', optional: true },
    enabled: { type: 'bool', optional: true },
    tags: { type: ['map', 'string'], optional: true },
    extra: { type: 'dynamic', optional: true },
  },
  block_types: {
    rule: {
      nesting_mode: 'list',
      block: { attributes: { match: { type: 'string', required: true } }, block_types: {} },
    },
    owner: {
      nesting_mode: 'single',
      block: { attributes: { name: { type: 'string', optional: true } }, block_types: {} },
    },
    label: {
      nesting_mode: 'map',
      block: { attributes: { text: { type: 'string', optional: true } }, block_types: {} },
    },
  },
};

const wire = (value: unknown) => encode(value, { useBigInt64: true });
const unwire = (bytes: Uint8Array) => decode(bytes, { useBigInt64: true }) as Record<string, unknown>;

describe('msgpack values', () => {
  test('GIVEN an unknown of extension type 0 or a refined one of type 12 WHEN decoded THEN both are unknown', () => {
    const value = decodeObject(
      wire({ id: new ExtData(0, new Uint8Array([0])), count: new ExtData(12, wire({ 1: false })) }),
      BLOCK,
    );

    expect(value?.['id']).toBe(UNKNOWN);
    expect(value?.['count']).toBe(UNKNOWN);
  });

  test('GIVEN an unknown WHEN encoded THEN it is extension type 0', () => {
    const bytes = encodeObject(objectValue([['id', UNKNOWN]]), BLOCK);

    expect(unwire(bytes)['id']).toEqual(new ExtData(0, new Uint8Array([0])));
  });

  test('GIVEN an object missing attributes and blocks WHEN encoded THEN every attribute is nil and block lists are empty', () => {
    const bytes = encodeObject(objectValue([['count', 2]]), BLOCK);

    expect(unwire(bytes)).toEqual({
      id: null,
      count: 2,
      enabled: null,
      tags: null,
      extra: null,
      rule: [],
      owner: null,
      label: {},
    });
  });

  test('GIVEN integral and fractional numbers WHEN encoded THEN integers are msgpack ints and fractions floats', () => {
    const integral = encodeObject(objectValue([['count', 7]]), BLOCK);
    const fractional = encodeObject(objectValue([['count', 1.5]]), BLOCK);

    // The map header, then "count" as a fixstr of 5, then the value's first byte.
    const valueByte = (bytes: Uint8Array) => bytes[Buffer.from(bytes).indexOf('count') + 5];
    expect(valueByte(integral)).toBe(7);
    expect(valueByte(fractional)).toBe(0xcb);
  });

  test('GIVEN an integer beyond 2^53 WHEN decoded and encoded again THEN it stays exact', () => {
    const big = 1234567890123456789n;

    const value = decodeObject(wire({ count: big }), BLOCK);

    expect(value?.['count']).toBe(big);
    expect(unwire(encodeObject(value, BLOCK))['count']).toBe(big);
  });

  test('GIVEN a number sent as a decimal string WHEN decoded THEN it is a number', () => {
    expect(decodeObject(wire({ count: '42' }), BLOCK)?.['count']).toBe(42);
  });

  test('GIVEN a dynamic attribute WHEN decoded and encoded THEN its type travels with it as cty does', () => {
    const type = Buffer.from(JSON.stringify(['list', 'string']));

    const value = decodeObject(wire({ extra: [type, ['a', 'b']] }), BLOCK);

    expect(value?.['extra']).toEqual(new Dynamic(['list', 'string'], ['a', 'b']));
    const [typeBytes, inner] = unwire(encodeObject(value, BLOCK))['extra'] as [Uint8Array, unknown];
    expect(Buffer.from(typeBytes).toString()).toBe('["list","string"]');
    expect(inner).toEqual(['a', 'b']);
  });

  test('GIVEN a map key named like an Object method WHEN decoded THEN it is a plain key', () => {
    const value = decodeObject(wire({ tags: { constructor: 'x' } }), BLOCK);

    expect(value?.['tags']).toEqual(objectValue([['constructor', 'x']]));
    expect(value?.['enabled']).toBeNull();
  });

  test('GIVEN a null state WHEN decoded THEN it is null', () => {
    expect(decodeObject(wire(null), BLOCK)).toBeNull();
  });
});

describe('JSON state', () => {
  test('GIVEN a stored state of an older schema WHEN read THEN unknown attributes go, missing ones are null, blocks empty', () => {
    const value = objectFromJson('{"id":"1","gone":true,"count":3}', BLOCK);

    expect(value).toEqual(
      objectValue([
        ['id', '1'],
        ['count', 3],
        ['enabled', null],
        ['tags', null],
        ['extra', null],
        ['rule', []],
        ['owner', null],
        ['label', objectValue()],
      ]),
    );
  });

  test('GIVEN a stored integer beyond 2^53 WHEN read THEN it stays exact, and decimals stay decimals', () => {
    expect(objectFromJson('{"count":1234567890123456789}', BLOCK)?.['count']).toBe(1234567890123456789n);
    expect(objectFromJson('{"count":0.1234567890123456}', BLOCK)?.['count']).toBe(0.1234567890123456);
  });

  test('GIVEN a stored dynamic value WHEN read THEN it keeps the type cty wrote beside it', () => {
    const value = objectFromJson('{"extra":{"value":{"a":1},"type":["map","number"]}}', BLOCK);

    expect(value?.['extra']).toEqual(new Dynamic(['map', 'number'], objectValue([['a', 1]])));
  });
});

describe('valuesEqual', () => {
  test('GIVEN a number and the same bigint THEN they are equal', () => {
    expect(valuesEqual(5, 5n)).toBe(true);
  });

  test('GIVEN objects with the same entries in another order THEN they are equal, and differ on one value', () => {
    const a = objectValue([
      ['x', 1],
      ['y', [UNKNOWN]],
    ]);
    expect(
      valuesEqual(
        a,
        objectValue([
          ['y', [UNKNOWN]],
          ['x', 1],
        ]),
      ),
    ).toBe(true);
    expect(
      valuesEqual(
        a,
        objectValue([
          ['x', 2],
          ['y', [UNKNOWN]],
        ]),
      ),
    ).toBe(false);
  });
});
