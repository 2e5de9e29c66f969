import { LosslessNumber, isLosslessNumber } from 'lossless-json';
import { mayHoldUnsafeNumber } from '../../src/model/mayHoldUnsafeNumber.js';
import { parseJson } from '../../src/model/parseJson.js';
import { parseJsonLossless } from '../../src/model/parseJsonLossless.js';
import { parseJsonNumber } from '../../src/model/parseJsonNumber.js';
import { parseOutcome as outcome } from '../support/parseOutcome.js';

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
