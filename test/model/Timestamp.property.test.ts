import fc from 'fast-check';
import {
  isCanonicalTimestamp,
  parseTimestamp,
  timestampToEpochMs,
  type Timestamp,
} from '../../src/model/Timestamp.js';

describe('isCanonicalTimestamp (the Timestamp codec’s `is`), for any string', () => {
  const digits = (n: number, max: number) =>
    fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
  /** Canonical-shaped strings with any field values, valid or not (month 13, day 31 of April, year 0000). */
  const shaped = fc
    .tuple(
      digits(4, 9999),
      digits(2, 99),
      digits(2, 99),
      digits(2, 99),
      digits(2, 99),
      digits(2, 99),
      digits(9, 999_999_999),
    )
    .map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${f}Z`);

  it('accepts exactly what parseTimestamp returns unchanged', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (s) => {
          expect(isCanonicalTimestamp(s)).toBe(parseTimestamp(s) === s);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('timestampToEpochMs, for any canonical timestamp', () => {
  it('is what Date.parse reads from its first 23 characters, years 0000 to 9999', () => {
    const instants = fc
      .integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 999_999 }), (iso, sub) => {
        const ts = parseTimestamp(iso.replace('Z', `${String(sub).padStart(6, '0')}Z`)) as Timestamp;
        expect(ts).toBeDefined();
        expect(timestampToEpochMs(ts)).toBe(Date.parse(`${ts.slice(0, 23)}Z`));
      }),
      { numRuns: 20_000 },
    );
  });
});
