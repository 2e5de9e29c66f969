import { LosslessNumber } from 'lossless-json';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import type { JsonValue } from '../../src/model/JsonValue.js';
import { canonicalJsonReference as reference } from '../support/canonicalJsonReference.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it.each<[string, JsonValue, string]>([
    [
      'array-index keys, which objects list first',
      { b: 1, '10': 2, '9': 3, a: 4 },
      '{"10":2,"9":3,"a":4,"b":1}',
    ],
    [
      'a "__proto__" key',
      JSON.parse('{"z":1,"__proto__":{"b":1,"a":2}}') as JsonValue,
      '{"__proto__":{"a":2,"b":1},"z":1}',
    ],
    ['keys beyond ASCII, by UTF-16 code unit', { é: 1, e: 2, Z: 3, '': 4 }, '{"":4,"Z":3,"e":2,"é":1}'],
    [
      'more keys than the insertion sort takes',
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${39 - i}`, i])),
      '',
    ],
    ['scalars', 'text "quoted" \u2028', '"text \\"quoted\\" \u2028"'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
  ])('handles %s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected === '' ? reference(value) : expected);
  });

  it('does not change its input', () => {
    const value = { b: [{ d: 1, c: 2 }], a: 1 };
    canonicalJson(value);
    expect(Object.keys(value)).toEqual(['b', 'a']);
    expect(Object.keys(value.b[0] ?? {})).toEqual(['d', 'c']);
  });
});

describe('canonicalJson of numbers a double does not keep', () => {
  it.each<[string, JsonValue, string]>([
    ['a bigint beyond 2^53', { id: 12345678901234567890n }, '{"id":12345678901234567890}'],
    ['a negative 64-bit bigint', [-9223372036854775808n], '[-9223372036854775808]'],
    ['a bigint within the safe range, like the equal number', { n: 5n, m: -0 }, '{"m":0,"n":5}'],
    ['a bigint of 22 digits, with an exponent as JavaScript writes 1e21', 10n ** 21n, '1e+21'],
    ['a long bigint, every digit kept', 2n ** 80n + 1n, '1.208925819614629174706177e+24'],
    [
      'a long decimal',
      new LosslessNumber('3.1415926535897932384626433832795'),
      '3.1415926535897932384626433832795',
    ],
    ['trailing zeros and an upper-case exponent', new LosslessNumber('120.500E3'), '120500'],
    [
      'beyond a double’s range',
      [new LosslessNumber('1E400'), new LosslessNumber('-10e-401')],
      '[1e+400,-1e-400]',
    ],
    ['small numbers', new LosslessNumber('0.00000123456789012345678'), '0.00000123456789012345678'],
    ['smaller numbers', new LosslessNumber('0.000000123456789012345678'), '1.23456789012345678e-7'],
    ['zero', new LosslessNumber('-0.000e5'), '0'],
    [
      'an exponent beyond 2^53, as written',
      new LosslessNumber('1e99999999999999999999'),
      '1e99999999999999999999',
    ],
  ])('writes %s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('keeps the fast path’s text for values without them, and never changes its input', () => {
    const value = { b: [1, { d: 12345678901234567890n, c: new LosslessNumber('1e400') }], a: 1 };
    expect(canonicalJson(value)).toBe('{"a":1,"b":[1,{"c":1e+400,"d":12345678901234567890}]}');
    expect(Object.keys(value.b[1] as object)).toEqual(['d', 'c']);
  });
});
