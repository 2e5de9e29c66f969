import * as t from 'io-ts';

const ARRAY = t.array(t.unknown);

/**
 * Extends a validation context by a path of keys (numbers for array indexes), so a check made
 * after decoding reports `resources[1].url` as a field-by-field decode would.
 */
export const contextAt = (
  context: t.Context,
  keys: readonly (string | number)[],
  value: unknown,
): t.Context => {
  let c = context;
  keys.forEach((key, i) => {
    c = t.appendContext(c, String(key), typeof keys[i + 1] === 'number' ? ARRAY : t.unknown, value);
  });
  return c;
};
