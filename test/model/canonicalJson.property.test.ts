import fc from 'fast-check';
import { LosslessNumber } from 'lossless-json';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { canonicalNumberText } from '../../src/model/canonicalNumberText.js';
import { parseJson } from '../../src/model/parseJson.js';
import { parseJsonNumber } from '../../src/model/parseJsonNumber.js';
import type { JsonValue } from '../../src/model/JsonValue.js';
import { numberText } from '../support/numberText.js';
import { canonicalJsonReference as reference } from '../support/canonicalJsonReference.js';

const json = fc.jsonValue() as fc.Arbitrary<JsonValue>;

describe('canonicalJson, for any JSON value', () => {
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
});

describe('canonicalJson of numbers a double does not keep, for any number', () => {
  it('writes a number a double keeps exactly as JSON.stringify, whatever its type or notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const expected = JSON.stringify(x);
        expect(canonicalNumberText(new LosslessNumber(String(x)))).toBe(expected);
        expect(canonicalNumberText(new LosslessNumber(x.toExponential()))).toBe(expected);
        if (Number.isSafeInteger(x)) expect(canonicalNumberText(BigInt(x))).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  /** JSON values with numbers of every kind, as parseJson reads them: bigints and LosslessNumbers too. */
  const exactJson = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      numberText.map((text) => parseJsonNumber(text)),
      fc.jsonValue({ maxDepth: 0 }) as fc.Arbitrary<JsonValue>,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('reads back, through the lossless parse, as a value with the same canonical text', () => {
    fc.assert(
      fc.property(exactJson, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(parseJson(text) as JsonValue)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });
});
