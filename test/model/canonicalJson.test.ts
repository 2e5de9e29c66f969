import fc from 'fast-check';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import type { JsonValue } from '../../src/model/JsonValue.js';

/** The definition, written the plain way (the first implementation): keys sorted, no whitespace. */
const reference = (value: JsonValue): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(value[k] as JsonValue)}`).join(',')}}`;
};

const json = fc.jsonValue() as fc.Arbitrary<JsonValue>;

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

  it('writes exactly the reference text for any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => canonicalJson(value) === reference(value)),
      { numRuns: 2_000 },
    );
  });

  it('is the same text whatever the key order, and parses back to an equal value', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        const reparsed = JSON.parse(text) as JsonValue;
        expect(reparsed).toEqual(JSON.parse(JSON.stringify(value))); // JSON has no -0
        expect(canonicalJson(reparsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('does not change its input', () => {
    const value = { b: [{ d: 1, c: 2 }], a: 1 };
    canonicalJson(value);
    expect(Object.keys(value)).toEqual(['b', 'a']);
    expect(Object.keys(value.b[0] ?? {})).toEqual(['d', 'c']);
  });
});
