import { sqliteValueToJson } from '../../src/query/sqliteValueToJson.js';

describe('sqliteValueToJson', () => {
  it('maps INTEGER bigints to numbers when safe and to exact decimal strings otherwise', () => {
    expect(sqliteValueToJson(42n)).toBe(42);
    expect(sqliteValueToJson(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(sqliteValueToJson(BigInt(Number.MIN_SAFE_INTEGER))).toBe(Number.MIN_SAFE_INTEGER);
    expect(sqliteValueToJson(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBe('9007199254740992');
    expect(sqliteValueToJson(-(2n ** 63n))).toBe('-9223372036854775808');
  });

  it('keeps REAL, TEXT and NULL, and writes infinities as strings', () => {
    expect(sqliteValueToJson(1.5)).toBe(1.5);
    expect(sqliteValueToJson('12')).toBe('12');
    expect(sqliteValueToJson(null)).toBeNull();
    expect(sqliteValueToJson(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(sqliteValueToJson(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it('writes BLOBs as padded base64, honouring the view of a sliced buffer', () => {
    expect(sqliteValueToJson(Buffer.from([0, 255, 16]))).toBe('AP8Q');
    expect(sqliteValueToJson(Buffer.alloc(0))).toBe('');
    expect(sqliteValueToJson(Buffer.from([9, 9, 1, 2, 9]).subarray(2, 4))).toBe('AQI=');
  });
});
