import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { contextAt } from '../../codecs/contextAt.js';
import { oneOf } from '../../codecs/oneOf.js';
import {
  Confidence,
  DottedPath,
  NonEmptyString,
  NonNegativeInteger,
  PositiveInteger,
  nonEmptyArray,
} from '../../codecs/scalars.js';
import { taggedUnion } from '../../codecs/taggedUnion.js';
import { Name } from '../../model/ResourceName.js';
import { HttpHeaders } from '../transport/HttpHeaderValue.js';
import { httpUrl } from '../transport/httpUrl.js';

/** The next page's token is in the body (`next`, a dotted path) and goes back in the query as `param`. */
export const CursorPaging = closedObject(
  'CursorPaging',
  { type: t.literal('cursor'), next: DottedPath },
  { param: NonEmptyString },
);
/** The next page's URL is in the `Link: <…>; rel="next"` response header (same origin only). */
export const LinkPaging = closedObject('LinkPaging', { type: t.literal('link') }, {});
/** Pages numbered from `start` (default 1) in `param` (default `page`); `size` per page in `sizeParam`. */
export const PagePaging = closedObject(
  'PagePaging',
  { type: t.literal('page') },
  { param: NonEmptyString, start: NonNegativeInteger, size: PositiveInteger, sizeParam: NonEmptyString },
);
/** `limit` items (in `limitParam`, default `limit`) from `offset` (in `param`, default `offset`). */
export const OffsetPaging = closedObject(
  'OffsetPaging',
  { type: t.literal('offset'), limit: PositiveInteger },
  { param: NonEmptyString, limitParam: NonEmptyString },
);

export const HttpPaging = taggedUnion('HttpPaging', 'type', {
  cursor: CursorPaging,
  link: LinkPaging,
  page: PagePaging,
  offset: OffsetPaging,
});
export type HttpPaging = t.TypeOf<typeof HttpPaging>;

/**
 * How a deletion shows: `field` is `true` (`"when": "true"`, the default), or `field` is present
 * and not null (`"when": "present"`, e.g. a `deleted_at` tombstone).
 */
export const HttpDeletion = closedObject(
  'HttpDeletion',
  { field: DottedPath },
  { when: oneOf(['true', 'present']) },
);
export type HttpDeletion = t.TypeOf<typeof HttpDeletion>;

/**
 * Incremental pulls: the query parameter that asks for changes since an instant. Its value is the
 * largest `occurredAt` of the last complete scan, exactly as the server sent it. The server should
 * compare inclusively (`>=`): records at that instant come again and are recognised as duplicates.
 */
export const HttpSince = closedObject('HttpSince', { param: NonEmptyString }, {});
export type HttpSince = t.TypeOf<typeof HttpSince>;

/** One resource of an HTTP source: where it is, how it pages, and how its items become deltas. */
export const HttpResourceConfig = closedObject(
  'HttpResourceConfig',
  {
    /** The resource name the records are stored under. */
    name: Name,
    /** Absolute, or relative to the source's `baseUrl`. */
    url: NonEmptyString,
    /** Dotted path of the record id in an item (a string, or an integer). */
    id: DottedPath,
    /** Dotted path of the item's change time (RFC 3339). */
    occurredAt: DottedPath,
  },
  {
    /** Dotted path of the item array in the body; absent when the body is the array. */
    items: DottedPath,
    paging: HttpPaging,
    since: HttpSince,
    deleted: HttpDeletion,
    /** Extra query parameters (literal; no secrets here). */
    query: t.record(t.string, t.string),
    /** Overrides the source's confidence for this resource. */
    confidence: Confidence,
  },
);
export type HttpResourceConfig = t.TypeOf<typeof HttpResourceConfig>;

/** The retries of an HTTP source, by default (each field of {@link HttpRetryConfig}). */
export const DEFAULT_RETRY = { limit: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };
/** Per attempt, until the whole body is read, by default. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Requests in flight at once per host, per source, by default. */
export const DEFAULT_MAX_CONCURRENCY = 4;

/** Retries of network errors, timeouts, 408, 429 and 5xx: exponential backoff with jitter. */
export const HttpRetryConfig = closedObject(
  'HttpRetryConfig',
  {},
  {
    /** Retries after the first attempt (default 5; 0 turns retries off). */
    limit: NonNegativeInteger,
    /** First backoff, doubled per retry (default 500 ms). */
    baseDelayMs: PositiveInteger,
    /** Largest backoff (default 30 s). */
    maxDelayMs: PositiveInteger,
    /** A `Retry-After` longer than this fails the pull instead of waiting (default 120 s). */
    maxRetryAfterMs: PositiveInteger,
  },
);
export type HttpRetryConfig = t.TypeOf<typeof HttpRetryConfig>;

const HttpSourceFields = closedObject(
  'HttpSourceConfig',
  { id: Name, type: t.literal('http'), resources: nonEmptyArray(HttpResourceConfig) },
  {
    baseUrl: NonEmptyString,
    headers: HttpHeaders,
    /** Confidence of every delta of this source (default 1). */
    confidence: Confidence,
    /** Per attempt, until the whole body is read (default {@link DEFAULT_TIMEOUT_MS}, 30 s). */
    timeoutMs: PositiveInteger,
    /** Requests in flight at once per host, shared by all resources of the source (default {@link DEFAULT_MAX_CONCURRENCY}, 4). */
    maxConcurrency: PositiveInteger,
    /** Default {@link DEFAULT_RETRY}. */
    retry: HttpRetryConfig,
  },
);

/**
 * An HTTP source: several resources on one API, sharing headers, retries and a per-host
 * concurrency limit. Checks what a field-by-field decode cannot: URLs resolve to http(s), and
 * resource names are distinct.
 */
export const HttpSourceConfig = new t.Type<
  t.TypeOf<typeof HttpSourceFields>,
  t.OutputOf<typeof HttpSourceFields>,
  unknown
>(
  'HttpSourceConfig',
  HttpSourceFields.is,
  (u, c) => {
    const decoded = HttpSourceFields.validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    const config = decoded.right;
    const errors: t.ValidationError[] = [];
    const fail = (keys: readonly (string | number)[], value: unknown, message: string): void => {
      errors.push({ value, context: contextAt(c, keys, value), message });
    };
    if (config.baseUrl !== undefined && httpUrl(config.baseUrl) === undefined) {
      fail(['baseUrl'], config.baseUrl, 'expected an absolute http(s) URL');
    }
    const seen = new Set<string>();
    config.resources.forEach((resource, i) => {
      if (httpUrl(resource.url, config.baseUrl) === undefined) {
        fail(
          ['resources', i, 'url'],
          resource.url,
          config.baseUrl === undefined
            ? 'expected an absolute http(s) URL (or set baseUrl)'
            : 'expected an http(s) URL, absolute or relative to baseUrl',
        );
      }
      if (seen.has(resource.name)) fail(['resources', i, 'name'], resource.name, 'duplicate resource name');
      seen.add(resource.name);
    });
    return errors.length > 0 ? t.failures(errors) : decoded;
  },
  HttpSourceFields.encode,
);
export type HttpSourceConfig = t.TypeOf<typeof HttpSourceConfig>;

/** Resolves a resource's URL against the source's base URL. */
export const resourceUrl = (config: HttpSourceConfig, resource: HttpResourceConfig): URL =>
  new URL(resource.url, config.baseUrl);
