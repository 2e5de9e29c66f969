import { setTimeout as delay } from 'node:timers/promises';
import ky, { isHTTPError } from 'ky';
import { causeCode, causeMessage } from '../../errors/describeCause.js';
import { HttpSourceError, type HttpFailureKind } from '../../errors/HttpSourceError.js';
import { parseJson } from '../../model/parseJson.js';
import { backoffDelay } from './backoffDelay.js';
import { HostLimiter } from './HostLimiter.js';
import type {
  HttpRequestContext,
  HttpResponseTiming,
  HttpTextResponse,
  HttpTransport,
  Sleep,
} from './HttpTransport.js';
import { parseRetryAfter } from './parseRetryAfter.js';
import type { ResolvedHeaders } from './resolveHeaders.js';
import { RETRIED_STATUSES, RETRY_AFTER_STATUSES, type RetryPolicy } from './RetryPolicy.js';
import { SecretMask } from './SecretMask.js';

export interface HttpTransportOptions {
  /** The source's headers, and the secrets among them (never logged, masked wherever echoed). */
  readonly headers: ResolvedHeaders;
  /** Per attempt, until the whole body is read. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** The wait before retry `n` (1-based) when the server asks none. Default: `backoffDelay(n, retry, random)`. */
  readonly delayMs?: (retry: number) => number;
  /** Requests in flight at once per host. Default: no limit. */
  readonly maxConcurrency?: number;
  /** What an error body says, in a message (CouchDB's `error (reason)`). Default: the body's text. */
  readonly describeErrorBody?: (text: string) => string;
  /** Default: a real timer. */
  readonly sleep?: Sleep;
  /** [0, 1), for the backoff's jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Epoch milliseconds, for `Retry-After` dates. Default `Date.now`. */
  readonly now?: () => number;
  /** The `fetch` of each attempt (tests count or rewrite requests). Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Called with each complete 2xx response and the time spent getting it (retries and waits included). */
  readonly onResponse?: (timing: HttpResponseTiming) => void;
}

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/** Most characters of an error body a message shows. */
const MAX_EXCERPT = 200;

/** Statuses whose response has no body (a Response with one cannot be built). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 204, 205, 304]);

/**
 * An attempt without a complete response in time. Ours, not ky's `TimeoutError`, which keeps the
 * request and so its headers; it never leaves this module.
 */
class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

interface Failure {
  readonly kind: HttpFailureKind;
  readonly status: number | undefined;
  readonly reason: string;
  readonly cause: unknown;
}

const networkReason = (cause: unknown): string => {
  const inner = (cause as { cause?: unknown } | undefined)?.cause;
  const code = causeCode(inner) ?? causeCode(cause);
  const detail = inner === undefined ? '' : `: ${causeMessage(inner)}`;
  return `network error (${causeMessage(cause)}${detail}${code === undefined ? '' : `, ${code}`})`;
};

/** The parse error of a text that is not JSON (its message quotes the text near the fault). */
const jsonFault = (text: string): unknown => {
  try {
    parseJson(text);
    return undefined;
  } catch (fault) {
    return fault;
  }
};

/**
 * The HTTP transport of a source (see {@link HttpTransport}), on ky:
 * - one GET per attempt, whose timeout covers the headers and the whole body, holding a slot of the
 *   per-host limit (a backoff holds none);
 * - retries of network errors, timeouts and {@link RETRIED_STATUSES}, per the {@link RetryPolicy}, each
 *   logged as `request failed; retrying` with `url`, `kind`, `status`, `attempt`, `delayMs` and `reason`;
 * - failures as {@link HttpSourceError}s (`network`, `timeout`, `status`; `body` from `getJson`), whose
 *   messages show at most 200 characters of an error body, after the secrets are masked.
 */
