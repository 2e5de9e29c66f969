import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Delta } from '../../model/Delta.js';
import { parseJson } from '../../model/parseJson.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { timestampFromEpochMs } from '../../model/Timestamp.js';
import { formatIssues } from '../../errors/DecodeError.js';
import type { Page, SyncSource } from '../SyncSource.js';
import { createHttpTransport } from '../transport/createHttpTransport.js';
import type { HttpResponseTiming } from '../transport/HttpTransport.js';
import { resolveHeaders } from '../transport/resolveHeaders.js';
import { CouchChangesFeed, seqToCursor } from './CouchChangesFeed.js';
import { DEFAULT_COUCH_LIMIT, type CouchSourceConfig } from './CouchSourceConfig.js';
import { couchChangeToEmission } from './couchChangeToEmission.js';
import { checkOption } from '../../errors/checkOption.js';

/**
 * The retries of a CouchDB source, by default: 4 after the first attempt, backoff from 250 ms up to
 * 10 s, a `Retry-After` waited up to 60 s (a longer one is cut to that).
 */
export const DEFAULT_COUCH_RETRY = {
  limit: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};
/** Per attempt, until the whole body is read, by default. */
export const DEFAULT_COUCH_TIMEOUT_MS = 30_000;

export interface CouchChangesSourceOptions {
  /** The clock of observed times. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** The `fetch` of each attempt (tests count or fault requests with it). Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Where `{ "env": NAME }` headers are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retries of network errors, timeouts, 408, 429 and 5xx. Default {@link DEFAULT_COUCH_RETRY}`.limit` (4). */
  readonly retryLimit?: number;
  /** Delay before retry `n` (1-based), in ms. Default: exponential backoff with jitter ({@link DEFAULT_COUCH_RETRY}). */
  readonly retryDelayMs?: (retry: number) => number;
  /** A `Retry-After` (429, 503) is honoured up to this. Default {@link DEFAULT_COUCH_RETRY}`.maxRetryAfterMs` (60 s). */
  readonly maxRetryAfterMs?: number;
  /** Per attempt, until the whole body is read. Default {@link DEFAULT_COUCH_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Called after each successful response with its URL, status and the time it took (`check`, metrics). */
  readonly onResponse?: (timing: HttpResponseTiming) => void;
}

/** A CouchDB error body (`{"error":"not_found","reason":"no_db_file"}`) as `not_found (no_db_file)`; any other body as it is. */
const couchErrorBody = (text: string): string => {
  const json = pipe(
    E.tryCatch((): unknown => parseJson(text), E.toError),
    E.getOrElseW(() => undefined),
  );
  if (typeof json === 'object' && json !== null && typeof (json as { error?: unknown }).error === 'string') {
    const { error, reason } = json as { error: string; reason?: unknown };
    return `${error}${typeof reason === 'string' ? ` (${reason})` : ''}`;
  }
  return text;
};

/**
 * A CouchDB-compatible `_changes` feed (CouchDB, PouchDB Server, Cloudant) as a {@link SyncSource}
 * of one resource. Each pull is one `GET {url}/_changes?since=CURSOR&limit=N&include_docs=true&style=main_only`
 * (no `since` on the first pull: from the beginning).
 *
 * - **Cursor**: the response's `last_seq`, stored as text and sent back exactly as given (opaque
 *   strings in CouchDB 2+, numbers in CouchDB 1 and PouchDB). `hasMore` while `pending > 0` when the
 *   server reports `pending`, else while a page comes back full (`results.length >= limit`).
 * - **Changes**: a change with `deleted: true` is a delete; any other is an upsert of the document
 *   without `_id` (which is the record id) and `_rev`. Design documents (`_design/…`) are skipped.
 * - **`_rev` is not kept**: it is CouchDB's concurrency token, not data, and changes on every write
 *   even when the content does not; the mirror's own `version` counts the changes it applied. To
 *   write back, read the current `_rev` from CouchDB (a mirrored one could be stale anyway).
 *   `_attachments` stubs, if any, stay in the payload.
 * - **`occurred_at`**: the feed carries no timestamp. With `occurredAtField`, it is that document
 *   field (an RFC 3339 time; a document where it is missing or invalid becomes a rejection naming the
 *   path, e.g. `results[3].doc.updated_at`). Without it, and always for deletions (a tombstone has no
 *   fields), it is the time the change was observed: `now()` when the response arrived, the same for
 *   a whole page, strictly increasing from page to page within this source object. Observed times
 *   follow the local clock: last-write-wins then orders CouchDB's changes by when they were pulled.
 * - **Rejections**: a row that does not decode is a rejection located at the request URL; the rest
 *   of the page goes on and the cursor moves past it.
 * - **Errors** ({@link HttpSourceError}, code `HTTP_SOURCE_FAILED`): network errors, timeouts, 408,
 *   429 and 5xx are retried with exponential backoff and jitter (`Retry-After` honoured on 429 and
 *   503), then fail with `kind` `network`, `timeout` or `status`; other statuses (e.g. 404 for a
 *   missing database, 401) fail at once. A body that is not JSON (`body`) or not a changes feed
 *   (`envelope`) fails the pull. Request headers are never logged nor put in errors.
 *
 * @throws {InvalidOptionsError} when an `{ "env": NAME }` header's variable is not set, or an option is out of range.
 */
