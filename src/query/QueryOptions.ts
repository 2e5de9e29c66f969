import { checkOption } from '../errors/checkOption.js';

/** Rows a query returns unless told otherwise; more are reported as `truncated`. */
export const DEFAULT_ROW_LIMIT = 1000;

/** Wall-clock budget of one query, in milliseconds. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5000;

/**
 * Most bytes of rows one query returns unless told otherwise: 256 KiB, measured as the UTF-8 size of
 * the rows written as one compact JSON array. More rows are reported as `truncated` (by `bytes`).
 */
export const DEFAULT_MAX_BYTES = 256 * 1024;

/** Options of {@link openQuery}. */
export interface QueryOptions {
  /** Most rows one call returns (default {@link DEFAULT_ROW_LIMIT}); a positive integer. */
  readonly rowLimit?: number;
  /**
   * Most bytes of rows one call returns (default {@link DEFAULT_MAX_BYTES}), counted as the UTF-8 size
   * of the rows as a compact JSON array, while reading: the rows past the cap are never collected. A
   * positive integer.
   */
  readonly maxBytes?: number;
  /**
   * Wall-clock budget of one call in milliseconds (default {@link DEFAULT_QUERY_TIMEOUT_MS}); a positive
   * number, at most `MAX_TIMER_MS` (2^31 - 1, the longest timer Node.js sets). Also used as SQLite's busy timeout. See {@link MirrorQuery.query} for what it can and cannot stop.
   */
  readonly timeoutMs?: number;
}

/** Options of one {@link MirrorQuery.query} call; they override the connection's defaults. */
export interface QueryCallOptions {
  /** Most rows this call returns; a positive integer. */
  readonly rowLimit?: number;
  /** Most bytes of rows (as compact JSON) this call returns; a positive integer. */
  readonly maxBytes?: number;
  /**
   * Wall-clock budget of this call in milliseconds; a positive number, at most `MAX_TIMER_MS` (2^31 - 1).
   * The busy timeout stays the connection's.
   */
  readonly timeoutMs?: number;
}

/** The limits one query runs with: its {@link QueryCallOptions}, validated, with none left unset. */
export type QueryLimits = Required<QueryCallOptions>;

/** The library's defaults: what a connection opened without options gives every call. */
const DEFAULT_LIMITS: QueryLimits = {
  rowLimit: DEFAULT_ROW_LIMIT,
  maxBytes: DEFAULT_MAX_BYTES,
  timeoutMs: DEFAULT_QUERY_TIMEOUT_MS,
};

const resolveRowLimit = (value: number | undefined, fallback: number): number =>
  value === undefined ? fallback : checkOption.positiveInteger('rowLimit', value);

const resolveMaxBytes = (value: number | undefined, fallback: number): number =>
  value === undefined ? fallback : checkOption.positiveInteger('maxBytes', value);

/**
 * Validates a time limit: more than 0, at most `MAX_TIMER_MS` (it becomes a timer); throws
 * {@link InvalidOptionsError} naming the option (and the maximum, for a value above it).
 */
export const resolveTimeoutMs = (
  value: number | undefined,
  fallback: number = DEFAULT_QUERY_TIMEOUT_MS,
): number => {
  return value === undefined ? fallback : checkOption.timerMs('timeoutMs', value);
};

/**
 * Validates a connection's options or one call's (`rowLimit`, then `maxBytes`, then `timeoutMs`) and
 * fills in what is unset from `defaults`: the connection's, or the library's for a connection.
 *
 * @throws {@link InvalidOptionsError} naming the first option that is not a positive number.
 */
export const resolveQueryLimits = (
  options: QueryCallOptions | undefined,
  defaults: QueryLimits = DEFAULT_LIMITS,
): QueryLimits => ({
  rowLimit: resolveRowLimit(options?.rowLimit, defaults.rowLimit),
  maxBytes: resolveMaxBytes(options?.maxBytes, defaults.maxBytes),
  timeoutMs: resolveTimeoutMs(options?.timeoutMs, defaults.timeoutMs),
});
