import type { SyncSource } from '../SyncSource.js';
import {
  createHttpClient,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type HttpResponseTiming,
  type Sleep,
} from './createHttpClient.js';
import { HostLimiter } from './HostLimiter.js';
import { httpResourceSource } from './httpResourceSource.js';
import type { HttpSourceConfig } from './HttpSourceConfig.js';
import { resolveHeaders } from './resolveHeaders.js';

/** Requests in flight at once per host, per source, by default. */
export const DEFAULT_MAX_CONCURRENCY = 4;

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
 * resource name), sharing one client: headers (environment references resolved now, so a missing
 * variable fails at once), retries, timeout, and the per-host concurrency limit.
 */
export const httpSyncSources = (config: HttpSourceConfig, options: HttpSourceOptions = {}): SyncSource[] => {
  const headers = resolveHeaders(config.headers, options.env ?? process.env, `source "${config.id}"`);
  const secrets = Object.entries(config.headers ?? {})
    .filter(([, value]) => typeof value !== 'string')
    .map(([name]) => headers[name] ?? '');
  const client = createHttpClient({
    headers,
    secrets,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...config.retry },
    limiter: new HostLimiter(config.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
  });
  return config.resources.map((resource) => httpResourceSource(config, resource, client));
};
