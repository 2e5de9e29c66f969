import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import ky, { isHTTPError, isTimeoutError, type KyResponse } from 'ky';
import { HttpSourceError, type HttpFailureKind } from '../../errors/HttpSourceError.js';
import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import { causeCode, causeMessage } from '../../errors/describeCause.js';
import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { timestampFromEpochMs } from '../../model/Timestamp.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { parseJson } from '../../model/parseJson.js';
import type { HttpHeaderValue } from '../http/HttpHeaderValue.js';
import type { Page, SyncSource } from '../SyncSource.js';
import { CouchChangesFeed, seqToCursor } from './CouchChangesFeed.js';
import { DEFAULT_COUCH_LIMIT, type CouchSourceConfig } from './CouchSourceConfig.js';
import { couchChangeToEmission } from './couchChangeToEmission.js';

/** Retries after the first attempt, by default. */
export const DEFAULT_COUCH_RETRY_LIMIT = 4;
/** Per attempt, by default. */
export const DEFAULT_COUCH_TIMEOUT_MS = 30_000;
/** The longest `Retry-After` honoured, by default; a longer one is cut to this. */
export const DEFAULT_COUCH_MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff from 250 ms, doubled per retry, at most 10 s, with jitter (50–100 % of it). */
export const defaultCouchRetryDelayMs = (retry: number): number =>
  Math.min(10_000, 250 * 2 ** (retry - 1)) * (0.5 + Math.random() / 2);

export interface CouchChangesSourceOptions {
  /** The clock of observed times. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** The `fetch` ky uses (tests count or fault requests with it). Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Where `{ "env": NAME }` headers are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retries of network errors, timeouts, 408, 429 and 5xx. Default {@link DEFAULT_COUCH_RETRY_LIMIT}. */
  readonly retryLimit?: number;
  /** Delay before retry `n` (1-based), in ms. Default {@link defaultCouchRetryDelayMs}. */
  readonly retryDelayMs?: (retry: number) => number;
  /** A `Retry-After` (429, 503) is honoured up to this. Default {@link DEFAULT_COUCH_MAX_RETRY_AFTER_MS}. */
  readonly maxRetryAfterMs?: number;
  /** Per attempt. Default {@link DEFAULT_COUCH_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

/** The request headers, and the values read from the environment (to mask, should a server echo one). */
const resolveHeaders = (
  headers: Readonly<Record<string, HttpHeaderValue>>,
  env: Readonly<Record<string, string | undefined>>,
): { headers: Record<string, string>; secrets: string[] } => {
  const secrets: string[] = [];
  const resolved = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const secret = env[value.env];
      if (secret === undefined || secret === '') {
        throw new InvalidOptionsError(
          `headers.${name}`,
          { env: value.env },
          `the environment variable ${value.env} is not set`,
        );
      }
      secrets.push(secret);
      return [name, `${value.prefix ?? ''}${secret}${value.suffix ?? ''}`];
    }),
  );
  return { headers: resolved, secrets };
};

const mask = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), text);

const nonNegative = (option: string, value: number): number => {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidOptionsError(option, value, 'expected a finite number, 0 or more');
  }
  return value;
};

const MAX_REASON = 200;

/** `: not_found (no_db_file)` from a CouchDB error body, or a short excerpt of any other body. */
const errorBodyReason = async (response: Response): Promise<string> => {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  const json = pipe(
    E.tryCatch((): unknown => parseJson(text), E.toError),
    E.getOrElseW(() => undefined),
  );
  if (typeof json === 'object' && json !== null && typeof (json as { error?: unknown }).error === 'string') {
    const { error, reason } = json as { error: string; reason?: unknown };
    return `: ${error}${typeof reason === 'string' ? ` (${reason})` : ''}`.slice(0, MAX_REASON);
  }
  const excerpt = text.trim().replace(/\s+/g, ' ');
  return excerpt === '' ? '' : `: ${excerpt.slice(0, MAX_REASON)}`;
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
  const timeoutMs = nonNegative('timeoutMs', options.timeoutMs ?? DEFAULT_COUCH_TIMEOUT_MS);
  const retryLimit = options.retryLimit ?? DEFAULT_COUCH_RETRY_LIMIT;
  if (!Number.isSafeInteger(retryLimit) || retryLimit < 0) {
    throw new InvalidOptionsError('retryLimit', retryLimit, 'expected an integer, 0 or more');
  }
  const maxRetryAfterMs = nonNegative(
    'maxRetryAfterMs',
    options.maxRetryAfterMs ?? DEFAULT_COUCH_MAX_RETRY_AFTER_MS,
  );
  const { headers, secrets } = resolveHeaders(config.headers ?? {}, options.env ?? process.env);
  const changesUrl = new URL(config.url);
  changesUrl.pathname = `${changesUrl.pathname.replace(/\/+$/, '')}/_changes`;
  const client = ky.create({
    headers: { accept: 'application/json', ...headers },
    timeout: timeoutMs,
    fetch: options.fetch,
    retry: {
      limit: retryLimit,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: maxRetryAfterMs,
      retryOnTimeout: true,
      delay: options.retryDelayMs ?? defaultCouchRetryDelayMs,
    },
  });
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
      const href = url.href;
      let attempts = 1;
      const fail = (kind: HttpFailureKind, status: number | undefined, reason: string, cause?: unknown) =>
        new HttpSourceError(config.id, config.resource, href, kind, status, attempts, reason, {
          cause,
        });

      let response: KyResponse;
      let text: string;
      try {
        response = await client.get(url, {
          signal,
          hooks: {
            beforeRetry: [
              ({ error, retryCount }) => {
                attempts = retryCount + 1;
                logger?.warn(
                  {
                    url: href,
                    retry: retryCount,
                    status: isHTTPError(error) ? error.response.status : undefined,
                    reason: isHTTPError(error) ? undefined : (causeCode(error.cause) ?? error.message),
                  },
                  'retrying the changes request',
                );
              },
            ],
          },
        });
        text = await response.text();
      } catch (err) {
        if (signal.aborted) throw err;
        // ky's errors carry the request options, headers included: never keep them as the cause.
        if (isHTTPError(err)) {
          const { status, statusText } = err.response;
          const reason = mask(await errorBodyReason(err.response), secrets);
          throw fail('status', status, `answered ${status} ${statusText}${reason}`.trim());
        }
        if (isTimeoutError(err)) throw fail('timeout', undefined, `no response within ${timeoutMs} ms`);
        const code = causeCode((err as { cause?: unknown }).cause);
        throw fail(
          'network',
          undefined,
          `${causeMessage(err)}${code === undefined ? '' : ` (${code})`}`,
          err,
        );
      }

      const observedAt = observe();
      // Documents keep every digit of their numbers: CouchDB keeps integers of any size exactly.
      const json = pipe(
        E.tryCatch((): unknown => parseJson(text), E.toError),
        E.getOrElseW((parseError) => {
          throw fail('body', response.status, `the body is not JSON (${parseError.message})`);
        }),
      );
      const feed = pipe(
        CouchChangesFeed.decode(json),
        E.getOrElseW((errors) => {
          const issues = describeValidationErrors(errors)
            .map((i) => (i.path === '' ? i.reason : `${i.path}: ${i.reason}`))
            .join('; ');
          throw fail('envelope', response.status, `the body is not a changes feed (${issues})`);
        }),
      );
      const context = {
        source: config.id,
        resource: config.resource,
        confidence,
        occurredAtField: config.occurredAtField,
        observedAt,
        location: href,
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
