import type { SqlJsonValue } from './QueryResult.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Maps one value read with better-sqlite3's `safeIntegers(true)` to a {@link SqlJsonValue}:
 * INTEGER (bigint) → number when safe, else its exact decimal string; REAL → number, ±Infinity →
 * `"Infinity"`/`"-Infinity"`; TEXT → string; NULL → null; BLOB → base64 string.
 */
export const sqliteValueToJson = (value: unknown): SqlJsonValue => {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'bigint')
    return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return Number.isNaN(value) ? null : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  throw new TypeError(`unexpected SQLite value of type ${typeof value}`);
};
