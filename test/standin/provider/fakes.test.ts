import * as crypto from 'crypto';
import { coerceFake, genericFake, renderTemplate, shapedFake } from '../../../lib/standin/provider/fakes';
import { Dynamic, objectValue } from '../../../lib/standin/provider/values';

describe('shaped fakes', () => {
  test('GIVEN a digits shape THEN decimal digits of that length, the first not 0', () => {
    expect(shapedFake({ kind: 'digits', length: 16 }, 'seed')).toMatch(/^[1-9]\d{15}$/);
  });

  test('GIVEN a prefixed shape THEN the prefix then base62 up to the length', () => {
    expect(shapedFake({ kind: 'prefixed', prefix: '0oa', length: 20 }, 'seed')).toMatch(
      /^0oa[0-9A-Za-z]{17}$/,
    );
  });

  test('GIVEN a uuid shape THEN a lower-case version 4 UUID', () => {
    expect(shapedFake({ kind: 'uuid' }, 'seed')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('GIVEN a hex shape THEN upper-case hex of that length', () => {
    expect(shapedFake({ kind: 'hex', length: 40 }, 'seed')).toMatch(/^[0-9A-F]{40}$/);
  });

  test('GIVEN a certificate-pem shape THEN a certificate Node parses', () => {
    const pem = String(shapedFake({ kind: 'certificate-pem' }, 'seed'));

    expect(new crypto.X509Certificate(pem).subject).toMatch(/^O=Stand-in\nCN=standin-[0-9a-f]{8}$/);
  });

  test('GIVEN a certificate-base64 shape THEN the body of the same kind of certificate, no armour', () => {
    const base64 = String(shapedFake({ kind: 'certificate-base64' }, 'seed'));

    expect(base64).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
    expect(new crypto.X509Certificate(Buffer.from(base64, 'base64')).validFrom).toBe(
      'Jan  1 00:00:00 2025 GMT',
    );
  });

  test('GIVEN the same seed twice THEN the same fake; another seed THEN another', () => {
    const shape = { kind: 'certificate-base64' } as const;

    expect(shapedFake(shape, 'a')).toBe(shapedFake(shape, 'a'));
    expect(shapedFake(shape, 'a')).not.toBe(shapedFake(shape, 'b'));
  });
});

describe('fakes of a type', () => {
  test('GIVEN a string, a number and a dynamic value THEN digits, an integer, a string with its type', () => {
    expect(genericFake('string', 's')).toMatch(/^[1-9]\d{14}$/);
    expect(Number.isInteger(genericFake('number', 's'))).toBe(true);
    expect(genericFake('dynamic', 's')).toBeInstanceOf(Dynamic);
  });

  test('GIVEN collections THEN empty ones; an object THEN one of fakes', () => {
    expect(genericFake(['list', 'string'], 's')).toEqual([]);
    expect(genericFake(['map', 'string'], 's')).toEqual(objectValue());
    expect(genericFake(['object', { a: 'bool' }], 's')).toEqual(objectValue([['a', false]]));
  });

  test('GIVEN a digits fake for a number attribute THEN it is a number, exact beyond 2^53', () => {
    expect(coerceFake('1234567890123456789', 'number', 'id')).toBe(1234567890123456789n);
  });

  test('GIVEN a shape for a list of strings THEN a list of one shaped string', () => {
    expect(coerceFake('AB12', ['list', 'string'], 'thumbprints')).toEqual(['AB12']);
  });

  test('GIVEN a template naming a value not faked yet THEN it waits; once known THEN rendered', () => {
    expect(renderTemplate('{a}|{b}', 'hash', (name) => (name === 'a' ? '1' : undefined))).toBeUndefined();
    expect(renderTemplate('{a}|{b}|{hash}', 'f00dfeedbeefcafe', () => 2)).toBe('2|2|f00dfeedbeef');
  });
});
