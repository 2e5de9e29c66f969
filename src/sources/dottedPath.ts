import * as t from 'io-ts';
import { contextAt } from '../codecs/contextAt.js';

/** The field names of a dotted path (`data.items` → `["data", "items"]`); none for an absent path. */
export const pathSegments = (path: string | undefined): readonly string[] =>
  path === undefined ? [] : path.split('.');

/**
 * The value at a path in a JSON document, or undefined when a step is missing or not an object. Only
 * the document's own keys count: a path `constructor` does not find `Object.prototype.constructor`.
 */
export const readPath = (value: unknown, segments: readonly string[]): unknown => {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
};

/**
 * Decodes the value at a path with `codec`, errors located at that path (so `describeValidationErrors`
 * says `data[3].updated_at: …`).
 */
export const validateAt = <A>(
  codec: t.Decoder<unknown, A>,
  document: unknown,
  segments: readonly string[],
): t.Validation<A> => {
  const value = readPath(document, segments);
  return codec.validate(value, contextAt([{ key: '', type: t.unknown, actual: document }], segments, value));
};
