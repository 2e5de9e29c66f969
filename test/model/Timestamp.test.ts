import { isCanonicalTimestamp, parseTimestamp } from '../../src/model/Timestamp.js';

describe('parseTimestamp', () => {
  it('normalises any RFC 3339 offset to canonical UTC with nanosecond digits', () => {
    expect(parseTimestamp('2024-05-01T14:00:00+02:00')).toBe('2024-05-01T12:00:00.000000000Z');
    expect(parseTimestamp('2024-05-01T12:00:00.123456789Z')).toBe('2024-05-01T12:00:00.123456789Z');
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000000000Z');
  });

  it('refuses impossible dates, times and years outside 0000-9999', () => {
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2024-05-01T24:00:00Z')).toBeUndefined();
    expect(parseTimestamp('9999-12-31T23:00:00-05:00')).toBeUndefined();
    expect(parseTimestamp('2024-05-01')).toBeUndefined();
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('orders canonical timestamps as strings in time order', () => {
    const a = parseTimestamp('2024-05-01T12:00:00.5Z')!;
    const b = parseTimestamp('2024-05-01T12:00:00Z')!;
    const c = parseTimestamp('2024-05-01T13:00:00+01:00')!;
    expect([a, b, c].sort()).toEqual([b, c, a]);
  });
});

describe('isCanonicalTimestamp (the Timestamp codec’s `is`)', () => {
  it('knows leap years, including 0000 and 2000 but not 1900', () => {
    expect(
      ['0000', '2000', '2024', '1900', '2023'].map((y) =>
        isCanonicalTimestamp(`${y}-02-29T00:00:00.000000000Z`),
      ),
    ).toEqual([true, true, true, false, false]);
  });
});
