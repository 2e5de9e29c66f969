import { isLosslessNumber, parse, type DuplicateKeyInfo, type ParseOptions } from 'lossless-json';
import { parseJsonNumber, type JsonNumber } from './parseJsonNumber.js';

const OPTIONS: ParseOptions = {
  parseNumber: parseJsonNumber,
  // JSON.parse's rule: the last of duplicate keys wins (lossless-json would throw).
  onDuplicateKey: ({ newValue }: DuplicateKeyInfo): unknown => newValue,
};

const isJsonNumber = (value: unknown): value is JsonNumber =>
  typeof value === 'number' || typeof value === 'bigint' || isLosslessNumber(value);

/**
 * The exact number at the place of `plain` in lossless-json's reading. The two readings differ in one
 * way only: of two duplicate keys whose values lossless-json deems equal, it keeps the first, and its
 * equality compares arrays and objects by their keys alone (`[1]` equals `{"0":1}`). Whatever it kept
 * has, at every place, a value equal to the one JSON.parse kept, so a number faces a number; except
 * where a later duplicate is a number and the earlier one an object that looks like a LosslessNumber
 * (`{"value":"1e400","isLosslessNumber":true}`): then that object's `value` is the number's text.
 */
const exactNumber = (plain: number, exact: unknown): JsonNumber => {
  if (isJsonNumber(exact)) return exact;
  const text = (exact as { value?: unknown } | undefined)?.value;
  return typeof text === 'string' ? parseJsonNumber(text) : plain;
};

/** Replaces each number of `plain` (JSON.parse's reading, changed in place) by the exact one at its place in `exact`. */
const graft = (plain: unknown, exact: unknown): unknown => {
  if (typeof plain === 'number') return exactNumber(plain, exact);
  if (typeof plain !== 'object' || plain === null || typeof exact !== 'object' || exact === null)
    return plain;
  if (Array.isArray(plain)) {
    const from = exact as Record<string, unknown>;
    for (let i = 0; i < plain.length; i++) plain[i] = graft(plain[i], from[i]);
    return plain;
  }
  const into = plain as Record<string, unknown>;
  const from = exact as Record<string, unknown>;
  for (const key of Object.keys(into)) {
    const before = into[key];
    const after = graft(before, Object.hasOwn(from, key) ? from[key] : undefined);
    if (after === before) continue;
    // An own `__proto__` (JSON.parse makes one) is set as data, never through the prototype setter.
    Object.defineProperty(into, key, { value: after, writable: true, enumerable: true, configurable: true });
  }
  return plain;
};

/**
 * Parses JSON text without losing a digit of its numbers: each number is read by {@link parseJsonNumber}
 * (a `number` when a double keeps it, else a `bigint` or a `LosslessNumber`); everything else is exactly
 * what `JSON.parse` gives: the same values, the last of duplicate keys, `__proto__` and `constructor`
 * as ordinary own keys, and the same `SyntaxError` for text that is not JSON.
 *
 * JSON.parse reads the text first (it decides what is JSON, and its errors are the readable ones users
 * already know), then lossless-json reads it again for the numbers, which are put in JSON.parse's result
 * at their places. lossless-json is pure JavaScript and about three times slower than JSON.parse: use
 * `parseJson`, which takes this path only for text that may hold such a number.
 *
 * @throws {SyntaxError} when the text is not JSON, as JSON.parse throws it.
 * @throws {RangeError} when JSON.parse read it but it nests too deeply (thousands of levels) for lossless-json.
 */
export const parseJsonLossless = (text: string): unknown => {
  const plain: unknown = JSON.parse(text);
  let exact: unknown;
  try {
    exact = parse(text, null, OPTIONS);
  } catch (cause) {
    // JSON.parse read the text, so lossless-json (recursive) can only have run out of stack.
    throw new RangeError(
      `nested too deeply to read its numbers exactly (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  return graft(plain, exact);
};
