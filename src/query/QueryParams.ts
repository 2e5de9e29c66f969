import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';

/**
 * One value bound to a `?`, `?NNN`, `:name`, `@name` or `$name` parameter.
 *
 * - `string` binds as TEXT, `null` as NULL.
 * - A `number` that is a safe integer binds as INTEGER (so `? / 2` and `typeof(?)` behave like an integer
 *   literal would); any other finite number binds as REAL. NaN and ±Infinity are refused.
 * - A `bigint` binds as INTEGER; outside the 64-bit range the query fails with a {@link QueryError}.
 * - A `boolean` binds as INTEGER 1 or 0, which is how SQLite itself stores JSON `true`/`false`
 *   (`json_extract('{"a":true}', '$.a')` is 1), so `json_extract(payload, '$.active') = ?` with `true` matches.
 *
 * Anything else (undefined, objects, buffers) is refused with an {@link InvalidOptionsError}.
 */
export type BindValue = string | number | bigint | boolean | null;

/** Positional (`?`) values as an array, or named (`:name`, `@name`, `$name`) values as an object keyed by bare name. */
export type QueryParams = readonly BindValue[] | Readonly<Record<string, BindValue>>;

type SqliteBindValue = string | number | bigint | null;

const toSqliteBindValue = (value: unknown, where: string): SqliteBindValue => {
  if (value === null || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidOptionsError(where, value, 'expected a finite number');
    return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  throw new InvalidOptionsError(where, value, 'expected a string, number, bigint, boolean or null');
};

/**
 * Turns {@link QueryParams} into the argument list of better-sqlite3's `iterate(...)`: validated values,
 * booleans as 1/0, safe integers as bigint. Values are always bound, never spliced into the SQL text.
 */
export const toBindArguments = (params: QueryParams | undefined): unknown[] => {
  if (params === undefined) return [];
  if (Array.isArray(params)) {
    return (params as readonly unknown[]).map((v, i) => toSqliteBindValue(v, `params[${i}]`));
  }
  if (typeof params !== 'object' || params === null) {
    throw new InvalidOptionsError('params', params, 'expected an array (positional) or an object (named)');
  }
  const proto = Object.getPrototypeOf(params) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidOptionsError('params', params, 'expected a plain object of named values');
  }
  return [
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toSqliteBindValue(v, `params.${k}`)])),
  ];
};
