import { mayHoldUnsafeNumber } from './mayHoldUnsafeNumber.js';
import { parseJsonLossless } from './parseJsonLossless.js';

/**
 * The one JSON parse of every place JSON enters the mirror or is read back from it (NDJSON lines, HTTP
 * and CouchDB bodies, stored payloads): `JSON.parse`, except that no number loses a digit. A number a
 * double keeps is a `number`; an integer beyond ±(2^53 − 1) is a `bigint`; any other number (more
 * digits than a double keeps, or beyond its range, like `1e400`) is a `LosslessNumber` holding its text.
 * Duplicate keys, `__proto__` and errors are JSON.parse's.
 *
 * Text that cannot hold such a number (see {@link mayHoldUnsafeNumber}: most of it) goes straight to
 * the native JSON.parse, which reads it exactly; the rest takes {@link parseJsonLossless}.
 *
 * @throws {SyntaxError} when the text is not JSON.
 */
export const parseJson = (text: string): unknown =>
  mayHoldUnsafeNumber(text) ? parseJsonLossless(text) : JSON.parse(text);
