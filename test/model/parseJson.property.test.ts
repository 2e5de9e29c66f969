import fc from 'fast-check';
import { LosslessNumber, isLosslessNumber, stringify } from 'lossless-json';
import { canonicalNumberText } from '../../src/model/canonicalNumberText.js';
import { mayHoldUnsafeNumber } from '../../src/model/mayHoldUnsafeNumber.js';
import { parseJson } from '../../src/model/parseJson.js';
import { parseJsonLossless } from '../../src/model/parseJsonLossless.js';
import { parseJsonNumber } from '../../src/model/parseJsonNumber.js';
import { numberText } from '../support/numberText.js';
import { parseOutcome as outcome } from '../support/parseOutcome.js';

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

describe('parseJsonNumber, for any number text', () => {
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

describe('parseJson, for any JSON text', () => {
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
});
