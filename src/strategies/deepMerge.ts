import { isJsonObject, type JsonObject, type JsonValue } from '../model/JsonValue.js';
import { setOwnKey } from '../model/setOwnKey.js';

/**
 * Deep-merges two JSON values: where both are objects, keys of `incoming` win and keys only in
 * `base` are kept, recursively; anything else (arrays, scalars, null) is replaced by `incoming`.
 * Every key is data: `__proto__`, `constructor` and `prototype` merge like any other.
 */
export const deepMerge = (base: JsonValue, incoming: JsonValue): JsonValue => {
  if (!isJsonObject(base) || !isJsonObject(incoming)) return incoming;
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(incoming)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined;
    setOwnKey(merged, key, existing === undefined ? value : deepMerge(existing, value));
  }
  return merged;
};
