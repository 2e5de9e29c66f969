import * as t from 'io-ts';

/** Any value JSON can carry. Payloads are `JsonValue`, never `any`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const isJsonValue = (u: unknown, depth: number): u is JsonValue => {
  if (u === null || typeof u === 'boolean' || typeof u === 'string') return true;
  if (typeof u === 'number') return Number.isFinite(u);
  if (depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(u)) return u.every((v) => isJsonValue(v, depth + 1));
  if (typeof u === 'object') {
    const proto = Object.getPrototypeOf(u) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(u).every((v) => isJsonValue(v, depth + 1));
  }
  return false;
};

/** Deepest nesting a payload may have; deeper input is rejected rather than risking the stack. */
export const MAX_JSON_DEPTH = 512;

/**
 * Codec for a JSON value: finite numbers only (no NaN/Infinity), plain objects and arrays,
 * at most {@link MAX_JSON_DEPTH} levels deep.
 */
export const JsonValue = new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  (u): u is JsonValue => isJsonValue(u, 0),
  (u, c) =>
    isJsonValue(u, 0)
      ? t.success(u)
      : t.failure(
          u,
          c,
          `expected a JSON value (finite numbers, plain objects, at most ${MAX_JSON_DEPTH} levels deep)`,
        ),
  t.identity,
);

export const isJsonObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
