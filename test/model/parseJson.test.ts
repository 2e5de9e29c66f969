import fc from 'fast-check';
import { LosslessNumber, isLosslessNumber, stringify } from 'lossless-json';
import { canonicalNumberText } from '../../src/model/canonicalNumberText.js';
import { mayHoldUnsafeNumber } from '../../src/model/mayHoldUnsafeNumber.js';
import { parseJson } from '../../src/model/parseJson.js';
import { parseJsonLossless } from '../../src/model/parseJsonLossless.js';
import { parseJsonNumber } from '../../src/model/parseJsonNumber.js';
import { numberText } from '../support/numberText.js';

/** A parse's outcome, comparable: its value (types included: 5 is not 5n), its key order, or its error. */
const outcome = (parse: (text: string) => unknown, text: string): unknown => {
  try {
    const value = parse(text);
    return { value, text: stringify(value) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
};

/** Whitespace JSON allows between tokens. */
const ws = fc.constantFrom('', '', ' ', '\n', '\t ', '\r\n');

/**
 * JSON text as sources write it, not as JSON.stringify would: any number text, duplicate keys (a small
 * key set, `__proto__` and `constructor` among them), whitespace, strings that look like numbers or
 * LosslessNumbers; and, sometimes, one character dropped, so that both readings must fail alike.
 */
const jsonText: fc.Arbitrary<string> = fc
  .letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      numberText,
      numberText,
      fc.constantFrom('true', 'false', 'null', '"x"', '"1234567890123456789"', '"550e8400-e29b"', '"1e400"'),
      fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
      fc
        .array(fc.tuple(ws, tie('value'), ws), { maxLength: 4 })
        .map((items) => `[${items.map(([a, v, b]) => `${a}${v}${b}`).join(',')}]`),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('a', 'b', '0', '1', '__proto__', 'constructor', 'value', 'isLosslessNumber'),
            ws,
            tie('value'),
          ),
          { maxLength: 5 },
        )
        .map((entries) => `{${entries.map(([k, s, v]) => `"${k}":${s}${v}`).join(',')}}`),
    ),
  }))
  .value.chain((text) =>
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(text) },
      { weight: 1, arbitrary: fc.nat(text.length).map((i) => text.slice(0, i) + text.slice(i + 1)) },
    ),
  );

