import { LosslessNumber, isInteger, splitNumber } from 'lossless-json';

/** A JSON number read without losing a digit: see {@link parseJsonNumber}. */
export type JsonNumber = number | bigint | LosslessNumber;

/**
 * Whether a double keeps the number `text` writes: its significant digits and exponent come back from
 * the double's shortest text (`String(x)`, what `JSON.stringify` writes). `1e23`, `0.1` and `1.50` do;
 * `0.10000000000000001` (17 digits, the same double as `0.1`), `1e400` (Infinity) and `1e-400` (0)
 * do not. Unlike lossless-json's `isSafeNumber`, an integer-valued decimal such as `1e21` counts as
 * kept when its digits come back: JSON.parse gives the same double, and writing it gives `1e+21`.
 */
const doubleKeeps = (text: string, value: number): boolean => {
  if (!Number.isFinite(value)) return false;
  const written = splitNumber(String(value));
  const given = splitNumber(text);
  return (
    written.digits === given.digits && written.exponent === given.exponent && written.sign === given.sign
  );
};

/**
 * Reads the text of one JSON number (valid JSON number syntax) without losing a digit:
 * - a `number` when a double keeps it: every number JSON.parse reads exactly, as JSON.parse reads it
 *   (`5`, `0.1`, `1e23`, `-0`);
 * - a `bigint` for an integer written without a fraction or exponent beyond ±(2^53 − 1)
 *   (`12345678901234567890`, a 64-bit id);
 * - a {@link LosslessNumber} holding the text for any other number: more significant digits than a
 *   double keeps (`3.141592653589793238462643383279`), or beyond its range (`1e400`, `1e-400`).
 */
export const parseJsonNumber = (text: string): JsonNumber => {
  const value = Number(text);
  // Most numbers: at most 15 characters, so at most 15 significant digits, in a double's normal range.
  // A double keeps every such number (it keeps any 15 digits), and this skips the digit comparison.
  if (text.length <= 15) {
    const size = Math.abs(value);
    if (size >= 1e-300 && size <= 1e300) return value;
  }
  if (isInteger(text)) return Number.isSafeInteger(value) ? value : BigInt(text);
  return doubleKeeps(text, value) ? value : new LosslessNumber(text);
};
