/** Statuses worth another attempt: timeouts, rate limits and server errors that are usually passing. */
export const RETRIED_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** Statuses whose `Retry-After` is waited instead of the backoff. */
export const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/**
 * When and how long an HTTP request waits to try again, for every source that talks HTTP (the HTTP
 * and CouchDB sources differ only in the values). Network errors, timeouts and
 * {@link RETRIED_STATUSES} are retried `limit` times, with exponential backoff and jitter (see
 * `backoffDelay`), or after the `Retry-After` of {@link RETRY_AFTER_STATUSES}.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  readonly limit: number;
  /** The backoff ceiling of the first retry, doubled per retry. */
  readonly baseDelayMs: number;
  /** The largest backoff. */
  readonly maxDelayMs: number;
  /** The longest `Retry-After` waited. */
  readonly maxRetryAfterMs: number;
  /** A longer `Retry-After`: `fail` the request at once, or `cap` it (wait `maxRetryAfterMs`, then retry). */
  readonly longerRetryAfter: 'fail' | 'cap';
}
