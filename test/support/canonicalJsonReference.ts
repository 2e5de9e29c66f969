import type { JsonObject, JsonValue } from '../../src/model/JsonValue.js';

/** The definition, written the plain way (the first implementation): keys sorted, no whitespace. */
export const canonicalJsonReference = (value: JsonValue): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJsonReference).join(',')}]`;
  const object = value as JsonObject; // fc.jsonValue() makes no LosslessNumber
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJsonReference(object[k] as JsonValue)}`).join(',')}}`;
};
