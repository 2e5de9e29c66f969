import { setTimeout as delay } from 'node:timers/promises';
import ky from 'ky';
import type { Logger } from 'pino';
import { causeCode, causeMessage } from '../../errors/describeCause.js';
import { HttpSourceError, type HttpFailureKind } from '../../errors/HttpSourceError.js';
import { backoffDelay } from './backoffDelay.js';
import type { HostLimiter } from './HostLimiter.js';
import { parseRetryAfter } from './parseRetryAfter.js';

/** Statuses worth another attempt: timeouts, rate limits and server errors that are usually passing. */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY = { limit: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Waits `ms` (a retry's backoff); rejects when `signal` aborts. Injected by tests to record delays. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

export interface HttpClientOptions {
  /** Resolved headers, secrets included: they go on the wire and nowhere else (never logged). */
  readonly headers: Readonly<Record<string, string>>;
  /** Per attempt, until the whole body is read. */
  readonly timeoutMs: number;
  readonly retry: typeof DEFAULT_RETRY;
  readonly limiter: HostLimiter;
  readonly sleep?: Sleep;
  /** [0, 1), for the backoff's jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Epoch milliseconds, for `Retry-After` dates. Default `Date.now`. */
  readonly now?: () => number;
  /** Values never to show (header secrets), masked should a server echo one in an error body. */
  readonly secrets?: readonly string[];
  /** Called with each complete 2xx response and the time spent getting it (retries and waits included). */
  readonly onResponse?: (timing: HttpResponseTiming) => void;
}

/** How long one successful GET took, for metrics and benchmarks. */
export interface HttpResponseTiming {
  readonly url: string;
  readonly status: number;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export interface HttpRequestContext {
  readonly source: string;
  readonly resource: string;
  readonly signal: AbortSignal;
  readonly logger: Logger | undefined;
}

/** A complete response: status, headers and the whole body as text. */
export interface HttpTextResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly attempts: number;
}

export interface HttpClient {
  /** GETs `url`, retrying what is worth retrying; resolves with a 2xx response or rejects with an {@link HttpSourceError}. */
  getText(url: string, context: HttpRequestContext): Promise<HttpTextResponse>;
}

type Attempt =
  | {
      readonly ok: true;
      readonly status: number;
      readonly statusText: string;
      readonly headers: Headers;
      readonly text: string;
    }
  | { readonly ok: false; readonly kind: 'network' | 'timeout'; readonly cause: unknown };

const networkReason = (cause: unknown): string => {
  const inner = (cause as { cause?: unknown } | undefined)?.cause;
  const code = causeCode(inner) ?? causeCode(cause);
  const detail = inner === undefined ? '' : `: ${causeMessage(inner)}`;
  return `network error (${causeMessage(cause)}${detail}${code === undefined ? '' : `, ${code}`})`;
};

const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? '' : `: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`;
};

/**
 * An HTTP client on ky for one source: one GET per attempt, with a timeout covering headers and
 * body, a per-host concurrency limit, and retries with exponential backoff and jitter on network
 * errors, timeouts, 408, 429 and 5xx (honouring `Retry-After` on 429 and 503). ky's own retry and
 * timeout are off so that every wait goes through the injectable `sleep` and is logged.
 */
export const createHttpClient = (options: HttpClientOptions): HttpClient => {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const { retry, limiter, timeoutMs } = options;
  const headers = { accept: 'application/json', ...options.headers };
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const mask = (text: string): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

  const attempt = async (url: string, signal: AbortSignal): Promise<Attempt> => {
    const release = await limiter.acquire(new URL(url).host, signal);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      const response = await ky.get(url, {
        headers,
        signal: AbortSignal.any([signal, timeout.signal]),
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
      });
      const text = await response.text();
      return {
        ok: true,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
      };
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      return { ok: false, kind: timeout.signal.aborted ? 'timeout' : 'network', cause };
    } finally {
      clearTimeout(timer);
      release();
    }
  };

  return {
    getText: async (url, { source, resource, signal, logger }) => {
      const started = performance.now();
      for (let attempts = 1; ; attempts++) {
        const outcome = await attempt(url, signal);
        if (outcome.ok && outcome.status >= 200 && outcome.status < 300) {
          options.onResponse?.({
            url,
            status: outcome.status,
            attempts,
            elapsedMs: performance.now() - started,
          });
          return { url, status: outcome.status, headers: outcome.headers, text: outcome.text, attempts };
        }
        const kind: HttpFailureKind = outcome.ok ? 'status' : outcome.kind;
        const status = outcome.ok ? outcome.status : undefined;
        const reason = outcome.ok
          ? `HTTP ${outcome.status}${outcome.statusText === '' ? '' : ` ${outcome.statusText}`}${mask(excerpt(outcome.text))}`
          : outcome.kind === 'timeout'
            ? `no complete response within ${timeoutMs} ms`
            : networkReason(outcome.cause);
        const cause = outcome.ok ? undefined : outcome.cause;
        const fail = (why: string): HttpSourceError =>
          new HttpSourceError(source, resource, url, kind, status, attempts, why, { cause });
        if ((outcome.ok && !RETRIED_STATUSES.has(outcome.status)) || attempts > retry.limit)
          throw fail(reason);

        let wait = backoffDelay(attempts, retry, random);
        if (outcome.ok && (outcome.status === 429 || outcome.status === 503)) {
          const asked = parseRetryAfter(outcome.headers.get('retry-after'), now());
          if (asked !== undefined && asked > retry.maxRetryAfterMs) {
            throw fail(
              `${reason}; Retry-After asks for ${asked} ms, more than maxRetryAfterMs (${retry.maxRetryAfterMs})`,
            );
          }
          wait = asked ?? wait;
        }
        logger?.warn(
          { url, kind, status, attempt: attempts, delayMs: wait, reason },
          'request failed; retrying',
        );
        await sleep(wait, signal);
      }
    },
  };
};
