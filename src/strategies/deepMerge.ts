import { isJsonObject, type JsonObject, type JsonValue } from '../model/JsonValue.js';

/**
 * Deep-merges two JSON values: where both are objects, keys of `incoming` win and keys only in
 * `base` are kept, recursively; anything else (arrays, scalars, null) is replaced by `incoming`.
 */
export const deepMerge = (base: JsonValue, incoming: JsonValue): JsonValue => {
  if (!isJsonObject(base) || !isJsonObject(incoming)) return incoming;
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(incoming)) {
    const existing = merged[key];
    merged[key] = existing === undefined ? value : deepMerge(existing, value);
  }
  return merged;
};
