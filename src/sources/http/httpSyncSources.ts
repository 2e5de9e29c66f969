import type { SyncSource } from '../SyncSource.js';
import { createHttpTransport } from '../transport/createHttpTransport.js';
import type { HttpResponseTiming, Sleep } from '../transport/HttpTransport.js';
import { resolveHeaders } from '../transport/resolveHeaders.js';
import { httpResourceSource } from './httpResourceSource.js';
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type HttpSourceConfig,
} from './HttpSourceConfig.js';

export interface HttpSourceOptions {
  /** Where `{ "env": NAME }` headers are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Backoff waits; tests inject one that records the delays instead of sleeping. */
  readonly sleep?: Sleep;
  /** [0, 1) for the backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Epoch milliseconds, for `Retry-After` dates. Default `Date.now`. */
  readonly now?: () => number;
  /** Called after each successful response with the time it took (metrics, benchmarks). */
  readonly onResponse?: (timing: HttpResponseTiming) => void;
}

/**
 * The resources of an HTTP source, one {@link SyncSource} each (id = the source id, resource = the
 * resource name), sharing one transport: headers (environment references resolved now, so a missing
 * variable fails at once), retries, timeout, and the per-host concurrency limit. A `Retry-After`
 * longer than `retry.maxRetryAfterMs` fails the pull rather than holding it.
 */
export const httpSyncSources = (config: HttpSourceConfig, options: HttpSourceOptions = {}): SyncSource[] => {
  const transport = createHttpTransport({
    headers: resolveHeaders(config.headers, options.env ?? process.env, `source "${config.id}"`),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...config.retry, longerRetryAfter: 'fail' },
    maxConcurrency: config.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
  });
  return config.resources.map((resource) => httpResourceSource(config, resource, transport));
};
