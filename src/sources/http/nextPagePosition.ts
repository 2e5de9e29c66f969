import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { isLosslessNumber } from 'lossless-json';
import { pathSegments, validateAt } from '../dottedPath.js';
import type { HttpCursor } from './HttpCursor.js';
import type { HttpResourceConfig } from './HttpSourceConfig.js';
import { nextLink } from './parseLinkHeader.js';
import { DEFAULT_FIRST_PAGE } from './pageRequestUrl.js';

/**
 * The next page token in a body: a string or a number, sent back as the server wrote it. A number a
 * double does not keep (a bigint, a LosslessNumber: `9007199254740993`) becomes its text, every digit.
 */
const NextToken = new t.Type<string | number | undefined, string | number | undefined, unknown>(
  'NextToken',
  (u): u is string | number | undefined => u === undefined || typeof u === 'string' || typeof u === 'number',
  (u, c) =>
    u === undefined || u === null || u === ''
      ? t.success(undefined)
      : typeof u === 'string' || (typeof u === 'number' && Number.isFinite(u))
        ? t.success(u)
        : typeof u === 'bigint' || isLosslessNumber(u)
          ? t.success(String(u))
          : t.failure(u, c, 'expected the next page token: a string, a number, or null on the last page'),
  t.identity,
);

/** What a page says about the next one. */
export interface PageFacts {
  readonly body: unknown;
  readonly headers: Headers;
  readonly url: string;
  readonly itemCount: number;
}

/**
 * Why the next position could not be read: the body's token does not decode (`envelope`: the issues,
 * worded by the caller, which masks what they show), or the `Link` header leaves the origin (`link`).
 */
export type NextPositionProblem =
  | { readonly kind: 'envelope'; readonly errors: t.Errors }
  | { readonly kind: 'link'; readonly reason: string };

/**
 * Where the scan goes on after this page, or undefined when this was its last page:
 * - `cursor`: the token at the configured path (null, empty or absent: last page);
 * - `link`: the `rel="next"` URL, which must stay on the page's origin (headers are not sent elsewhere);
 * - `page`: the next number, unless the page is empty or shorter than `size`;
 * - `offset`: the offset after this page's items, unless it is empty or shorter than `limit`.
 */
export const nextPagePosition = (
  resource: HttpResourceConfig,
  cursor: HttpCursor,
  page: PageFacts,
): E.Either<NextPositionProblem, string | number | undefined> => {
  const { paging } = resource;
  switch (paging?.type) {
    case undefined:
      return E.right(undefined);
    case 'cursor': {
      const token = validateAt(NextToken, page.body, pathSegments(paging.next));
      return E.isRight(token) ? E.right(token.right) : E.left({ kind: 'envelope', errors: token.left });
    }
    case 'link': {
      const next = nextLink(page.headers.get('link'), page.url);
      if (next === undefined) return E.right(undefined);
      if (new URL(next).origin !== new URL(page.url).origin) {
        return E.left({
          kind: 'link',
          reason: `the Link rel="next" URL ${next} leaves the origin ${new URL(page.url).origin}; refusing to send the source's headers there`,
        });
      }
      return E.right(next);
    }
    case 'page': {
      if (page.itemCount === 0 || (paging.size !== undefined && page.itemCount < paging.size))
        return E.right(undefined);
      const current = typeof cursor.next === 'number' ? cursor.next : (paging.start ?? DEFAULT_FIRST_PAGE);
      return E.right(current + 1);
    }
    case 'offset': {
      if (page.itemCount === 0 || page.itemCount < paging.limit) return E.right(undefined);
      const current = typeof cursor.next === 'number' ? cursor.next : 0;
      return E.right(current + page.itemCount);
    }
  }
};
