import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';

/** Rows a query returns unless told otherwise; more are reported as `truncated`. */
export const DEFAULT_ROW_LIMIT = 1000;

/** Wall-clock budget of one query, in milliseconds. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5000;

/** Options of {@link openQuery}. */
export interface QueryOptions {
  /** Most rows one call returns (default {@link DEFAULT_ROW_LIMIT}); a positive integer. */
  readonly rowLimit?: number;
  /**
   * Wall-clock budget of one call in milliseconds (default {@link DEFAULT_QUERY_TIMEOUT_MS}); a positive
   * number. Also used as SQLite's busy timeout. See {@link MirrorQuery.query} for what it can and cannot stop.
   */
  readonly timeoutMs?: number;
}

/** Options of one {@link MirrorQuery.query} call; they override the connection's defaults. */
export interface QueryCallOptions {
  /** Most rows this call returns; a positive integer. */
  readonly rowLimit?: number;
}

/** Validates a row limit; throws {@link InvalidOptionsError} naming the option. */
export const resolveRowLimit = (value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError('rowLimit', value, 'expected a positive integer');
  }
  return value;
};

/** Validates a time limit; throws {@link InvalidOptionsError} naming the option. */
export const resolveTimeoutMs = (value: number | undefined): number => {
  if (value === undefined) return DEFAULT_QUERY_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError('timeoutMs', value, 'expected a positive number of milliseconds');
  }
  return value;
};