export const createHttpTransport = (options: HttpTransportOptions): HttpTransport => {
  const { retry, timeoutMs } = options;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? ((n: number) => backoffDelay(n, retry, random));
  const describeErrorBody = options.describeErrorBody ?? ((text: string) => text);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const limiter = new HostLimiter(options.maxConcurrency ?? Number.POSITIVE_INFINITY);
  const mask = new SecretMask(options.headers.secrets);
  const headers = { accept: 'application/json', ...options.headers.headers };

  // ky's own `timeout` ends when the headers arrive: each attempt is timed here, to the body's end.
  const attempt = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const release = await limiter.acquire(new URL(request.url).host, request.signal);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      const response = await baseFetch(request, {
        ...init,
        signal: AbortSignal.any([request.signal, timeout.signal]),
      });
      const body = await response.arrayBuffer();
      return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (cause) {
      if (timeout.signal.aborted && !request.signal.aborted) {
        throw new AttemptTimeout(`no complete response within ${timeoutMs} ms`, { cause });
      }
      throw cause;
    } finally {
      clearTimeout(timer);
      release();
    }
  };

  /** An error body as a message shows it: masked first, then flattened and cut. */
  const excerpt = (text: string): string => {
    const flat = mask.text(describeErrorBody(text)).replace(/\s+/g, ' ').trim();
    if (flat === '') return '';
    return `: ${flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT)}…` : flat}`;
  };

  const failureOf = async (error: unknown): Promise<Failure> => {
    if (isHTTPError(error)) {
      const { status, statusText } = error.response;
      const text = await error.response.text().catch(() => '');
      // No cause: ky's errors keep the request options, headers included.
      const reason = `HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}${excerpt(text)}`;
      return { kind: 'status', status, reason, cause: undefined };
    }
    if (error instanceof AttemptTimeout) {
      return { kind: 'timeout', status: undefined, reason: error.message, cause: error.cause };
    }
    return { kind: 'network', status: undefined, reason: mask.text(networkReason(error)), cause: error };
  };

  const retryAfterOf = (error: Error): number | undefined =>
    isHTTPError(error) && RETRY_AFTER_STATUSES.includes(error.response.status)
      ? parseRetryAfter(error.response.headers.get('retry-after'), now())
      : undefined;

  const responseError = (
    response: HttpTextResponse,
    context: HttpRequestContext,
    kind: HttpFailureKind,
    reason: string,
    cause?: unknown,
  ): HttpSourceError =>
    new HttpSourceError(
      context.source,
      context.resource,
      mask.text(response.url),
      kind,
      response.status,
      response.attempts,
      mask.text(reason),
      { cause },
    );

  const getText = async (url: string, context: HttpRequestContext): Promise<HttpTextResponse> => {
    const { signal, logger } = context;
    const started = performance.now();
    let attempts = 1;
    let wait = 0; // before the next attempt
    let refusedWaitMs: number | undefined; // a Retry-After over the limit, which ends the retries
    let described: { readonly error: unknown; readonly failure: Failure } | undefined; // its body is read once
    const describe = async (error: unknown): Promise<Failure> => {
      if (described === undefined || described.error !== error) {
        described = { error, failure: await failureOf(error) };
      }
      return described.failure;
    };
    try {
      const response = await ky.get(url, {
        headers,
        signal,
        fetch: attempt,
        timeout: false,
        retry: {
          // ky's retry counts the attempts (`limit`, GET only) and loops; shouldRetry decides which
          // failures come back. The decision is ours, not ky's statusCodes/afterStatusCodes/maxRetryAfter:
          // ky caps a too-long Retry-After where the HTTP source must fail, reads Retry-After dates by the
          // real clock, and checks statuses after shouldRetry, too late to log the retry before an abort.
          limit: retry.limit,
          methods: ['get'],
          shouldRetry: async ({ error, retryCount }) => {
            const { kind, status, reason } = await describe(error);
            if (kind === 'status' && !RETRIED_STATUSES.includes(status ?? 0)) return false;
            const asked = retryAfterOf(error);
            if (asked !== undefined && asked > retry.maxRetryAfterMs && retry.longerRetryAfter === 'fail') {
              refusedWaitMs = asked;
              return false;
            }
            wait = asked === undefined ? delayMs(retryCount) : Math.min(asked, retry.maxRetryAfterMs);
            logger?.warn(
              { url: mask.text(url), kind, status, attempt: retryCount, delayMs: wait, reason },
              'request failed; retrying',
            );
            attempts = retryCount + 1;
            return true;
          },
          // ky's own wait runs on a timer tests cannot replace: it waits 0, and beforeRetry sleeps.
          delay: () => 0,
        },
        hooks: { beforeRetry: [() => sleep(wait, signal)] },
      });
      const text = await response.text();
      const { status } = response;
      options.onResponse?.({ url, status, attempts, elapsedMs: performance.now() - started });
      return { url, status, headers: response.headers, text, attempts };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const { kind, status, reason, cause } = await describe(error);
      const why =
        refusedWaitMs === undefined
          ? reason
          : `${reason}; Retry-After asks for ${refusedWaitMs} ms, more than maxRetryAfterMs (${retry.maxRetryAfterMs})`;
      const { source, resource } = context;
      throw new HttpSourceError(source, resource, mask.text(url), kind, status, attempts, why, { cause });
    }
  };

  return {
    mask,
    getText,
    getJson: async (url, context) => {
      const response = await getText(url, context);
      try {
        return { ...response, body: parseJson(response.text) }; // numbers keep every digit
      } catch {
        // The parser's message quotes the text near the fault: it is taken from the masked text.
        const fault = jsonFault(mask.text(response.text));
        const detail = fault === undefined ? '' : ` (${causeMessage(fault)})`;
        throw responseError(response, context, 'body', `the response body is not JSON${detail}`, fault);
      }
    },
    responseError: (response, context, kind, reason) => responseError(response, context, kind, reason),
  };
};
