import { MAX_DECLARATION_BYTES, parseDeclarationText } from '../../../lib/core/declaration/load';
import { ValidationError } from '../../../lib/core/errors';

const parse = (text: string | Uint8Array) =>
  parseDeclarationText(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'team.yaml');

describe('parseDeclarationText', () => {
  test('GIVEN JSON WHEN parsed THEN it gives the data', () => {
    expect(parse('{"environment": "staging", "groups": {"a": {}}}')).toEqual({
      environment: 'staging',
      groups: { a: {} },
    });
  });

  test('GIVEN YAML WHEN parsed THEN it gives the same data as JSON', () => {
    expect(parse('environment: staging\ngroups:\n  a: {}\n')).toEqual({
      environment: 'staging',
      groups: { a: {} },
    });
  });

  test('GIVEN a duplicate key in JSON THEN the position is named', () => {
    expect(() => parse('{"groups": {"a": {}, "a": {}}}')).toThrow(
      /^team\.yaml:1:22: expected each key once per object, got the key "a" a second time/,
    );
  });

  test('GIVEN a duplicate key in YAML THEN it is refused', () => {
    expect(() => parse('groups:\n  a: {}\n  a: {}\n')).toThrow(/^team\.yaml:3:3: .*Map keys must be unique/);
  });

  test('GIVEN a key that only appears inside a string value THEN it is not a duplicate', () => {
    expect(parse('{"a": "\\"b\\": 1", "b": 2}')).toEqual({ a: '"b": 1', b: 2 });
  });

  test('GIVEN malformed input THEN it is refused', () => {
    expect(() => parse('{"groups": ')).toThrow(ValidationError);
  });

  test('GIVEN a YAML alias bomb THEN it is refused before expansion', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    expect(() => parse(bomb.join('\n'))).toThrow(/YAML (anchor|alias)/);
  });

  test('GIVEN a custom YAML tag THEN it is refused', () => {
    expect(() => parse('environment: !!js/function "function () {}"')).toThrow(/tag/);
  });

  test('GIVEN a __proto__ key THEN it is refused by name', () => {
    expect(() => parse('{"groups": {"__proto__": {"polluted": true}}}')).toThrow(
      /groups\.__proto__: expected a field name of the schema/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('GIVEN bytes that are not UTF-8 THEN it is refused', () => {
    expect(() => parse(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(/bytes that are not UTF-8/);
  });

  test('GIVEN a control character THEN its line is named', () => {
    expect(() => parse('environment: staging\ntier: "st\u0007aging"\n')).toThrow(
      /^team\.yaml:2: expected printable text.*U\+0007/,
    );
  });

  test('GIVEN more than the size bound THEN it is refused without parsing', () => {
    expect(() => parse(`{"a": "${'x'.repeat(MAX_DECLARATION_BYTES)}"}`)).toThrow(
      /expected at most 4194304 bytes/,
    );
  });

  test('GIVEN deep nesting THEN it is refused', () => {
    expect(() => parse(`${'['.repeat(40)}${']'.repeat(40)}`)).toThrow(/nesting deeper than 32/);
  });
});