export const couchChangesSource = (
  config: CouchSourceConfig,
  options: CouchChangesSourceOptions = {},
): SyncSource => {
  const limit = config.limit ?? DEFAULT_COUCH_LIMIT;
  const confidence = config.confidence ?? 1;
  const now = options.now ?? (() => new Date());
  const timeoutMs = checkOption.nonNegativeMs('timeoutMs', options.timeoutMs ?? DEFAULT_COUCH_TIMEOUT_MS);
  const retryLimit = checkOption.nonNegativeInteger(
    'retryLimit',
    options.retryLimit ?? DEFAULT_COUCH_RETRY.limit,
  );
  const maxRetryAfterMs = checkOption.nonNegativeMs(
    'maxRetryAfterMs',
    options.maxRetryAfterMs ?? DEFAULT_COUCH_RETRY.maxRetryAfterMs,
  );
  const transport = createHttpTransport({
    headers: resolveHeaders(config.headers, options.env ?? process.env, `source "${config.id}"`),
    timeoutMs,
    retry: { ...DEFAULT_COUCH_RETRY, limit: retryLimit, maxRetryAfterMs, longerRetryAfter: 'cap' },
    describeErrorBody: couchErrorBody,
    ...(options.retryDelayMs === undefined ? {} : { delayMs: options.retryDelayMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
  });
  const changesUrl = new URL(config.url);
  changesUrl.pathname = `${changesUrl.pathname.replace(/\/+$/, '')}/_changes`;
  // Observed times only move forward: two pages seen within one millisecond still order.
  let lastObservedMs = Number.NEGATIVE_INFINITY;
  const observe = () => {
    const ms = Math.max(now().getTime(), lastObservedMs + 1);
    lastObservedMs = ms;
    return timestampFromEpochMs(ms);
  };

  return {
    resource: config.resource,
    pull: async (cursor, { signal, logger }): Promise<Page> => {
      const url = new URL(changesUrl);
      if (cursor !== undefined) url.searchParams.set('since', cursor);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('include_docs', 'true');
      url.searchParams.set('style', 'main_only');
      const request = { source: config.id, resource: config.resource, signal, logger };
      // Documents keep every digit of their numbers: CouchDB keeps integers of any size exactly.
      const response = await transport.getJson(url.href, request);
      const observedAt = observe();
      const feed = pipe(
        CouchChangesFeed.decode(response.body),
        E.getOrElseW((errors) => {
          const issues = formatIssues(transport.mask.issues(errors));
          throw transport.responseError(
            response,
            request,
            'envelope',
            `the body is not a changes feed (${issues})`,
          );
        }),
      );
      const context = {
        source: config.id,
        resource: config.resource,
        confidence,
        occurredAtField: config.occurredAtField,
        observedAt,
        location: url.href,
      };
      const emissions: (Delta | Rejection)[] = [];
      feed.results.forEach((raw, i) => {
        const emission = couchChangeToEmission(raw, i, context);
        if (emission !== undefined) emissions.push(emission);
      });
      return {
        emissions,
        cursor: seqToCursor(feed.last_seq),
        hasMore: feed.pending === undefined ? feed.results.length >= limit : feed.pending > 0,
      };
    },
  };
};
