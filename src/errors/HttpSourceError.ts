import { MirrorError } from './MirrorError.js';

/**
 * What went wrong talking to an HTTP source:
 * - `network`: the connection failed or was reset (retried first);
 * - `timeout`: no complete response within the request timeout (retried first);
 * - `status`: an HTTP error status (5xx, 408 and 429 were retried first; other 4xx are not retried);
 * - `body`: the response body is not JSON;
 * - `envelope`: the JSON is not the shape the resource's config describes (no item array, a bad next token);
 * - `link`: a `Link: rel="next"` points to another origin (the source's headers are never sent there).
 */
export type HttpFailureKind = 'network' | 'timeout' | 'status' | 'body' | 'envelope' | 'link';

/**
 * A transport or protocol failure of an HTTP source: carries the URL, the status (when a response
 * came), the kind of failure and how many attempts were made. Never carries request headers.
 */
export class HttpSourceError extends MirrorError {
  readonly code = 'HTTP_SOURCE_FAILED';
  override name = 'HttpSourceError';

  constructor(
    readonly source: string,
    readonly resource: string,
    readonly url: string,
    readonly kind: HttpFailureKind,
    readonly status: number | undefined,
    readonly attempts: number,
    /** What went wrong, without the source and URL the message adds: `HTTP 401 Unauthorized: …`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `source "${source}" (${resource}): GET ${url}: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
      options,
    );
  }
}