describe('parseJsonNumber', () => {
  it.each<[string, unknown]>([
    ['5', 5],
    ['-0', -0],
    ['0.1', 0.1],
    ['1.50', 1.5],
    ['1e23', 1e23], // not exactly 10^23 as a double, but its digits come back: as JSON.parse reads it
    ['1E21', 1e21],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['12345678901234567890', 12345678901234567890n],
    ['1234567890123456789', 1234567890123456789n],
    ['-9223372036854775809', -9223372036854775809n],
  ])('reads %s as %p', (text, expected) => {
    expect(parseJsonNumber(text)).toEqual(expected);
    expect(typeof parseJsonNumber(text)).toBe(typeof expected);
  });

  it.each([
    '3.141592653589793238462643383279',
    '0.10000000000000001', // the same double as 0.1, but not the same number
    '9007199254740993.0',
    '1e400',
    '-1E400',
    '1e-400',
    '4.9406564584124654e-324',
  ])('keeps %s as a LosslessNumber holding its text', (text) => {
    const n = parseJsonNumber(text);
    expect(isLosslessNumber(n)).toBe(true);
    expect(String(n)).toBe(text);
  });

  it('gives a number exactly when a double keeps the digits, and JSON.parse’s number then', () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const n = parseJsonNumber(text);
        if (typeof n === 'number') {
          expect(Object.is(n, JSON.parse(text))).toBe(true);
          // …and the double writes the same value the text does: no digit lost.
          expect(JSON.stringify(n)).toBe(canonicalNumberText(new LosslessNumber(text)));
        } else if (typeof n === 'bigint') expect(String(n)).toBe(String(BigInt(text)));
        else expect(n).toEqual(new LosslessNumber(text));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('parseJson', () => {
  it('reads the issue’s numbers exactly, nested anywhere', () => {
    expect(
      parseJson('{"id":12345678901234567890,"ids":[1234567890123456789],"o":{"pi":3.14159265358979323846}}'),
    ).toEqual({
      id: 12345678901234567890n,
      ids: [1234567890123456789n],
      o: { pi: new LosslessNumber('3.14159265358979323846') },
    });
    expect(parseJson('1e400')).toEqual(new LosslessNumber('1e400'));
  });

  it('lets the last of duplicate keys win, as JSON.parse, even where lossless-json deems them equal', () => {
    // Each text holds a big number, so it takes the lossless path.
    expect(parseJson('{"a":1,"a":12345678901234567890}')).toEqual({ a: 12345678901234567890n });
    expect(parseJson('{"n":12345678901234567890,"k":[],"k":{}}')).toStrictEqual({
      n: 12345678901234567890n,
      k: {},
    });
    expect(parseJson('{"k":[12345678901234567890],"k":{"0":12345678901234567890}}')).toStrictEqual({
      k: { '0': 12345678901234567890n },
    });
    expect(parseJson('{"k":{"value":"1e400","isLosslessNumber":true},"k":1e400}')).toStrictEqual({
      k: new LosslessNumber('1e400'),
    });
    expect(Object.keys(parseJson('{"b":1,"a":12345678901234567890,"b":2}') as object)).toEqual(['b', 'a']);
  });

  it('makes __proto__ and constructor ordinary own keys, never a prototype', () => {
    const parsed = parseJson('{"__proto__":{"x":12345678901234567890},"constructor":1e400}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ x: 12345678901234567890n });
    expect(parsed.constructor).toEqual(new LosslessNumber('1e400'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each(['{"a":1,}', '[12345678901234567890', '{"a":12345678901234567890 "b":1}', '01', 'NaN', ''])(
    'fails on %p with JSON.parse’s SyntaxError on either path',
    (text) => {
      const expected = outcome((t) => JSON.parse(t) as unknown, text);
      expect(expected).toMatchObject({ error: expect.stringMatching(/^SyntaxError: /) });
      expect(outcome(parseJson, text)).toEqual(expected);
      expect(outcome(parseJsonLossless, text)).toEqual(expected);
    },
  );

  it('says why when the text nests too deeply to read its numbers exactly', () => {
    const deep = `${'['.repeat(20_000)}12345678901234567890${']'.repeat(20_000)}`;
    expect(() => parseJson(deep)).toThrow(/^nested too deeply to read its numbers exactly/);
  });

  it('gives the same result on the fast path as on the lossless one, for any text', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const exact = outcome(parseJsonLossless, text);
        expect(outcome(parseJson, text)).toEqual(exact);
        // The fast path's premise: where the scan finds no unsafe number, JSON.parse reads every one exactly.
        if (!mayHoldUnsafeNumber(text)) expect(outcome((t) => JSON.parse(t) as unknown, text)).toEqual(exact);
      }),
      { numRuns: 10_000 },
    );
  });

  it('reads everything but the numbers exactly as JSON.parse does, and those as JSON.parse’s doubles', () => {
    /** The value with each number as the double nearest to it, which is what JSON.parse reads. */
    const asDoubles = (v: unknown): unknown => {
      if (typeof v === 'bigint') return Number(v);
      if (isLosslessNumber(v)) return Number(v.value);
      if (Array.isArray(v)) return v.map(asDoubles);
      if (typeof v !== 'object' || v === null) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asDoubles(x)]));
    };
    fc.assert(
      fc.property(jsonText, (text) => {
        const plain = outcome((t) => JSON.parse(t) as unknown, text) as { value?: unknown };
        const exact = outcome(parseJsonLossless, text) as { value?: unknown };
        if ('value' in plain) {
          const doubles = asDoubles(exact.value);
          expect(doubles).toEqual(plain.value); // not toStrictEqual: it reads an own `constructor` key as the type
          expect(stringify(doubles)).toBe(stringify(plain.value)); // key order too
        } else expect(exact).toEqual(plain);
      }),
      { numRuns: 3_000 },
    );
  });

  it('takes the fast path for ordinary text: timestamps, ids as strings, UUIDs, short numbers', () => {
    expect(
      mayHoldUnsafeNumber(
        '{"at":"2024-05-01T09:00:00.123456789Z","id":"1234567890123456789","u":"550e8400-e29b-41d4","n":-12345.678901,"e":1e99}',
      ),
    ).toBe(false);
    for (const n of ['1234567890123456', '0.000000000000001', '1e100', '1E-308', '1.5e+999'])
      expect(mayHoldUnsafeNumber(`{"n":${n}}`)).toBe(true);
  });
});
