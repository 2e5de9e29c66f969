import { isLosslessNumber } from 'lossless-json';
import type { JsonValue } from '../model/JsonValue.js';

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

/**
 * Whether a top-level payload value is a number `json_extract` would read as a rounded REAL: a bigint
 * beyond SQLite's 64-bit INTEGER, or a LosslessNumber (more digits than a double keeps, or beyond its
 * range). A bigint within 64 bits reads as an exact INTEGER; numbers nested in objects and arrays stay
 * in their JSON text, digits and all; so neither needs a lossless column.
 */
export const holdsInexactNumber = (value: JsonValue | undefined): boolean =>
  typeof value === 'bigint' ? value > MAX_INT64 || value < MIN_INT64 : isLosslessNumber(value);
