import type { Logger } from 'pino';
import type { HttpFailureKind, HttpSourceError } from '../../errors/HttpSourceError.js';
import type { SecretMask } from './SecretMask.js';

/** Waits `ms` (a retry's backoff); rejects when `signal` aborts. Injected by tests to record delays. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Who asks, for errors and logs: the source and resource, the pull's signal and logger. */
export interface HttpRequestContext {
  readonly source: string;
  readonly resource: string;
  readonly signal: AbortSignal;
  readonly logger: Logger | undefined;
}

/** A complete 2xx response: status, headers and the whole body as text. */
export interface HttpTextResponse {
  /** The URL asked for. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Attempts it took, retries included. */
  readonly attempts: number;
}

/** A complete 2xx response whose body is JSON, parsed with every digit of its numbers kept. */
export interface HttpJsonResponse extends HttpTextResponse {
  readonly body: unknown;
}

/** How long one successful GET took, for metrics and benchmarks. */
export interface HttpResponseTiming {
  readonly url: string;
  readonly status: number;
  readonly attempts: number;
  readonly elapsedMs: number;
}

/**
 * The one way the HTTP and CouchDB sources talk HTTP: GETs with the source's headers, retries, a
 * timeout per attempt and a per-host concurrency limit, one log vocabulary, and every failure an
 * {@link HttpSourceError} with the source's secrets masked.
 */
export interface HttpTransport {
  /** GETs `url`, retrying what is worth retrying; resolves with a 2xx response or rejects with an {@link HttpSourceError}. */
  getText(url: string, context: HttpRequestContext): Promise<HttpTextResponse>;
  /** As {@link getText}, and parses the body; a body that is not JSON is an {@link HttpSourceError} of kind `body`. */
  getJson(url: string, context: HttpRequestContext): Promise<HttpJsonResponse>;
  /** A failure found in a response after it came (`envelope`, `link`…); its reason and URL masked. */
  responseError(
    response: HttpTextResponse,
    context: HttpRequestContext,
    kind: HttpFailureKind,
    reason: string,
  ): HttpSourceError;
  /** The source's secrets, to mask what else a source shows of a response (decode issues). */
  readonly mask: SecretMask;
}
